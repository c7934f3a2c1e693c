"""Page furniture and repeated table headers become artifacts.

Running headers, footers and page numbers are drawn on every page; read out,
they would interrupt the text each time a page turns. WeasyPrint tags them as
content outside the tree; here their marked content becomes ``/Artifact``
(``/Pagination``); decoration WeasyPrint already leaves untagged gets ``/Layout``.
A table header row repeated on a new page is treated the same
way: the first one is the header, the rest are reminders for the eye.
"""

from __future__ import annotations

from publication.finish.tree import Tagged, marked_content, remove

__all__ = ["mark_hidden_images", "mark_page_furniture", "mark_repeated_table_headers"]


def mark_page_furniture(tagged: Tagged) -> None:
    for page, owners in tagged.marks.items():
        for mcid, owner in list(owners.items()):
            about = tagged.about(owner)
            if about is not None and about.in_margin:
                tagged.untag(page, mcid)


def mark_repeated_table_headers(tagged: Tagged) -> None:
    seen: set[int] = set()
    for element, about in list(tagged.elements("THead")):
        if about.key not in seen:
            seen.add(about.key)
            continue
        for page, mcid in list(marked_content(tagged, element)):
            tagged.untag(page, mcid)
        remove(tagged, element)


def mark_hidden_images(tagged: Tagged) -> None:
    """Images with empty alt text, or hidden from assistive technology, are decoration."""
    for element, about in list(tagged.elements("Figure")):
        if not about.hidden:
            continue
        for page, mcid in list(marked_content(tagged, element)):
            tagged.untag(page, mcid, "Layout")
        remove(tagged, element)
