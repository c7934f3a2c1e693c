"""Plain text: UTF-8, 80 columns, for email and for reading with anything.

Headings are underlined (the title over- and underlined), paragraphs separated
by a blank line, lists indented under their markers, table rows written out
("Ward: Riverside; 2025: 12,000"), images as their alt text in brackets, and
each section's footnotes after it. Print page numbers are left out: plain text
has no pages.
"""

from __future__ import annotations

import textwrap

from publication.formats.manuscript import Manuscript
from publication.formats.plain import Heading, Item, Paragraph, plain_document

__all__ = ["COLUMNS", "render_text", "write_text"]

COLUMNS = 80
UNDERLINES = {1: "=", 2: "=", 3: "-", 4: "~", 5: ".", 6: "."}


def write_text(manuscript: Manuscript) -> dict[str, bytes]:
    name = f"{manuscript.publication.slug}.txt"
    return {name: render_text(plain_document(manuscript)).encode("utf-8")}


def render_text(items: list[Item]) -> str:
    """Blocks separated by a blank line; the lines of a list follow each other."""
    text = ""
    previous: Item | None = None
    for item in items:
        if isinstance(item, Heading):
            block, gap = _heading(item), "\n\n\n" if item.level <= 2 else "\n\n"
        elif isinstance(item, Paragraph) and item.text:
            tight = item.tight and isinstance(previous, Paragraph) and previous.tight
            block, gap = _paragraph(item), "\n" if tight else "\n\n"
        else:
            continue
        text += (gap if text else "") + block
        previous = item
    return text + "\n"


def _heading(heading: Heading) -> str:
    lines = textwrap.wrap(heading.text, COLUMNS, break_long_words=False, break_on_hyphens=False)
    rule = UNDERLINES[heading.level] * max(len(line) for line in lines)
    above = [rule] if heading.level == 1 else []
    return "\n".join([*above, *lines, rule])


def _paragraph(paragraph: Paragraph) -> str:
    indent = "   " * paragraph.depth
    marker = f"{paragraph.marker} " if paragraph.marker else ""
    # A wrapped line starts under the text after a marker, or further in than the
    # first line of a table row, so each item still starts at its own margin.
    runover = " " * len(marker) if marker else "  " * (paragraph.depth > 0)
    wrapper = textwrap.TextWrapper(
        COLUMNS,
        initial_indent=indent + marker,
        subsequent_indent=indent + runover,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return wrapper.fill(paragraph.text)
