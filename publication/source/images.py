"""Images a content file names: found in the allowed folders, readable, and described.

An image that carries meaning needs alt text; one that adds nothing is marked
decorative and is never announced. The ratio read here lets a decorative image
be drawn at its shape without being opened again.
"""

from __future__ import annotations

from pathlib import Path

from publication.errors import SourceLocation
from publication.source.assets import locate
from publication.source.imagefiles import read_image
from publication.source.load import Record
from publication.source.model import Image
from publication.source.records import Reader

__all__ = ["icon", "image"]


def image(
    reader: Reader, name: str, location: SourceLocation, alt: str, decorative: bool
) -> Image | None:
    """The image ``name`` in the publication folder or images/, or None with the reason."""
    found = _found(reader, name, location)
    if found is None:
        return None
    facts = read_image(found)
    if facts.problem:
        reader.diagnostics.error(
            location, "image-unreadable", f"image '{name}' {facts.problem}", facts.hint
        )
        return None
    if not decorative and not alt.strip():
        reader.diagnostics.error(
            location,
            "alt-missing",
            f"image '{name}' has no alt text",
            "add 'alt:' saying what the image shows, or "
            "'decorative: true' if it adds nothing to the text",
        )
        return None
    return Image(found, "" if decorative else alt.strip(), decorative, location, facts.ratio)


def icon(reader: Reader, record: Record) -> Image | None:
    """A record's decorative icon, if it names one."""
    if record.get("icon") is None:
        return None
    return image(reader, record["icon"], record.where("icon"), "", True)


def _found(reader: Reader, name: str, location: SourceLocation) -> Path | None:
    found = locate(name, reader.image_roots)
    if found.problem:
        reader.diagnostics.error(
            location,
            "bad-image-path",
            f"image '{name}' {found.problem}",
            "put the image in the publication folder or images/ and "
            "give its path relative to that folder",
        )
    elif found.path is None:
        where = " or ".join(str(root) for root in reader.image_roots)
        reader.diagnostics.error(
            location,
            "image-missing",
            f"image not found: '{name}'",
            f"add the file under {where}, or correct the name",
        )
    return found.path
