"""``publication import``: a Word document read as it is for a build, then written as
our content format (``source.write``), for an author who moves to plain text.

The publication's title is the document's Title paragraph (or its file name),
its language Word's default language. Nothing is taken from the document's
properties, and ``organisation`` is left for the author: a build asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.source.load import RawPublication, Record
from publication.source.records import Reader
from publication.source.word.convert import word_body
from publication.source.word.document import Paragraph, WordDocument
from publication.source.word.reader import read_word
from publication.source.write import ContentFiles, content_files

__all__ = ["import_word"]

HEADER = """\
Imported from {name} by 'publication import'. Word's document properties
(author, company ...) are not carried over: add who publishes it, as
'organisation: ...', check the rest, then build it with
'publication build {folder}'."""


@dataclass
class Imported:
    files: ContentFiles
    title: str


def import_word(path: Path, folder: Path, diagnostics: Diagnostics) -> Imported | None:
    """The content files for the Word document at ``path``, to go in ``folder``."""
    document = read_word(path, diagnostics, SourceLocation(path))
    if document is None:
        return None
    title = _title(document, path)
    raw = RawPublication(path.parent.resolve(), Record())
    reader = Reader(raw, diagnostics, public=False)  # told as warnings: nothing is published
    sections = word_body(reader, document, title, keep_undescribed=True)
    publication = {"title": title, "language": document.language or "en-GB"}
    header = HEADER.format(name=path.name, folder=folder)
    return Imported(content_files(header, publication, sections), title)


def _title(document: WordDocument, path: Path) -> str:
    first = document.blocks[0] if document.blocks else None
    if isinstance(first, Paragraph) and first.style == "title" and first.text:
        return first.text
    return path.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Untitled"
