"""Give elements the roles a screen reader can use.

Anonymous wrappers that WeasyPrint adds around text become nothing, and so
does the ``Span`` it makes for every run of text: the text belongs to its
paragraph, heading or cell directly, as a screen reader expects. The
contents list becomes ``TOC``/``TOCI``; a figure groups its image and caption;
footnotes become ``Note`` elements with the identifier their reference points
to; a definition list pairs each term with its definitions. Roles come from
the HTML element each structure element was made from.
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
    remove,
    replace_by_children,
    set_kids,
)

__all__ = [
    "contents_as_toc",
    "definition_lists",
    "footnotes_as_notes",
    "group_figures_with_captions",
    "text_runs_into_their_elements",
    "unwrap_anonymous_elements",
]

GROUPS = {"figure", "aside", "header", "footer", "address", "nav"}


def unwrap_anonymous_elements(tagged: Tagged) -> None:
    """Drop empty wrappers, and NonStruct boxes that only repeat their parent."""
    for element, about in list(tagged.elements("NonStruct", "Div")):
        if not _has_content(tagged, element):
            remove(tagged, element)
            continue
        parent = tagged.about(element.P)
        if about.role == "NonStruct" and (
            about.key < 0 or (parent is not None and parent.key == about.key)
        ):
            replace_by_children(tagged, element)


def text_runs_into_their_elements(tagged: Tagged) -> None:
    """A ``Span`` per line of text says nothing: its content moves up to the element
    that holds it, and the tree is a quarter of the size, quicker to read and check."""
    runs: dict[tuple[int, int], list] = {}
    for element, about in tagged.elements("Span"):
        if about.key < 0 and not about.in_margin and "/P" in element:
            runs.setdefault(element.P.objgen, []).append(element)
    for group in runs.values():
        parent = group[0].P
        if parent.objgen in tagged.detached or parent.get("/S") in (None, "/Document"):
            continue
        moving = {run.objgen: run for run in group}
        items = []
        for item in kids(parent):
            run = moving.get(item.objgen) if is_element(item) else None
            if run is None:
                items.append(item)
                continue
            tagged.detached.add(run.objgen)
            owned = tagged.marks.get(tagged.page_of(run), {})  # not what became an artifact
            live = [k for k in kids(run) if not isinstance(k, int) or int(k) in owned]
            items.extend(adopt(tagged, run, parent, live))
        set_kids(parent, items)


def _has_content(tagged: Tagged, element) -> bool:
    if any(True for _ in marked_content(tagged, element)):
        return True
    return any(
        not is_element(k) and not isinstance(k, int) and k.get("/Type") == "/OBJR"
        for owner in [element, *descendants(element)]
        for k in kids(owner)
    )


def contents_as_toc(tagged: Tagged) -> None:
    for nav, about in list(tagged.elements("NonStruct")):
        if about.html_tag != "nav":
            continue
        for element in list(descendants(nav)):
            if element.S == "/L":
                element.S = Name.TOC
            elif element.S == "/LI":
                element.S = Name.TOCI
            elif element.S == "/LBody":
                replace_by_children(tagged, element)


def group_figures_with_captions(tagged: Tagged) -> None:
    """A figure, and other HTML groups WeasyPrint leaves as NonStruct, become Div."""
    for element, about in tagged.elements("NonStruct"):
        if about.html_tag in GROUPS:
            element.S = Name.Div


def footnotes_as_notes(tagged: Tagged) -> None:
    for element, about in list(tagged.elements("LI")):
        if "footnote-item" not in about.classes or element.S != "/LI":
            continue
        element.S = Name.Note
        element.ID = String(about.html_id)
        if element.P.S == "/L":
            element.P.S = Name.Div
        for kid in element_kids(element):
            if kid.S == "/LBody":
                replace_by_children(tagged, kid)
            elif kid.S == "/Lbl":
                kid.S = Name.Span


def definition_lists(tagged: Tagged) -> None:
    """Each term with its definitions becomes one item: the term its label."""
    for dl, about in list(tagged.elements("L")):
        if about.html_tag != "dl":
            continue
        items, current = [], None
        for item in element_kids(dl):
            body = next(iter(element_kids(item)), None)
            term = body is not None and _tag(tagged, body) == "dt"
            if term or current is None:
                if term:
                    body.S = Name.Lbl
                current = item
                items.append(item)
            else:
                set_kids(current, kids(current) + adopt(tagged, item, current, kids(item)))
                tagged.detached.add(item.objgen)
        set_kids(dl, items)


def _tag(tagged: Tagged, element) -> str:
    about = tagged.about(element)
    return about.html_tag if about else ""
