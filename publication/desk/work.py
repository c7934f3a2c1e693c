"""A desk job as a worker runs it: a request in, the pipeline called under limits,
plain data out.

``run`` is the whole job. It takes and returns only plain data and writes its
progress to a file in the cache, so the embedded pool (``jobs``) and a task queue
on other machines (RQ, or Celery) run the same function the same way. What it
makes goes into the cache, written whole or not at all.
"""

from __future__ import annotations

import json
import traceback
from dataclasses import asdict, replace
from pathlib import Path

from publication import guard
from publication.cache import Cache
from publication.desk.offers import OFFERS, Request
from publication.errors import ContentError
from publication.packs.pipeline import build_pack
from publication.pipeline import Outputs, build
from publication.progress import Made

__all__ = ["LIMITS", "ProgressFile", "progress_path", "run"]


# What one job may use unless the desk is told otherwise: ``publication serve``'s
# defaults (--max-seconds 300, --max-memory 3072), not those of the other commands.
LIMITS = guard.Limits(seconds=300, memory_mb=3072)


def progress_path(cache_root: Path, key: str) -> Path:
    return cache_root / "jobs" / f"{key}.progress"


class ProgressFile:
    """Progress told to a file, a JSON line an event, for the desk to read back."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path = path
        path.write_text("")

    def begin(self, total: int) -> None:
        self._tell({"event": "begin", "total": total})

    def started(self, name: str) -> None:
        self._tell({"event": "started", "name": name})

    def made(self, made: Made) -> None:
        self._tell({"event": "made", **asdict(made), "line": str(made)})

    def _tell(self, event: dict) -> None:
        with self.path.open("a") as stream:
            stream.write(json.dumps(event) + "\n")


def run(request: dict, cache_root: str, limits: dict | None = None) -> dict:
    """Make what ``request`` asks for into the cache; say how it went, as plain data:
    ``{"ok": true, "key", "pages", "warnings"}``, or ``{"ok": false, "problems"}``
    with the same located messages the command line gives, or ``"failure"`` for a
    limit reached or the tool's own fault."""
    asked = Request(**request)
    limit = replace(LIMITS, **(limits or {}))
    cache = Cache(Path(cache_root))
    progress = ProgressFile(progress_path(cache.root, asked.key()))
    # The tool's own guard, as every command runs under: the work in a child process,
    # watched from this one, its whole tree stopped at either limit.
    try:
        return guard.supervised(limit, RUNNERS[OFFERS[asked.offer].runner], asked, cache,
                                progress)  # fmt: skip
    except ContentError as problem:
        return {"ok": False, "problems": [d.as_dict() for d in problem.diagnostics]}
    except guard.LimitReached as reached:
        return {"ok": False, "failure": f"it was {reached}"}
    except Exception as failure:  # the tool's own fault: said plainly, details logged
        traceback.print_exc()
        return {"ok": False, "failure": f"the tool failed ({type(failure).__name__}); "
                "please report it"}  # fmt: skip


def _edition(request: Request, cache: Cache, progress) -> dict:
    only_pdf = Outputs(listed_formats=False)
    made = build(Path(request.folder), None, [request.edition], request.paper, progress,
                 only_pdf, cache.editions)  # fmt: skip
    result = made.results[0]
    warnings = [d.as_dict() for d in made.warnings]
    return {"ok": True, "key": result.key, "pages": result.pages, "warnings": warnings}


def _pack(request: Request, cache: Cache, progress) -> dict:
    made = build_pack(Path(request.folder), None, request.size, progress, cache.packs)
    warnings = [d.as_dict() for d in made.warnings]
    return {"ok": True, "key": made.key, "pages": made.pages[request.offer], "warnings": warnings}


def _format(request: Request, cache: Cache, progress) -> dict:
    only = Outputs(pdf=False, formats=(request.offer,), listed_formats=False)
    made = build(Path(request.folder), None, [], None, progress, only, cache.editions)
    warnings = [d.as_dict() for d in made.warnings]
    result = made.formats[0]
    return {"ok": True, "key": result.key, "pages": result.pages, "warnings": warnings}


def _print(request: Request, cache: Cache, progress) -> dict:
    only = Outputs(listed_formats=False, prints=(request.offer,))
    made = build(Path(request.folder), None, [request.edition], request.paper, progress, only,
                 cache.editions)  # fmt: skip
    warnings = [d.as_dict() for d in made.warnings]
    return {"ok": True, "key": made.results[0].print_keys[0], "pages": 0, "warnings": warnings}


RUNNERS = {"edition": _edition, "pack": _pack, "format": _format, "print": _print}
