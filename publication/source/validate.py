"""Turn raw YAML records into the model, checking structure and accessibility rules.

Every problem is collected with its file and line before the build stops, so an
author fixes them all in one pass. The schema is declared once, in ``SCHEMAS``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import langcodes
from PIL import Image as PillowImage
from PIL import UnidentifiedImageError

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.limits import size_problem
from publication.source.assets import asset_roots, find_asset, path_problem
from publication.source.load import Items, RawPublication, Record
from publication.source.model import (
    Block,
    Callout,
    Card,
    Cards,
    Contact,
    Figure,
    Image,
    Metadata,
    Principle,
    Principles,
    Prose,
    Publication,
    Section,
    Table,
    Text,
)

__all__ = [
    "SCALAR",
    "SCHEMAS",
    "Field",
    "Validator",
    "scalar_text",
    "valid_date",
    "validate_publication",
]


@dataclass(frozen=True)
class Field:
    kind: type | tuple[type, ...]
    required: bool = False
    doc: str = ""


SCALAR = (str, int, float, date)

SCHEMAS: dict[str, dict[str, Field]] = {
    "publication": {
        "title": Field(SCALAR, True, "the full title, printed on the cover and as the PDF title"),
        "short_title": Field(SCALAR, doc="running header on every page; defaults to the title"),
        "subtitle": Field(SCALAR, doc="printed under the title on the cover"),
        "label": Field(SCALAR, doc="a short line above the title, such as a programme name"),
        "organisation": Field(SCALAR, True, "who publishes it; the PDF author"),
        "language": Field(SCALAR, True, "BCP 47 language tag, such as en-GB or cy-GB"),
        "date": Field(SCALAR, doc="publication date, YYYY-MM-DD (or YYYY-MM, YYYY)"),
        "period": Field(SCALAR, doc="the period the document covers, such as 2021-25"),
        "version": Field(SCALAR, doc="version or edition number"),
        "summary": Field(SCALAR, doc="one or two sentences; the PDF subject"),
        "keywords": Field(list, doc="list of search words; the PDF keywords"),
        "licence": Field(SCALAR, doc="the licence or copyright line"),
        "alternative_formats": Field(
            SCALAR, doc="how to ask for another format, such as large print or audio"
        ),
        "logo": Field((str, Record), doc="image file, or a figure-like block with alt"),
        "page_size": Field(str, doc="A4 (default) or A5"),
        "contents_depth": Field(int, doc="heading levels listed in the contents (1-3, default 2)"),
        "large_print": Field(list, doc="large-print sizes to build, in points (16 to 48)"),
        "sections": Field(list, True, "the body: a list of sections"),
    },
    "section": {
        "title": Field(SCALAR, True, "the heading"),
        "id": Field(str, doc="anchor name; made from the title when left out"),
        "subtitle": Field(SCALAR, doc="a line under the heading"),
        "icon": Field(str, doc="decorative image beside the heading"),
        "file": Field(str, doc="Markdown file with the section's opening prose"),
        "text": Field(str, doc="the section's opening prose, as Markdown"),
        "blocks": Field(list, doc="figures, cards, principles, tables, callouts, contact"),
        "sections": Field(list, doc="sections nested under this one"),
        "new_page": Field(bool, doc="start on a new page (default: true for top sections)"),
        "contents": Field(bool, doc="list in the contents (default true)"),
    },
    "figure": {
        "image": Field(str, True, "image file in the publication folder or images/"),
        "alt": Field(SCALAR, doc="what the image shows, for people who cannot see it"),
        "decorative": Field(bool, doc="true when the image adds nothing to the text"),
        "caption": Field(SCALAR, doc="caption printed under the image"),
        "width": Field(str, doc="narrow, medium or full (default)"),
    },
    "cards": {"items": Field(list, True, "the cards: title, icon, text")},
    "card": {
        "title": Field(SCALAR, True, "the card's heading"),
        "icon": Field(str, doc="decorative icon; the title says the same"),
        "text": Field(SCALAR, True, "Markdown text"),
    },
    "principles": {
        "start": Field(int, doc="number of the first principle (default 1)"),
        "items": Field(list, True, "the principles: title, text"),
    },
    "principle": {
        "title": Field(SCALAR, True, "the principle's name"),
        "text": Field(SCALAR, True, "Markdown text"),
    },
    "table": {
        "caption": Field(SCALAR, True, "what the table shows; read out before the table"),
        "header_row": Field(bool, doc="first row holds column headers (default true)"),
        "header_column": Field(bool, doc="first column holds row headers (default false)"),
        "rows": Field(list, True, "list of rows, each a list of cells"),
    },
    "callout": {
        "title": Field(SCALAR, doc="heading of the box"),
        "text": Field(SCALAR, True, "Markdown text"),
    },
    "contact": {
        "title": Field(SCALAR, doc="heading of the box (default: Contact us)"),
        "name": Field(SCALAR, doc="team or person"),
        "address": Field(list, doc="address lines"),
        "telephone": Field(SCALAR),
        "email": Field(SCALAR),
        "website": Field(SCALAR),
    },
}

BLOCK_KINDS = ("file", "text", "figure", "cards", "principles", "table", "callout", "contact")
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
PAGE_SIZES = ("A4", "A5")
FIGURE_WIDTHS = ("narrow", "medium", "full")
MAX_HEADING_LEVEL = 6
_BCP47_SHAPE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_SVG_VIEWBOX = re.compile(r'viewBox="\s*([-\d.]+)[\s,]+([-\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)')
_DATE_SHAPE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class Validator:
    """Walks one publication; holds the collector and the folders images may come from."""

    schemas: ClassVar[dict[str, dict[str, Field]]] = SCHEMAS

    def __init__(self, raw: RawPublication, diagnostics: Diagnostics) -> None:
        self.raw = raw
        self.diagnostics = diagnostics
        self.folder = raw.folder
        self.image_roots = asset_roots(raw.folder)
        self.anchors: set[str] = set()
        self.subject = ""  # what the current messages are about, such as "item 4: "

    # -- generic checks -------------------------------------------------

    def check_record(self, value: Any, schema: str, location: SourceLocation) -> bool:
        """Shape, unknown keys, required keys and types; False if unusable."""
        fields = self.schemas[schema]
        if not isinstance(value, Record):
            self.diagnostics.error(
                location,
                "wrong-type",
                f"a {schema} must be a block of 'key: value' lines",
                f"give the {schema}'s keys ({', '.join(fields)}) indented below it",
            )
            return False
        usable = True
        for key in value:
            if key not in fields:
                close = difflib.get_close_matches(key, fields, n=1)
                hint = f"did you mean '{close[0]}'?" if close else ""
                hint += f" A {schema} takes: {', '.join(fields)}."
                self.diagnostics.error(
                    value.where(key),
                    "unknown-key",
                    f"unknown key '{key}' in {schema}",
                    hint.strip(),
                )
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
                continue
            if not _is_kind(value[key], spec.kind):
                self.diagnostics.error(
                    value.where(key),
                    "wrong-type",
                    f"'{key}' must be {_kind_name(spec.kind)}, not {_kind_name(type(value[key]))}",
                    spec.doc,
                )
                usable = False
        return usable

    def text(self, record: Record, key: str, inline: bool = False) -> Text:
        return Text(scalar_text(record[key]), record.where(key), inline)

    def file_text(self, record: Record, key: str) -> Text | None:
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
            self.diagnostics.error(location, "bad-file-type", f"'{name}' is not a Markdown file")
            return None
        return Text(source, SourceLocation(path, 1))

    # -- images ----------------------------------------------------------

    def image(
        self, name: str, location: SourceLocation, alt: str, decorative: bool
    ) -> Image | None:
        problem = path_problem(name)
        if problem:
            self.diagnostics.error(
                location,
                "bad-image-path",
                f"image '{name}' {problem}",
                "put the image in the publication folder or images/ and "
                "give its path relative to that folder",
            )
            return None
        found = find_asset(name, self.image_roots)
        if found is None:
            where = " or ".join(str(root) for root in self.image_roots)
            self.diagnostics.error(
                location,
                "image-missing",
                f"image not found: '{name}'",
                f"add the file under {where}, or correct the name",
            )
            return None
        if found.suffix.lower() not in IMAGE_SUFFIXES:
            self.diagnostics.error(
                location,
                "image-type",
                f"'{name}' is not an image we can print",
                f"use one of {', '.join(sorted(IMAGE_SUFFIXES))}",
            )
            return None
        ratio = _image_ratio(found)
        if ratio is None:
            self.diagnostics.error(
                location,
                "image-unreadable",
                f"'{name}' cannot be read as an image",
                "export it again as PNG, JPEG or SVG",
            )
            return None
        if not decorative and not alt.strip():
            self.diagnostics.error(
                location,
                "alt-missing",
                f"image '{name}' has no alt text",
                "add 'alt:' saying what the image shows, or "
                "'decorative: true' if it adds nothing to the text",
            )
            return None
        return Image(found, "" if decorative else alt.strip(), decorative, location, ratio)

    def icon(self, record: Record) -> Image | None:
        if record.get("icon") is None:
            return None
        return self.image(record["icon"], record.where("icon"), "", True)

    # -- blocks ------------------------------------------------------------

    def blocks(self, items: Items) -> tuple[Block, ...]:
        built: list[Block] = []
        for item, location in zip(items, items.locations, strict=True):
            kinds = [key for key in item if key in BLOCK_KINDS] if isinstance(item, Record) else []
            if not isinstance(item, Record) or len(item) != 1 or len(kinds) != 1:
                self.diagnostics.error(
                    location,
                    "bad-block",
                    "a block must be exactly one of: " + ", ".join(BLOCK_KINDS),
                    "start the block with '- figure:', '- text: |', '- file: name.md' and so on",
                )
                continue
            block = getattr(self, f"block_{kinds[0]}")(item, kinds[0])
            if block is not None:
                built.append(block)
        return tuple(built)

    def block_file(self, item: Record, key: str) -> Prose | None:
        text = self.file_text(item, key)
        return Prose(text) if text else None

    def block_text(self, item: Record, key: str) -> Prose | None:
        return Prose(self.text(item, key))

    def block_figure(self, item: Record, key: str) -> Figure | None:
        record = item[key]
        if not self.check_record(record, "figure", item.where(key)):
            return None
        decorative = bool(record.get("decorative", False))
        alt = scalar_text(record.get("alt") or "")
        if decorative and alt:
            self.diagnostics.warning(
                record.where("alt"),
                "alt-on-decorative",
                "a decorative image's alt text is never read out",
                "remove 'alt:' or 'decorative: true'",
            )
        image = self.image(record["image"], record.where("image"), alt, decorative)
        width = record.get("width", "full")
        if width not in FIGURE_WIDTHS:
            self.diagnostics.error(
                record.where("width"),
                "bad-value",
                f"unknown width '{width}'",
                f"use one of {', '.join(FIGURE_WIDTHS)}",
            )
        caption = self.text(record, "caption", inline=True) if record.get("caption") else None
        return Figure(image, caption, width) if image else None

    def block_cards(self, item: Record, key: str) -> Cards | None:
        record = item[key]
        if not self.check_record(record, "cards", item.where(key)):
            return None
        cards = []
        for card, location in zip(record["items"], record["items"].locations, strict=True):
            if self.check_record(card, "card", location):
                cards.append(
                    Card(scalar_text(card["title"]), self.icon(card), self.text(card, "text"))
                )
        return Cards(tuple(cards))

    def block_principles(self, item: Record, key: str) -> Principles | None:
        record = item[key]
        if not self.check_record(record, "principles", item.where(key)):
            return None
        start = record.get("start", 1)
        principles = []
        for number, (entry, location) in enumerate(
            zip(record["items"], record["items"].locations, strict=True), start
        ):
            if self.check_record(entry, "principle", location):
                principles.append(
                    Principle(number, scalar_text(entry["title"]), self.text(entry, "text"))
                )
        return Principles(tuple(principles))

    def block_table(self, item: Record, key: str) -> Table | None:
        record = item[key]
        if not self.check_record(record, "table", item.where(key)):
            return None
        rows: list[tuple[Text, ...]] = []
        widths = set()
        for row, location in zip(record["rows"], record["rows"].locations, strict=True):
            if not isinstance(row, Items) or not all(_is_kind(c, SCALAR) or c is None for c in row):
                self.diagnostics.error(
                    location,
                    "bad-table-row",
                    "a table row must be a list of cells, such as [Ward, Population]",
                    "write each row as '- [cell, cell, cell]'",
                )
                continue
            widths.add(len(row))
            rows.append(
                tuple(
                    Text(scalar_text(c if c is not None else ""), where, True)
                    for c, where in zip(row, row.locations, strict=True)
                )
            )
        if len(widths) > 1:
            self.diagnostics.error(
                record.where("rows"),
                "ragged-table",
                f"table rows have different numbers of cells ({sorted(widths)})",
                "give every row the same number of cells; use '' for an empty one",
            )
        if not rows:
            self.diagnostics.error(record.where("rows"), "empty-table", "the table has no rows")
            return None
        return Table(
            scalar_text(record["caption"]),
            record.get("header_row", True),
            record.get("header_column", False),
            tuple(rows),
            item.where(key),
        )

    def block_callout(self, item: Record, key: str) -> Callout | None:
        record = item[key]
        if not self.check_record(record, "callout", item.where(key)):
            return None
        return Callout(scalar_text(record.get("title") or ""), self.text(record, "text"))

    def block_contact(self, item: Record, key: str) -> Contact | None:
        record = item[key]
        if not self.check_record(record, "contact", item.where(key)):
            return None
        if not any(record.get(k) for k in ("name", "address", "telephone", "email", "website")):
            self.diagnostics.error(
                item.where(key),
                "empty-contact",
                "the contact box is empty",
                "give at least one of name, address, telephone, email, website",
            )
            return None
        return Contact(
            title=scalar_text(record.get("title") or "Contact us"),
            name=scalar_text(record.get("name") or ""),
            address=tuple(scalar_text(line) for line in record.get("address") or ()),
            telephone=scalar_text(record.get("telephone") or ""),
            email=scalar_text(record.get("email") or ""),
            website=scalar_text(record.get("website") or ""),
        )

    # -- sections --------------------------------------------------------

    def sections(self, items: Any, location: SourceLocation, level: int) -> tuple[Section, ...]:
        if not isinstance(items, Items):
            self.diagnostics.error(
                location,
                "wrong-type",
                "'sections' must be a list",
                "write each section as '- title: ...'",
            )
            return ()
        built = []
        for record, where in zip(items, items.locations, strict=True):
            section = self.section(record, where, level)
            if section is not None:
                built.append(section)
        return tuple(built)

    def section(self, record: Any, location: SourceLocation, level: int) -> Section | None:
        if not self.check_record(record, "section", location):
            return None
        title = scalar_text(record["title"])
        if level > MAX_HEADING_LEVEL:
            self.diagnostics.error(
                location,
                "too-deep",
                f"section '{title}' would be heading level {level}; "
                f"the deepest is {MAX_HEADING_LEVEL}",
                "nest sections less deeply",
            )
        if "file" in record and "text" in record:
            self.diagnostics.error(
                record.where("text"),
                "file-and-text",
                "a section takes 'file' or 'text', not both",
                "move the text into the file, or drop 'file'",
            )
        blocks: list[Block] = []
        if record.get("file"):
            text = self.file_text(record, "file")
            if text:
                blocks.append(Prose(text))
        elif record.get("text"):
            blocks.append(Prose(self.text(record, "text")))
        if record.get("blocks"):
            blocks.extend(self.blocks(record["blocks"]))
        anchor = self.anchor(record, title)  # before the children: anchors in reading order
        children = ()
        if record.get("sections"):
            children = self.sections(record["sections"], record.where("sections"), level + 1)
        return Section(
            title=title,
            anchor=anchor,
            level=level,
            subtitle=scalar_text(record.get("subtitle") or ""),
            icon=self.icon(record),
            blocks=tuple(blocks),
            sections=children,
            new_page=record.get("new_page", level == 2),
            in_contents=record.get("contents", True),
            location=location,
        )

    def anchor(self, record: Record, title: str) -> str:
        wanted = record.get("id") or _slug(title) or "section"
        if record.get("id") and not re.fullmatch(r"[a-z][a-z0-9-]*", wanted):
            self.diagnostics.error(
                record.where("id"),
                "bad-id",
                f"id '{wanted}' is not usable",
                "use lower-case letters, digits and hyphens, starting with a letter",
            )
        anchor, n = wanted, 2
        while anchor in self.anchors:
            anchor, n = f"{wanted}-{n}", n + 1
        self.anchors.add(anchor)
        return anchor

    # -- the whole publication -------------------------------------------

    def metadata(self, record: Record) -> Metadata:
        def text(key: str) -> str:
            return scalar_text(record.get(key) or "").strip()

        language = text("language")
        self.check_language(language, record.where("language"))
        when = record.get("date")
        iso_date = when.isoformat() if isinstance(when, date) else text("date")
        if iso_date and not valid_date(iso_date):
            self.diagnostics.error(
                record.where("date"),
                "bad-date",
                f"'{iso_date}' is not a date",
                "write the date as YYYY-MM-DD, YYYY-MM or YYYY",
            )
        keywords = record.get("keywords") or []
        return Metadata(
            title=text("title"),
            short_title=text("short_title") or text("title"),
            subtitle=text("subtitle"),
            label=text("label"),
            organisation=text("organisation"),
            language=language,
            date=iso_date,
            period=text("period"),
            version=text("version"),
            summary=text("summary"),
            keywords=tuple(scalar_text(word) for word in keywords),
            licence=text("licence"),
            alternative_formats=text("alternative_formats"),
            logo=self.logo(record),
        )

    def logo(self, record: Record) -> Image | None:
        value = record.get("logo")
        if value is None:
            return None
        if isinstance(value, str):
            return self.image(value, record.where("logo"), "", True)
        if not self.check_record(value, "figure", record.where("logo")):
            return None
        return self.image(
            value["image"],
            value.where("image"),
            scalar_text(value.get("alt") or ""),
            bool(value.get("decorative", False)),
        )

    def large_print_sizes(self, record: Record) -> tuple[int, ...]:
        sizes = record.get("large_print") or Items()
        usable = []
        for size, location in zip(sizes, getattr(sizes, "locations", []), strict=False):
            problem = size_problem(size)
            if problem:
                self.diagnostics.error(
                    location, "bad-size", problem, "list sizes from 16 to 48, such as [18, 24]"
                )
            else:
                usable.append(size)
        return tuple(dict.fromkeys(usable))

    def check_language(self, tag: str, location: SourceLocation) -> None:
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
        self.diagnostics.error(location, "bad-language", f"'{tag}' is not a language tag", hint)

    def publication(self) -> Publication | None:
        record = self.raw.record
        path = self.folder / "publication.yaml"
        if not self.check_record(record, "publication", SourceLocation(path, 1)):
            return None
        page_size = str(record.get("page_size", "A4")).upper()
        if page_size not in PAGE_SIZES:
            self.diagnostics.error(
                record.where("page_size"),
                "bad-value",
                f"unknown page size '{record['page_size']}'",
                f"use one of {', '.join(PAGE_SIZES)}",
            )
        depth = record.get("contents_depth", 2)
        if not 1 <= depth <= 3:
            self.diagnostics.error(
                record.where("contents_depth"), "bad-value", "contents_depth must be 1, 2 or 3"
            )
        return Publication(
            slug=self.folder.name,
            folder=self.folder,
            asset_roots=self.image_roots,
            metadata=self.metadata(record),
            sections=self.sections(record["sections"], record.where("sections"), 2),
            page_size=page_size,
            contents_depth=depth,
            location=SourceLocation(path, 1),
            large_print_sizes=self.large_print_sizes(record),
        )


def validate_publication(raw: RawPublication, diagnostics: Diagnostics) -> Publication | None:
    """The model, or None when the file is too broken to describe one."""
    return Validator(raw, diagnostics).publication()


# -- small helpers ---------------------------------------------------------


def _image_ratio(path: Path) -> float | None:
    """Height over width, or None if the file is not a readable image."""
    if path.suffix.lower() == ".svg":
        head = path.read_bytes()[:4096].decode("utf-8", "replace")
        if "<svg" not in head:
            return None
        box = _SVG_VIEWBOX.search(head)
        if box:
            width, height = float(box.group(3)), float(box.group(4))
            return height / width if width > 0 else 1.0
        return 1.0
    try:
        with PillowImage.open(path) as image:
            image.verify()
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError):
        return None
    return height / width if width else None


def valid_date(text: str) -> bool:
    if not _DATE_SHAPE.match(text):
        return False
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def scalar_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    return str(value)


def _is_kind(value: Any, kind: type | tuple[type, ...]) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool):
        return bool in kinds
    return isinstance(value, kinds)


def _kind_name(kind: type | tuple[type, ...]) -> str:
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
