"""The content-stream half of the PDF/UA check: what each page draws.

Every drawing must be tagged content or an artifact; running heads and page
numbers must be artifacts; tagged content must lead to its element through the
parent tree; and, when asked, no text may be smaller than a given size. The
scan of a page can be kept and reused where the same page appears again. A page
whose content (with the forms it draws) decodes to more than the bound is not
read at all: it is reported as too large to check.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary

from publication.check.findings import Report
from publication.check.overflow import (
    FontWidths,
    Overflow,
    advance,
    corners,
    element_at,
    font_widths,
    multiply,
    report_overflows,
    text_block,
)
from publication.limits import PDF_STREAM_BYTES
from publication.pdf.objects import number_tree
from publication.pdf.streams import decoded_length, page_content_length

__all__ = ["PageScan", "check_content", "page_scan"]

TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
PAINTING = {"Do", "BI", "sh", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*"}
GEOMETRY = {"q", "Q", "cm", "BT", "Tm", "Td", "TD", "re", "W", "W*", "n"}
# Only these operators matter here; asking for them alone keeps the scan fast. The
# rectangles of paths (re, W, n) matter only when what crosses the text block is measured.
_MARKS_AND_TEXT = ["BDC", "BMC", "EMC", "q", "Q", "cm", "BT", "Tm", "Td", "TD", "Tf"]
SCANNED_PLAIN = " ".join([*_MARKS_AND_TEXT, *sorted(TEXT_SHOWING), *sorted(PAINTING)])
SCANNED = " ".join([*_MARKS_AND_TEXT, "re", "W", "W*", "n", *sorted(TEXT_SHOWING),
                    *sorted(PAINTING)])  # fmt: skip
FURNITURE_BAND = 0.09  # top and bottom share of the page where running heads live


def check_content(pdf, root, report: Report, min_font_size: float | None, known: dict) -> None:
    entries = number_tree(root.get("/ParentTree")) if root is not None else {}
    marked = _scan_content(pdf, report, min_font_size, known, entries)
    if root is not None:
        _check_parent_tree(pdf, root, marked, report, entries)


def _check_parent_tree(pdf, root, marked: dict[int, set[int]], report: Report, entries) -> None:
    """Every tagged piece of content leads to its element through the parent tree."""
    next_key = root.get("/ParentTreeNextKey")
    if entries and next_key is None:
        report.add(
            "warning",
            "parent-tree-next-key",
            None,
            "",
            "the structure tree has no ParentTreeNextKey",
            "set ParentTreeNextKey to one more than the largest parent-tree key",
        )
    elif entries and int(next_key) <= max(entries):
        report.add(
            "error",
            "parent-tree-next-key",
            None,
            "",
            "ParentTreeNextKey is not larger than every parent-tree key",
            "set ParentTreeNextKey to one more than the largest parent-tree key",
        )
    for number, page in enumerate(pdf.pages, start=1):
        mcids = marked.get(number, set())
        if not mcids:
            continue
        owners = _page_owners(entries, page)
        missing = sorted(
            m for m in mcids if m >= len(owners) or not isinstance(owners[m], Dictionary)
        )
        if missing:
            report.add(
                "error",
                "parent-tree",
                number,
                "",
                f"{len(missing)} tagged piece(s) of content (MCID {missing[0]}...) have no "
                "structure element in the parent tree",
                "map every MCID of the page to its structure element in the ParentTree",
            )


@dataclass(frozen=True)
class PageScan:
    """What the content of one page showed: untagged drawing, tagged text near the
    top and bottom edges (``margin_text``: "band height digest" of each piece), text
    below the size asked for (and the MCID each size was first found in, -1 for
    none), the MCIDs it marks, and what crosses the text block; or that it was too
    large to read."""

    untagged: int
    margin_text: tuple[str, ...]
    small: tuple[float, ...]
    mcids: tuple[int, ...]
    small_in: tuple[int, ...] = ()
    overflows: tuple[Overflow, ...] = ()
    too_large: bool = False


def page_scan(
    page, min_font_size: float | None, fonts: dict | None = None, measure: bool = True
) -> PageScan:
    """One pass over the page's content; ``fonts`` keeps fonts' widths between pages.
    Without ``measure``, what crosses the text block is not looked for."""
    length = page_content_length(page)
    if length > PDF_STREAM_BYTES:
        return PageScan(0, (), (), (), too_large=True)
    scanner = _Scanner(page, min_font_size, {} if fonts is None else fonts, measure)
    scanner.budget -= length
    scanner.run()
    if scanner.too_large:
        return PageScan(0, (), (), (), too_large=True)
    sizes = tuple(sorted(scanner.small))
    return PageScan(
        scanner.untagged,
        tuple(sorted(scanner.margin_text)),
        sizes,
        tuple(sorted(scanner.mcids)),
        tuple(scanner.small[size] for size in sizes),
        scanner.overflows(),
    )


def _scan_content(pdf, report: Report, min_font_size, known: dict, entries) -> dict[int, set[int]]:
    """Marked content: every drawing is tagged or an artifact; furniture is an artifact;
    nothing crosses the text block."""
    repeated: Counter = Counter()
    marked: dict[int, set[int]] = {}
    fonts: dict = {}
    for number, page in enumerate(pdf.pages, start=1):
        scan = known.get(number - 1) or page_scan(page, min_font_size, fonts)
        if scan.too_large:
            report.add(
                "error",
                "too-large",
                number,
                "",
                f"the page's content is more than {PDF_STREAM_BYTES // 2**20} MB once "
                "decompressed: too large to check",
                "make the PDF again, or ask its author for a copy that is not so large",
            )
        if scan.overflows:
            owners = _page_owners(entries, page)
            report_overflows(number, scan.overflows, text_block(page), owners, report)
        untagged, small, mcids = scan.untagged, scan.small, set(scan.mcids)
        marked[number] = mcids
        if untagged:
            report.add(
                "error",
                "01-005",
                number,
                "",
                f"{untagged} drawing operation(s) are neither tagged content nor artifacts",
                "mark the content as an artifact or tag it in the structure tree",
            )
        repeated.update(set(scan.margin_text))
        owners = scan.small_in or (-1,) * len(small)
        for size, mcid in zip(small, owners, strict=True):
            owner = _owner(entries, page, mcid)
            message = f"text at {size:.1f} pt is smaller than {min_font_size:g} pt"
            fix = f"set every text style to {min_font_size:g} pt or more"
            if owner.startswith("Figure"):
                message += ", drawn in an image"
                fix += ", and draw the lettering in images that size or larger"
            report.add("error", "font-size", number, owner, message, fix)
    _report_furniture(repeated, len(pdf.pages), report)
    return marked


def _report_furniture(repeated: Counter, pages: int, report: Report) -> None:
    """Text repeated at one height near an edge on half the pages or more is furniture."""
    counts: dict[str, int] = {}
    for key, count in repeated.items():
        band = key.split()[0]
        counts[band] = max(counts.get(band, 0), count)
    for band, count in sorted(counts.items()):
        if pages >= 3 and count >= max(3, pages // 2):
            report.add(
                "error",
                "furniture-tagged",
                None,
                "",
                f"the same text near the {band} of the page on {count} of {pages} pages is "
                "tagged as content: running headers, footers and page numbers must be artifacts",
                "mark page furniture as /Artifact with /Type /Pagination",
            )


def _page_owners(entries: dict, page) -> list:
    """The elements a page's marked content belongs to, by MCID: the page's entry in
    the parent tree (empty when it has none, or one that is not an array)."""
    key = page.obj.get("/StructParents")
    owners = entries.get(int(key)) if key is not None else None
    return list(owners) if isinstance(owners, Array) else []


def _owner(entries: dict, page, mcid: int) -> str:
    """The structure element a piece of content belongs to, as findings name elements:
    'Figure (object 12) "the council's logo"' (an image says what it shows)."""
    if mcid < 0:
        return ""
    element = element_at(_page_owners(entries, page), mcid)
    if element is None or "/S" not in element:
        return ""
    number = element.objgen[0] if element.is_indirect else "direct"
    alt = f' "{element.Alt}"' if "/Alt" in element else ""
    return f"{str(element.S)[1:]} (object {number}){alt}"


MAX_FORM_DEPTH = 8
ARTIFACT, PAGINATION = -1, -2  # marked-content stack entries that are not tagged content


class _Scanner:
    """The state of one pass over a page: graphics and text matrices, the marked
    content in force, and the rectangles of the path being built."""

    def __init__(self, page, min_font_size: float | None, fonts: dict, measure: bool) -> None:
        self.page, self.min_font_size, self.fonts = page, min_font_size, fonts
        self.measuring = measure
        self.height = float(page.mediabox[3]) - float(page.mediabox[1]) or 1.0
        self.resources = page.obj.get("/Resources", Dictionary())
        self.font_resources = self.resources.get("/Font", Dictionary())
        self.clip: tuple[float, float, float, float] | None = None  # a form's box, if in one
        self.depth = 0  # forms inside forms
        self.block = text_block(page)
        self.untagged = 0
        self.margin_text: set[str] = set()
        self.budget = PDF_STREAM_BYTES  # decoded bytes left to read, the forms' included
        self.too_large = False
        self.small: dict[float, int] = {}  # size -> the MCID it was first found in
        self.mcids: set[int] = set()
        self.stack: list[int] = []  # MCID, or ARTIFACT / PAGINATION
        self.ctm = [(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)]
        self.text_matrix = self.line_matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        self.font: FontWidths | None = None
        self.font_size = 0.0
        self.path: list[float] | None = None  # x0, y0, x1, y1 of the rectangles so far
        self.worst: dict[tuple[int, str], Overflow] = {}
        self.waiting: list[tuple[int, str]] = []  # artifacts' overflows, before tagged content
        self.last_mcid = -1

    def run(self, source=None) -> None:
        operators = SCANNED if self.measuring else SCANNED_PLAIN
        for instruction in pikepdf.parse_content_stream(source or self.page, operators):
            op = str(instruction.operator)  # attribute access: unpacking is ten times slower
            operands = instruction.operands
            if op in TEXT_SHOWING:
                self.show(instruction)
            elif op in PAINTING:
                self.paint(op, operands)
            elif op in GEOMETRY:
                self.geometry(op, operands)
            else:
                self.mark(op, operands)

    def mark(self, op: str, operands) -> None:
        if op == "BDC" or op == "BMC":
            tag, properties = str(operands[0]), operands[1] if op == "BDC" else None
            is_dict = isinstance(properties, Dictionary)
            if tag == "/Artifact":
                paging = is_dict and properties.get("/Type") == "/Pagination"
                self.stack.append(PAGINATION if paging else ARTIFACT)
            elif is_dict and "/MCID" in properties:
                mcid = int(properties.MCID)
                self.stack.append(mcid)
                self.mcids.add(mcid)
                self._tagged(mcid)
            else:
                self.stack.append(ARTIFACT)
        elif op == "EMC" and self.stack:
            self.stack.pop()
        elif op == "Tf":
            self.font_size = float(operands[1])
            if self.measuring:  # widths only serve to measure text against the block
                font = self.font_resources.get(operands[0])
                self.font = None if font is None else self._widths(font)

    def geometry(self, op: str, operands) -> None:
        if op == "q":
            self.ctm.append(self.ctm[-1])
        elif op == "Q":
            if len(self.ctm) > 1:
                self.ctm.pop()
        elif op == "cm":
            self.ctm[-1] = multiply(tuple(float(v) for v in operands), self.ctm[-1])
        elif op == "BT":
            self.text_matrix = self.line_matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        elif op == "Tm":
            self.text_matrix = self.line_matrix = tuple(float(v) for v in operands)
        elif op in ("Td", "TD"):
            tx, ty = float(operands[0]), float(operands[1])
            self.line_matrix = multiply((1, 0, 0, 1, tx, ty), self.line_matrix)
            self.text_matrix = self.line_matrix
        elif op == "re":
            x, y, w, h = (float(v) for v in operands)
            box = corners(self.ctm[-1], x, y, x + w, y + h)
            path = self.path
            self.path = list(box) if path is None else [
                min(path[0], box[0]), min(path[1], box[1]),
                max(path[2], box[2]), max(path[3], box[3]),
            ]  # fmt: skip
        else:  # W, W*, n: a clipping path or no painting; nothing drawn
            if op == "n":
                self.path = None

    def show(self, instruction) -> None:
        if not self.stack:
            self.untagged += 1
            return
        combined = multiply(self.text_matrix, self.ctm[-1])
        x, y = combined[4], combined[5]
        current = self.stack[-1]
        if current >= 0 and (y < self.height * FURNITURE_BAND
                             or y > self.height * (1 - FURNITURE_BAND)):  # fmt: skip
            band = "top" if y > self.height / 2 else "bottom"
            shown = hashlib.sha1(instruction.operands[-1].unparse(), usedforsecurity=False)
            self.margin_text.add(f"{band} {y:.0f} {shown.hexdigest()[:12]}")
        scale = abs(combined[0] * combined[3] - combined[1] * combined[2]) ** 0.5
        if self.min_font_size is not None:
            size = self.font_size * scale
            if 0 < size < self.min_font_size - 0.01:
                owner = next((m for m in reversed(self.stack) if m >= 0), -1)
                self.small.setdefault(round(size, 1), owner)
        if not self.measuring:
            return
        width = advance(instruction, self.font, self.font_size)
        self.text_matrix = multiply((1, 0, 0, 1, width, 0), self.text_matrix)
        if current != PAGINATION:
            end_x, end_y = x + width * combined[0], y + width * combined[1]
            self._measure("text", min(x, end_x), min(y, end_y), max(x, end_x), max(y, end_y))

    def paint(self, op: str, operands) -> None:
        path, self.path = self.path, None
        if not self.stack:
            self.untagged += self.depth == 0  # inside a form, the form's drawing counted
            return
        if self.stack[-1] == PAGINATION:
            return
        if op == "Do":
            xobject = self.resources.get("/XObject", Dictionary()).get(operands[0])
            if xobject is not None and xobject.get("/Subtype") == "/Form":
                self._form(xobject)
            else:
                self._measure("image", *corners(self.ctm[-1], 0, 0, 1, 1))
        elif path is not None:
            self._measure("shape", *path)

    def _form(self, form) -> None:
        """A form XObject's own content, measured where it is drawn, within its box."""
        if self.depth >= MAX_FORM_DEPTH or "/BBox" not in form or self.too_large:
            return
        self.budget -= decoded_length(form, max(self.budget, 0))
        if self.budget < 0:  # a form drawn again and again counts each time
            self.too_large = True
            return
        saved = (self.resources, self.font_resources, self.clip, list(self.ctm))
        matrix = form.get("/Matrix")
        ctm = self.ctm[-1]
        if matrix is not None:
            ctm = multiply(tuple(float(v) for v in matrix), ctm)
        box = corners(ctm, *(float(v) for v in form.BBox))
        self.clip = box if self.clip is None else _intersect(self.clip, box)
        self.resources = form.get("/Resources", self.resources)
        self.font_resources = self.resources.get("/Font", self.font_resources)
        self.ctm, self.depth = [ctm], self.depth + 1
        try:
            self.run(form)
        finally:
            self.resources, self.font_resources, self.clip, self.ctm = saved
            self.depth -= 1

    def _measure(self, kind: str, x0: float, y0: float, x1: float, y1: float) -> None:
        if not self.measuring:
            return
        if self.clip is not None:
            x0, y0, x1, y1 = _intersect(self.clip, (x0, y0, x1, y1))
        side, points = self.block.beyond(x0, y0, x1, y1)
        if not side:
            return
        mcid = self.stack[-1] if self.stack[-1] >= 0 else -1
        key = (mcid, kind) if mcid >= 0 else (-1 - len(self.waiting), kind)
        if mcid < 0:
            self.waiting.append(key)
        known = self.worst.get(key)
        if known is None or points > known.points:
            self.worst[key] = Overflow(mcid, -1, kind, side, points)

    def _tagged(self, mcid: int) -> None:
        """Tagged content follows: it names the element near the decoration before it."""
        self.last_mcid = mcid
        for key in self.waiting:
            self.worst[key] = dataclasses.replace(self.worst[key], near=mcid)
        self.waiting = []

    def _widths(self, font) -> FontWidths:
        key = font.objgen
        if key == (0, 0) or key not in self.fonts:
            self.fonts[key] = font_widths(font)
        return self.fonts[key]

    def overflows(self) -> tuple[Overflow, ...]:
        for key in self.waiting:  # decoration drawn last: the content before it
            self.worst[key] = dataclasses.replace(self.worst[key], near=self.last_mcid)
        return tuple(self.worst.values())


def _intersect(a, b) -> tuple[float, float, float, float]:
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    return x0, y0, max(x0, min(a[2], b[2])), max(y0, min(a[3], b[3]))
