"""A Word document as read, before it becomes our model: paragraphs and tables in
reading order, each knowing where it stands, and what Word's reader would not see.

Only what a reader of the printed document would see is kept: deleted text,
comments, hidden text and document properties are never read into these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from publication.errors import SourceLocation
from publication.source.word.styles import ListMark

__all__ = ["Cell", "Finding", "Paragraph", "Picture", "Row", "Run", "WordDocument", "WordTable"]


@dataclass
class Run:
    """Text in one formatting; a note reference or a line break has no text."""

    text: str = ""
    bold: bool = False
    italic: bool = False
    strike: bool = False
    script: str = ""  # "sup" or "sub"
    link: str = ""  # the address of the hyperlink it is part of
    note: str = ""  # "footnote 3": the note it refers to
    line_break: bool = False


@dataclass
class Picture:
    part: str  # the image's part name in the zip; its bytes are in WordDocument.images
    alt: str
    decorative: bool
    width: float  # its width on the page over the text width; 0 if unknown
    where: SourceLocation


@dataclass
class Paragraph:
    where: SourceLocation
    style: str  # the style's name in lower case, such as 'normal' or 'heading 2'
    heading: int  # Word's heading level, 1 to 9; 0 for body text
    mark: ListMark | None
    runs: list[Run] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    boxes: list[Paragraph] = field(default_factory=list)  # text boxes anchored here
    emphasised: bool = False  # every visible character bold, or larger than body text

    @property
    def text(self) -> str:
        return "".join(run.text if not run.line_break else " " for run in self.runs).strip()


@dataclass
class Cell:
    blocks: list[Paragraph | WordTable]
    span: int  # grid columns it covers
    merge: str  # "" alone, "restart" first of a vertical merge, "continue" below it


@dataclass
class Row:
    cells: list[Cell]
    header: bool  # Word's 'Repeat as header row'


@dataclass
class WordTable:
    rows: list[Row]
    caption: str  # from Word's Alt Text title or description
    where: SourceLocation


@dataclass(frozen=True)
class Finding:
    """Something a reader of the Word file does not see, or that we cannot carry over."""

    kind: str  # a key of findings.FINDINGS
    where: SourceLocation


@dataclass
class WordDocument:
    path: Path
    blocks: list[Paragraph | WordTable]
    notes: dict[str, list[Paragraph]]  # 'footnote 1' -> its paragraphs, in order of reference
    images: dict[str, bytes]  # part name -> the picture's bytes, as stored
    findings: list[Finding]
    language: str  # the document's default language tag, if it sets one
