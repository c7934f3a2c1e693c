"""Validation of a committee meeting: meeting.yaml to the Meeting model.

The same rules as for a publication (``validate``), with the agenda on top:
items in order with unique numbers, exempt items naming their paragraph of
Schedule 12A, appendices that are our own content, a PDF or a publication.
"""

from __future__ import annotations

from pathlib import Path

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.limits import MAX_PACK_DOCUMENTS, MAX_PDF_BYTES, megabytes
from publication.messages import has_catalogue, translator
from publication.source import images
from publication.source.assets import locate, path_problem
from publication.source.filetypes import file_kind, not_pdf_hint
from publication.source.load import Items, RawPublication, Record
from publication.source.model import AgendaItem, Appendix, Figure, Meeting, Prose, Section, Text
from publication.source.records import Reader, check_language, check_printed_language, scalar_text
from publication.source.sections import read_sections
from publication.source.validate import valid_date
from publication.source.word.convert import word_body

__all__ = ["validate_meeting"]


def validate_meeting(raw: RawPublication, diagnostics: Diagnostics) -> Meeting | None:
    """The meeting, or None when meeting.yaml is too broken to describe one."""
    return _MeetingReader(raw, diagnostics).meeting()


class _MeetingReader(Reader):
    """A meeting's agenda; reports are sections and blocks as in a publication."""

    printed_language = "en"  # the meeting's, once read: the report headings we write

    def meeting(self) -> Meeting | None:
        record = self.raw.record
        path = self.folder / "meeting.yaml"
        if not self.check_record(record, "meeting", SourceLocation(path, 1)):
            return None
        contact = record["contact"]
        self.check_record(contact, "officer", record.where("contact"))
        iso_date = record["date"]
        if not valid_date(iso_date) or len(iso_date) != 10:
            self.diagnostics.error(
                record.where("date"),
                "bad-date",
                f"'{iso_date}' is not a date",
                "write the meeting date as YYYY-MM-DD",
            )
        language = record.get("language", "en-GB")
        check_language(self.diagnostics, language, record.where("language"))
        check_printed_language(self.diagnostics, language, record.where("language"))
        self.printed_language = language if has_catalogue(language) else "en"
        items = self.items(record["items"])
        return Meeting(
            slug=self.folder.name,
            folder=self.folder,
            asset_roots=self.typeset_roots,
            council=scalar_text(record["council"]),
            committee=scalar_text(record["committee"]),
            date=iso_date,
            time=scalar_text(record["time"]),
            venue=scalar_text(record["venue"]),
            contact_name=scalar_text(contact.get("name")),
            contact_telephone=scalar_text(contact.get("telephone")),
            contact_email=scalar_text(contact.get("email")),
            membership=self.texts(record, "membership"),
            language=language,
            items=items,
            location=SourceLocation(path, 1),
        )

    def items(self, records: Items) -> tuple[AgendaItem, ...]:
        items, numbers, documents = [], {}, 0
        for record, location in zip(records, records.locations, strict=True):
            if not self.check_record(record, "item", location):
                continue
            documents += ("report" in record) + len(record.get("appendices") or ())
            if documents > MAX_PACK_DOCUMENTS:
                self.diagnostics.error(
                    location,
                    "too-many-documents",
                    f"the reports and appendices come to more than {MAX_PACK_DOCUMENTS} "
                    "documents from this item on, the most one pack holds",
                    "split the agenda, or join appendices that belong together into one",
                )
                break
            number = scalar_text(record["number"])
            if number in numbers:
                self.diagnostics.error(
                    record.where("number"),
                    "duplicate-item",
                    f"item number {number} is used twice (also line {numbers[number].line})",
                    "give every item its own number",
                )
            numbers[number] = record.where("number")
            items.append(self.item(record, number, location))
        return tuple(items)

    def item(self, record: Record, number: str, location: SourceLocation) -> AgendaItem:
        self.subject = f"item {number}: "
        self.prose = 0  # each item's report and appendices are documents of their own
        exempt = record.get("exempt", 0)
        if isinstance(exempt, bool) or exempt is None:
            exempt = -1  # 'exempt: yes' or 'exempt:' names no paragraph
        if "exempt" in record and exempt not in range(1, 8):
            self.diagnostics.error(
                record.where("exempt"),
                "bad-exempt",
                f"item {number}: exempt must name a paragraph from 1 to 7 of Schedule 12A",
                "for example 'exempt: 3' for commercial information; an item the public may "
                "see has no 'exempt' line at all",
            )
        self.public = "exempt" not in record  # an exempt item is only in the full pack
        report = record.get("report")
        sections: tuple[Section, ...] = ()
        report_of = portfolio = ""
        if report is not None and self.check_record(report, "report", record.where("report")):
            report_of = scalar_text(report["report_of"])
            portfolio = scalar_text(report.get("portfolio"))
            sections = self.report_sections(report, scalar_text(record["title"]))
        entries = record.get("appendices") or Items()
        places = getattr(entries, "locations", [])
        appendices = tuple(
            self.appendix(entry, n, where, number)
            for n, (entry, where) in enumerate(zip(entries, places, strict=False), 1)
            if self.check_record(entry, "appendix", where)
        )
        return AgendaItem(
            number=number,
            title=scalar_text(record["title"]),
            purpose=scalar_text(record.get("purpose")),
            lead_officer=scalar_text(record.get("lead_officer")),
            wards=scalar_text(record.get("wards")),
            key_decision=bool(record.get("key_decision", False)),
            exempt_paragraph=exempt if exempt in range(1, 8) else 0,
            report_of=report_of,
            portfolio=portfolio,
            sections=sections,
            appendices=tuple(a for a in appendices if a is not None),
            location=location,
        )

    def report_sections(self, report: Record, title: str) -> tuple[Section, ...]:
        """The report's body: its recommendations, numbered, then background and sections;
        or all of it from a Word document."""
        if report.get("docx"):
            return self.word_report(report, title)
        if report.get("recommendations") is None:
            self.diagnostics.error(
                report.location,
                "missing-field",
                "report has no 'recommendations'",
                "add 'recommendations:' (what the committee is asked to do), or give the "
                "report as a Word document: 'docx: report.docx'",
            )
            return ()
        recommendations = self.texts(report, "recommendations")
        lines = "\n".join(f"{n}. {r}" for n, r in enumerate(recommendations, 1))
        where = report.where("recommendations")
        words = translator(self.printed_language)
        title = words.gettext("Recommendations")
        built = [self._prose_section(title, Text(lines, where), where)]
        if report.get("background"):
            text = self.text(report, "background")
            title = words.gettext("Background")
            built.append(self._prose_section(title, text, report.where("background")))
        if report.get("sections"):
            built.extend(read_sections(self, report["sections"], report.where("sections"), 2))
        return tuple(built)

    def word_report(self, report: Record, title: str) -> tuple[Section, ...]:
        """A report written in Word: the document is its whole body."""
        given = [key for key in ("recommendations", "background", "sections") if key in report]
        if given:
            self.diagnostics.error(
                report.where(given[0]),
                "docx-and-yaml",
                f"a report from a Word document takes no '{given[0]}': its body is the document",
                "put the recommendations and background in the Word document, under headings, "
                "or remove 'docx:'",
            )
        document = self.word(report, "docx")
        return word_body(self, document, title) if document else ()

    def _prose_section(self, title: str, text: Text, location: SourceLocation) -> Section:
        """A report's own top section: no page break before it, listed in the contents."""
        anchor = self.unique_anchor(title)  # Welsh words make their anchor
        blocks = (Prose(text),)
        return Section(title, anchor, 2, "", None, blocks, (), False, True, location)

    def appendix(self, record: Record, number: int, location: SourceLocation, item: str):
        sources = [k for k in ("sections", "docx", "pdf", "publication", "image") if record.get(k)]
        if len(sources) != 1:
            self.diagnostics.error(
                location,
                "bad-appendix",
                f"item {item}, appendix {number}: give exactly one of sections, docx, pdf, "
                "publication or image",
                "",
            )
            return None
        pdf = publication = None
        sections: tuple[Section, ...] = ()
        if sources[0] == "sections":
            sections = read_sections(self, record["sections"], record.where("sections"), 2)
        elif sources[0] == "docx":
            document = self.word(record, "docx")
            title = scalar_text(record["title"])
            sections = word_body(self, document, title) if document else ()
            if not sections:
                return None
        elif sources[0] == "image":
            sections = self.image_appendix(record)
            if not sections:
                return None
        elif sources[0] == "pdf":
            pdf = self.appendix_pdf(record, item, number)
        else:
            publication = self.appendix_publication(record, item, number)
        if sources[0] in ("pdf", "publication") and pdf is None and publication is None:
            return None  # reported where it was looked for
        return Appendix(number, scalar_text(record["title"]), sections, pdf, publication, location)

    def image_appendix(self, record: Record) -> tuple[Section, ...]:
        """An image as an appendix: one section holding the figure, at the full text width."""
        alt = scalar_text(record.get("alt"))
        image = images.image(self, record["image"], record.where("image"), alt, False)
        if image is None:
            return ()
        title = scalar_text(record["title"])
        figure = Figure(image, None, "full")
        anchor = self.unique_anchor(title)
        return (Section(title, anchor, 2, "", None, (figure,), (), False, True, record.location),)

    def appendix_pdf(self, record: Record, item: str, number: int) -> Path | None:
        name, where = record["pdf"], record.where("pdf")
        found = locate(name, self.image_roots[:1])
        if found.path is None:
            self.diagnostics.error(
                where,
                "appendix-missing",
                f"item {item}, appendix {number}: PDF '{name}' {found.problem or 'not found'}",
                "put the PDF in the meeting folder and give its name",
            )
            return None
        kind = file_kind(found.path)
        if kind != "a PDF":
            self.diagnostics.error(
                where,
                "appendix-not-pdf",
                f"item {item}, appendix {number}: '{name}' is {kind or 'not a PDF'}",
                not_pdf_hint(kind),
            )
            return None
        size = found.path.stat().st_size
        if size > MAX_PDF_BYTES:
            self.diagnostics.error(
                where,
                "file-too-large",
                f"item {item}, appendix {number}: '{name}' is {megabytes(size)}; an appended "
                f"PDF may be {megabytes(MAX_PDF_BYTES)} at most",
                "make the PDF smaller (scanned pages at 300 dpi are enough for print), "
                "or split it into several appendices",
            )
            return None
        return found.path

    def appendix_publication(self, record: Record, item: str, number: int) -> Path | None:
        name, where = scalar_text(record["publication"]), record.where("publication")
        folder = self.folder.parent / name
        if path_problem(name) or "/" in name or not (folder / "publication.yaml").is_file():
            problem = f"there is no publication '{name}' in content/"
        elif not _in_content(folder):
            problem = f"content/{name} is a link to a folder outside content/, and is never read"
        else:
            return folder
        self.diagnostics.error(
            where,
            "appendix-missing",
            f"item {item}, appendix {number}: {problem}",
            "give the name of a folder in content/",
        )
        return None


def _in_content(folder: Path) -> bool:
    """Whether a folder named in content/ is really there, not a link to elsewhere."""
    try:
        return folder.resolve(strict=True).parent == folder.parent.resolve()
    except (OSError, RuntimeError):
        return False
