"""The build cache: what was made, kept by a hash of everything it was made from.

An edition, a pack and each document of a pack is a pure function of its
inputs: the content and images it reads, the tool itself (its code, templates
and styles, and the libraries that typeset and finish), and what was asked for
(the edition, the size, the paper). A key hashes all of them, so an entry is
never stale: change any input and the key changes.

Entries are plain files in a folder outside anything served (by default
``~/.cache/publication``, readable by its owner only, since the packs part holds
exempt reports). Reading an entry marks it used; when the folder passes its size
limit the least recently used entries go, and what nothing has used for 30 days
goes anyway. A lock per key lets two builds of the same thing at once make it
once, across processes and across machines that share the folder.
"""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from publication.output import write_atomically

__all__ = [
    "DEFAULT_SIZE_LIMIT",
    "Cache",
    "Store",
    "cache_folder",
    "cache_key",
    "describe",
    "file_sha256",
    "files_digest",
    "files_in",
]

TOOL_ROOT = Path(__file__).resolve().parents[1]
TOOL_FOLDERS = ("publication", "templates", "styles")
TOOL_LIBRARIES = ("weasyprint", "pikepdf", "pydyf")
UNUSED_DAYS = 30  # a meeting's packs are remade within weeks; after that, only rarely
DEFAULT_SIZE_LIMIT = 2 * 1024**3  # about a thousand editions of a 30-page publication
STALE_TEMPORARY_SECONDS = 3600  # a write still unfinished after an hour was stopped


def cache_folder(given: Path | None = None) -> Path:
    """Where the cache lives: as given, else $PUBLICATION_CACHE, else the user's cache
    folder. Never under build/ or anything else a web server might publish."""
    if given is not None:
        return given
    if os.environ.get("PUBLICATION_CACHE"):
        return Path(os.environ["PUBLICATION_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "publication"


@cache
def _tool_fingerprint() -> bytes:
    digest = hashlib.sha256()
    for name, found in _library_versions().items():
        digest.update(f"{name}={found}\n".encode())
    for folder in TOOL_FOLDERS:
        for path in sorted((TOOL_ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(TOOL_ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.digest()


def _library_versions() -> dict[str, str]:
    """The installed versions of the libraries that typeset and finish, read from the
    names of their metadata folders (``weasyprint-70.0.dist-info``): importing
    ``importlib.metadata`` would cost a build found in the cache a fifth of its time."""
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in names:
            name, _, rest = entry.partition("-")
            if rest.endswith(".dist-info") and name.lower() in TOOL_LIBRARIES:
                found.setdefault(name.lower(), rest.removesuffix(".dist-info"))
    if len(found) < len(TOOL_LIBRARIES):  # installed some other way: ask properly
        from importlib.metadata import version

        found = {name: version(name) for name in TOOL_LIBRARIES}
    return found


def describe(value: object) -> str:
    """A stable description of model data, without source line numbers.

    Lines move when another item of the same file is edited; what is printed
    does not, so locations are left out of cache keys.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = (
            f"{f.name}={describe(getattr(value, f.name))}"
            for f in dataclasses.fields(value)
            if f.name not in ("location", "lines")
        )
        return f"{type(value).__name__}({', '.join(fields)})"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(describe(v) for v in value) + "]"
    return repr(value)


def files_in(value: object) -> list[Path]:
    """Every file a piece of model data points at (figures, icons, logos), to hash with it."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            p
            for f in dataclasses.fields(value)
            if f.name != "location"
            for p in files_in(getattr(value, f.name))
        ]
    if isinstance(value, tuple | list):
        return [p for v in value for p in files_in(v)]
    if isinstance(value, Path) and value.is_file():
        return [value]
    return []


def file_sha256(path: Path) -> bytes:
    """The SHA-256 of a file's bytes, read in pieces: how the cache knows a file again,
    whatever its name (it raises OSError if the file cannot be read)."""
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").digest()


def files_digest(files: Iterable[Path]) -> str:
    """A hash of each file's name and bytes, in a stable order."""
    digest = hashlib.sha256()
    for path in sorted(set(files)):
        digest.update(str(path).encode() + b"\0")
        digest.update(file_sha256(path))
    return digest.hexdigest()


def cache_key(description: str, files: Iterable[Path] = ()) -> str:
    """The key of what ``description`` asks for, made by this tool from ``files``."""
    digest = hashlib.sha256(_tool_fingerprint())
    digest.update(description.encode("utf-8"))
    digest.update(files_digest(files).encode())
    return digest.hexdigest()


def _index_name(folder: Path) -> str:
    """By the folder alone: what was made before stays listed after the tool changes."""
    return f"index-{hashlib.sha256(str(folder).encode()).hexdigest()}.json"


@dataclass(frozen=True)
class Cache:
    """The whole cache: editions of publications, and packs with their documents.
    The packs part holds exempt reports and full packs: nothing of it is ever served
    or copied but the public pack, and the full pack to a signed-in clerk."""

    root: Path
    size_limit: int = DEFAULT_SIZE_LIMIT

    @property
    def editions(self) -> Store:
        return Store(self.root / "editions", self.size_limit // 2)

    @property
    def packs(self) -> Store:
        return Store(self.root / "packs", self.size_limit // 2)


class Store:
    """One part of the cache: files named ``<key><suffix>``, written whole or not at all.

    A file's modification time says when it was last used: reading marks it, and
    pruning lets go of the least recently used first.
    """

    def __init__(self, folder: Path, size_limit: int = DEFAULT_SIZE_LIMIT) -> None:
        self.folder = folder
        self.size_limit = size_limit

    def path(self, name: str) -> Path | None:
        """The file ``name``, marked used, or None if it is not in the cache."""
        path = self.folder / name
        try:
            os.utime(path)
        except FileNotFoundError:
            return None
        return path

    def read(self, name: str) -> bytes | None:
        path = self.path(name)
        try:
            return path.read_bytes() if path else None
        except FileNotFoundError:  # let go of by another process meanwhile
            return None

    def read_json(self, name: str) -> dict | None:
        data = self.read(name)
        return json.loads(data) if data is not None else None

    def write(self, files: dict[str, bytes]) -> None:
        """Write each file beside its name, then rename them all into place: a reader
        sees the old file or the new one, never half of one. Temporary names carry the
        writer's process id, so what a killed writer left can be found and removed."""
        self.folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.folder.mkdir(exist_ok=True, mode=0o700)
        prefix = f".tmp-{os.getpid()}-"
        write_atomically({self.folder / n: data for n, data in files.items()}, 0o600, prefix)

    def write_json(self, name: str, value: object) -> None:
        self.write({name: json.dumps(value, indent=1).encode("utf-8")})

    @contextmanager
    def lock(self, key: str) -> Iterator[None]:
        """Held while ``key`` is made: another build of the same key waits, then finds it."""
        locks = self.folder / "locks"
        locks.mkdir(parents=True, exist_ok=True, mode=0o700)
        with open(locks / f"{key}.lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            os.utime(handle.fileno())  # used now: pruning by age leaves it alone
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def remember(self, folder: Path, made: dict[str, dict]) -> None:
        """Note what was made last of ``folder``, by edition or pack (``made``: id ->
        key, pages, when made): the desk lists it, and still offers it when the
        content has a problem meanwhile."""
        name = _index_name(folder)
        with self.lock(name):
            index = self.read_json(name) or {}
            if any(index.get(ident) != entry for ident, entry in made.items()):
                self.write_json(name, {**index, **made})

    def index(self, folder: Path) -> dict[str, dict]:
        """What ``remember`` noted of ``folder``."""
        return self.read_json(_index_name(folder.resolve())) or {}

    def remove_temporaries(self, pid: int) -> None:
        """Remove what process ``pid`` was writing when it was stopped."""
        for path in self.folder.glob(f".tmp-{pid}-*"):
            path.unlink(missing_ok=True)

    def prune(self, unused_for_days: float = UNUSED_DAYS) -> None:
        """Let go of what no build has used for ``unused_for_days``, of writes left
        unfinished, and then of the least recently used until the folder is within its
        size limit (to nine tenths of it, so that pruning is not needed at every write)."""
        now, kept = time.time(), []
        locks = self.folder / "locks"
        for path in locks.iterdir() if locks.is_dir() else ():
            if now - path.stat().st_mtime > unused_for_days * 86400:
                path.unlink(missing_ok=True)
        for path in self.folder.iterdir() if self.folder.is_dir() else ():
            if not path.is_file():
                continue
            try:
                stat = path.stat()
            except FileNotFoundError:  # taken away by another build meanwhile
                continue
            age = now - stat.st_mtime
            stale = path.name.startswith(".tmp-") and age > STALE_TEMPORARY_SECONDS
            if age > unused_for_days * 86400 or stale:
                path.unlink(missing_ok=True)
            elif not path.name.startswith(".tmp-"):
                kept.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _, size, _ in kept)
        if total <= self.size_limit:
            return
        for _, size, path in sorted(kept):
            path.unlink(missing_ok=True)
            total -= size
            if total <= self.size_limit * 0.9:
                break
