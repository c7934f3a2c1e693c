"""What is in ``content/``: each publication and meeting, its title, and what was made
of it. The desk finds a folder by its name in this list, never by joining a name
from a request to a path, so nothing outside ``content/`` can be asked for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from publication.cache import Cache
from publication.diagnostics import Diagnostics
from publication.source.yamltext import parse_yaml

__all__ = ["Entry", "find_entry", "read_catalogue"]

KINDS = {"publication.yaml": "publication", "meeting.yaml": "meeting"}


@dataclass(frozen=True)
class Entry:
    slug: str  # the folder's name
    kind: str  # "publication" or "meeting"
    title: str
    folder: Path
    page_size: str = "A4"
    readable: bool = True  # its YAML could be read (building it says what is wrong)

    def made(self, cache: Cache) -> list[dict]:
        """What was made of it last, newest first: label, pages, when, key."""
        store = cache.packs if self.kind == "meeting" else cache.editions
        found = [{"id": ident, **made} for ident, made in store.index(self.folder).items()]
        return sorted(found, key=lambda made: made.get("made", ""), reverse=True)


def read_catalogue(content: Path) -> dict[str, Entry]:
    """Every folder of ``content/`` with a publication.yaml or meeting.yaml, by name.
    A folder that leads outside ``content/`` (a symbolic link) is not listed."""
    content = content.resolve()
    entries = {}
    for folder in sorted(content.iterdir()) if content.is_dir() else ():
        entry = _listed(content, folder)
        if entry is not None:
            entries[folder.name] = entry
    return entries


def find_entry(content: Path, name: str) -> Entry | None:
    """What ``read_catalogue(content)[name]`` would be, reading only that folder's YAML:
    a page about one publication need not parse every other. ``name`` must be one of
    the folder's names as listed, never a path to join."""
    content = content.resolve()
    try:
        listed = name in os.listdir(content)
    except OSError:  # no content/ folder: nothing is listed
        return None
    return _listed(content, content / name) if listed else None


def _listed(content: Path, folder: Path) -> Entry | None:
    """The entry for one folder of ``content/`` (resolved), or None if it is not listed:
    it leads outside, or has no YAML of its own. A meeting.yaml wins over a publication.yaml."""
    try:
        resolved = folder.resolve()
    except (OSError, RuntimeError):  # a link in a loop
        return None
    if resolved.parent != content:
        return None
    for file_name, kind in reversed(KINDS.items()):
        path = resolved / file_name
        if not path.is_symlink() and path.is_file():
            return _entry(resolved, kind, path)
    return None


def _entry(folder: Path, kind: str, path: Path) -> Entry:
    try:
        text = path.read_bytes()[:1_000_000].decode("utf-8", errors="replace")
    except OSError:
        text = None
    # Read as a build reads it: every value the text typed (a title '1.10' stays 1.10),
    # aliases bounded; what it finds wrong is the build's to tell, not the list's.
    problems = Diagnostics()
    data = None if text is None else parse_yaml(text, path, problems)
    if not isinstance(data, dict) or problems.errors:
        return Entry(folder.name, kind, folder.name, folder, readable=False)
    if kind == "meeting":
        title = f"{_text(data, 'committee') or folder.name}, {_text(data, 'date')}".strip(", ")
    else:
        title = _text(data, "title") or folder.name
    page_size = data.get("page_size") if data.get("page_size") in ("A4", "A5") else "A4"
    return Entry(folder.name, kind, title, folder, page_size)


def _text(data: dict, key: str) -> str:
    """A value as typed; anything else (a list, a mapping) is not a title."""
    value = data.get(key)
    return value[:300] if isinstance(value, str) else ""
