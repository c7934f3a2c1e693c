"""Pictures taken out of a Word document into files the typesetter may read.

Each is decoded and written again, so nothing but its pixels (and colour
profile) reaches our PDFs: no camera or author details, no comments. Its size
is checked from its header before it is decoded. Files are named by a hash of
the picture, so the same picture is written once and a pack's cache keys stay
the same from one build to the next.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import warnings
from pathlib import Path

from PIL import Image as PillowImage
from PIL import UnidentifiedImageError

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.limits import WORD_MAX_PICTURE_PIXELS

__all__ = ["picture_file"]

_KEPT_AS_JPEG = {"JPEG"}
_READABLE = {"PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP"}
_FIX_FORMAT = (
    "in Word, right-click the picture, Save as Picture as PNG, then "
    "right-click it again, Change Picture, and choose the PNG"
)


def picture_file(
    data: bytes, folder: Path, where: SourceLocation, diagnostics: Diagnostics
) -> tuple[Path, float] | None:
    """The picture written into ``folder`` and its height over width; None if unusable."""
    digest = hashlib.sha256(data).hexdigest()[:32]
    for found in folder.glob(f"word-{digest}-*"):
        width, height = (int(n) for n in found.stem.rsplit("-", 1)[1].split("x"))
        os.utime(found)  # used now: the cache keeps what builds use
        return found, height / width
    try:
        with warnings.catch_warnings():  # we bound pixels ourselves, below Pillow's warning
            warnings.simplefilter("ignore", PillowImage.DecompressionBombWarning)
            with PillowImage.open(io.BytesIO(data)) as opened:
                return _rewrite(opened, folder, digest, where, diagnostics)
    except PillowImage.DecompressionBombError:
        diagnostics.error(where, "word-picture", *_too_large())
        return None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as problem:
        diagnostics.error(
            where,
            "word-picture",
            f"a picture cannot be read ({str(problem)[:80]})",
            _FIX_FORMAT,
        )
        return None


def _too_large(size: str = "larger than any photograph") -> tuple[str, str]:
    return (
        f"a picture is {size}; we print pictures up to "
        f"{WORD_MAX_PICTURE_PIXELS // 1_000_000} megapixels",
        "in Word: Picture Format > Compress Pictures, 220 ppi, then save",
    )


def _rewrite(
    opened: PillowImage.Image, folder: Path, digest: str, where, diagnostics
) -> tuple[Path, float] | None:
    if opened.format not in _READABLE:
        diagnostics.error(
            where,
            "word-picture",
            f"a picture is in {opened.format or 'a format'} we cannot print "
            "(Windows drawings, EMF and WMF, are among them)",
            _FIX_FORMAT,
        )
        return None
    width, height = opened.size
    if width * height > WORD_MAX_PICTURE_PIXELS or not width or not height:
        diagnostics.error(where, "word-picture", *_too_large(f"{width} by {height} pixels"))
        return None
    profile = opened.info.get("icc_profile")
    jpeg = opened.format in _KEPT_AS_JPEG
    opened.load()
    if "transparency" in opened.info:  # kept as an alpha channel, not as file information
        opened = opened.convert("RGBA")
    opened.info = {}  # nothing of the file but its pixels
    buffer = io.BytesIO()
    if jpeg:
        opened.save(buffer, "JPEG", quality="keep", icc_profile=profile, comment="")
    else:
        if opened.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            opened = opened.convert("RGBA" if "A" in opened.getbands() else "RGB")
        opened.save(buffer, "PNG", icc_profile=profile)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"word-{digest}-{width}x{height}.{'jpg' if jpeg else 'png'}"
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    with os.fdopen(handle, "wb") as stream:
        stream.write(buffer.getvalue())
    os.replace(temporary, path)
    return path, height / width
