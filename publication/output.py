"""Write output files so that a reader never sees half a file.

Each file is written beside its final name and renamed into place, so a failed
or interrupted build leaves the previous good output as it was. A write that
was killed leaves its temporary file behind (``.name.pdf.<pid>.XXXX``); the
next write of the same file clears those whose process has gone.
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
import time
from pathlib import Path

__all__ = ["write_atomically", "write_changed"]

STALE_SECONDS = 24 * 3600  # a temporary file older than this is stale whatever its pid says


def write_atomically(
    files: dict[Path, bytes], mode: int = 0o644, temporary_prefix: str | None = None
) -> None:
    """Write every file to a temporary name first, then rename them all into place.
    Temporary names start with ``temporary_prefix`` (default: a dot, the file's name
    and this process's id, by which the next write clears what a killed one left; a
    caller with its own prefix clears its own, as the cache does when it prunes)."""
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            if temporary_prefix is None:
                _clear_stale_temporaries(target)
            prefix = temporary_prefix or f".{target.name}.{os.getpid()}."
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=prefix)
            staged.append((temporary, target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, mode)
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _ in staged:
            if os.path.exists(temporary):
                os.unlink(temporary)


def _clear_stale_temporaries(target: Path) -> None:
    """Remove what killed writes of ``target`` left: temporary files whose writer is no
    longer running (or that are a day old, its number perhaps reused)."""
    prefix = f".{target.name}."
    for path in target.parent.glob(f"{glob.escape(prefix)}*"):
        writer = path.name[len(prefix) :].split(".")[0]
        try:
            age = time.time() - path.stat().st_mtime
        except FileNotFoundError:
            continue
        if age > STALE_SECONDS or not (writer.isdigit() and _running(int(writer))):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def write_changed(files: dict[Path, bytes]) -> None:
    """``write_atomically`` the files that do not already hold their data: an output
    that has not changed keeps its date, so tools that go by dates leave it alone."""
    changed = {path: data for path, data in files.items() if not _holds(path, data)}
    if changed:
        write_atomically(changed)


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
