"""Where images and other assets may come from, shared by validation and prose.

A publication may use files from its own folder and from the project's shared
``images/`` folder; nothing else, so printing never reads or fetches elsewhere.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["asset_roots", "find_asset", "path_problem", "poor_alt_text"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_FILE_NAME = re.compile(r"^\S+\.(png|jpe?g|gif|svg|webp|tiff?)$", re.IGNORECASE)
_REDUNDANT_START = re.compile(r"^(an? )?(image|picture|photo|photograph|graphic) of\b", re.I)
_MADE_BY_WORD = re.compile(r"description automatically generated|^a picture containing\b", re.I)


def asset_roots(folder: Path) -> tuple[Path, ...]:
    """The publication's folder, then the project's images/ beside content/."""
    folder = folder.resolve()
    roots = [folder]
    if folder.parent.name == "content":
        roots.append(folder.parent.parent / "images")
    return tuple(roots)


def path_problem(name: str) -> str:
    """Why a path named in content may not be used, or '' if it may."""
    if _SCHEME.match(name) or name.startswith("//"):
        return "is a web address; images must be local files, so nothing is fetched while printing"
    if Path(name).is_absolute():
        return "is an absolute path; give a path relative to the publication folder"
    if ".." in Path(name).parts:
        return "goes outside the project with '..'"
    return ""


def find_asset(name: str, roots: tuple[Path, ...]) -> Path | None:
    """The file a content path names: in the publication folder, else in images/."""
    relative = Path(name)
    for root in roots:
        candidate = relative
        if root.name == "images" and relative.parts[0] == "images" and len(relative.parts) > 1:
            candidate = Path(*relative.parts[1:])
        found = (root / candidate).resolve()
        if found.is_file() and found.is_relative_to(root):
            return found
    return None


def poor_alt_text(alt: str) -> str:
    """Why an alt text says too little, or '' if it may be fine."""
    if _FILE_NAME.match(alt.strip()):
        return "is a file name"
    if _MADE_BY_WORD.search(alt.strip()):
        return "was written by Word automatically; check it says what the picture shows"
    if _REDUNDANT_START.match(alt.strip()):
        return "starts by saying it is an image, which a screen reader already says"
    return ""
