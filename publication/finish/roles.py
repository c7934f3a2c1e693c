"""Give elements the roles a screen reader can use.

Anonymous wrappers that WeasyPrint adds around text become nothing; the
contents list becomes ``TOC``/``TOCI``; a figure groups its image and caption;
footnotes become ``Note`` elements with the identifier their reference points
to. Roles come from the HTML element each structure element was made from.
"""

from __future__ import annotations

from pikepdf import Name, String

from publication.finish.tree import (
    Tagged,
    adopt,
    descendants,
    element_kids,
    is_element,
    kids,
    marked_content,
    set_kids,
)

__all__ = [
    "contents_as_toc",
    "definition_lists",
    "footnotes_as_notes",
    "group_figures_with_captions",
    "unwrap_anonymous_elements",
]


def _unwrap(tagged: Tagged, element) -> None:
    """Replace an element by its children, in place."""
    parent = element.P
    moved = adopt(tagged, element, parent, kids(element))
    items = []
    for item in kids(parent):
        if is_element(item) and item.objgen == element.objgen:
            items.extend(moved)
        else:
            items.append(item)
    set_kids(parent, items)


def unwrap_anonymous_elements(tagged: Tagged) -> None:
    """Drop empty elements and NonStruct boxes that only repeat their parent."""
    for element in list(descendants(tagged.document)):
        if not any(True for _ in marked_content(tagged, element)) and not _has_objects(element):
            set_kids(
                element.P,
                [k for k in kids(element.P) if not (is_element(k) and k.objgen == element.objgen)],
            )
            continue
        about, parent = tagged.about(element), tagged.about(element.P)
        if about is None or about.role != "NonStruct":
            continue
        if about.key < 0 or (parent is not None and parent.key == about.key):
            _unwrap(tagged, element)


def _has_objects(element) -> bool:
    return any(
        (not is_element(k) and not isinstance(k, int) and k.get("/Type") == "/OBJR")
        or (is_element(k) and _has_objects(k))
        for k in kids(element)
    )


def contents_as_toc(tagged: Tagged) -> None:
    for nav in [e for e in descendants(tagged.document) if _tag(tagged, e) == "nav"]:
        nav.S = Name.Div
        for element in list(descendants(nav)):
            if element.S == "/L":
                element.S = Name.TOC
            elif element.S == "/LI":
                element.S = Name.TOCI
            elif element.S == "/LBody":
                _unwrap(tagged, element)


GROUPS = {"figure", "aside", "header", "footer", "address", "nav"}


def group_figures_with_captions(tagged: Tagged) -> None:
    """A figure, and other HTML groups WeasyPrint leaves as NonStruct, become Div."""
    for element in descendants(tagged.document):
        if _tag(tagged, element) in GROUPS and element.S == "/NonStruct":
            element.S = Name.Div


def footnotes_as_notes(tagged: Tagged) -> None:
    for element in list(descendants(tagged.document)):
        about = tagged.about(element)
        if about is None or "footnote-item" not in about.classes or element.S != "/LI":
            continue
        element.S = Name.Note
        element.ID = String(about.html_id)
        if element.P.S == "/L":
            element.P.S = Name.Div
        for kid in element_kids(element):
            if kid.S == "/LBody":
                _unwrap(tagged, kid)
            elif kid.S == "/Lbl":
                kid.S = Name.Span


def _tag(tagged: Tagged, element) -> str:
    about = tagged.about(element)
    return about.html_tag if about else ""


def definition_lists(tagged: Tagged) -> None:
    """Each term with its definitions becomes one item: the term its label."""
    for dl in [e for e in descendants(tagged.document) if _tag(tagged, e) == "dl"]:
        items, current = [], None
        for item in element_kids(dl):
            body = next(iter(element_kids(item)), None)
            tag = _tag(tagged, body) if body is not None else ""
            if tag == "dt" or current is None:
                body.S = Name.Lbl if tag == "dt" else body.S
                current = item
                items.append(item)
            else:
                set_kids(current, kids(current) + adopt(tagged, item, current, kids(item)))
        set_kids(dl, items)
