"""Check any PDF against the machine-checkable failure conditions of PDF/UA-1.

The conditions and their numbers come from the Matterhorn Protocol. Each
finding names the page and element and says how to fix it. This works on any
PDF, not only ours, and never changes the file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary

from publication.check_content import PageScan, check_content, scan_pages
from publication.findings import Finding, Report, UnreadablePDF

__all__ = ["Finding", "PageScan", "Report", "UnreadablePDF", "check_pdf", "scan_pages"]

STANDARD_TYPES = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl",
    "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
    "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT",
    "WP", "Figure", "Formula", "Form",
}  # fmt: skip
TABLE_ROWS_PARENTS = {"Table", "THead", "TBody", "TFoot"}


def check_pdf(
    path: Path,
    min_font_size: float | None = None,
    data: bytes | None = None,
    known_pages: dict[int, PageScan] | None = None,
) -> Report:
    """All findings for one file (or its bytes); raises UnreadablePDF if it cannot be read.

    ``known_pages`` (0-based page index -> scan) saves reading the content of
    pages already scanned, such as the pages of a pack that came from a
    document scanned when it was made.
    """
    try:
        pdf = pikepdf.open(io.BytesIO(data) if data is not None else path)
    except pikepdf.PasswordError as exc:
        raise UnreadablePDF("the PDF is encrypted with a password; it cannot be checked") from exc
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise UnreadablePDF(f"not a readable PDF ({_short(exc)})") from exc
    with pdf:
        if pdf.is_encrypted:
            raise UnreadablePDF("the PDF is encrypted; PDF/UA files must be readable as they are")
        report = Report(path, len(pdf.pages))
        try:
            _check(pdf, report, min_font_size, known_pages or {})
        except (pikepdf.PdfError, AttributeError, KeyError, TypeError) as exc:
            raise UnreadablePDF(f"the PDF is damaged ({_short(exc)})") from exc
        with contextlib.suppress(pikepdf.PdfError, AttributeError, KeyError, TypeError):
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


def _check(pdf: pikepdf.Pdf, report: Report, min_font_size, known: dict) -> None:
    pages = {page.objgen: n + 1 for n, page in enumerate(pdf.pages)}
    _check_document(pdf, report)
    root = pdf.Root.get("/StructTreeRoot")
    objects: set = set()
    elements = list(_walk(root, pages, objects)) if root is not None else []
    _check_structure(elements, report)
    _check_headings(elements, report)
    _check_tables(elements, report)
    _check_nesting(elements, report)
    _check_figures_and_notes(elements, report)
    _check_splits(elements, report)
    _check_annotations(pdf, objects, report)
    _check_fonts(pdf, report)
    check_content(pdf, root, report, min_font_size, known)


# -- document level ----------------------------------------------------------


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
    xmp = pdf.Root.Metadata.read_bytes().decode("utf-8", "replace")
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


# -- the structure tree ------------------------------------------------------


@dataclass
class _Element:
    obj: Dictionary
    role: str  # after the role map
    raw: str  # as written
    page: int | None
    parent: _Element | None
    depth: int
    children: list[_Element] = field(default_factory=list)

    def __str__(self) -> str:
        number = self.obj.objgen[0] if self.obj.is_indirect else "direct"
        return f"{self.raw} (object {number})"


def _role_map(root) -> dict[str, str]:
    if root is None or "/RoleMap" not in root:
        return {}
    return {str(k)[1:]: str(v)[1:] for k, v in root.RoleMap.items()}


def _resolve(role: str, role_map: dict[str, str]) -> str:
    seen = set()
    while role not in STANDARD_TYPES and role in role_map and role not in seen:
        seen.add(role)
        role = role_map[role]
    return role


def _walk(root, pages: dict, objects: set | None = None) -> Iterator[_Element]:
    """Every structure element in document order (depth first), each visited once.

    The objects (annotations) that elements hold are added to ``objects``.
    """
    role_map = _role_map(root)
    seen: set = set()
    stack = [(kid, None, 0, None) for kid in reversed(_kids(root))]
    while stack:
        obj, parent, depth, page = stack.pop()
        if not isinstance(obj, Dictionary):
            continue
        if "/S" not in obj:
            if objects is not None and obj.get("/Type") == "/OBJR" and "/Obj" in obj:
                objects.add(obj.Obj.objgen)
            continue
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        raw = str(obj.S)[1:]
        if "/Pg" in obj:
            page = pages.get(obj.Pg.objgen, page)
        element = _Element(obj, _resolve(raw, role_map), raw, page, parent, depth)
        if parent is not None:
            parent.children.append(element)
        yield element
        stack.extend((kid, element, depth + 1, page) for kid in reversed(_kids(obj)))


def _kids(obj) -> list:
    k = obj.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def _check_structure(elements, report: Report) -> None:
    for element in elements:
        if element.role not in STANDARD_TYPES:
            report.add(
                "error",
                "02-001",
                element.page,
                str(element),
                f"structure type {element.raw} is not standard and has no role mapping",
                "map it to a standard type in the RoleMap, or use a standard type",
            )


def _check_headings(elements, report: Report) -> None:
    levels = [(e, int(e.role[1])) for e in elements if re.fullmatch(r"H[1-6]", e.role)]
    if levels and levels[0][1] != 1:
        first = levels[0][0]
        report.add(
            "error",
            "14-002",
            first.page,
            str(first),
            f"the first heading is {first.role}, not H1",
            "start the document with one level-1 heading (its title)",
        )
    for (_, before), (element, level) in itertools.pairwise(levels):
        if level > before + 1:
            report.add(
                "error",
                "14-003",
                element.page,
                str(element),
                f"heading level skips from H{before} to H{level}",
                f"use H{before + 1} here, or add the missing level above it",
            )


# Where each part of a table, list or contents may stand:
# role: (allowed parents, code, what it is, where to put it).
NESTING = {
    "TR": ({"Table", "THead", "TBody", "TFoot"}, "table-parts", "a table row",
           "Table, THead, TBody or TFoot"),
    "TH": ({"TR"}, "table-parts", "a table cell", "TR"),
    "TD": ({"TR"}, "table-parts", "a table cell", "TR"),
    "THead": ({"Table"}, "table-parts", "a table head", "Table"),
    "TBody": ({"Table"}, "table-parts", "a table body", "Table"),
    "LI": ({"L"}, "list-items", "a list item", "L"),
    "Lbl": ({"LI", "TOCI", "Note", "BibEntry"}, "list-parts", "a label", "LI"),
    "LBody": ({"LI"}, "list-parts", "a list item body", "LI"),
    "TOCI": ({"TOC"}, "toc", "a contents item", "TOC"),
}  # fmt: skip


def _check_nesting(elements, report: Report) -> None:
    for element in elements:
        rule = NESTING.get(element.role)
        if rule is None:
            continue
        allowed, code, what, where = rule
        parent = element.parent.role if element.parent else ""
        if parent in allowed:
            continue
        report.add(
            "error",
            code,
            element.page,
            str(element),
            f"{what} ({element.role}) sits in {parent or 'nothing'}",
            f"put {element.role} inside {where}",
        )


def _check_tables(elements, report: Report) -> None:
    for table in (e for e in elements if e.role == "Table"):
        cells = list(_descendants(table))
        uses_headers = any(_attribute(c.obj, "/Headers") is not None for c in cells)
        for cell in cells:
            if cell.role == "TH" and not uses_headers and _attribute(cell.obj, "/Scope") is None:
                report.add(
                    "error",
                    "15-003",
                    cell.page,
                    str(cell),
                    "a header cell has no Scope, and the table has no Headers/ID links",
                    "give each TH a Scope (Column or Row), as HTML scope='col' or scope='row' does",
                )


def _check_figures_and_notes(elements, report: Report) -> None:
    for element in elements:
        if element.role == "Figure" and not (
            element.obj.get("/Alt") or element.obj.get("/ActualText")
        ):
            report.add(
                "error",
                "13-004",
                element.page,
                str(element),
                "a figure has no alternative text",
                "give the image alt text; if it is decorative, make it an artifact",
            )
        if element.role == "Link" and element.parent and element.parent.role == "Link":
            report.add(
                "error",
                "link-nested",
                element.page,
                str(element),
                "a link is tagged inside another link",
                "tag each link once: one Link element with its text and annotation",
            )
        if element.role == "Note" and not element.obj.get("/ID"):
            report.add(
                "error",
                "19-003",
                element.page,
                str(element),
                "a note has no ID",
                "give the Note element a unique ID",
            )


def _check_splits(elements, report: Report) -> None:
    """A table or list cut into one element per page reads as several."""
    families = [e.children for e in elements] + [[e for e in elements if e.parent is None]]
    pairs = (pair for children in families for pair in itertools.pairwise(children))
    for before, element in pairs:
        if element.role not in ("Table", "L") or before.role != element.role:
            continue
        if not (before.page and element.page):
            continue
        if _last_page(before) + 1 == _first_page(element) and not _starts_table(element):
            kind = "table" if element.role == "Table" else "list"
            report.add(
                "error",
                "split",
                element.page,
                str(element),
                f"this {kind} continues the one on page {_last_page(before)} "
                f"but is tagged as a separate {kind}",
                f"tag a {kind} that runs over a page break as one {element.role} element",
            )


def _starts_table(element) -> bool:
    return bool(element.children) and element.children[0].role == "Caption"


def _first_page(element) -> int:
    return min((e.page for e in [element, *_descendants(element)] if e.page), default=0)


def _last_page(element) -> int:
    return max((e.page for e in [element, *_descendants(element)] if e.page), default=0)


def _descendants(element) -> Iterator[_Element]:
    for child in element.children:
        yield child
        yield from _descendants(child)


def _attribute(obj, key):
    attributes = obj.get("/A")
    if attributes is None:
        return None
    for item in attributes if isinstance(attributes, Array) else [attributes]:
        if isinstance(item, Dictionary) and key in item:
            return item[key]
    return None


# -- annotations, fonts, content ---------------------------------------------


def _check_annotations(pdf, owners: set, report: Report) -> None:
    for number, page in enumerate(pdf.pages, start=1):
        annotations = page.obj.get("/Annots") or []
        if annotations and page.obj.get("/Tabs") != "/S":
            report.add(
                "error",
                "tab-order",
                number,
                "",
                "the page has annotations but no structure tab order",
                "set the page's /Tabs to /S",
            )
        for annotation in annotations:
            subtype = str(annotation.get("/Subtype", ""))
            if subtype in ("/Popup",):
                continue
            name = f"{subtype[1:]} annotation"
            if subtype == "/Link":
                if annotation.objgen not in owners:
                    report.add(
                        "error",
                        "28-011",
                        number,
                        name,
                        "a link annotation is not inside a Link structure element",
                        "tag each link as a Link element holding its annotation (OBJR)",
                    )
                if not str(annotation.get("/Contents", "")).strip():
                    report.add(
                        "error",
                        "link-contents",
                        number,
                        name,
                        "a link annotation has no description (/Contents)",
                        "set /Contents to the link's text or purpose",
                    )
                if not int(annotation.get("/F", 0)) & 4:
                    report.add(
                        "error",
                        "print-flag",
                        number,
                        name,
                        "a link annotation is not flagged for printing",
                        "set the Print flag (bit 3) in the annotation's /F",
                    )


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
