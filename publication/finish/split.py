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

__all__ = ["join_pieces", "join_split_elements"]


def join_split_elements(tagged: Tagged) -> None:
    top = element_kids(tagged.document)
    pages = [tagged.page_of(element) for element in top]
    previous = None
    for element, page in zip(top, pages, strict=True):
        joined = previous is not None and page != tagged.page_of(previous)
        if joined and join_pieces(tagged, previous, element):
            continue  # the earlier piece stays the open one
        previous = element


def join_pieces(tagged: Tagged, before, after) -> bool:
    """Join ``after`` into ``before`` if both are pieces of one HTML element, and
    their touching ends likewise, all the way down."""
    key = tagged.key(before)
    if key < 0 or key != tagged.key(after):
        return False
    last, first = kids(before)[-1:], kids(after)[:1]
    if last and first and is_element(last[0]) and is_element(first[0]):
        join_pieces(tagged, last[0], first[0])
    set_kids(before, kids(before) + adopt(tagged, after, before, kids(after)))
    remove(tagged, after)
    return True
