"""The shape of a list as a screen reader walks it.

A list (``L``) holds list items (``LI``) and an optional ``Caption``; an item holds
its label (``Lbl``) and its body (``LBody``), and is never empty; a list nested in
an item sits inside that item's body, so that it is read as part of the item,
not as a list of its own beside it. A list whose items are labelled says how
they are numbered (``ListNumbering``), so a reader can announce "list of 3
items, numbered" before reading them.
"""

from __future__ import annotations

from publication.check.findings import Report
from publication.tablegrid import attribute

__all__ = ["check_lists"]


def check_lists(elements, report: Report) -> None:
    for element in elements:
        if element.role == "L":
            _check_list(element, report)
        elif element.role == "LI":
            _check_item(element, report)


def _check_list(element, report: Report) -> None:
    for child in element.children:
        if child.role == "L":
            report.add(
                "error",
                "list-nesting",
                child.page,
                str(child),
                "a nested list sits beside the list's items, not inside the item it belongs to",
                "put a nested L inside the LBody of the LI it belongs to",
            )
        elif child.role not in ("LI", "Caption"):
            report.add(
                "error",
                "list-items",
                child.page,
                str(child),
                f"a list holds a {child.role} element; a list holds only LI (and a Caption)",
                f"put the {child.role} inside an LBody of a list item, or outside the list",
            )
    labelled = any(c.role == "Lbl" for item in element.children for c in item.children)
    if labelled and attribute(element.obj, "/ListNumbering") is None:
        report.add(
            "error",
            "list-numbering",
            element.page,
            str(element),
            "a list with labels does not say how its items are numbered",
            "give the L a List attribute ListNumbering (Decimal, UpperRoman, LowerAlpha ..., "
            "or None for bullets)",
        )


def _check_item(element, report: Report) -> None:
    for child in element.children:
        if child.role not in ("Lbl", "LBody"):
            report.add(
                "error",
                "list-parts",
                child.page,
                str(child),
                f"a list item holds a {child.role} element; an item holds only Lbl and LBody",
                f"put the {child.role} inside the item's LBody",
            )
    if not element.content and not any(
        c.role != "Lbl" and (c.content or c.children) for c in element.children
    ):
        report.add(
            "error",
            "list-empty-item",
            element.page,
            str(element),
            "a list item has nothing in it (a list cut at a page break often leaves one)",
            "remove the empty LI, or move the content it belongs with into its LBody",
        )
