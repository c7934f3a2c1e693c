"""Watch what a meeting's packs are made from, so that a clerk editing a report sees
the packs made again as soon as it is saved, by a process that is already running.

A project's content/ and images/ folders are watched (a meeting may include
another publication, or images, from either). Changes arrive from the operating
system's file notifications, grouped while an editor is still writing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

__all__ = ["watch", "watched"]

QUIET_MS = 500  # how often the watcher reports that nothing changed


def _folders(meeting: Path) -> list[Path]:
    """The folders whose files a meeting's packs may read."""
    content = meeting.resolve().parent
    images = content.parent / "images"
    return [content, images] if images.is_dir() else [content]


def watched(meetings: list[Path]) -> list[Path]:
    """Every folder watched for these meetings, each once."""
    return sorted({folder for meeting in meetings for folder in _folders(meeting)})


def watch(meetings: list[Path], ignore: Path, since: float) -> Iterator[list[Path]]:
    """The meetings affected by each group of changes. The first list comes once the
    watcher is running, and holds the meetings changed since ``since`` (saved while
    the first packs were being made); it may be empty. Changes under ``ignore``
    (where the packs are written) do not count. Ctrl+C raises ``KeyboardInterrupt``."""
    import watchfiles  # here: every other command would pay for importing it

    folders = {meeting: _folders(meeting) for meeting in meetings}
    everything = watched(meetings)
    ignored = ignore.resolve()
    first = True
    for changes in watchfiles.watch(*everything, yield_on_timeout=True, rust_timeout=QUIET_MS):
        changed = [Path(path) for _, path in changes]
        if first:  # the watcher is running: catch up with what was saved before it was
            changed += [p for f in everything for p in f.rglob("*") if _changed_since(p, since)]
        changed = [path for path in changed if not path.is_relative_to(ignored)]
        affected = [
            meeting
            for meeting, found in folders.items()
            if any(path.is_relative_to(folder) for path in changed for folder in found)
        ]
        if affected or first:
            yield affected
        first = False


def _changed_since(path: Path, since: float) -> bool:
    try:
        return path.is_file() and path.stat().st_mtime >= since
    except OSError:
        return False
