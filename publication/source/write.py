"""The model written back as our content format: YAML for the structure, a Markdown
file for each passage of prose, pictures beside them.

For an author leaving Word for plain text: what ``publication import`` writes
builds the same publication the Word document does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from publication.source.model import Block, Figure, Prose, Section, Table

__all__ = ["ContentFiles", "content_files"]


@dataclass
class ContentFiles:
    """Every file to write, by name inside the new folder."""

    files: dict[str, bytes] = field(default_factory=dict)

    def name(self, wanted: str, suffix: str) -> str:
        """A file name not taken yet: 'finance.md', then 'finance-2.md'."""
        stem = re.sub(r"[^a-z0-9]+", "-", wanted.lower()).strip("-")[:40] or "section"
        name, n = f"{stem}{suffix}", 2
        while name in self.files or name == "publication.yaml":
            name, n = f"{stem}-{n}{suffix}", n + 1
        return name


class _Dumper(yaml.SafeDumper):
    """Block style, except a table's rows: one row to a line, as an author writes them."""


class _Row(list):
    pass


_Dumper.add_representer(
    _Row, lambda dumper, row: dumper.represent_sequence("tag:yaml.org,2002:seq", row, True)
)


def content_files(header: str, publication: dict[str, Any], sections: tuple[Section, ...]):
    """``publication.yaml`` (after a comment ``header``) and its files, for ``sections``."""
    written = ContentFiles()
    record = dict(publication)
    record["sections"] = [_section(section, written) for section in sections]
    text = yaml.dump(
        record, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2
    )
    comment = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
    written.files["publication.yaml"] = (comment + text).encode("utf-8")
    return written


def _section(section: Section, written: ContentFiles) -> dict[str, Any]:
    record: dict[str, Any] = {"title": section.title or "Introduction"}
    blocks = list(section.blocks)
    if blocks and isinstance(blocks[0], Prose):
        record["file"] = _prose(blocks.pop(0), section, written)
    if blocks:
        record["blocks"] = [_block(block, section, written) for block in blocks]
    if section.sections:
        record["sections"] = [_section(child, written) for child in section.sections]
    return record


def _prose(block: Prose, section: Section, written: ContentFiles) -> str:
    name = written.name(section.title or "introduction", ".md")
    written.files[name] = block.text.source.encode("utf-8")
    return name


def _block(block: Block, section: Section, written: ContentFiles) -> dict[str, Any]:
    if isinstance(block, Prose):
        return {"file": _prose(block, section, written)}
    if isinstance(block, Table):
        table: dict[str, Any] = {"caption": block.caption}
        if not block.header_row:
            table["header_row"] = False
        table["rows"] = [_Row(cell.source for cell in row) for row in block.rows]
        return {"table": table}
    if isinstance(block, Figure):
        image = block.image
        name = written.name(f"{section.title or 'picture'}-picture", image.path.suffix)
        written.files[name] = image.path.read_bytes()
        figure: dict[str, Any] = {"image": name}
        figure.update({"decorative": True} if image.decorative else {"alt": image.alt})
        if block.caption:
            figure["caption"] = block.caption.source
        if block.width != "full":
            figure["width"] = block.width
        return {"figure": figure}
    raise TypeError(f"a Word document gives no {type(block).__name__} blocks")
