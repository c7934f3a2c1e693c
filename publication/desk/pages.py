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
from publication.desk.catalogue import find_entry
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


MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".epub": "application/epub+zip",
    ".txt": "text/plain; charset=utf-8",
    ".brf": "text/plain; charset=us-ascii",  # braille ready format: ASCII braille
}


def made_entry(cache: Cache, key: str) -> tuple[str, dict] | None:
    """What is in the cache under ``key``: ("edition" or "packs", its record), or None."""
    for kind, store in (("edition", cache.editions), ("packs", cache.packs)):
        meta = store.read_json(f"{key}.json")
        if meta is not None:
            return kind, meta
    return None


def files_made(cache: Cache, key: str, clerk: bool) -> list[dict]:
    """The files made under ``key`` that this visitor may open: name, pages, label."""
    return [file for file in _offered(cache, key) if clerk or not file["clerk_only"]]


def find_file(cache: Cache, key: str, name: str) -> dict | None:
    """The file called ``name`` made under ``key``: its path in the cache, media type,
    and whether only the clerk may have it. Names are the desk's, never a path."""
    return next((file for file in _offered(cache, key) if file["name"] == name), None)


def _offered(cache: Cache, key: str) -> list[dict]:
    found = made_entry(cache, key)
    if found is None:
        return []
    kind, meta = found
    if kind == "packs":
        folder = Path(meta["slug"])
        return [_file(pack_name(folder, name, meta["size"]), meta["pages"][name],
                      OFFERS[name].label, cache.packs.folder / pack_file(key, name),
                      OFFERS[name].clerk_only)
                for name in PACK_NAMES]  # fmt: skip
    if "format" in meta:  # a web version is a folder of files: not offered one by one
        if len(meta["files"]) != 1:
            return []
        name, pages = meta["files"][0], meta["pages"]
    else:  # a PDF: an edition, or a form for printing made from one; named for its paper
        if "print" in meta:
            stem, pages = meta["name"].removesuffix(".pdf"), 0
        else:
            stylesheets = tuple(meta["edition"]["stylesheets"])
            edition = Edition(**{**meta["edition"], "stylesheets": stylesheets})
            stem, pages = output_name(meta["slug"], edition), meta["pages"]
        paper = "" if meta["paper"] == "A4" else f"-{meta['paper'].lower()}"
        name = f"{stem}{paper}.pdf"
    return [_file(name, pages, meta["label"], cache.editions.folder / f"{key}.0")]


def _file(name: str, pages: int, label: str, path: Path, clerk_only: bool = False) -> dict:
    media = MEDIA_TYPES.get(Path(name).suffix, "application/octet-stream")
    return {"name": name, "pages": pages, "label": label, "path": path,
            "clerk_only": clerk_only, "media": media}  # fmt: skip


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
    if job is not None:
        entry = find_entry(desk.content, Path(job.request.folder).name)
        return entry if entry is not None and str(entry.folder) == job.request.folder else None
    made = made_entry(desk.cache, key)
    slug = made[1].get("slug") if made else None
    entry = find_entry(desk.content, slug) if isinstance(slug, str) else None
    return entry if entry is not None and entry.slug == slug else None


def _told(diagnostics: list[dict], project: Path) -> list[dict]:
    """Located messages for the page: file relative to the project, line, message, fix."""
    told = []
    for data in diagnostics:
        diagnostic = Diagnostic.from_dict(data)
        where = diagnostic.location or SourceLocation(project)
        path = where.path.relative_to(project) if where.path.is_relative_to(project) else where.path
        told.append({"level": diagnostic.level.value, "file": str(path), "line": where.line,
                     "place": where.place,
                     "message": diagnostic.message, "hint": diagnostic.hint,
                     "code": diagnostic.code})  # fmt: skip
    return told


def _last_good(desk, entry, job, clerk: bool) -> list[dict]:
    """The files made last time of what failed now, still offered while it is fixed."""
    wanted = job.request
    if entry is None or OFFERS[wanted.offer].runner not in ("edition", "pack"):
        return []  # only editions and packs are remembered: never offer another file instead
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
