"""The content-stream half of the PDF/UA check: what each page draws.

Every drawing must be tagged content or an artifact; running heads and page
numbers must be artifacts; tagged content must lead to its element through the
parent tree; and, when asked, no text may be smaller than a given size. The
scan of a page can be kept and reused where the same page appears again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary

from publication.check.findings import Report
from publication.pdfobjects import number_tree

__all__ = ["PageScan", "check_content", "page_scan"]

TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
PAINTING = {"Do", "BI", "sh", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*"}
# Only these operators matter here; asking for them alone keeps the scan fast.
SCANNED = " ".join(
    [
        "BDC",
        "BMC",
        "EMC",
        "q",
        "Q",
        "cm",
        "BT",
        "Tm",
        "Td",
        "TD",
        "Tf",
        *sorted(TEXT_SHOWING),
        *sorted(PAINTING),
    ]
)
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
        key = page.obj.get("/StructParents")
        owners = entries.get(int(key)) if key is not None else None
        owners = list(owners) if isinstance(owners, Array) else []
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
    """What the content of one page showed: untagged drawing, tagged text in the
    margins, text below the size asked for (and the MCID each size was first found
    in, -1 for none), and the MCIDs it marks."""

    untagged: int
    bands: tuple[str, ...]
    small: tuple[float, ...]
    mcids: tuple[int, ...]
    small_in: tuple[int, ...] = ()


def page_scan(page, min_font_size: float | None) -> PageScan:
    height = float(page.mediabox[3]) - float(page.mediabox[1]) or 1.0
    untagged, bands, small, mcids = _scan_page(page, height, min_font_size)
    sizes = tuple(sorted(small))
    return PageScan(
        untagged,
        tuple(sorted(bands)),
        sizes,
        tuple(sorted(mcids)),
        tuple(small[size] for size in sizes),
    )


def _scan_content(pdf, report: Report, min_font_size, known: dict, entries) -> dict[int, set[int]]:
    """Marked content: every drawing is tagged or an artifact; furniture is an artifact."""
    tagged_bands: Counter = Counter()
    marked: dict[int, set[int]] = {}
    for number, page in enumerate(pdf.pages, start=1):
        scan = known.get(number - 1) or page_scan(page, min_font_size)
        untagged, bands, small, mcids = scan.untagged, scan.bands, scan.small, set(scan.mcids)
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
        for band in bands:
            tagged_bands[band] += 1
        owners = scan.small_in or (-1,) * len(small)
        for size, mcid in zip(small, owners, strict=True):
            owner = _owner(entries, page, mcid)
            in_image = owner.startswith("Figure")
            message = f"text at {size:.1f} pt is smaller than {min_font_size:g} pt"
            fix = f"set every text style to {min_font_size:g} pt or more"
            if in_image:
                message += ", drawn in an image"
                fix += ", and draw the lettering in images that size or larger"
            report.add("error", "font-size", number, owner, message, fix)
    pages = len(pdf.pages)
    for band, count in sorted(tagged_bands.items()):
        if pages >= 3 and count >= max(3, pages // 2):
            report.add(
                "error",
                "furniture-tagged",
                None,
                "",
                f"text in the page {band} margin on {count} of {pages} pages is tagged as "
                "content: running headers, footers and page numbers must be artifacts",
                "mark page furniture as /Artifact with /Type /Pagination",
            )
    return marked


def _scan_page(page, height: float, min_font_size: float | None):
    untagged = 0
    bands: set[str] = set()
    small: dict[float, int] = {}  # size -> the MCID it was first found in
    mcids: set[int] = set()
    stack: list[bool] = []  # True for real content (has MCID), False for artifact
    marks: list[int] = []  # the MCID of each open marked-content sequence, -1 for none
    ctm = [(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)]
    text_matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    line_matrix = text_matrix
    font_size = 0.0
    for instruction in pikepdf.parse_content_stream(page, SCANNED):
        op = str(instruction.operator)  # attribute access: unpacking is ten times slower
        operands = instruction.operands
        if op in ("BDC", "BMC"):
            tag = str(operands[0])
            has_mcid = (
                op == "BDC" and isinstance(operands[1], Dictionary) and "/MCID" in operands[1]
            )
            stack.append(has_mcid if tag != "/Artifact" else False)
            marks.append(int(operands[1].MCID) if has_mcid else -1)
            if has_mcid:
                mcids.add(marks[-1])
            if tag == "/Artifact":
                stack[-1] = False
        elif op == "EMC" and stack:
            stack.pop()
            marks.pop()
        elif op == "q":
            ctm.append(ctm[-1])
        elif op == "Q" and len(ctm) > 1:
            ctm.pop()
        elif op == "cm":
            ctm[-1] = _multiply(tuple(float(v) for v in operands), ctm[-1])
        elif op == "BT":
            text_matrix = line_matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        elif op == "Tm":
            text_matrix = line_matrix = tuple(float(v) for v in operands)
        elif op in ("Td", "TD"):
            tx, ty = float(operands[0]), float(operands[1])
            line_matrix = _multiply((1, 0, 0, 1, tx, ty), line_matrix)
            text_matrix = line_matrix
        elif op == "Tf":
            font_size = float(operands[1])
        if op in TEXT_SHOWING or op in PAINTING:
            if not stack:
                untagged += 1
            elif op in TEXT_SHOWING:
                combined = _multiply(text_matrix, ctm[-1])
                y = combined[5]
                if stack[-1] and (y < height * FURNITURE_BAND or y > height * (1 - FURNITURE_BAND)):
                    bands.add("top" if y > height / 2 else "bottom")
                if min_font_size is not None:
                    scale = abs(combined[0] * combined[3] - combined[1] * combined[2]) ** 0.5
                    size = font_size * scale
                    if 0 < size < min_font_size - 0.01:
                        owner = next((m for m in reversed(marks) if m >= 0), -1)
                        small.setdefault(round(size, 1), owner)
    return untagged, bands, small, mcids


def _owner(entries: dict, page, mcid: int) -> str:
    """The structure element a piece of content belongs to, as findings name elements:
    'Figure (object 12) "the council's logo"' (an image says what it shows)."""
    key = page.obj.get("/StructParents")
    owners = entries.get(int(key)) if key is not None and mcid >= 0 else None
    if not isinstance(owners, Array) or mcid >= len(owners):
        return ""
    element = owners[mcid]
    if not isinstance(element, Dictionary) or "/S" not in element:
        return ""
    number = element.objgen[0] if element.is_indirect else "direct"
    alt = f' "{element.Alt}"' if "/Alt" in element else ""
    return f"{str(element.S)[1:]} (object {number}){alt}"


def _multiply(m, n):
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
