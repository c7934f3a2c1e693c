"""What each page shows, worked out from the cache and the jobs, and the templates that
show it (Jinja2, autoescaped, every name defined or an error).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from publication.cache import Cache
from publication.desk.catalogue import read_catalogue
from publication.desk.jobs import read_progress
from publication.desk.offers import OFFERS
from publication.desk.security import csrf_token, is_clerk
from publication.diagnostics import Diagnostic
from publication.errors import SourceLocation
from publication.packs.pipeline import PACK_NAMES, pack_file, pack_name
from publication.typeset.editions import Edition, output_name

__all__ = [
    "clerk_only",
    "expired",
    "find_file",
    "job_view",
    "made_entry",
    "message",
    "progress_summary",
    "render",
]

HERE = Path(__file__).resolve().parent


def _templates() -> Jinja2Templates:
    environment = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
    )
    environment.globals["offers"] = OFFERS
    environment.filters["day"] = lambda iso: iso[:10] if iso else "not known"
    return Jinja2Templates(env=environment)


TEMPLATES = _templates()


def render(request: Request, name: str, status: int = 200, **context) -> Response:
    context.setdefault("problems", {})
    context.update(csrf=csrf_token(request), clerk=is_clerk(request))
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status)


def message(request: Request, status: int, title: str, text: str) -> Response:
    """A page that says one thing plainly: what went wrong and what to do."""
    return render(request, "message.html", status, title=title, text=text)


def expired(request: Request) -> Response:
    return message(request, 403, "This form has expired",
                   "The form was not sent from this desk's own page, or it is too old. "
                   "Go back, reload the page and send the form again.")  # fmt: skip


def clerk_only(request: Request) -> Response:
    return message(request, 403, "Only for the clerk",
                   "The full pack holds exempt reports, which are not for publication. "
                   "Sign in as the clerk to make or open it.")  # fmt: skip


def made_entry(cache: Cache, key: str) -> tuple[str, dict] | None:
    """What is in the cache under ``key``: ("edition" or "packs", its record), or None."""
    for kind, store in (("edition", cache.editions), ("packs", cache.packs)):
        meta = store.read_json(f"{key}.json")
        if meta is not None:
            return kind, meta
    return None


def files_made(cache: Cache, key: str, clerk: bool) -> list[dict]:
    """The PDFs made under ``key`` that this visitor may open: name, pages, label."""
    found = made_entry(cache, key)
    if found is None:
        return []
    kind, meta = found
    if kind == "edition":
        return [{"name": _edition_name(meta), "pages": meta["pages"], "label": meta["label"]}]
    folder = Path(meta["slug"])
    return [
        {"name": pack_name(folder, name, meta["size"]), "pages": meta["pages"][name],
         "label": OFFERS[name].label}
        for name in PACK_NAMES if clerk or not OFFERS[name].clerk_only
    ]  # fmt: skip


def find_file(cache: Cache, key: str, name: str) -> tuple[Path, bool] | None:
    """The cached file that ``name`` is under ``key``, and whether it is the clerk's only."""
    found = made_entry(cache, key)
    if found is None:
        return None
    kind, meta = found
    if kind == "edition":
        path = cache.editions.path(f"{key}.pdf")
        return (path, False) if path and name == _edition_name(meta) else None
    for pack in PACK_NAMES:
        if name == pack_name(Path(meta["slug"]), pack, meta["size"]):
            path = cache.packs.path(pack_file(key, pack))
            return (path, OFFERS[pack].clerk_only) if path else None
    return None


def _edition_name(meta: dict) -> str:
    edition = Edition(**{**meta["edition"], "stylesheets": tuple(meta["edition"]["stylesheets"])})
    paper = "" if meta["paper"] == "A4" else f"-{meta['paper'].lower()}"
    return f"{output_name(meta['slug'], edition)}{paper}.pdf"


def job_view(desk, key: str, clerk: bool) -> dict | None:
    """Everything the job page shows: state, progress, files, problems, the last good one."""
    job = desk.jobs.get(key)
    # The key the worker made it under: the same, unless the tool changed meanwhile.
    made_key = job.result.get("key", key) if job is not None else key
    files = files_made(desk.cache, made_key, clerk)
    if job is None and not files:
        return None
    state = job.state if job is not None else "done"
    result = job.result if job is not None else {}
    events = read_progress(desk.cache.root, key) if state != "done" else []
    entry = _entry_of(desk, job, key)
    return {
        "key": made_key,
        "state": state,
        "entry": entry,
        "offer": OFFERS[job.request.offer] if job is not None else None,
        "files": files,
        "lines": [e["line"] for e in events if "line" in e],
        "summary": progress_summary(events),
        "warnings": _told(result.get("warnings", []), desk.project),
        "problems_found": _told(result.get("problems", []), desk.project),
        "failure": result.get("failure", ""),
        "last_good": _last_good(desk, entry, job, clerk) if state == "failed" else [],
    }


def progress_summary(events: list[dict]) -> str:
    totals = [e["total"] for e in events if e["event"] == "begin"]
    if not totals:
        return "Waiting to start."
    made = sum(1 for e in events if e["event"] == "made")
    return f"{made} of {totals[-1]} document{'s' if totals[-1] != 1 else ''} made."


def _entry_of(desk, job, key: str):
    """The publication or meeting a job is for: by its request, or by what it made."""
    entries = read_catalogue(desk.content).values()
    if job is not None:
        return next((e for e in entries if str(e.folder) == job.request.folder), None)
    made = made_entry(desk.cache, key)
    slug = made[1].get("slug") if made else None
    return next((e for e in entries if e.slug == slug), None)


def _told(diagnostics: list[dict], project: Path) -> list[dict]:
    """Located messages for the page: file relative to the project, line, message, fix."""
    told = []
    for data in diagnostics:
        diagnostic = Diagnostic.from_dict(data)
        where = diagnostic.location or SourceLocation(project)
        path = where.path.relative_to(project) if where.path.is_relative_to(project) else where.path
        told.append({"level": diagnostic.level.value, "file": str(path), "line": where.line,
                     "message": diagnostic.message, "hint": diagnostic.hint,
                     "code": diagnostic.code})  # fmt: skip
    return told


def _last_good(desk, entry, job, clerk: bool) -> list[dict]:
    """The files made last time of what failed now, still offered while it is fixed."""
    if entry is None:
        return []
    wanted = job.request
    edition, paper = wanted.edition, wanted.edition.paper or wanted.paper or entry.page_size
    ident = (
        f"packs-{wanted.size or 'standard'}"
        if entry.kind == "meeting"
        else f"{edition.suffix or edition.name}-{paper}"
    )
    for made in entry.made(desk.cache):
        if made["id"] == ident:
            return [{**f, "key": made["key"], "made": made["made"]}
                    for f in files_made(desk.cache, made["key"], clerk)]  # fmt: skip
    return []
