"""Nothing leaves the page: every glyph, image and shape measured against the text block.

A page's text block is where its content belongs: the page's ``/ArtBox`` when
the PDF gives one (ours does: the page area inside the margins), otherwise the
paper itself (``/CropBox`` or ``/MediaBox``), so on anyone's PDF this finds what
runs off the edge. Running headers, footers and page numbers (``/Pagination``
artifacts) live in the margins by design and are not measured.

The measuring rides on the content scan of ``content.py``: one pass over each
page's operators, into form XObjects (an SVG picture) too. Text is measured
along its baseline, by its advance widths from the font's own width tables;
images by their placement; filled and stroked rectangles (borders, backgrounds,
table rules) by their corners. Lines drawn with ``m``/``l`` alone are not
measured.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections import defaultdict
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, String

from publication.check.findings import Finding, Report

__all__ = [
    "Overflow",
    "TextBlock",
    "advance",
    "element_at",
    "font_widths",
    "report_overflows",
    "text_block",
]

TOLERANCE = 1.0  # points: half a hairline border sits on the edge of the box it draws
MM = 72 / 25.4


@dataclass(frozen=True)
class TextBlock:
    left: float
    bottom: float
    right: float
    top: float
    declared: bool  # the PDF says where its text block is (ArtBox); else the paper edge

    def beyond(self, x0: float, y0: float, x1: float, y1: float) -> tuple[str, float]:
        """The side the box crosses most, and by how many points ('' and 0 when inside)."""
        sides = (
            ("left", self.left - x0),
            ("right", x1 - self.right),
            ("bottom", self.bottom - y0),
            ("top", y1 - self.top),
        )
        side, amount = max(sides, key=lambda pair: pair[1])
        return (side, amount) if amount > TOLERANCE else ("", 0.0)


def text_block(page) -> TextBlock:
    obj = page.obj
    for key in ("/ArtBox", "/CropBox", "/MediaBox"):
        box = obj.get(key)
        if isinstance(box, Array) and len(box) == 4:
            x0, y0, x1, y1 = (float(v) for v in box)
            return TextBlock(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1), key == "/ArtBox")
    return TextBlock(0, 0, 612, 792, False)  # US Letter: the default the PDF standard names


@dataclass(frozen=True)
class Overflow:
    """Content of one element that crosses the text block, the worst of it on a page."""

    mcid: int  # the marked content, or -1 for an artifact (decoration)
    near: int  # for an artifact, the next tagged content drawn (its element), else -1
    kind: str  # "text", "image" or "shape"
    side: str  # "left", "right", "top", "bottom"
    points: float  # how far beyond the edge


# -- fonts: advance widths, read once per font ------------------------------


@dataclass(frozen=True)
class FontWidths:
    two_byte: bool
    widths: defaultdict[int, float]  # code -> width in thousandths of an em
    default: float


CODES = 0x10000  # the codes a two-byte string can hold: 0 to 0xFFFF
WIDTHS_READ = 4 * CODES  # codes a /W may set in all: a real font sets each code once at most


def font_widths(font) -> FontWidths:
    """The advance widths of a font as its PDF declares them (Type0 ``/W`` or ``/Widths``)."""
    if font.get("/Subtype") == "/Type0":
        descendant = font.DescendantFonts[0]
        default = float(descendant.get("/DW", 1000))
        widths: defaultdict[int, float] = defaultdict(lambda: default)
        widths.update(_cid_widths(list(descendant.get("/W", Array()))))
        return FontWidths(True, widths, default)
    first = int(font.get("/FirstChar", 0))
    widths = defaultdict(lambda: 500.0)
    widths.update({first + n: float(w) for n, w in enumerate(font.get("/Widths", Array()))})
    return FontWidths(False, widths, 500.0)


def _cid_widths(spec: list) -> dict[int, float]:
    """A Type0 font's ``/W``: runs of ``first [w1 w2 ...]`` and ``first last w``.

    Its numbers are anyone's: ``[0 2000000000 500]`` read code by code would fill the
    memory, and one range of every code given thousands of times would take minutes.
    So a range is cut to the codes a two-byte string can hold, and the reading stops
    once ``WIDTHS_READ`` codes have been set (what follows keeps the default width),
    or at a range that lacks its width.
    """
    widths: dict[int, float] = {}
    budget, i = WIDTHS_READ, 0
    while i + 1 < len(spec) and budget > 0:
        first = int(spec[i])
        if isinstance(spec[i + 1], Array):
            given = list(spec[i + 1])
            budget -= len(given)
            widths.update((first + n, float(width)) for n, width in enumerate(given))
            i += 2
        elif i + 2 < len(spec):
            last, width = int(spec[i + 1]), float(spec[i + 2])
            codes = range(max(first, 0), min(last, CODES - 1) + 1)
            budget -= len(codes)
            widths.update(dict.fromkeys(codes, width))
            i += 3
        else:
            break
    return widths


_HEX_STRING = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_NUMBER = re.compile(rb"-?\d*\.?\d+")


def advance(instruction, font: FontWidths | None, size: float) -> float:
    """How far a text-showing operator moves along the line, in text space.

    Read from the operator's own bytes: one regular expression over them is five
    times faster than visiting each string and kerning number of a ``TJ`` array.
    """
    raw = pikepdf.unparse_content_stream([instruction])
    if b"(" in raw and _NONEMPTY_LITERAL.search(raw):
        return _advance_by_items(instruction.operands, font, size)
    glyphs = bytes.fromhex(b"".join(_HEX_STRING.findall(raw)).decode())
    kerning = sum(map(float, _NUMBER.findall(_HEX_STRING.sub(b" ", raw))))
    return (_glyph_widths(glyphs, font) - kerning) / 1000 * size


_NONEMPTY_LITERAL = re.compile(rb"\((?!\))")


def _glyph_widths(data: bytes, font: FontWidths | None) -> float:
    if font is None:
        return len(data) * 600.0
    if font.two_byte:
        codes = array("H", data[: len(data) // 2 * 2])
        if sys.byteorder == "little":
            codes.byteswap()
        return sum(map(font.widths.__getitem__, codes))
    return sum(map(font.widths.__getitem__, data))


def _advance_by_items(operands, font: FontWidths | None, size: float) -> float:
    """The general case: literal strings, whose escapes only pikepdf reads right."""
    strings = operands[-1] if len(operands) else ()
    items = strings if isinstance(strings, Array) else [strings]
    total = 0.0
    for item in items:
        if isinstance(item, String):
            total += _glyph_widths(bytes(item), font)
        else:
            total -= float(item)
    return total / 1000 * size


def corners(m, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    a, b, c, d, e, f = m
    xs = [a * x + c * y + e for x in (x0, x1) for y in (y0, y1)]
    ys = [b * x + d * y + f for x in (x0, x1) for y in (y0, y1)]
    return min(xs), min(ys), max(xs), max(ys)


def multiply(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


# -- findings -----------------------------------------------------------------

KIND_WORDS = {"text": "text", "image": "an image", "shape": "a box or rule"}


def report_overflows(
    number: int, overflows, block: TextBlock, owners: list, report: Report
) -> None:
    """One finding per kind of content and edge crossed on page ``number``, about the
    element that crosses it furthest (a wide table's cells are one finding)."""
    edge = "the text block" if block.declared else "the paper"
    groups: dict[tuple[str, str], list[Overflow]] = {}
    for overflow in overflows:
        groups.setdefault((overflow.kind, overflow.side), []).append(overflow)
    for (kind, side), found in groups.items():
        worst = max(found, key=lambda overflow: overflow.points)
        mcid = worst.mcid if worst.mcid >= 0 else worst.near
        owner = element_at(owners, mcid)
        role = str(owner.get("/S", ""))[1:] if owner is not None else ""
        element = role if worst.mcid >= 0 else f"decoration near {role or 'content'}"
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        report.findings.append(
            Finding(
                "error",
                "overflow",
                number,
                element,
                f"{KIND_WORDS[kind]}{more} runs {worst.points / MM:.1f} mm past the {side} "
                f"edge of {edge}",
                "make it fit the page: break long words or addresses, give a table fewer "
                "or narrower columns, or make the image smaller",
                mcid=mcid,
            )
        )


def element_at(owners: list, mcid: int) -> Dictionary | None:
    """The element that marked content ``mcid`` belongs to, from its page's parent-tree
    entry; None for an artifact (-1) or an MCID the entry does not map."""
    if 0 <= mcid < len(owners) and isinstance(owners[mcid], Dictionary):
        return owners[mcid]
    return None
