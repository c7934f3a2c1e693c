"""Elements with nothing to read are taken out of the tree.

A decorative icon drawn as a background leaves an empty ``Span`` behind, and
an element whose content all became artifacts is empty too: a screen reader
would announce it as nothing. An element with no content, no children and no
alternative text or expansion is removed; table cells stay, as the grid needs
them even when a cell is empty.
"""

from __future__ import annotations

from pikepdf import Dictionary

from publication.finish.tree import Tagged, is_element, kids, remove

__all__ = ["remove_empty_elements"]

KEEP = {"/TD", "/TH", "/Document"}
SAYS_SOMETHING = ("/Alt", "/ActualText", "/E")


def remove_empty_elements(tagged: Tagged) -> None:
    # Children were made after their parents: backwards, a parent left empty by
    # the removal of its children is seen after them.
    for element, _ in reversed(list(tagged.elements())):
        if element.get("/S") in KEEP or "/P" not in element:
            continue
        if any(str(element.get(key, "")).strip() for key in SAYS_SOMETHING):
            continue
        if not any(_live(tagged, element, item) for item in kids(element)):
            remove(tagged, element)


def _live(tagged: Tagged, element, item) -> bool:
    if isinstance(item, int):
        return int(item) in tagged.marks.get(tagged.page_of(element), {})
    if is_element(item):
        return item.objgen not in tagged.detached
    return isinstance(item, Dictionary)  # a reference to content or an annotation
