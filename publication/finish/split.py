"""Elements split over pages become one element again.

WeasyPrint builds the structure tree page by page, so a table, list, paragraph
or section that runs over a page break becomes two elements, one per page. At
each page break the last open element of one page and the first of the next
are joined when they came from the same HTML element, all the way down.
"""

from __future__ import annotations

from publication.finish.tree import (
    Tagged,
    adopt,
    element_kids,
    is_element,
    kids,
    remove,
    set_kids,
)

__all__ = ["join_split_elements"]


def join_split_elements(tagged: Tagged) -> None:
    document = tagged.document
    for page in range(1, len(tagged.pdf.pages)):
        top = element_kids(document)
        first = next((i for i, e in enumerate(top) if tagged.page_of(e) == page), None)
        if first:
            _join(tagged, top[first - 1], top[first])


def _join(tagged: Tagged, before, after) -> None:
    key = tagged.key(before)
    if key < 0 or key != tagged.key(after):
        return
    last, first = kids(before)[-1:], kids(after)[:1]
    if last and first and is_element(last[0]) and is_element(first[0]):
        _join(tagged, last[0], first[0])
    set_kids(before, kids(before) + adopt(tagged, after, before, kids(after)))
    remove(after.P, after)
