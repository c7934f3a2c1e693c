"""Turn a publication's raw YAML records into the model, checking structure and
accessibility rules.

Every problem is collected with its file and line before the build stops, so an
author fixes them all in one pass. The schema is declared once, in
``schema/publication.yaml``; sections and blocks are read by their own modules.
"""

from __future__ import annotations

import difflib
import re
from datetime import date

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.limits import FORMAT_NAMES, size_problem
from publication.source import images
from publication.source.forms import read_forms
from publication.source.load import Items, RawPublication, Record
from publication.source.model import Image, Metadata, Publication
from publication.source.records import (
    Reader,
    check_language,
    check_printed_language,
    scalar_text,
    whole_number,
)
from publication.source.sections import read_sections

__all__ = ["valid_date", "validate_publication"]

PAGE_SIZES = ("A4", "A5")
_DATE_SHAPE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def validate_publication(raw: RawPublication, diagnostics: Diagnostics) -> Publication | None:
    """The model, or None when the file is too broken to describe one."""
    reader = Reader(raw, diagnostics)
    record = raw.record
    path = reader.folder / "publication.yaml"
    if not reader.check_record(record, "publication", SourceLocation(path, 1)):
        return None
    page_size = str(record.get("page_size", "A4")).upper()
    if page_size not in PAGE_SIZES:
        diagnostics.error(
            record.where("page_size"),
            "bad-value",
            f"unknown page size '{record['page_size']}'",
            f"use one of {', '.join(PAGE_SIZES)}",
        )
    depth = record.get("contents_depth", 2)
    if not 1 <= depth <= 3:
        diagnostics.error(
            record.where("contents_depth"), "bad-value", "contents_depth must be 1, 2 or 3"
        )
    metadata = _metadata(reader, record)
    sections = read_sections(reader, record["sections"], record.where("sections"), 2)
    return Publication(
        slug=reader.folder.name,
        folder=reader.folder,
        asset_roots=reader.typeset_roots,  # once the sections are read: Word pictures too
        metadata=metadata,
        sections=sections,
        page_size=page_size,
        contents_depth=depth,
        location=SourceLocation(path, 1),
        large_print_sizes=_large_print_sizes(reader, record),
        formats=_formats(reader, record),
        **read_forms(reader, record, sections, page_size),
    )


def _metadata(reader: Reader, record: Record) -> Metadata:
    def text(key: str) -> str:
        return scalar_text(record.get(key)).strip()

    language = text("language")
    check_language(reader.diagnostics, language, record.where("language"))
    check_printed_language(reader.diagnostics, language, record.where("language"))
    iso_date = text("date")
    if iso_date and not valid_date(iso_date):
        reader.diagnostics.error(
            record.where("date"),
            "bad-date",
            f"'{iso_date}' is not a date",
            "write the date as YYYY-MM-DD, YYYY-MM or YYYY",
        )
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
        keywords=reader.texts(record, "keywords"),
        licence=text("licence"),
        alternative_formats=text("alternative_formats"),
        logo=_logo(reader, record),
    )


def _logo(reader: Reader, record: Record) -> Image | None:
    value = record.get("logo")
    if value is None:
        return None
    if isinstance(value, str):
        return images.image(reader, value, record.where("logo"), "", True)
    if not reader.check_record(value, "figure", record.where("logo")):
        return None
    alt = scalar_text(value.get("alt"))
    decorative = bool(value.get("decorative", False))
    return images.image(reader, value["image"], value.where("image"), alt, decorative)


def _large_print_sizes(reader: Reader, record: Record) -> tuple[int, ...]:
    sizes = record.get("large_print") or Items()
    usable = []
    for typed, location in zip(sizes, getattr(sizes, "locations", []), strict=False):
        if typed is None:
            continue
        size = whole_number(typed)
        problem = size_problem(typed if size is None else size)
        if problem:
            reader.diagnostics.error(
                location, "bad-size", problem, "list sizes from 16 to 48, such as [18, 24]"
            )
        else:
            usable.append(size)
    return tuple(dict.fromkeys(usable))


def _formats(reader: Reader, record: Record) -> tuple[str, ...]:
    names = record.get("formats") or Items()
    usable = []
    for name, location in zip(names, getattr(names, "locations", []), strict=False):
        if name in FORMAT_NAMES:
            usable.append(name)
            continue
        close = difflib.get_close_matches(str(name), FORMAT_NAMES, n=1)
        reader.diagnostics.error(
            location,
            "bad-format",
            f"there is no format called '{name}'",
            (f"did you mean '{close[0]}'? " if close else "")
            + f"The formats are: {', '.join(FORMAT_NAMES)}.",
        )
    return tuple(dict.fromkeys(usable))


def valid_date(text: str) -> bool:
    if not _DATE_SHAPE.match(text):
        return False
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True
