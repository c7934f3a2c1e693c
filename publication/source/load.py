"""Read content files: YAML with line marks kept, Markdown as checked UTF-8 text,
Word documents (.docx) read into paragraphs and tables.

Everything downstream points authors at a file and a line, so values here carry
the location PyYAML saw them at. Nothing is interpreted yet: that is ``validate``.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.source.filetypes import file_kind, kind_of, not_markdown_hint, not_word_hint
from publication.source.word import WordDocument, read_word

__all__ = ["Items", "RawPublication", "Record", "load_publication", "read_text"]

PUBLICATION_FILE = "publication.yaml"
# libyaml's parser when PyYAML has it (several times faster); same marks, same types.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Record(dict):
    """A YAML mapping that remembers where it and each of its values stand."""

    location: SourceLocation
    locations: dict[str, SourceLocation]

    def where(self, key: str) -> SourceLocation:
        return self.locations.get(key, self.location)


class Items(list):
    """A YAML sequence that remembers where it and each of its items stand."""

    location: SourceLocation
    locations: list[SourceLocation]


@dataclass
class RawPublication:
    """What ``publication.yaml`` said, plus every Markdown file and Word document it names."""

    folder: Path
    record: Record
    texts: dict[Path, str] = field(default_factory=dict)
    documents: dict[Path, WordDocument] = field(default_factory=dict)
    pictures: Path = field(default_factory=lambda: _scratch())  # for pictures out of Word


@cache
def _scratch() -> Path:
    """A folder for this process's Word pictures, when no output folder was given."""
    folder = Path(tempfile.mkdtemp(prefix="publication-word-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def read_text(path: Path, diagnostics: Diagnostics, named_at: SourceLocation | None) -> str | None:
    """UTF-8 text of a file, or None with the reason recorded."""
    try:
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
    """Parse one YAML file into Records, Items and plain scalars; None if unreadable."""
    text = read_text(path, diagnostics, None)
    if text is None:
        return None
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        location = SourceLocation(path, mark.line + 1, mark.column + 1) if mark else None
        problem = exc.problem or exc.context or "the YAML cannot be read"
        hint = (
            "check indentation and quoting near this line; text containing ': ' or "
            "starting with a symbol needs quotes"
        )
        opened = exc.context_mark
        if exc.context and opened and mark and opened.line != mark.line:
            hint = f"{exc.context} that starts on line {opened.line + 1}: {hint}"
        diagnostics.error(
            location or SourceLocation(path), "yaml-syntax", f"malformed YAML: {problem}", hint
        )
        return None
    finally:
        loader.dispose()
    if node is None:
        empty = Record()
        empty.location, empty.locations = SourceLocation(path, 1), {}
        return empty
    return _convert(node, loader, path, diagnostics)


def _location(node: yaml.Node, path: Path) -> SourceLocation:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        line += 1  # block scalars start on the line after the indicator
    return SourceLocation(path, line, node.start_mark.column + 1)


def _convert(node: yaml.Node, loader: Any, path: Path, diagnostics: Diagnostics):
    if isinstance(node, yaml.MappingNode):
        record = Record()
        record.location = _location(node, path)
        record.locations = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key = str(key)
            if key in record:
                diagnostics.error(
                    _location(key_node, path),
                    "duplicate-key",
                    f"'{key}' is given twice in the same block",
                    "keep one of them",
                )
            record[key] = _convert(value_node, loader, path, diagnostics)
            record.locations[key] = _location(value_node, path)
        return record
    if isinstance(node, yaml.SequenceNode):
        items = Items(_convert(child, loader, path, diagnostics) for child in node.value)
        items.location = _location(node, path)
        items.locations = [_location(child, path) for child in node.value]
        return items
    return loader.construct_object(node, deep=True)


def load_publication(
    folder: Path,
    diagnostics: Diagnostics,
    file_name: str = PUBLICATION_FILE,
    out_dir: Path | None = None,
) -> RawPublication | None:
    """Load ``publication.yaml`` (or ``meeting.yaml``) and every Markdown file and Word
    document it names. Pictures out of Word documents go to the cache under ``out_dir``."""
    folder = folder.resolve()
    path = folder / file_name
    if not path.is_file():
        diagnostics.error(
            SourceLocation(folder),
            "no-publication",
            f"{folder} has no {file_name}",
            f"give the folder of a publication or meeting (content/<name>/), with {file_name}",
        )
        return None
    record = load_yaml(path, diagnostics)
    if record is None:
        return None
    if not isinstance(record, Record):
        diagnostics.error(
            SourceLocation(path, 1),
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
        # A missing file is reported by validation, which knows what named it.
        if not _is_plain_relative(value) or not target.is_file():
            continue
        if key == "docx" or target.suffix.lower() == ".docx":
            if target not in raw.documents:
                document = _read_word(target, diagnostics, location)
                if document is not None:
                    raw.documents[target] = document
        elif target not in raw.texts:
            text = read_text(target, diagnostics, location)
            if text is not None:
                raw.texts[target] = text
    return raw


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


def _is_plain_relative(value: str) -> bool:
    parts = Path(value).parts
    return bool(parts) and not Path(value).is_absolute() and ".." not in parts and ":" not in value


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
