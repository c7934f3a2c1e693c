"""Braille: Unified English Braille grade 2, as a BRF file for an embosser or a
braille display.

Each page is 40 cells by 25 lines; pages end with a form feed. The first line
of each page carries, as UK braille does, the print page on the left and the
braille page number on the right; where a new print page of the standard
edition begins, a line with the print page indicator (dots 5, 2-5 and the
number) is centred. Main headings are centred with a blank line before and
after, the next level starts in cell 5 and the next in cell 7 (BANA's braille
formats); paragraphs start in cell 3 and run over to cell 1, list items start
in cell 1 and run over to cell 3. A heading is never left at the foot of a page.
Text goes through liblouis (``louis``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from publication.formats.louis import translate
from publication.formats.manuscript import Manuscript
from publication.formats.plain import Heading, Item, Paragraph, PrintPage, plain_document

__all__ = ["CELLS", "LINES", "braille_number", "render_braille", "write_braille"]

CELLS = 40
LINES = 25
PRINT_PAGE_INDICATOR = '"3'  # dots 5, 2-5
_DIGITS = str.maketrans("1234567890", "ABCDEFGHIJ")


def write_braille(manuscript: Manuscript) -> dict[str, bytes]:
    name = f"{manuscript.publication.slug}.brf"
    language = manuscript.publication.metadata.language or "en"
    return {name: render_braille(plain_document(manuscript), language).encode("ascii")}


def braille_number(number: int) -> str:
    """A number in braille ASCII: the numeric indicator, then the digits as A to J."""
    return "#" + str(number).translate(_DIGITS)


@dataclass
class _Line:
    text: str
    keep_with_next: bool = False  # a heading's line: never the last on a page


@dataclass
class _Page:
    print_page: int
    lines: list[_Line] = field(default_factory=list)


def render_braille(items: list[Item], language: str = "en") -> str:
    """The document as BRF; each passage in the braille of its language (``language``
    is the document's, for passages that do not say theirs)."""
    lines = _body_lines(items, language)
    pages = _paginate(lines)
    return "".join(_page_text(page, number) for number, page in enumerate(pages, 1))


def _body_lines(items: list[Item], language: str) -> list[_Line | int]:
    """The document's lines; an int where a print page begins."""
    lines: list[_Line | int] = []
    for item in items:
        if isinstance(item, PrintPage):
            lines.append(item.number)
        elif isinstance(item, Heading):
            lines.extend(_heading(item, item.language or language))
        elif item.text:
            lines.extend(_paragraph(item, item.language or language))
    return lines


def _heading(heading: Heading, language: str) -> list[_Line]:
    braille = translate(heading.text, language)
    if heading.level <= 2:
        wrapped = _wrap(braille, CELLS - 6, "", "")
        centred = [_Line(" " * ((CELLS - len(line)) // 2) + line, True) for line in wrapped]
        return [_Line(""), *centred, _Line("", True)]
    indent = " " * (4 if heading.level == 3 else 6)
    wrapped = [_Line(line, True) for line in _wrap(braille, CELLS, indent, indent)]
    return [_Line(""), *wrapped] if heading.level == 3 else wrapped


def _paragraph(paragraph: Paragraph, language: str) -> list[_Line]:
    text = f"{paragraph.marker} {paragraph.text}" if paragraph.marker else paragraph.text
    depth = "  " * paragraph.depth
    if paragraph.marker or paragraph.tight:
        first, runover = depth, depth + "  "
    else:
        first, runover = depth + "  ", depth
    return [_Line(line) for line in _wrap(translate(text, language), CELLS, first, runover)]


def _wrap(braille: str, width: int, first: str, runover: str) -> list[str]:
    """Braille words onto lines of ``width`` cells; a word longer than a line is divided."""
    lines: list[str] = []
    line = first
    for word in braille.split():
        indent = runover if lines or line != first else first
        while len(indent) + len(word) > width:
            if line.strip():
                lines.append(line)
            room = width - len(indent) - 1
            lines.append(indent + word[:room] + "-")
            word, line, indent = word[room:], runover, runover
        if line.strip() and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = runover
        line = f"{line} {word}" if line.strip() else line + word
    if line.strip():
        lines.append(line)
    return lines


def _paginate(lines: list[_Line | int]) -> list[_Page]:
    body = LINES - 1  # the first line is the page numbers
    pages = [_Page(1)]
    current = 1  # the print page being read
    for index, line in enumerate(lines):
        page = pages[-1]
        if isinstance(line, int):
            current = line
            if not page.lines:
                page.print_page = line
            else:
                if len(page.lines) >= body - 1:
                    pages.append(_Page(line))
                    continue
                indicator = PRINT_PAGE_INDICATOR + braille_number(line)
                page.lines.append(_Line(" " * ((CELLS - len(indicator)) // 2) + indicator))
            continue
        if not line.text and (not page.lines or not page.lines[-1].text):
            continue  # no blank line at the top of a page, nor two together
        room = body - len(page.lines)
        if room <= 0 or (line.keep_with_next and room <= _kept_lines(lines, index)):
            pages.append(_Page(current))
            if not line.text:
                continue
        pages[-1].lines.append(line)
    return pages


def _kept_lines(lines: list[_Line | int], index: int) -> int:
    """How many lines from ``index`` must stay together: a heading and the line after it."""
    count = 0
    for line in lines[index:]:
        if isinstance(line, int):
            continue
        count += 1
        if not line.keep_with_next and line.text:
            break
    return count - 1


def _page_text(page: _Page, number: int) -> str:
    left, right = braille_number(page.print_page), braille_number(number)
    header = left + " " * (CELLS - len(left) - len(right)) + right
    lines = [header, *(line.text.rstrip() for line in page.lines)]
    return "".join(line + "\r\n" for line in lines) + "\f"
