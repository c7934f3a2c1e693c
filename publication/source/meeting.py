"""Validation of a committee meeting: meeting.yaml to the Meeting model.

The same rules as for a publication (``validate``), with the agenda on top:
items in order with unique numbers, exempt items naming their paragraph of
Schedule 12A, appendices that are our own content, a PDF or a publication.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.source.assets import find_asset, path_problem
from publication.source.load import Items, RawPublication, Record
from publication.source.model import AgendaItem, Appendix, Figure, Meeting, Prose, Section, Text
from publication.source.validate import (
    SCALAR,
    SCHEMAS,
    Field,
    Validator,
    scalar_text,
    valid_date,
)

__all__ = ["MEETING_SCHEMAS", "validate_meeting"]

MEETING_SCHEMAS: dict[str, dict[str, Field]] = {
    "meeting": {
        "council": Field(SCALAR, True, "the council, such as Example Borough Council"),
        "committee": Field(SCALAR, True, "the committee, such as Communities Scrutiny Committee"),
        "date": Field(SCALAR, True, "date of the meeting, YYYY-MM-DD"),
        "time": Field(SCALAR, True, "start time, such as 6.30pm"),
        "venue": Field(SCALAR, True, "where the meeting is held"),
        "contact": Field(Record, True, "contact officer: name, telephone, email"),
        "membership": Field(list, True, "the members of the committee"),
        "language": Field(SCALAR, doc="BCP 47 language tag (default en-GB)"),
        "items": Field(list, True, "the agenda items, in order"),
    },
    "officer": {
        "name": Field(SCALAR, True, "the contact officer's name"),
        "telephone": Field(SCALAR, True, "telephone number"),
        "email": Field(SCALAR, True, "email address"),
    },
    "item": {
        "number": Field(SCALAR, True, "agenda item number, such as 4"),
        "title": Field(SCALAR, True, "the item's title"),
        "purpose": Field(SCALAR, doc="one line: why the item is on the agenda"),
        "lead_officer": Field(SCALAR, doc="the officer presenting the item"),
        "wards": Field(SCALAR, doc="wards affected, such as All wards"),
        "key_decision": Field(bool, doc="whether it is a key decision (default false)"),
        "exempt": Field(
            (int, bool),
            doc="paragraph (1-7) of Schedule 12A to the Local Government Act "
            "1972 under which the item is exempt",
        ),
        "report": Field(
            Record, doc="the report: report_of, portfolio, recommendations, background, sections"
        ),
        "appendices": Field(list, doc="appendices: title and file, pdf or publication"),
    },
    "report": {
        "report_of": Field(SCALAR, True, "who the report is from, such as Director of Place"),
        "portfolio": Field(SCALAR, doc="the Cabinet portfolio"),
        "recommendations": Field(list, True, "what the committee is asked to do"),
        "background": Field(SCALAR, doc="Markdown: the background to the report"),
        "sections": Field(list, doc="the body of the report, as in a publication"),
    },
    "appendix": {
        "title": Field(SCALAR, True, "the appendix's title"),
        "sections": Field(list, doc="the appendix's content, as in a publication"),
        "pdf": Field(str, doc="an existing PDF file in the meeting folder"),
        "publication": Field(str, doc="another publication in content/, such as digital-borough"),
        "image": Field(str, doc="an image file (a plan, a map, a scanned page)"),
        "alt": Field(SCALAR, doc="what the image shows; required with image"),
    },
}


def validate_meeting(raw: RawPublication, diagnostics: Diagnostics) -> Meeting | None:
    """The meeting, or None when meeting.yaml is too broken to describe one."""
    return _MeetingValidator(raw, diagnostics).meeting()


class _MeetingValidator(Validator):
    """A meeting's agenda; reports are sections and blocks as in a publication."""

    schemas: ClassVar[dict[str, dict[str, Field]]] = {**SCHEMAS, **MEETING_SCHEMAS}

    def meeting(self) -> Meeting | None:
        record = self.raw.record
        path = self.folder / "meeting.yaml"
        if not self.check_record(record, "meeting", SourceLocation(path, 1)):
            return None
        contact = record["contact"]
        self.check_record(contact, "officer", record.where("contact"))
        when = record["date"]
        iso_date = when.isoformat() if isinstance(when, date) else scalar_text(when)
        if not valid_date(iso_date) or len(iso_date) != 10:
            self.diagnostics.error(
                record.where("date"),
                "bad-date",
                f"'{iso_date}' is not a date",
                "write the meeting date as YYYY-MM-DD",
            )
        language = scalar_text(record.get("language") or "en-GB")
        self.check_language(language, record.where("language"))
        items = self.items(record["items"])
        return Meeting(
            slug=self.folder.name,
            folder=self.folder,
            asset_roots=self.image_roots,
            council=scalar_text(record["council"]),
            committee=scalar_text(record["committee"]),
            date=iso_date,
            time=scalar_text(record["time"]),
            venue=scalar_text(record["venue"]),
            contact_name=scalar_text(contact.get("name", "")),
            contact_telephone=scalar_text(contact.get("telephone", "")),
            contact_email=scalar_text(contact.get("email", "")),
            membership=tuple(scalar_text(m) for m in record["membership"]),
            language=language,
            items=items,
            location=SourceLocation(path, 1),
        )

    def items(self, records: Items) -> tuple[AgendaItem, ...]:
        items, numbers = [], {}
        for record, location in zip(records, records.locations, strict=True):
            if not self.check_record(record, "item", location):
                continue
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
        exempt = record.get("exempt", 0)
        if isinstance(exempt, bool) or exempt is None:
            exempt = -1  # 'exempt: yes' or 'exempt:' names no paragraph
        if "exempt" in record and exempt not in range(1, 8):
            self.diagnostics.error(
                record.where("exempt"),
                "bad-exempt",
                f"item {number}: exempt must name a paragraph from 1 to 7 of Schedule 12A",
                "for example 'exempt: 3' for commercial information",
            )
        report = record.get("report")
        sections: tuple[Section, ...] = ()
        report_of = portfolio = ""
        if report is not None and self.check_record(report, "report", record.where("report")):
            report_of = scalar_text(report["report_of"])
            portfolio = scalar_text(report.get("portfolio") or "")
            sections = self.report_sections(report)
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
            purpose=scalar_text(record.get("purpose") or ""),
            lead_officer=scalar_text(record.get("lead_officer") or ""),
            wards=scalar_text(record.get("wards") or ""),
            key_decision=bool(record.get("key_decision", False)),
            exempt_paragraph=exempt if exempt in range(1, 8) else 0,
            report_of=report_of,
            portfolio=portfolio,
            sections=sections,
            appendices=tuple(a for a in appendices if a is not None),
            location=location,
        )

    def report_sections(self, report: Record) -> tuple[Section, ...]:
        recommendations = report["recommendations"]
        lines = "\n".join(f"{n}. {scalar_text(r)}" for n, r in enumerate(recommendations, 1))
        built = [Section("Recommendations", self.anchor(Record(), "recommendations"), 2, "", None,
                         (Prose(Text(lines, report.where("recommendations"))),), (), False, True,
                         report.where("recommendations"))]  # fmt: skip
        if report.get("background"):
            built.append(
                Section(
                    "Background",
                    self.anchor(Record(), "background"),
                    2,
                    "",
                    None,
                    (Prose(self.text(report, "background")),),
                    (),
                    False,
                    True,
                    report.where("background"),
                )
            )
        if report.get("sections"):
            built.extend(self.sections(report["sections"], report.where("sections"), 2))
        return tuple(built)

    def appendix(self, record: Record, number: int, location: SourceLocation, item: str):
        sources = [k for k in ("sections", "pdf", "publication", "image") if record.get(k)]
        if len(sources) != 1:
            self.diagnostics.error(
                location,
                "bad-appendix",
                f"item {item}, appendix {number}: give exactly one of sections, pdf, "
                "publication or image",
                "",
            )
            return None
        pdf = publication = None
        sections: tuple[Section, ...] = ()
        if sources[0] == "sections":
            sections = self.sections(record["sections"], record.where("sections"), 2)
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
        alt = scalar_text(record.get("alt") or "")
        image = self.image(record["image"], record.where("image"), alt, False)
        if image is None:
            return ()
        title = scalar_text(record["title"])
        figure = Figure(image, None, "full")
        anchor = self.anchor(Record(), title)
        return (Section(title, anchor, 2, "", None, (figure,), (), False, True, record.location),)

    def appendix_pdf(self, record: Record, item: str, number: int) -> Path | None:
        name, where = record["pdf"], record.where("pdf")
        problem = path_problem(name)
        found = None if problem else find_asset(name, self.image_roots[:1])
        if found is None:
            self.diagnostics.error(
                where,
                "appendix-missing",
                f"item {item}, appendix {number}: PDF '{name}' {problem or 'not found'}",
                "put the PDF in the meeting folder and give its name",
            )
        return found

    def appendix_publication(self, record: Record, item: str, number: int) -> Path | None:
        name, where = scalar_text(record["publication"]), record.where("publication")
        folder = self.folder.parent / name
        if path_problem(name) or "/" in name or not (folder / "publication.yaml").is_file():
            self.diagnostics.error(
                where,
                "appendix-missing",
                f"item {item}, appendix {number}: there is no publication '{name}' in content/",
                "give the name of a folder in content/",
            )
            return None
        return folder
