"""What is inside an image file, read before anything draws it.

WeasyPrint decodes every image it is given, whatever its size, and hands any
file Pillow recognises to Pillow's decoder for that format. So an image is
opened here first, header only: one of the formats we print (PNG, JPEG, GIF,
WebP, SVG), within the size and pixel limits, really an image. A file that is
not (an HTML page saved as ``map.png``, a 50,000-pixel-wide scan) is refused
with its name, never drawn as an empty box or decoded into gigabytes.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image as PillowImage
from PIL import UnidentifiedImageError

from publication.limits import MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, megabytes
from publication.source.svg import SVG_HINT, SVGRefused, svg_ratio

__all__ = ["IMAGE_SUFFIXES", "ImageFacts", "read_image"]

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
_RASTER_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
_EXPORT = "export it again as PNG, JPEG or SVG"


@dataclass(frozen=True)
class ImageFacts:
    """Height over width; or why the file may not be drawn ('' if it may), and the fix."""

    ratio: float = 1.0
    problem: str = ""
    hint: str = _EXPORT


def read_image(path: Path) -> ImageFacts:
    """The facts of a local image file, opening no more of it than its header."""
    status = path.stat()
    return _read_image(path, status.st_size, status.st_mtime_ns)


@lru_cache(maxsize=512)
def _read_image(path: Path, size: int, modified: int) -> ImageFacts:
    """Read once per version of a file, however many times a document uses it."""
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return ImageFacts(
            problem="is not an image we can print",
            hint=f"use one of {', '.join(sorted(IMAGE_SUFFIXES))}",
        )
    limit = MAX_IMAGE_BYTES
    if path.suffix.lower() == ".svg" and size <= limit:
        try:
            return ImageFacts(ratio=svg_ratio(path.read_bytes()))
        except SVGRefused as refused:
            return ImageFacts(problem=str(refused), hint=SVG_HINT)
    if size > limit:
        return ImageFacts(
            problem=f"is {megabytes(size)}; an image may be {megabytes(limit)} at most",
            hint="save it at a smaller size: 3,000 pixels across is plenty for a full page",
        )
    return _raster(path)


def _raster(path: Path) -> ImageFacts:
    with warnings.catch_warnings():
        # Pillow warns above 89 million pixels and refuses above twice that; ours is lower.
        warnings.simplefilter("ignore", PillowImage.DecompressionBombWarning)
        try:
            with PillowImage.open(path, formats=_RASTER_FORMATS) as opened:
                width, height = opened.size
                if width * height <= MAX_IMAGE_PIXELS:
                    opened.verify()
        except PillowImage.DecompressionBombError:
            return _too_many_pixels(f"more than {_millions(2 * PillowImage.MAX_IMAGE_PIXELS)}")
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            return ImageFacts(problem="cannot be read as an image (it may be another kind of file)")
    if width * height > MAX_IMAGE_PIXELS:
        return _too_many_pixels(f"{width:,} × {height:,}, {_millions(width * height)}")
    return ImageFacts(ratio=height / width if width else 1.0)


def _too_many_pixels(pixels: str) -> ImageFacts:
    return ImageFacts(
        problem=f"has {pixels} pixels; an image may have {_millions(MAX_IMAGE_PIXELS)} at most",
        hint="scale it down: 3,000 pixels across is plenty for a full page",
    )


def _millions(pixels: int) -> str:
    return f"{pixels / 1_000_000:,.0f} million"
