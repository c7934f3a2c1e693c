"""The structure-tree half of the PDF/UA check: what a screen reader walks.

Roles must be standard or mapped; headings must not skip levels; table and list
parts must sit where they belong; figures need alternative text and notes an
ID; a table or list cut at a page break must stay one element; every link
annotation must belong to a Link element. A document can be checked whole, or
part by part (a pack's documents, each checked once when it is made) with its
headings kept so that their order is checked across the parts.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pikepdf import Dictionary

from publication.check.elements import check_elements
from publication.check.findings import Report
from publication.check.links import check_link_annotations, check_split_links
from publication.check.lists import check_lists
from publication.check.tables import check_header_associations
from publication.limits import PDF_DEPTH
from publication.pdf.objects import kids, object_name
from publication.tablegrid import attribute

__all__ = ["Heading", "check_headings", "check_structure"]

STANDARD_TYPES = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl",
    "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
    "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT",
    "WP", "Figure", "Formula", "Form",
}  # fmt: skip


@dataclass(frozen=True)
class Heading:
    level: int
    page: int | None  # 1-based
    element: str


def check_structure(pdf, report: Report, pages: dict, prune: str = "") -> list[Heading]:
    """Check the tree; return its headings in order, for ``check_headings``.

    With ``prune`` (a role, such as ``Part``), elements of that role are checked
    but not entered, nor are the link annotations of their pages: those parts
    were checked on their own.
    """
    root = pdf.Root.get("/StructTreeRoot")
    owners: set = set()
    elements = list(_walk(root, pages, owners, report, prune)) if root is not None else []
    _check_roles(elements, report)
    _check_tables(elements, report)
    _check_nesting(elements, report)
    _check_figures_and_notes(elements, report)
    _check_splits(elements, report)
    check_header_associations(elements, report)
    check_lists(elements, report)
    check_elements(elements, report, prune)
    check_split_links(elements, report)
    if not prune:
        _check_annotations(pdf, owners, report)
        check_link_annotations(pdf, report)
    return [
        Heading(int(e.role[1]), e.page, str(e)) for e in elements if re.fullmatch(r"H[1-6]", e.role)
    ]


@dataclass
class _Element:
    obj: Dictionary
    role: str  # after the role map
    raw: str  # as written
    page: int | None
    parent: _Element | None
    depth: int
    content: bool = False  # holds marked content or an annotation itself
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


def _walk(root, pages: dict, objects: set, report: Report, prune: str = "") -> Iterator[_Element]:
    """Every structure element in document order (depth first), each visited once and
    no deeper than ``PDF_DEPTH``: an element met twice (a loop) or deeper is reported.

    The objects (annotations) that elements hold are added to ``objects``.
    """
    role_map = _role_map(root)
    seen: set = set()
    stack = [(kid, None, 0, None) for kid in reversed(kids(root))]
    while stack:
        obj, parent, depth, page = stack.pop()
        if not isinstance(obj, Dictionary):
            continue
        if "/S" not in obj:
            if obj.get("/Type") == "/OBJR" and "/Obj" in obj:
                objects.add(obj.Obj.objgen)
            continue
        if obj.is_indirect:
            if obj.objgen in seen:
                _report_tree(report, page, f"loops: {object_name(obj)} is reached a second time")
                continue
            seen.add(obj.objgen)
        if depth > PDF_DEPTH:
            _report_tree(report, page, f"is nested more than {PDF_DEPTH} levels deep")
            continue
        raw = str(obj.S)[1:]
        if "/Pg" in obj:
            page = pages.get(obj.Pg.objgen, page)
        items = kids(obj)
        element = _Element(obj, _resolve(raw, role_map), raw, page, parent, depth)
        element.content = any(_is_content(item) for item in items)
        if parent is not None:
            parent.children.append(element)
        yield element
        if element.role != prune:
            stack.extend((kid, element, depth + 1, page) for kid in reversed(items))


def _is_content(item) -> bool:
    """Marked content (an MCID, or a reference to one) or an annotation."""
    if isinstance(item, int):
        return True
    return isinstance(item, Dictionary) and item.get("/Type") in ("/MCR", "/OBJR")


def _report_tree(report: Report, page: int | None, problem: str) -> None:
    report.add(
        "error",
        "structure-tree",
        page,
        "",
        f"the structure tree {problem}; nothing beyond that is checked",
        "give each structure element one parent, and no element itself as an ancestor",
    )


def _check_roles(elements, report: Report) -> None:
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


def check_headings(headings: list[Heading], report: Report) -> None:
    if headings and headings[0].level != 1:
        first = headings[0]
        report.add(
            "error",
            "14-002",
            first.page,
            first.element,
            f"the first heading is H{first.level}, not H1",
            "start the document with one level-1 heading (its title)",
        )
    for before, heading in itertools.pairwise(headings):
        if heading.level > before.level + 1:
            report.add(
                "error",
                "14-003",
                heading.page,
                heading.element,
                f"heading level skips from H{before.level} to H{heading.level}",
                f"use H{before.level + 1} here, or add the missing level above it",
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
        uses_headers = any(attribute(c.obj, "/Headers") is not None for c in cells)
        for cell in cells:
            if cell.role == "TH" and not uses_headers and attribute(cell.obj, "/Scope") is None:
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
        if attribute(before.obj, "/ListNumbering") != attribute(element.obj, "/ListNumbering"):
            continue  # numbered differently: two lists
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
