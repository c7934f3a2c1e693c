"""A .docx opened as what it is: a zip of XML parts, any of which may be hostile.

The zip's directory is checked before anything is unpacked (how many parts, the
sizes they declare, how tightly they pack), so a zip bomb is refused unread;
``zipfile`` then stops at each part's declared size. XML is parsed without DTDs,
entities or network access, and a part that carries a DTD is refused: Word never
writes one, and entity expansion is how an XML bomb works.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from publication.limits import (
    WORD_MAX_BYTES,
    WORD_MAX_PART_BYTES,
    WORD_MAX_PARTS,
    WORD_MAX_RATIO,
    WORD_MAX_UNPACKED,
)

__all__ = ["EXTERNAL", "NotReadable", "Package", "open_package"]

EXTERNAL = "External"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "/officeDocument"
_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_RATIO_FROM = 2**20  # small parts may pack tightly without being a bomb
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


class NotReadable(Exception):
    """The file cannot be read as a Word document; ``hint`` says what to do."""

    def __init__(self, problem: str, hint: str) -> None:
        super().__init__(problem)
        self.hint = hint


@dataclass(frozen=True)
class Relationship:
    kind: str  # the last part of the relationship type: 'image', 'hyperlink', 'footnotes'
    target: str  # a part name inside the zip, or an address when external
    mode: str


@dataclass
class Package:
    """The zip's checked directory; parts are unpacked only when asked for."""

    archive: zipfile.ZipFile
    main: str  # the main document part, usually 'word/document.xml'
    _parsed: dict[str, etree._Element | None] = field(default_factory=dict)
    _related: dict[str, dict[str, Relationship]] = field(default_factory=dict)

    def data(self, name: str) -> bytes | None:
        """A part's bytes, or None if the zip has no such part."""
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            return None
        try:
            with self.archive.open(info) as stream:
                return stream.read(WORD_MAX_PART_BYTES + 1)
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as problem:
            raise NotReadable(f"part {name} is damaged ({problem})", _RESAVE) from problem

    def xml(self, name: str) -> etree._Element | None:
        """A part parsed as XML, or None if the zip has no such part."""
        if name not in self._parsed:
            data = self.data(name)
            self._parsed[name] = None if data is None else _parse(name, data)
        return self._parsed[name]

    def relationships(self, part: str) -> Mapping[str, Relationship]:
        """A part's relationships by id, their targets resolved to part names.

        Read once per part and kept: every link, picture and note reference asks.
        """
        if part not in self._related:
            self._related[part] = self._read_relationships(part)
        return self._related[part]

    def _read_relationships(self, part: str) -> dict[str, Relationship]:
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", f"{base}.rels"))
        found = {}
        for element in [] if root is None else root.iter(_RELATIONSHIPS):
            mode, target = element.get("TargetMode", ""), element.get("Target", "")
            if mode != EXTERNAL:
                target = posixpath.normpath(
                    target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                )
            kind = element.get("Type", "").rsplit("/", 1)[-1]
            found[element.get("Id", "")] = Relationship(kind, target, mode)
        return found

    def related(self, part: str, kind: str) -> str | None:
        """The part a relationship of ``kind`` leads to from ``part`` (footnotes, styles ...)."""
        for relationship in self.relationships(part).values():
            if relationship.kind == kind and relationship.mode != EXTERNAL:
                return relationship.target
        return None


_RESAVE = "open it in Word and save it again as a Word Document (.docx)"


def open_package(path: Path) -> Package:
    """The .docx at ``path``, its zip checked; ``NotReadable`` says why it cannot be used."""
    size = path.stat().st_size
    if size > WORD_MAX_BYTES:
        raise NotReadable(
            f"the Word document is {size / 2**20:.0f} MB; the largest we read is "
            f"{WORD_MAX_BYTES // 2**20} MB",
            "make it smaller: in Word, Picture Format > Compress Pictures (150 ppi), "
            "then save it again",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    except zipfile.BadZipFile as problem:
        raise NotReadable("the file is not a readable .docx (its zip is damaged)", _RESAVE) from (
            problem
        )
    _check_directory(archive)
    package = Package(archive, "")
    main = package.related("", _OFFICE_DOCUMENT.strip("/"))
    root = package.xml(main) if main else None
    if root is None:
        raise NotReadable("the file is a zip but not a Word document (no main document)", _RESAVE)
    if root.tag.startswith("{" + _STRICT):
        raise NotReadable(
            "the document is saved as 'Strict Open XML', which we do not read",
            "in Word, File > Save As, and choose 'Word Document (*.docx)'",
        )
    package.main = main
    return package


def _check_directory(archive: zipfile.ZipFile) -> None:
    """Refuse a zip bomb from what the zip declares, before anything is unpacked."""
    entries = archive.infolist()
    if len(entries) > WORD_MAX_PARTS:
        raise NotReadable(
            f"the file has {len(entries)} parts; a Word document has far fewer "
            f"(we read up to {WORD_MAX_PARTS})",
            _RESAVE,
        )
    total = 0
    for info in entries:
        total += info.file_size
        packed = max(info.compress_size, 1)
        too_tight = info.file_size > _RATIO_FROM and info.file_size / packed > WORD_MAX_RATIO
        if info.file_size > WORD_MAX_PART_BYTES or too_tight:
            raise NotReadable(
                f"part {info.filename} unpacks to {info.file_size / 2**20:.0f} MB "
                f"from {packed / 2**20:.1f} MB, more than a Word document holds "
                "(the file may be a zip bomb)",
                "ask for the document again, saved from Word",
            )
        if info.flag_bits & 0x1:
            raise NotReadable("the zip is encrypted", "save the document without a password")
    if total > WORD_MAX_UNPACKED:
        raise NotReadable(
            f"the parts unpack to {total / 2**20:.0f} MB together; we read up to "
            f"{WORD_MAX_UNPACKED // 2**20} MB",
            "make it smaller: in Word, Picture Format > Compress Pictures, then save it again",
        )


def _parse(name: str, data: bytes) -> etree._Element:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as problem:
        raise NotReadable(f"part {name} is not well-formed XML ({problem})", _RESAVE) from problem
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise NotReadable(
            f"part {name} declares a DTD, which Word never writes (it may be an XML bomb)",
            "ask for the document again, saved from Word",
        )
    return root
