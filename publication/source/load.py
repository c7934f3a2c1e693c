"""Read content files: YAML with line marks kept (``yamltext``), the Markdown files
it names as checked UTF-8 text, and Word documents (.docx) read into paragraphs
and tables.

Every file is found by resolving its name, links followed, and read only if it
is a regular file inside the folder, of a size the tool supports. Nothing is
interpreted yet: that is ``validate``.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.limits import MAX_TEXT_FILE_BYTES, megabytes
from publication.source.assets import locate, path_problem
from publication.source.characters import COPIED, describe_invisible, invisible_characters
from publication.source.filetypes import file_kind, kind_of, not_markdown_hint, not_word_hint
from publication.source.word import WordDocument, read_word
from publication.source.yamltext import Items, Record, parse_yaml

__all__ = ["Items", "RawPublication", "Record", "load_publication", "load_yaml", "read_text"]

PUBLICATION_FILE = "publication.yaml"


@dataclass
class RawPublication:
    """What ``publication.yaml`` said, plus every Markdown file and Word document it names."""

    folder: Path
    record: Record
    texts: dict[Path, str] = field(default_factory=dict)
    documents: dict[Path, WordDocument] = field(default_factory=dict)
    pictures: Path | None = None  # for pictures out of Word; see ``picture_folder``
    refused: set[Path] = field(default_factory=set)  # named, there, and reported as unusable

    def picture_folder(self) -> Path:
        """Where pictures taken out of Word documents go: ``pictures``, or else a scratch
        folder made on first use, so a process that takes out no picture makes none."""
        if self.pictures is None:
            self.pictures = _scratch()
        return self.pictures


@cache
def _scratch() -> Path:
    """A folder for this process's Word pictures, when no output folder was given."""
    folder = Path(tempfile.mkdtemp(prefix="publication-word-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def read_text(path: Path, diagnostics: Diagnostics, named_at: SourceLocation | None) -> str | None:
    """UTF-8 text of a file, or None with the reason recorded."""
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_FILE_BYTES:
            diagnostics.error(
                named_at or SourceLocation(path),
                "file-too-large",
                f"'{path.name}' is {megabytes(size)}; a content file may be "
                f"{megabytes(MAX_TEXT_FILE_BYTES)} at most",
                "split it into several files, one for each section",
            )
            return None
        data = path.read_bytes()
    except FileNotFoundError:
        diagnostics.error(
            named_at or SourceLocation(path),
            "file-missing",
            f"file not found: {path.name}",
            f"create {path} or correct the file name",
        )
        return None
    except OSError as exc:
        diagnostics.error(SourceLocation(path), "file-unreadable", f"cannot read file: {exc}")
        return None
    kind = kind_of(path, data[:16])
    if kind:
        diagnostics.error(
            named_at or SourceLocation(path),
            "not-text",
            f"'{path.name}' is {kind}, not text",
            not_markdown_hint(kind) if path.suffix != ".yaml" else "give a YAML text file",
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        diagnostics.error(
            SourceLocation(path, line, column),
            "not-utf8",
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be read)",
            "save the file with UTF-8 encoding (in most editors: Save As, Encoding: UTF-8)",
        )
        return None
    return text.removeprefix("\ufeff")


def load_yaml(path: Path, diagnostics: Diagnostics) -> Any:
    """Parse one YAML file into Records, Items, text and None; None if unreadable."""
    text = read_text(path, diagnostics, None)
    return None if text is None else parse_yaml(text, path, diagnostics)


def load_publication(
    folder: Path,
    diagnostics: Diagnostics,
    file_name: str = PUBLICATION_FILE,
    out_dir: Path | None = None,
) -> RawPublication | None:
    """Load ``publication.yaml`` (or ``meeting.yaml``) and every Markdown file and Word
    document it names. Pictures out of Word documents go to the cache under ``out_dir``."""
    folder = folder.resolve()
    found = locate(file_name, (folder,))
    if found.path is None:
        problem = found.problem or "is not there"
        diagnostics.error(
            SourceLocation(folder / file_name if found.problem else folder),
            "no-publication",
            f"{folder} has no {file_name}" if not found.problem else f"{file_name} {problem}",
            f"give the folder of a publication or meeting (content/<name>/), with {file_name}",
        )
        return None
    record = load_yaml(found.path, diagnostics)
    if record is None:
        return None
    if not isinstance(record, Record):
        diagnostics.error(
            SourceLocation(found.path, 1),
            "yaml-shape",
            f"{file_name} must be a list of 'key: value' lines at the top level",
            "start with 'title: ...' on the first line",
        )
        return None
    raw = RawPublication(folder=folder, record=record)
    if out_dir is not None:
        raw.pictures = out_dir.resolve() / folder.name / ".cache"
    for key, value, location in _named_files(record):
        target = folder / value
        known = target in raw.texts or target in raw.documents or target in raw.refused
        if not path_problem(value) and not known:
            # A missing file is reported by validation, which knows what named it.
            _load_named(raw, key, value, location, diagnostics)
    return raw


def _load_named(
    raw: RawPublication, key: str, name: str, location: SourceLocation, diagnostics: Diagnostics
) -> None:
    """A Markdown file or Word document a record names, if it is a file in the folder."""
    target = raw.folder / name
    found = locate(name, (raw.folder,))
    if found.problem:
        diagnostics.error(
            location,
            "file-refused",
            f"'{name}' {found.problem}",
            "put the file itself in the folder, in place of the link",
        )
        raw.refused.add(target)
    elif found.path and (key == "docx" or target.suffix.lower() == ".docx"):
        document = _read_word(found.path, diagnostics, location)
        if document is None:
            raw.refused.add(target)
        else:
            raw.documents[target] = document
    elif found.path:
        _load_markdown(raw, target, found.path, location, diagnostics)


def _load_markdown(
    raw: RawPublication, target: Path, found: Path, location: SourceLocation, diagnostics
) -> None:
    text = read_text(found, diagnostics, location)
    if text is None:
        raw.refused.add(target)
        return
    raw.texts[target] = text
    invisible = invisible_characters(text)
    if invisible:
        diagnostics.warning(
            SourceLocation(target, invisible.first.line, invisible.first.column),
            "invisible-character",
            f"the text contains {describe_invisible(invisible)}",
            f"delete it: {COPIED}",
        )


def _read_word(path: Path, diagnostics: Diagnostics, named_at: SourceLocation):
    kind = file_kind(path)
    if kind not in ("a Word document (.docx)", "a zip archive"):
        diagnostics.error(
            named_at,
            "not-word",
            f"'{path.name}' is {kind or 'not a Word document'}, not a Word document (.docx)",
            not_word_hint(kind),
        )
        return None
    return read_word(path, diagnostics, named_at)


def _named_files(value: Any):
    """Every (key, file name, location) under a ``file`` or ``docx`` key, in document order."""
    if isinstance(value, Record):
        for key, child in value.items():
            if key in ("file", "docx") and isinstance(child, str):
                yield key, child, value.where(key)
            else:
                yield from _named_files(child)
    elif isinstance(value, Items):
        for child in value:
            yield from _named_files(child)
