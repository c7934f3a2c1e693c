"""How a table is printed at an edition's size on its paper: as it is, with its cell
padding shrunk, or stacked as a list of "header: value" lines. Never clipped.

A column is at least as wide as its longest word, so a table fits when its
longest words and the cells' padding fit the text block together. Words are
measured in the print face itself (Open Sans, found through fontconfig); text
is never made smaller than the edition's size to make a table fit.
"""

from __future__ import annotations

import re
import subprocess
from functools import cache, lru_cache

from PIL import ImageFont

from publication.source.model import Table

__all__ = ["TEXT_WIDTH_MM", "table_form", "word_width"]

PT_PER_MM = 72 / 25.4
# The text block's width: the paper less the margins of paper-a4.css, paper-a5.css
# and large-print.css (large print is always A4, 20 mm each side).
TEXT_WIDTH_MM = {"A4": 170.0, "A5": 120.0}
# Cell padding, both sides together, and the rule between cells: as printed
# (blocks.css: 2 mm a side) and shrunk (1 mm a side).
FORMS = (("full", 4.0 + 0.3), ("compact", 2.0 + 0.3))
AVERAGE_EM = 0.62  # when the face cannot be found: a cautious width of a bold letter
_MARKUP = re.compile(r"[*_`\[\]]|\]\([^)]*\)")


def table_form(table: Table, size: float, paper: str) -> str:
    """'full', 'compact' or 'stacked': the first way the table fits the text block."""
    columns = len(table.rows[0])
    widest = [0.0] * columns
    for number, row in enumerate(table.rows):
        for column, cell in enumerate(row):
            bold = (number == 0 and table.header_row) or (column == 0 and table.header_column)
            words = _MARKUP.sub(" ", cell.source).split()
            longest = max((word_width(word, size, bold) for word in words), default=0.0)
            widest[column] = max(widest[column], longest)
    available = TEXT_WIDTH_MM[paper] * PT_PER_MM
    for form, padding_mm in FORMS:
        if sum(widest) + columns * padding_mm * PT_PER_MM <= available:
            return form
    return "stacked"


def word_width(word: str, size: float, bold: bool = False) -> float:
    """The width of ``word`` in points, set at ``size`` points in the print face."""
    return _em_width(word, bold) * size


@lru_cache(maxsize=1 << 16)
def _em_width(word: str, bold: bool) -> float:
    """A word's width in ems: letter by letter, without kerning (which only ever
    narrows a word), so never less than it prints at and ten times quicker to
    measure than with text shaping; a table's words are measured once each."""
    font = _face(bold)
    if font is None:
        return len(word) * AVERAGE_EM
    return font.getlength(word) / 1000


@cache
def _face(bold: bool) -> ImageFont.FreeTypeFont | None:
    """Open Sans at 1000 units to the em, as base.css asks for it; None if not installed."""
    pattern = "Open Sans:bold" if bold else "Open Sans:regular"
    try:
        found = subprocess.run(
            ["fc-match", "--format=%{file}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
        if "OpenSans" not in found.replace(" ", ""):
            return None
        return ImageFont.truetype(found, 1000, layout_engine=ImageFont.Layout.BASIC)
    except (OSError, subprocess.SubprocessError):
        return None
