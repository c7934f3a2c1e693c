"""Images a content file names: found in the allowed folders, readable, and described.

An image that carries meaning needs alt text; one that adds nothing is marked
decorative and is never announced. The ratio read here lets a decorative image
be drawn at its shape without being opened again.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image as PillowImage
from PIL import UnidentifiedImageError

from publication.errors import SourceLocation
from publication.source.assets import find_asset, path_problem
from publication.source.load import Record
from publication.source.model import Image
from publication.source.records import Reader

__all__ = ["IMAGE_SUFFIXES", "icon", "image"]

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
_SVG_VIEWBOX = re.compile(r'viewBox="\s*([-\d.]+)[\s,]+([-\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)')


def image(
    reader: Reader, name: str, location: SourceLocation, alt: str, decorative: bool
) -> Image | None:
    """The image ``name`` in the publication folder or images/, or None with the reason."""
    found = _found(reader, name, location)
    if found is None:
        return None
    if found.suffix.lower() not in IMAGE_SUFFIXES:
        reader.diagnostics.error(
            location,
            "image-type",
            f"'{name}' is not an image we can print",
            f"use one of {', '.join(sorted(IMAGE_SUFFIXES))}",
        )
        return None
    ratio = _image_ratio(found)
    if ratio is None:
        reader.diagnostics.error(
            location,
            "image-unreadable",
            f"'{name}' cannot be read as an image",
            "export it again as PNG, JPEG or SVG",
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
    return Image(found, "" if decorative else alt.strip(), decorative, location, ratio)


def icon(reader: Reader, record: Record) -> Image | None:
    """A record's decorative icon, if it names one."""
    if record.get("icon") is None:
        return None
    return image(reader, record["icon"], record.where("icon"), "", True)


def _found(reader: Reader, name: str, location: SourceLocation) -> Path | None:
    problem = path_problem(name)
    if problem:
        reader.diagnostics.error(
            location,
            "bad-image-path",
            f"image '{name}' {problem}",
            "put the image in the publication folder or images/ and "
            "give its path relative to that folder",
        )
        return None
    found = find_asset(name, reader.image_roots)
    if found is None:
        where = " or ".join(str(root) for root in reader.image_roots)
        reader.diagnostics.error(
            location,
            "image-missing",
            f"image not found: '{name}'",
            f"add the file under {where}, or correct the name",
        )
    return found


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
        with PillowImage.open(path) as opened:
            opened.verify()
            width, height = opened.size
    except (UnidentifiedImageError, OSError, SyntaxError):
        return None
    return height / width if width else None
