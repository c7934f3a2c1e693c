"""Build a committee meeting's packs: find them in the cache, or assemble them; write.

Read it as the table of contents of a pack build: hash every file the meeting
may read, take both packs from the cache if they were made from the same files
by the same tool, else assemble them (``assemble``: plan, make each document,
join, stamp, check) and keep them there; then write them out. A pack build with
nothing changed reads no content and never imports WeasyPrint. Both packs are
written, or neither.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from publication.cache import Store, cache_key, files_digest
from publication.diagnostics import Diagnostic
from publication.output import write_changed
from publication.progress import SILENT, Progress
from publication.source.inputs import input_files

__all__ = ["PACK_NAMES", "PackBuild", "build_pack", "pack_key", "pack_name"]

PACK_NAMES = ("public-pack", "full-pack")


@dataclass(frozen=True)
class PackBuild:
    public: Path  # in the output folder, or in the cache when there is none
    full: Path
    pages: dict[str, int]  # pack name -> pages
    rendered: int  # documents rendered this time (the rest came from the cache)
    warnings: list[Diagnostic]
    key: str
    made: bool  # assembled by this build, not found whole in the cache


def build_pack(
    folder: Path,
    out_dir: Path | None,
    size: int | None = None,
    progress: Progress = SILENT,
    cache: Store | None = None,
) -> PackBuild:
    """The public and full packs of the meeting in ``folder``, written together into
    ``out_dir/<slug>/`` or not at all (into the cache only, when ``out_dir`` is None)."""
    folder = folder.resolve()
    if cache is None:  # a pack's documents need somewhere to wait for their pack
        with tempfile.TemporaryDirectory() as scratch:
            return build_pack(folder, out_dir, size, progress, Store(Path(scratch)))
    key = pack_key(folder, size)
    meta, made = cache.read_json(f"{key}.json"), False
    if meta is None or not all(cache.path(pack_file(key, name)) for name in PACK_NAMES):
        with cache.lock(key):
            meta = cache.read_json(f"{key}.json")
            if meta is None or not all(cache.path(pack_file(key, n)) for n in PACK_NAMES):
                meta, made = _assemble(folder, size, progress, cache, key), True
    paths = {name: cache.folder / pack_file(key, name) for name in PACK_NAMES}
    if out_dir is not None:
        paths = _deliver(folder, out_dir, size, paths)
    label = f"Packs, large print {size} point" if size else "Packs, standard print"
    made_last = {"key": key, "label": label, "pages": meta["pages"]["public-pack"],
                 "made": meta["made"]}  # fmt: skip
    cache.remember(folder, {f"packs-{size or 'standard'}": made_last})
    if made:
        cache.prune()
    return PackBuild(
        paths["public-pack"],
        paths["full-pack"],
        meta["pages"],
        meta["rendered"] if made else 0,
        [Diagnostic.from_dict(d) for d in meta["warnings"]],
        key,
        made,
    )


def pack_key(folder: Path, size: int | None) -> str:
    """The key of a meeting's packs: every file it may read, and the size asked for."""
    inputs = files_digest(input_files(folder.resolve(), "meeting.yaml"))
    return cache_key(f"packs size={size} inputs={inputs}")


def pack_file(key: str, name: str) -> str:
    return f"{key}.{name}.pdf"


def pack_name(folder: Path, name: str, size: int | None) -> str:
    """The file name a pack is written as: ``<slug>-public-pack-large-print-20pt.pdf``."""
    suffix = f"-large-print-{size}pt" if size else ""
    return f"{folder.name}-{name}{suffix}.pdf"


def _assemble(folder: Path, size: int | None, progress: Progress, cache: Store, key: str) -> dict:
    """Both packs assembled and kept in the cache, with what the desk and later builds
    need to know of them."""
    from publication.packs import assemble  # WeasyPrint: only when the packs must be made
    from publication.packs.cache import Cache

    # Pictures out of a Word report go into this part of the cache, never beside the
    # packs: an exempt report's pictures are exempt too.
    made = assemble.assemble(folder, size, progress, Cache(cache.folder), cache.folder / "pictures")
    meta = {
        "slug": folder.name,
        "title": made.title,
        "size": size,
        "pages": made.pages,
        "rendered": made.rendered,
        "made": datetime.now(UTC).isoformat(timespec="seconds"),
        "warnings": [d.as_dict() for d in made.warnings],
    }
    cache.write({pack_file(key, name): made.packs[name] for name in PACK_NAMES})
    cache.write_json(f"{key}.json", meta)  # last: packs with their record are whole
    return meta


def _deliver(folder: Path, out_dir: Path, size: int | None, cached: dict[str, Path]):
    """Both packs written to the output folder together, unless they are there as they are."""
    targets = {name: out_dir / folder.name / pack_name(folder, name, size) for name in cached}
    write_changed({targets[name]: path.read_bytes() for name, path in cached.items()})
    return targets
