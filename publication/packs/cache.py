"""A cache of rendered documents, keyed by everything that went into them.

A key is a hash of the tool itself (its code, templates, styles and the
versions of WeasyPrint and pikepdf), the document's model, and the bytes of
every file the model names; change any of them and the document is made again.
A document may read more than its model names (the images its Markdown shows,
the stylesheets): each of those is listed with the document, by its hash, when
it is made, and a change to any of them makes the document again too.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from publication.cache import Store, file_sha256
from publication.check import Finding, PartCheck
from publication.check.content import PageScan
from publication.check.overflow import Overflow
from publication.check.structure import Heading

__all__ = ["Cache"]

SCAN_LISTS = ("margin_text", "small", "mcids", "small_in")


def _file_hash(path: Path) -> str:
    try:
        return file_sha256(path).hex()
    except OSError:  # gone, or no longer readable: the document must be made again
        return ""


class Cache:
    """Rendered PDFs on disk, one file per key, in the packs' store. A file's modification
    time says when it was last used, so that the store's pruning lets go of what no
    build has used for a while."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._store = Store(folder)

    def get(self, key: str) -> bytes | None:
        return self._store.read(f"{key}.pdf")

    def get_check(self, key: str, min_font_size: float | None) -> PartCheck | None:
        data = self._store.read(f"{key}-{min_font_size}.check.json")
        if data is None:
            return None
        saved = json.loads(data)
        scans = saved["scans"]
        return PartCheck(
            tuple(
                PageScan(
                    s["untagged"],
                    *(tuple(s.get(k, ())) for k in SCAN_LISTS),
                    tuple(Overflow(**o) for o in s.get("overflows", ())),
                    s.get("too_large", False),
                )
                for s in scans
            ),
            tuple(Finding(**f) for f in saved["findings"]),
            tuple(Heading(**h) for h in saved["headings"]),
        )

    def put_check(self, key: str, min_font_size: float | None, check: PartCheck) -> None:
        text = json.dumps(dataclasses.asdict(check))
        self._write(f"{key}-{min_font_size}.check.json", text.encode())

    def put(self, key: str, data: bytes) -> None:
        self._write(f"{key}.pdf", data)

    def put_sources(self, key: str, files: Iterable[Path]) -> None:
        """The files a document was made from, beyond those its key was made from."""
        hashes = {str(path): _file_hash(path) for path in sorted(set(files))}
        self._write(f"{key}.sources.json", json.dumps(hashes).encode())

    def sources_changed(self, key: str) -> bool:
        """Whether any file the document was made from has changed (or its list is lost)."""
        data = self._store.read(f"{key}.sources.json")
        if data is None:
            return True
        return any(_file_hash(Path(path)) != digest for path, digest in json.loads(data).items())

    def _write(self, name: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # Named as the store names its own, so that what a stopped build was writing is
        # found and removed with them. Not synced: a lost entry is only made again.
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".tmp-{os.getpid()}-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, self.folder / name)
