"""A booklet for the photocopier: pages imposed two-up in saddle-stitch order.

A library prints a leaflet as an A5 booklet on A4: each sheet is printed on
both sides with two pages a side, the sheets are stacked, folded in half and
stapled on the fold. The pages are padded with blank pages to a multiple of
four. Each side is a sheet twice the width of a page (A5 on A4 landscape, A4
on A3 landscape), meant for double-sided printing flipped on the short edge,
which the file asks the print dialogue for.
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Dictionary, Name, Rectangle

from publication.check.pdf import READING_COPY
from publication.messages import Translator, mark

__all__ = ["booklet_sides", "impose_booklet", "sheet_size"]


def booklet_sides(pages: int) -> list[tuple[int | None, int | None]]:
    """The sides of the sheets in printing order, each as (left, right) page numbers
    counted from 0, None for a blank. The first side is the outside of the first
    sheet: the last page on the left, the first page on the right."""
    total = max(4, -(-pages // 4) * 4)
    sides = []
    for sheet in range(total // 4):
        sides.append((total - 1 - 2 * sheet, 2 * sheet))  # front of the sheet
        sides.append((2 * sheet + 1, total - 2 - 2 * sheet))  # back of the sheet
    return [tuple(n if n < pages else None for n in side) for side in sides]  # type: ignore[misc]


# ISO sheets in landscape, in points: a booklet is printed on the smallest that holds
# two pages side by side (two A5 pages, 296 mm together, on A4 of 297 mm).
SHEETS = ((841.89, 595.28), (1190.55, 841.89))
SLACK = 3.0  # points a sheet may be larger than the pages by, each way


def sheet_size(width: float, height: float) -> tuple[float, float]:
    """The paper two pages side by side are printed on: an ISO sheet if one fits them
    closely, else exactly their size."""
    for sheet_width, sheet_height in SHEETS:
        if 0 <= sheet_width - width <= SLACK and 0 <= sheet_height - height <= SLACK:
            return sheet_width, sheet_height
    return width, height


def impose_booklet(data: bytes, title: str, reading_copy: str, words: Translator) -> bytes:
    """The finished PDF ``data`` as a booklet to print; ``reading_copy`` names the
    tagged file to read on screen, which the booklet's metadata points to, in the
    publication's language (``words``)."""
    with pikepdf.open(io.BytesIO(data)) as source, pikepdf.new() as booklet:
        width = max(float(page.mediabox[2]) - float(page.mediabox[0]) for page in source.pages)
        height = max(float(page.mediabox[3]) - float(page.mediabox[1]) for page in source.pages)
        sheet_width, sheet_height = sheet_size(2 * width, height)
        x, y = (sheet_width - 2 * width) / 2, (sheet_height - height) / 2  # pages meet at the fold
        for left, right in booklet_sides(len(source.pages)):
            sheet = booklet.add_blank_page(page_size=(sheet_width, sheet_height))
            for slot, number in enumerate((left, right)):
                if number is not None:
                    place = Rectangle(x + slot * width, y, x + (slot + 1) * width, y + height)
                    sheet.add_overlay(source.pages[number], place)
        _describe(booklet, source, words.gettext("%(title)s (booklet for printing)", title=title),
                  words.gettext(PURPOSE, file=reading_copy), reading_copy)  # fmt: skip
        out = io.BytesIO()
        booklet.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


PURPOSE = mark(
    "For printing only: the pages of %(file)s imposed as a booklet. Print on both sides, "
    "flipping on the short edge, fold and staple. To read on screen or with a screen "
    "reader, use %(file)s."
)


def _describe(
    booklet: pikepdf.Pdf, source: pikepdf.Pdf, title: str, purpose: str, reading_copy: str
) -> None:
    """Say what the file is for, where people and programs look: it is for printing
    only; the accessible copy is the reading copy."""
    booklet.docinfo[Name.Title] = title
    booklet.docinfo[Name.Subject] = purpose
    booklet.docinfo[Name(READING_COPY)] = reading_copy  # for `publication check` to point at
    for key in (Name.Author, Name.CreationDate, Name.ModDate):
        if key in source.docinfo:
            booklet.docinfo[key] = source.docinfo[key]
    if "/Lang" in source.Root:
        booklet.Root.Lang = source.Root.Lang
    booklet.Root.ViewerPreferences = Dictionary(
        Duplex=Name.DuplexFlipShortEdge, PrintScaling=Name("/None"), DisplayDocTitle=True
    )
    with booklet.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = title
        meta["dc:description"] = purpose
