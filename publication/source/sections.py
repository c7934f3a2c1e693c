"""Sections: headings at their real level, their prose and blocks, and unique anchors.

The cover title is the only level-1 heading, top sections are level 2, nested
sections one deeper each, so heading levels never skip. Anchors are given in
reading order, so the same content always gets the same anchors.
"""

from __future__ import annotations

import re
from typing import Any

from publication.errors import SourceLocation
from publication.source import images
from publication.source.blocks import blocks
from publication.source.load import Items, Record
from publication.source.model import MAX_HEADING_LEVEL, Block, Prose, Section
from publication.source.records import Reader, scalar_text
from publication.source.word.convert import word_content

__all__ = ["MAX_HEADING_LEVEL", "read_section", "read_sections", "unique_anchor"]


def read_sections(
    reader: Reader, items: Any, location: SourceLocation, level: int
) -> tuple[Section, ...]:
    """Every usable section of a ``sections:`` list at heading ``level``."""
    if not isinstance(items, Items):
        reader.diagnostics.error(
            location,
            "wrong-type",
            "'sections' must be a list",
            "write each section as '- title: ...'",
        )
        return ()
    built = []
    for record, where in zip(items, items.locations, strict=True):
        if not reader.count_section(where):
            break
        found = read_section(reader, record, where, level)
        if found is not None:
            built.append(found)
    return tuple(built)


def read_section(
    reader: Reader, record: Any, location: SourceLocation, level: int
) -> Section | None:
    if not reader.check_record(record, "section", location):
        return None
    title = scalar_text(record["title"])
    if level > MAX_HEADING_LEVEL:
        reader.diagnostics.error(
            location,
            "too-deep",
            f"section '{title}' would be heading level {level}; the deepest is {MAX_HEADING_LEVEL}",
            "nest sections less deeply",
        )
    given = unique_anchor(reader, record, title)  # before the children: anchors in reading order
    own_blocks, children = _opening(reader, record, level, title)
    if record.get("blocks"):
        own_blocks.extend(blocks(reader, record["blocks"]))
    if record.get("sections"):
        children.extend(
            read_sections(reader, record["sections"], record.where("sections"), level + 1)
        )
    return Section(
        title=title,
        anchor=given,
        level=level,
        subtitle=scalar_text(record.get("subtitle")),
        icon=images.icon(reader, record),
        blocks=tuple(own_blocks),
        sections=tuple(children),
        new_page=record.get("new_page", level == 2),
        in_contents=record.get("contents", True),
        location=location,
        language=reader.language(record),
    )


def _opening(
    reader: Reader, record: Record, level: int, title: str
) -> tuple[list[Block], list[Section]]:
    """The section's ``file`` or ``text`` as its first blocks; a Word document's
    headings as the first of its nested sections."""
    if "file" in record and "text" in record:
        reader.diagnostics.error(
            record.where("text"),
            "file-and-text",
            "a section takes 'file' or 'text', not both",
            "move the text into the file, or drop 'file'",
        )
    if record.get("file") and str(record["file"]).lower().endswith(".docx"):
        document = reader.word(record, "file")
        return word_content(reader, document, level + 1, title) if document else ([], [])
    if record.get("file"):
        text = reader.file_text(record, "file")
        return ([Prose(text)] if text else []), []
    if record.get("text"):
        return [Prose(reader.text(record, "text"))], []
    return [], []


def unique_anchor(reader: Reader, record: Record, title: str) -> str:
    """The section's anchor: its ``id``, or made from the title; unique in the document."""
    wanted = record.get("id") or title
    if record.get("id") and not re.fullmatch(r"[a-z][a-z0-9-]*", wanted):
        reader.diagnostics.error(
            record.where("id"),
            "bad-id",
            f"id '{wanted}' is not usable",
            "use lower-case letters, digits and hyphens, starting with a letter",
        )
    return reader.unique_anchor(wanted)
