"""Every file a publication or a meeting may read, found without reading it as content.

A build's cache key hashes these files. It takes the whole folder and the project's
``images/`` (not only the files the content names today), so that nothing a
document is made from can be missed: an image named only in Markdown, a logo, a
Markdown file. Finding them costs a directory walk and a YAML parse at most, so a
build that is already made is known to be without loading WeasyPrint.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from publication.source.assets import asset_roots

__all__ = ["input_files"]

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def input_files(folder: Path, file_name: str = "publication.yaml") -> list[Path]:
    """The files under ``folder`` and ``images/``; for a meeting (``meeting.yaml``) those of
    each publication it appends as well. Files that resolve outside those folders (through
    a symbolic link) are left out: the build refuses them."""
    folder = folder.resolve()
    roots = list(asset_roots(folder))
    if file_name == "meeting.yaml":
        for name in _appended_publications(folder / file_name):
            other = _inside(folder.parent / name, folder.parent)
            if other and other not in roots and (other / "publication.yaml").is_file():
                roots.append(other)
    return [path for root in roots for path in _files_under(root)]


def _files_under(root: Path) -> list[Path]:
    found = []
    for directory, folders, files in os.walk(root):  # symbolic links to folders not followed
        folders.sort()
        for name in sorted(files):
            path = Path(directory, name)
            if _inside(path, root) and path.is_file():
                found.append(path)
    return found


def _inside(path: Path, root: Path) -> Path | None:
    """``path`` resolved, if it (and every link on the way) stays inside ``root``; nothing
    outside is ever opened, and a link in a loop leads nowhere."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return None
    return resolved if resolved.is_relative_to(root.resolve()) else None


def _appended_publications(meeting: Path) -> list[str]:
    """The names under every ``publication:`` key of a meeting; none if it cannot be read
    (the build will then say what is wrong, and nothing is cached)."""
    try:
        data = yaml.load(meeting.read_bytes(), Loader=_SafeLoader)
    except (OSError, yaml.YAMLError):
        return []
    return sorted(set(_values_of(data, "publication", set())))


def _values_of(value: Any, key: str, seen: set[int]):
    """Each container once: YAML aliases share them, and a file of nested aliases
    would otherwise be walked an exponential number of times."""
    if not isinstance(value, dict | list) or id(value) in seen:
        return
    seen.add(id(value))
    for name, child in value.items() if isinstance(value, dict) else enumerate(value):
        if name == key and isinstance(child, str) and "/" not in child and ".." not in child:
            yield child
        else:
            yield from _values_of(child, key, seen)
