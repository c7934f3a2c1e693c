"""Where the files content names may come from, shared by loading, validation and prose.

A publication may use files from its own folder and from the project's shared
``images/`` folder; nothing else, so printing never reads or fetches elsewhere.
Every name is resolved (links followed) before anything is read, and a link
that leads out of those folders is refused, whatever kind of file it names.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Located", "asset_roots", "locate", "path_problem", "poor_alt_text"]

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
    if not name.strip():
        return "is empty"
    if any(ord(character) < 32 for character in name):
        return "contains a control character"
    if _SCHEME.match(name) or name.startswith("//"):
        return "is a web address; images must be local files, so nothing is fetched while printing"
    if Path(name).is_absolute():
        return "is an absolute path; give a path relative to the publication folder"
    if ".." in Path(name).parts:
        return "goes outside the project with '..'"
    return ""


@dataclass(frozen=True)
class Located:
    """The file a content path names, resolved; or why it may not be read ('' if missing)."""

    path: Path | None
    problem: str = ""


def locate(name: str, roots: tuple[Path, ...]) -> Located:
    """The file ``name`` names in the first root that has it (``images/...`` in images/).

    The file, and every link on the way to it, must stay inside ``roots``.
    """
    problem = path_problem(name)
    if problem:
        return Located(None, problem)
    relative = Path(name)
    allowed = tuple(root.resolve() for root in roots)
    for root in roots:
        candidate = relative
        if root.name == "images" and relative.parts[0] == "images" and len(relative.parts) > 1:
            candidate = Path(*relative.parts[1:])
        target = root / candidate
        if target.is_symlink() or target.exists():
            return _resolved(target, allowed)
    return Located(None)


def _resolved(target: Path, allowed: tuple[Path, ...]) -> Located:
    try:
        found = target.resolve(strict=True)
        mode = found.stat().st_mode
    except (OSError, RuntimeError):  # a link to nothing, or links in a loop
        return Located(None, "is a link that leads to no file")
    if not any(found.is_relative_to(root) for root in allowed):
        folders = "its folder" if len(allowed) == 1 else "its folder and images/"
        return Located(None, f"is a link to a file outside {folders}, and is never read")
    if not stat.S_ISREG(mode):
        return Located(None, "is not a file (a folder, a device or a pipe)")
    return Located(found)


def poor_alt_text(alt: str) -> str:
    """Why an alt text says too little, or '' if it may be fine."""
    if _FILE_NAME.match(alt.strip()):
        return "is a file name"
    if _MADE_BY_WORD.search(alt.strip()):
        return "was written by Word automatically; check it says what the picture shows"
    if _REDUNDANT_START.match(alt.strip()):
        return "starts by saying it is an image, which a screen reader already says"
    return ""
