"""The declared schema, and the checks every record goes through before it is read.

The keys of every record (a publication, a section, each block, a meeting, an
agenda item ...) are declared as data in ``schema/*.yaml``: kind, whether it is
required, and what it means. ``Reader`` holds what validating one file shares:
the collector, the folders files may come from, the anchors given so far.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import langcodes
import yaml

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.messages import catalogue_languages, has_catalogue, language_name
from publication.source.assets import asset_roots, path_problem
from publication.source.filetypes import SECTION_FILES
from publication.source.load import Items, RawPublication, Record
from publication.source.model import Text
from publication.source.word import WordDocument

__all__ = [
    "SCALAR",
    "SCHEMAS",
    "Field",
    "Reader",
    "check_language",
    "check_printed_language",
    "is_kind",
    "kind_name",
    "scalar_text",
]

SCALAR = (str, int, float, date)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it
_BCP47_SHAPE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
# A kind named in the schema files, as the Python types a YAML value may load as.
KINDS: dict[str, tuple[type, ...]] = {
    "text": SCALAR,
    "name": (str,),
    "number": (int,),
    "flag": (bool,),
    "list": (list,),
    "record": (Record,),
}


@dataclass(frozen=True)
class Field:
    kind: tuple[type, ...]
    required: bool = False
    doc: str = ""


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
    types = tuple(t for kind in kinds for t in KINDS[kind])
    return Field(types, spec.get("required", False), spec.get("doc", ""))


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
        return (*self.image_roots, self.raw.pictures) if self.pictures_used else self.image_roots

    def word_images(self) -> Path:
        """The folder pictures taken out of Word documents are written to."""
        self.pictures_used = True
        return self.raw.pictures

    def unique_anchor(self, wanted: str) -> str:
        """An anchor made from ``wanted``, unique in the document; given in reading order."""
        wanted = re.sub(r"[^a-z0-9]+", "-", wanted.lower()).strip("-") or "section"
        given, n = wanted, 2
        while given in self.anchors:
            given, n = f"{wanted}-{n}", n + 1
        self.anchors.add(given)
        return given

    def check_record(self, value: Any, schema: str, location: SourceLocation) -> bool:
        """Shape, unknown keys, required keys and types; False if unusable."""
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
            if key not in value or value[key] is None:
                if spec.required:
                    self.diagnostics.error(
                        value.location,
                        "missing-field",
                        f"{schema} has no '{key}'",
                        f"add '{key}:' ({spec.doc})",
                    )
                    usable = False
            elif not is_kind(value[key], spec.kind):
                self.diagnostics.error(
                    value.where(key),
                    "wrong-type",
                    f"'{key}' must be {kind_name(spec.kind)}, not {kind_name(type(value[key]))}",
                    spec.doc,
                )
                usable = False
        return usable

    def _unknown_key(self, value: Record, key: str, schema: str, fields: dict) -> None:
        close = difflib.get_close_matches(key, fields, n=1)
        hint = f"did you mean '{close[0]}'?" if close else ""
        hint += f" A {schema} takes: {', '.join(fields)}."
        self.diagnostics.error(
            value.where(key), "unknown-key", f"unknown key '{key}' in {schema}", hint.strip()
        )

    def language(self, record: Record, key: str = "language") -> str:
        """A record's own language (a passage in another language), checked; '' if none."""
        tag = scalar_text(record.get(key) or "").strip()
        check_language(self.diagnostics, tag, record.where(key))
        return tag

    def text(self, record: Record, key: str, inline: bool = False) -> Text:
        return Text(scalar_text(record[key]), record.where(key), inline)

    def file_text(self, record: Record, key: str) -> Text | None:
        """A Markdown file a record names, as loaded with the YAML; None with the reason."""
        name = record[key]
        location = record.where(key)
        if path_problem(name):
            self.diagnostics.error(
                location,
                "bad-path",
                f"'{name}' must be a file inside the publication folder",
                "give a path relative to the publication folder, without '..'",
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
        if source is None and not path.is_file():
            self.diagnostics.error(
                location,
                "file-missing",
                f"{self.subject}file not found: {name}",
                f"create {path} or correct the file name",
            )
            return None
        if source is None:
            return None  # unreadable: reported when it was loaded
        if path.suffix.lower() not in (".md", ".markdown"):
            self.diagnostics.error(
                location, "bad-file-type", f"'{name}' is not a Markdown file", SECTION_FILES
            )
            return None
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
        if document is None and not path.is_file():
            self.diagnostics.error(
                location,
                "file-missing",
                f"{self.subject}file not found: {name}",
                f"put the Word document at {path}, or correct the file name",
            )
        return document  # None if unreadable: reported when it was loaded


def scalar_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    return str(value)


def is_kind(value: Any, kind: type | tuple[type, ...]) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool):
        return bool in kinds
    return isinstance(value, kinds)


def kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {
        str: "text",
        int: "a whole number",
        float: "a number",
        date: "a date",
        bool: "true or false",
        list: "a list",
        Record: "a block of keys",
        Items: "a list",
        dict: "a block of keys",
        type(None): "empty",
    }
    if kinds == SCALAR:
        return "text"
    return " or ".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))


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
