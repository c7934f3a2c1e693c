"""The declared schema, and the checks every record goes through before it is read.

The keys of every record (a publication, a section, each block, a meeting, an
agenda item ...) are declared as data in ``schema/*.yaml``: kind, whether it is
required, and what it means. ``Reader`` holds what validating one file shares:
the collector, the folders files may come from, the anchors given so far.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import langcodes
import yaml

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.limits import MAX_PROSE_CHARACTERS, MAX_SECTIONS
from publication.messages import catalogue_languages, has_catalogue, language_name
from publication.source.assets import asset_roots, path_problem
from publication.source.filetypes import SECTION_FILES
from publication.source.load import Items, RawPublication, Record
from publication.source.model import Text
from publication.source.word import WordDocument

__all__ = [
    "SCHEMAS",
    "Field",
    "Reader",
    "check_language",
    "check_printed_language",
    "flag",
    "scalar_text",
    "whole_number",
]

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it
_BCP47_SHAPE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,9}")  # no field needs more; int() of 5,000 digits fails
_FLAGS = {"true": True, "yes": True, "false": False, "no": False}
_NOT_THIS_KIND = object()


def whole_number(value: Any) -> int | None:
    """The whole number an author typed ('18', '-2'), or None if the text is not one."""
    if isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value.strip()):
        return int(value)
    return None


def flag(value: Any) -> bool | None:
    """true/false or yes/no as typed (any case), or None if the text is neither."""
    return _FLAGS.get(value.strip().lower()) if isinstance(value, str) else None


def _as(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        converted = convert(value)
        return _NOT_THIS_KIND if converted is None else converted

    return read


# A kind named in the schema files: what the text typed must be, and what it is
# read as. Values arrive as text, lists (Items) and blocks (Records).
KINDS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "text": ("text", lambda v: v if isinstance(v, str) else _NOT_THIS_KIND),
    "name": ("text", lambda v: v if isinstance(v, str) else _NOT_THIS_KIND),
    "number": ("a whole number", _as(whole_number)),
    "flag": ("true or false (or yes or no)", _as(flag)),
    "list": ("a list", lambda v: v if isinstance(v, Items) else _NOT_THIS_KIND),
    "record": ("a block of keys", lambda v: v if isinstance(v, Record) else _NOT_THIS_KIND),
}


@dataclass(frozen=True)
class Field:
    kinds: tuple[str, ...]
    required: bool = False
    doc: str = ""

    def read(self, value: Any) -> Any:
        """The value as this field's kind, or ``_NOT_THIS_KIND``."""
        for kind in self.kinds:
            converted = KINDS[kind][1](value)
            if converted is not _NOT_THIS_KIND:
                return converted
        return _NOT_THIS_KIND

    def describe(self) -> str:
        return " or ".join(dict.fromkeys(KINDS[kind][0] for kind in self.kinds))


def _load_schemas(*names: str) -> dict[str, dict[str, Field]]:
    """Every record declared in the named schema files, by record name."""
    schemas: dict[str, dict[str, Field]] = {}
    for name in names:
        text = (SCHEMA_DIR / f"{name}.yaml").read_text("utf-8")
        declared = yaml.load(text, Loader=_SAFE_LOADER)
        for record, keys in declared.items():
            schemas[record] = {key: _field(spec) for key, spec in keys.items()}
    return schemas


def _field(spec: dict[str, Any]) -> Field:
    kinds = spec["kind"] if isinstance(spec["kind"], list) else [spec["kind"]]
    return Field(tuple(kinds), spec.get("required", False), spec.get("doc", ""))


SCHEMAS = _load_schemas("publication", "meeting")


@dataclass
class Reader:
    """What validating one file shares: where messages go, where files may come from,
    the anchors given so far, and what the current messages are about."""

    raw: RawPublication
    diagnostics: Diagnostics
    anchors: set[str] = field(default_factory=set)
    subject: str = ""  # such as "item 4: "
    public: bool = True  # whether what is read now is published (not an exempt item)
    sections: int = 0  # sections read so far, against MAX_SECTIONS
    prose: int = 0  # characters of prose used so far, against MAX_PROSE_CHARACTERS
    image_roots: tuple[Path, ...] = field(init=False)  # the folders images may come from
    pictures_used: bool = False  # whether pictures were taken out of a Word document

    def __post_init__(self) -> None:
        self.image_roots = asset_roots(self.raw.folder)

    @property
    def folder(self) -> Path:
        return self.raw.folder

    @property
    def typeset_roots(self) -> tuple[Path, ...]:
        """The folders the typesetter may read: images', and Word pictures' if any."""
        if not self.pictures_used:
            return self.image_roots
        return (*self.image_roots, self.raw.picture_folder())

    def word_images(self) -> Path:
        """The folder pictures taken out of Word documents are written to."""
        self.pictures_used = True
        return self.raw.picture_folder()

    def unique_anchor(self, wanted: str) -> str:
        """An anchor made from ``wanted``, unique in the document; given in reading order."""
        wanted = re.sub(r"[^a-z0-9]+", "-", wanted.lower()).strip("-") or "section"
        given, n = wanted, 2
        while given in self.anchors:
            given, n = f"{wanted}-{n}", n + 1
        self.anchors.add(given)
        return given

    def check_record(self, value: Any, schema: str, location: SourceLocation) -> bool:
        """Shape, unknown keys, required keys and kinds; False if unusable.

        Values are read as their field's kind in place (the text '2' where a
        number is wanted becomes 2); a key left empty is taken out, as not given.
        """
        fields = SCHEMAS[schema]
        if not isinstance(value, Record):
            self.diagnostics.error(
                location,
                "wrong-type",
                f"a {schema} must be a block of 'key: value' lines",
                f"give the {schema}'s keys ({', '.join(fields)}) indented below it",
            )
            return False
        for key in value:
            if key not in fields:
                self._unknown_key(value, key, schema, fields)
        usable = True
        for key, spec in fields.items():
            if value.get(key) is None:
                if spec.required:
                    self._missing(value, key, schema, spec)
                    usable = False
                value.pop(key, None)
                continue
            converted = spec.read(value[key])
            if converted is _NOT_THIS_KIND:
                self._wrong_kind(value, key, spec)
                usable = False
            elif spec.required and isinstance(converted, str) and not converted.strip():
                self._missing(value, key, schema, spec)
                usable = False
            else:
                value[key] = converted
        return usable

    def _missing(self, record: Record, key: str, schema: str, spec: Field) -> None:
        if key in record:
            where, problem = record.where(key), f"'{key}' is empty"
        else:
            where, problem = record.location, f"{schema} has no '{key}'"
        self.diagnostics.error(where, "missing-field", problem, f"add '{key}:' ({spec.doc})")

    def _wrong_kind(self, record: Record, key: str, spec: Field) -> None:
        given = record[key]
        if isinstance(given, str):
            typed = f"'{printable(given[:40])}{'...' if len(given) > 40 else ''}'"
        else:
            typed = "a list" if isinstance(given, Items) else "a block of keys"
        self.diagnostics.error(
            record.where(key),
            "wrong-type",
            f"'{key}' must be {spec.describe()}, not {typed}",
            spec.doc,
        )

    def _unknown_key(self, value: Record, key: str, schema: str, fields: dict) -> None:
        close = difflib.get_close_matches(key, fields, n=1)
        hint = f"did you mean '{close[0]}'?" if close else ""
        hint += f" A {schema} takes: {', '.join(fields)}."
        self.diagnostics.error(
            value.where(key), "unknown-key", f"unknown key '{key}' in {schema}", hint.strip()
        )

    def language(self, record: Record) -> str:
        """A record's own language (a passage in another language), checked; '' if none."""
        tag = scalar_text(record.get("language") or "").strip()
        check_language(self.diagnostics, tag, record.where("language"))
        return tag

    def text(self, record: Record, key: str, inline: bool = False) -> Text:
        """A record's Markdown, counted against the prose a document may hold."""
        source = scalar_text(record[key])
        self.count_prose(source, record.where(key))
        return Text(source, record.where(key), inline)

    def texts(self, record: Record, key: str) -> tuple[str, ...]:
        """The items of a list of text (keywords, address lines); the rest reported."""
        items = record.get(key) or Items()
        places = getattr(items, "locations", [])
        for item, where in zip(items, places, strict=True):
            if item is not None and not isinstance(item, str):
                self.diagnostics.error(
                    where,
                    "wrong-type",
                    f"each item of '{key}' must be text, such as '- a line of text'",
                    "write one item on each line, after '- '",
                )
        return tuple(item for item in items if isinstance(item, str))

    def file_text(self, record: Record, key: str) -> Text | None:
        """A Markdown file a record names, as loaded with the YAML; None with the reason."""
        name = record[key]
        location = record.where(key)
        problem = path_problem(name)
        if problem:
            self.diagnostics.error(
                location,
                "bad-path",
                f"the file name '{printable(name)}' {problem}",
                "give the name of a file in the publication folder, without '..'",
            )
            return None
        path = self.folder / name
        if path.suffix.lower() == ".docx":
            self.diagnostics.error(
                location,
                "word-in-block",
                f"'{name}' is a Word document: it goes in a section's 'file:', where its "
                "headings become sections, not in a block",
                "write '- title: ...' with 'file: " + str(name) + "' as a section instead",
            )
            return None
        source = self.raw.texts.get(path)
        if path in self.raw.refused:
            return None  # reported when it was loaded
        if source is None:
            self.diagnostics.error(
                location,
                "file-missing",
                f"{self.subject}file not found: {name}",
                f"create {path} or correct the file name",
            )
            return None
        if path.suffix.lower() not in (".md", ".markdown"):
            self.diagnostics.error(
                location, "bad-file-type", f"'{name}' is not a Markdown file", SECTION_FILES
            )
            return None
        self.count_prose(source, location)
        return Text(source, SourceLocation(path, 1))

    def word(self, record: Record, key: str) -> WordDocument | None:
        """A Word document a record names, as read with the YAML; None with the reason."""
        name, location = record[key], record.where(key)
        if path_problem(name):
            self.diagnostics.error(
                location,
                "bad-path",
                f"'{name}' must be a file inside the folder of {self.folder.name}",
                "give a path relative to that folder, without '..'",
            )
            return None
        path = self.folder / name
        document = self.raw.documents.get(path)
        if document is None and path not in self.raw.refused:
            self.diagnostics.error(
                location,
                "file-missing",
                f"{self.subject}file not found: {name}",
                f"put the Word document at {path}, or correct the file name",
            )
        return document  # None if unreadable or refused: reported when it was loaded

    def count_prose(self, source: str, location: SourceLocation) -> None:
        """Stop at the first text past the limit (a file used many times counts each time)."""
        before, self.prose = self.prose, self.prose + len(source)
        if before <= MAX_PROSE_CHARACTERS < self.prose:
            self.diagnostics.error(
                location,
                "too-much-text",
                f"the document holds more than {MAX_PROSE_CHARACTERS:,} characters of text "
                "from here on, more than the tool makes into one PDF",
                "split it into several publications (see Limits in the README)",
            )

    def count_section(self, location: SourceLocation) -> bool:
        """False, reported once, for every section past ``MAX_SECTIONS``."""
        self.sections += 1
        if self.sections == MAX_SECTIONS + 1:
            self.diagnostics.error(
                location,
                "too-many-sections",
                f"more than {MAX_SECTIONS:,} sections, the most the tool makes into one "
                "document (this is the first one over)",
                "split it into several publications, or make short sections into "
                "paragraphs of one section (see Limits in the README)",
            )
        return self.sections <= MAX_SECTIONS


def printable(name: str) -> str:
    """A name as a message may show it: control characters written as escapes."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in name)


def scalar_text(value: Any) -> str:
    """Text as typed; '' for a value not given."""
    return "" if value is None else str(value)


def check_language(diagnostics: Diagnostics, tag: str, location: SourceLocation) -> None:
    """A BCP 47 tag, or an error saying how to write the one meant."""
    if not tag:
        return
    if "_" in tag:
        hint = f"write it with a hyphen: {tag.replace('_', '-')}"
    elif tag.upper().endswith("-UK"):
        hint = f"the region code for the United Kingdom is GB: {tag[:-3]}-GB"
    elif _BCP47_SHAPE.match(tag) and langcodes.tag_is_valid(tag):
        return
    else:
        hint = "use a BCP 47 tag such as en-GB (English), cy-GB (Welsh) or pl (Polish)"
    diagnostics.error(location, "bad-language", f"'{tag}' is not a language tag", hint)


def check_printed_language(diagnostics: Diagnostics, tag: str, location: SourceLocation) -> None:
    """A document's own language must be one the tool prints its words in (contents,
    page numbers, cover): never half in English."""
    if not tag or has_catalogue(tag) or not _BCP47_SHAPE.match(tag):
        return
    if not langcodes.tag_is_valid(tag):
        return  # told by check_language
    languages = ", ".join(catalogue_languages())
    diagnostics.error(
        location,
        "no-catalogue",
        f"the tool cannot yet print its own words (contents, page numbers, cover) in "
        f"{language_name(tag)} ('{tag}'); they would be in English",
        f"use a language it prints in ({languages}), or add a catalogue for '{tag}' "
        "(see Languages in the README); a passage in another language takes 'language:'",
    )
