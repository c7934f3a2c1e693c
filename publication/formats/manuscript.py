"""What every format is written from: the model, its Markdown as HTML, and the
print edition's page numbers.

Page numbers come from the standard edition as typeset (``typeset.pdf``): the
page on which each section, block, card and principle starts. A format that
marks print pages (the e-book's page list, braille's print page indicators)
asks ``page_marks`` where each page begins.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from publication.source.markup import Fragments
from publication.source.model import Cards, Principles, Prose, Publication, Section
from publication.typeset.html import block_id

__all__ = ["FRONT_IDS", "Manuscript", "page_marks", "reading_order_ids"]

# The ids of the front matter that the print edition gives a page: the contents
# and "About this document" headings.
FRONT_IDS = ("contents-heading", "about-heading")
_HEADING_ID = re.compile(r'<h[3-6] id="(t\d+-h\d+)"')


@dataclass(frozen=True)
class Manuscript:
    publication: Publication
    fragments: Fragments
    # the id of each section, block, card or principle -> the standard edition's
    # page number it starts on (the cover is page 1); empty when not known
    print_pages: Mapping[str, int] = field(default_factory=dict)
    print_page_count: int = 0  # pages in the standard edition; 0 when not known


def reading_order_ids(section: Section, fragments: Fragments) -> Iterator[str]:
    """The ids a section's elements carry in every format, in reading order: the
    section, each block, card and principle, and each heading in its prose."""
    yield section.anchor
    for number, block in enumerate(section.blocks, 1):
        yield block_id(section.anchor, number)
        if isinstance(block, Cards | Principles):
            for item in range(1, len(block.items) + 1):
                yield f"{block_id(section.anchor, number)}-{item}"
        if isinstance(block, Prose):
            yield from _HEADING_ID.findall(str(fragments[block.text]))
    for child in section.sections:
        yield from reading_order_ids(child, fragments)


def page_marks(
    ids: list[str], pages: Mapping[str, int], first: int = 1, last: int = 0
) -> dict[str, list[int]]:
    """Which print pages begin at each id, for ids in reading order.

    A page on which nothing new starts (a long paragraph runs over it) is given
    to the element that runs over it, so every page from ``first`` to ``last``
    is marked once, and in order.
    """
    marks: dict[str, list[int]] = {}
    latest, previous = first - 1, ""
    for ident in ids:
        page = pages.get(ident)
        if page is None or page <= latest:
            continue
        skipped = list(range(latest + 1, page))
        if skipped and previous:
            marks[previous].extend(skipped)
            marks.setdefault(ident, []).append(page)
        else:
            marks.setdefault(ident, []).extend([*skipped, page])
        latest, previous = page, ident
    if previous:
        marks[previous].extend(range(latest + 1, last + 1))
    return marks
