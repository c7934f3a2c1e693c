"""A Word document as our model: headings become sections, the rest blocks.

Word's heading levels are shifted to fit under the section, report or appendix
that holds the document, and a skipped level is told and closed up, so ours
never skip. Paragraphs and lists become Markdown prose; tables become table
blocks, their first row a header row when Word repeats it on each page or it
is all bold; pictures become figures with Word's alt text. A table used only
to lay text out is read as the paragraphs it holds, row by row.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from publication.errors import SourceLocation
from publication.source.model import (
    MAX_HEADING_LEVEL,
    Block,
    Figure,
    Image,
    Prose,
    Section,
    Table,
    Text,
)
from publication.source.word.document import Paragraph, Picture, WordDocument, WordTable
from publication.source.word.findings import report_findings
from publication.source.word.markdown import cell_text, prose
from publication.source.word.pictures import picture_file
from publication.source.word.tables import table_block

if TYPE_CHECKING:
    from publication.source.records import Reader

__all__ = ["word_body", "word_content"]

Item = Paragraph | WordTable
_FAKE_HEADING_WORDS = 12
_FAKE_HEADING_LENGTH = 80


@dataclass
class _Draft:
    """A section being gathered: a Word heading and what follows it."""

    title: str
    word_level: int
    level: int
    where: SourceLocation
    items: list[Item] = field(default_factory=list)
    children: list[_Draft] = field(default_factory=list)


def word_content(
    reader: Reader,
    document: WordDocument,
    level: int,
    title: str = "",
    keep_undescribed: bool = False,
) -> tuple[list[Block], list[Section]]:
    """What comes before the first heading, as blocks; each heading, as a section at ``level``.

    A first paragraph in Word's Title style that says ``title`` again is left out.
    A picture without alt text is an error, unless ``keep_undescribed`` (an import,
    where the author will describe it).
    """
    report_findings(document.findings, reader.public, reader.diagnostics)
    items = list(_flatten(reader, document.blocks))
    first = items[0] if items else None
    if isinstance(first, Paragraph) and first.style == "title" and _same(first.text, title):
        items = items[1:]
    opening, drafts = _outline(reader, items, level)
    converter = _Converter(reader, document, keep_undescribed)
    blocks = converter.blocks(opening)
    return blocks, [converter.section(draft) for draft in drafts]


def word_body(
    reader: Reader, document: WordDocument, title: str, keep_undescribed: bool = False
) -> tuple[Section, ...]:
    """A report or appendix from Word: text before the first heading opens it, untitled."""
    blocks, sections = word_content(reader, document, 2, title, keep_undescribed)
    if not blocks:
        return tuple(sections)
    anchor = reader.unique_anchor("opening")
    opening = Section(
        "", anchor, 2, "", None, tuple(blocks), (), False, False, blocks_where(blocks)
    )
    return (opening, *sections)


def blocks_where(blocks: list[Block]) -> SourceLocation:
    for block in blocks:
        if isinstance(block, Prose):
            return block.text.location
        if isinstance(block, Table):
            return block.location
        if isinstance(block, Figure):
            return block.image.location
    raise ValueError("no blocks")


def _same(one: str, other: str) -> bool:
    return " ".join(one.lower().split()) == " ".join(other.lower().split())


def _flatten(reader: Reader, blocks: list[Item]):
    """Paragraphs and data tables in reading order: text boxes after their paragraph,
    tables used for layout opened up into what they hold."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
            yield from block.boxes
            continue
        reason = _layout_reason(block)
        if not reason:
            yield block
            continue
        reader.diagnostics.warning(
            block.where,
            "word-layout-table",
            f"a table used for layout ({reason}); its cells are read as paragraphs, row by row",
            "in Word: Table Layout > Convert to Text, or keep only tables of data",
        )
        for row in block.rows:
            for cell in row.cells:
                if cell.merge != "continue":
                    yield from _flatten(reader, cell.blocks)


def _layout_reason(table: WordTable) -> str:
    widths = [sum(cell.span for cell in row.cells) for row in table.rows]
    if not widths:
        return "it is empty"
    if len(widths) == 1:
        return "it has one row"
    if max(widths) == 1:
        return "it has one column"
    for row in table.rows:
        for cell in row.cells:
            for block in cell.blocks:
                if isinstance(block, WordTable):
                    return "it holds another table"
                if block.heading or block.pictures:
                    return "it holds headings or pictures"
    return ""


def _outline(reader: Reader, items: list[Item], level: int) -> tuple[list[Item], list[_Draft]]:
    """Items before the first heading, and the headings as a tree of drafts."""
    levels = [i.heading for i in items if isinstance(i, Paragraph) and i.heading and i.text]
    top = min(levels, default=1)
    opening: list[Item] = []
    roots: list[_Draft] = []
    stack: list[_Draft] = []
    for item in items:
        if not (isinstance(item, Paragraph) and item.heading):
            (stack[-1].items if stack else opening).append(item)
            continue
        if not item.text:
            continue  # an empty heading: Word shows nothing either
        while stack and stack[-1].word_level >= item.heading:
            stack.pop()
        above = stack[-1].word_level if stack else top - 1
        if item.heading > above + 1:
            reader.diagnostics.warning(
                item.where,
                "word-heading-skip",
                f"Heading {item.heading} follows Heading {above} and skips a level"
                if above
                else f"Heading {item.heading} comes before the first Heading {top}",
                f"in Word: give it the style Heading {above + 1}",
            )
        ours = stack[-1].level + 1 if stack else level
        if ours > MAX_HEADING_LEVEL:
            reader.diagnostics.warning(
                item.where,
                "word-heading-deep",
                f"heading level {ours} is deeper than we print ({MAX_HEADING_LEVEL}); it is "
                "printed as a paragraph",
                "in Word: use fewer heading levels",
            )
            (stack[-1].items if stack else opening).append(dataclasses.replace(item, heading=0))
            continue
        draft = _Draft(_heading_text(item), item.heading, ours, item.where)
        (stack[-1].children if stack else roots).append(draft)
        stack.append(draft)
    return opening, roots


def _heading_text(paragraph: Paragraph) -> str:
    """A heading's words, after its number if Word numbers it ('3.2 Finance')."""
    mark = paragraph.mark
    if mark is not None and mark.kind != "bullet" and mark.label:
        return f"{mark.label} {paragraph.text}"
    return paragraph.text


class _Converter:
    def __init__(self, reader: Reader, document: WordDocument, keep_undescribed: bool) -> None:
        self.reader = reader
        self.document = document
        self.keep_undescribed = keep_undescribed

    def section(self, draft: _Draft) -> Section:
        anchor = self.reader.unique_anchor(draft.title)  # before the children, in reading order
        blocks = self.blocks(draft.items)
        children = tuple(self.section(child) for child in draft.children)
        return Section(
            draft.title, anchor, draft.level, "", None, tuple(blocks), children, False, True,
            draft.where,
        )  # fmt: skip

    def blocks(self, items: list[Item]) -> list[Block]:
        given = _captions(items)
        captions = {target: items[index] for target, index in given.items()}
        built: list[Block] = []
        waiting: list[Paragraph] = []

        def flush() -> None:
            if waiting:
                built.append(self.prose(waiting))
                waiting.clear()

        for index, item in enumerate(items):
            if isinstance(item, WordTable):
                flush()
                table = self.table(item, captions.get(index))
                if table is not None:
                    built.append(table)
                continue
            if index in given.values():
                continue  # a caption, given to its table or figure
            self.check_fake_heading(item, items[index + 1] if index + 1 < len(items) else None)
            if item.text or item.mark:
                waiting.append(item)
            if item.pictures:
                flush()
                for number, picture in enumerate(item.pictures, 1):
                    last = number == len(item.pictures)
                    figure = self.figure(picture, captions.get(index) if last else None)
                    if figure is not None:
                        built.append(figure)
        flush()
        return built

    def prose(self, paragraphs: list[Paragraph]) -> Prose:
        written = prose(paragraphs, self.document.notes)
        self.reader.count_prose(written.source, paragraphs[0].where)  # as Markdown is counted
        return Prose(Text(written.source, paragraphs[0].where, False, written.lines))

    def figure(self, picture: Picture, caption: Paragraph | None) -> Figure | None:
        diagnostics = self.reader.diagnostics
        if not picture.alt and not picture.decorative:
            tell = diagnostics.warning if self.keep_undescribed else diagnostics.error
            tell(
                picture.where,
                "alt-missing",
                "a picture has no alt text",
                "in Word: right-click the picture, View Alt Text, and say what it shows; "
                "or tick 'Mark as decorative' if it adds nothing to the text",
            )
            if not self.keep_undescribed:
                return None
        data = self.document.images.get(picture.part)
        if data is None:
            diagnostics.error(
                picture.where,
                "word-picture",
                "a picture is missing from the document (the file may be damaged)",
                "insert the picture again (Insert > Pictures > This Device), then save",
            )
            return None
        made = picture_file(data, self.reader.word_images(), picture.where, diagnostics)
        if made is None:
            return None
        path, ratio = made
        alt = "" if picture.decorative else picture.alt
        image = Image(path, alt, picture.decorative, picture.where, ratio)
        width = "full" if not picture.width or picture.width > 0.8 else "medium"
        width = "narrow" if 0 < picture.width < 0.45 else width
        return Figure(image, self.inline([caption]) if caption else None, width)

    def inline(self, paragraphs: list[Paragraph]) -> Text:
        source = cell_text(paragraphs, self.document.notes)
        return Text(source, paragraphs[0].where, True)

    def table(self, table: WordTable, caption: Paragraph | None) -> Table | None:
        return table_block(self.reader, self.document, table, caption)

    def check_fake_heading(self, paragraph: Paragraph, following: Item | None) -> None:
        """A short bold line on its own, followed by text: a heading made by formatting."""
        text = paragraph.text
        if (
            not paragraph.emphasised
            or paragraph.mark is not None
            or paragraph.style in ("title", "subtitle", "caption")
            or len(text) > _FAKE_HEADING_LENGTH
            or len(text.split()) > _FAKE_HEADING_WORDS
            or text.endswith((".", ",", ";"))
            or following is None
            or (isinstance(following, Paragraph) and (following.emphasised or following.heading))
        ):
            return
        self.reader.diagnostics.warning(
            paragraph.where,
            "word-fake-heading",
            "this looks like a heading but is bold text, so screen-reader users cannot find it",
            "in Word: put the cursor in it and choose a Heading style (Home > Styles)",
        )


def _captions(items: list[Item]) -> dict[int, int]:
    """Which paragraph in Word's Caption style names which table or picture, by index:
    above a table (as Word puts it), else below a picture (as Word puts that)."""
    given: dict[int, int] = {}

    def takes(index: int, kind: type | None) -> bool:
        if not 0 <= index < len(items) or index in given:
            return False
        item = items[index]
        if isinstance(item, WordTable):
            return kind is WordTable and not item.caption
        return kind is Picture and bool(item.pictures)

    for index, item in enumerate(items):
        if not isinstance(item, Paragraph) or item.style != "caption" or not item.text:
            continue
        for target, kind in ((index + 1, WordTable), (index - 1, Picture), (index - 1, WordTable),
                             (index + 1, Picture)):  # fmt: skip
            if takes(target, kind):
                given[target] = index
                break
    return given
