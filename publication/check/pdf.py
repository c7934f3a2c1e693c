"""Check any PDF against the machine-checkable failure conditions of PDF/UA-1.

The conditions and their numbers come from the Matterhorn Protocol. Each
finding names the page and element and says how to fix it. This works on any
PDF, not only ours, and never changes the file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary

from publication.check.active import check_active_content
from publication.check.content import PageScan, check_content, page_scan
from publication.check.findings import Finding, Report, UnreadablePDF
from publication.check.structure import Heading, check_headings, check_structure
from publication.pdf.objects import DamagedPDF, TooManyPages, open_pdf
from publication.pdf.streams import StreamTooLarge, read_bounded

__all__ = [
    "READING_COPY",
    "Finding",
    "PageScan",
    "PartCheck",
    "Report",
    "UnreadablePDF",
    "check_part",
    "check_pdf",
]

DAMAGE = (pikepdf.PdfError, AttributeError, KeyError, TypeError, DamagedPDF)


@dataclass(frozen=True)
class PartCheck:
    """One document checked on its own, to stand for its pages in the check of a
    pack it is joined into: the pack's check then reads only what joining adds."""

    scans: tuple[PageScan, ...]  # one per page
    findings: tuple[Finding, ...]  # of its structure; pages counted from its own first
    headings: tuple[Heading, ...]


def check_part(data: bytes, min_font_size: float | None, measure: bool = True) -> PartCheck:
    """The structure findings, headings and page scans of one document. What crosses
    the text block is looked for only with ``measure``: a PDF made elsewhere is
    appended as it is (no one preparing the pack could move its text), and another
    publication was measured when it was built."""
    try:
        with open_pdf(data) as pdf:
            report = Report(Path(""), len(pdf.pages))
            pages = {page.objgen: n + 1 for n, page in enumerate(pdf.pages)}
            headings = check_structure(pdf, report, pages)
            fonts: dict = {}  # each font's widths read once for all the pages
            scans = tuple(page_scan(page, min_font_size, fonts, measure) for page in pdf.pages)
    except TooManyPages as exc:
        raise UnreadablePDF(f"too large to check: {exc}") from exc
    except DAMAGE as exc:
        raise UnreadablePDF(f"the PDF is damaged ({_short(exc)})") from exc
    return PartCheck(scans, tuple(report.findings), tuple(headings))


def check_pdf(
    path: Path,
    min_font_size: float | None = None,
    data: bytes | None = None,
    parts: list[tuple[int, PartCheck]] | None = None,
) -> Report:
    """All findings for one file (or its bytes); raises UnreadablePDF if it cannot be read.

    ``parts`` (0-based first page, check) are documents joined into this one,
    checked when they were made: their structure is not walked again, only the
    document, the tree above them, fonts, and how content leads into the tree.
    """
    try:
        pdf = open_pdf(data if data is not None else path)
    except TooManyPages as exc:
        raise UnreadablePDF(f"too large to check: {exc}") from exc
    except DamagedPDF as exc:
        raise UnreadablePDF(f"the PDF is damaged ({exc})") from exc
    except pikepdf.PasswordError as exc:
        raise UnreadablePDF("the PDF is encrypted with a password; it cannot be checked") from exc
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise UnreadablePDF(f"not a readable PDF ({_short(exc)})") from exc
    with pdf:
        if pdf.is_encrypted:
            raise UnreadablePDF("the PDF is encrypted; PDF/UA files must be readable as they are")
        report = Report(path, len(pdf.pages))
        try:
            _check(pdf, report, min_font_size, parts or [])
        except DAMAGE as exc:
            raise UnreadablePDF(f"the PDF is damaged ({_short(exc)})") from exc
        with contextlib.suppress(*DAMAGE):
            _name_sections(pdf, report)  # only context for the findings: never a failure
    return report


def _name_sections(pdf: pikepdf.Pdf, report: Report) -> None:
    """Tell where each finding is by the bookmarks: in a pack, the item and appendix."""
    if not any(f.page for f in report.findings) or "/Outlines" not in pdf.Root:
        return
    starts: list[tuple[int, str]] = []
    with pdf.open_outline() as outline:
        stack = [(item, "") for item in reversed(outline.root)]
        while stack:
            item, path = stack.pop()
            title = f"{path} > {item.title}" if path else item.title
            destination = item.destination
            if isinstance(destination, Array) and len(destination):
                with contextlib.suppress(ValueError, TypeError):  # not a page of this file
                    starts.append((pdf.pages.index(pikepdf.Page(destination[0])) + 1, title))
            stack.extend((child, title) for child in reversed(item.children))
    starts.sort(key=lambda pair: pair[0])
    for n, finding in enumerate(report.findings):
        if finding.page:
            covering = [title for page, title in starts if page <= finding.page]
            if covering:
                report.findings[n] = dataclasses.replace(finding, section=covering[-1])


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


def _check(pdf: pikepdf.Pdf, report: Report, min_font_size, parts: list) -> None:
    if _print_only(pdf, report):
        check_active_content(pdf, report)
        return
    pages = {page.objgen: n + 1 for n, page in enumerate(pdf.pages)}
    _check_document(pdf, report)
    headings = check_structure(pdf, report, pages, prune="Part" if parts else "")
    known: dict[int, PageScan] = {}
    for first, part in parts:
        known.update({first + n: scan for n, scan in enumerate(part.scans)})
        report.findings.extend(_moved(finding, first) for finding in part.findings)
        headings.extend(_moved(heading, first) for heading in part.headings)
    check_headings(headings, report)
    _check_fonts(pdf, report)
    check_active_content(pdf, report)
    check_content(pdf, pdf.Root.get("/StructTreeRoot"), report, min_font_size, known)


def _moved(found, first: int):
    """A part's finding or heading, on the page it has in the whole document."""
    return dataclasses.replace(found, page=found.page + first) if found.page else found


# -- document level ----------------------------------------------------------


READING_COPY = "/ReadingCopy"  # in an imposed booklet's document information: its reading copy


def _print_only(pdf: pikepdf.Pdf, report: Report) -> bool:
    """An untagged booklet we imposed for printing is one finding, which names the file
    to check and give out instead, not a finding for every untagged thing on its sheets."""
    reading_copy = pdf.docinfo.get(READING_COPY) if "/Info" in pdf.trailer else None
    if reading_copy is None or "/StructTreeRoot" in pdf.Root:
        return False
    report.add(
        "error",
        "print-only",
        None,
        "",
        "made for printing only (its pages imposed to be folded into a booklet), so it is "
        "not tagged for reading",
        f"to read on screen or with a screen reader, check and give out {reading_copy} instead",
    )
    return True


def _check_document(pdf: pikepdf.Pdf, report: Report) -> None:
    catalog = pdf.Root
    mark_info = catalog.get("/MarkInfo", Dictionary())
    if "/StructTreeRoot" not in catalog or not mark_info.get("/Marked", False):
        report.add(
            "error",
            "not-tagged",
            None,
            "",
            "the document is not tagged",
            "make the PDF with tagging switched on (PDF/UA)",
        )
    if mark_info.get("/Suspects", False):
        report.add(
            "error",
            "suspects",
            None,
            "",
            "the tagging is marked as suspect",
            "repair the tags, then set MarkInfo/Suspects to false",
        )
    language = str(catalog.get("/Lang", ""))
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", language):
        report.add(
            "error",
            "11-006",
            None,
            "",
            f"the document language is {'missing' if not language else repr(language)}",
            "set the catalog /Lang to a BCP 47 tag such as en-GB",
        )
    preferences = catalog.get("/ViewerPreferences", Dictionary())
    if "/DisplayDocTitle" not in preferences:
        report.add(
            "error",
            "07-001",
            None,
            "",
            "DisplayDocTitle is missing",
            "set ViewerPreferences/DisplayDocTitle to true",
        )
    elif not preferences.DisplayDocTitle:
        report.add(
            "error",
            "07-002",
            None,
            "",
            "DisplayDocTitle is false",
            "set ViewerPreferences/DisplayDocTitle to true",
        )
    _check_xmp(pdf, report)
    if not pdf.Root.get("/Outlines") and len(pdf.pages) > 2:
        report.add(
            "warning",
            "bookmarks",
            None,
            "",
            "the document has no bookmarks",
            "add bookmarks from the headings so readers can move around",
        )


def _check_xmp(pdf: pikepdf.Pdf, report: Report) -> None:
    if "/Metadata" not in pdf.Root:
        report.add(
            "error",
            "06-001",
            None,
            "",
            "there is no XMP metadata stream",
            "add XMP metadata with dc:title and pdfuaid:part",
        )
        return
    try:
        xmp = read_bounded(pdf.Root.Metadata, "the XMP metadata").decode("utf-8", "replace")
    except StreamTooLarge as exc:
        report.add("error", "too-large", None, "", f"{exc}: too large to check", _TOO_LARGE_FIX)
        return
    if not re.search(r"pdfuaid:part(=\"|>)\s*1", xmp):
        report.add(
            "error",
            "06-002",
            None,
            "",
            "the XMP metadata has no PDF/UA identifier",
            "add pdfuaid:part = 1 to the XMP metadata",
        )
    if "dc:title" not in xmp:
        report.add(
            "error",
            "06-003",
            None,
            "",
            "the XMP metadata has no dc:title",
            "give the document a title (in HTML, the <title> element)",
        )


_TOO_LARGE_FIX = "make the PDF again, or ask its author for a copy that is not so large"


def _check_fonts(pdf, report: Report) -> None:
    seen: set = set()
    for number, page in enumerate(pdf.pages, start=1):
        fonts = page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary())
        for name, font in fonts.items():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            label = f"font {font.get('/BaseFont', name)}"
            if font.get("/Subtype") == "/Type3":
                continue
            described = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
            descriptor = described.get("/FontDescriptor", Dictionary())
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                report.add(
                    "error",
                    "31-009",
                    number,
                    label,
                    "the font is not embedded",
                    "embed every font (WeasyPrint does; check the source of this PDF)",
                )
            if font.get("/Subtype") == "/Type0" and "/ToUnicode" not in font:
                report.add(
                    "error",
                    "to-unicode",
                    number,
                    label,
                    "the font has no ToUnicode map, so its text cannot be read out",
                    "embed the font with a ToUnicode CMap",
                )
