"""The desk's routes: each reads the request, asks the catalogue, the offers, the cache
or the jobs, and renders a template. No build logic lives here.

Pages: the list (``/``, searchable), a publication's or meeting's form, a job
(progress, then the PDF or the problems), the clerk's sign-in, and the files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from publication.cache import Cache
from publication.desk import pages
from publication.desk.catalogue import find_entry, read_catalogue
from publication.desk.jobs import read_progress
from publication.desk.offers import OFFERS, read_request
from publication.desk.pages import message, render
from publication.desk.security import SecurityHeaders, check_password, csrf_ok, is_clerk

__all__ = ["Desk", "make_app"]

HERE = Path(__file__).resolve().parent
KEY = re.compile(r"[0-9a-f]{64}")


@dataclass
class Desk:
    """What the routes work with: the project, the cache, the jobs, the clerk password."""

    project: Path  # the folder holding content/ and images/
    cache: Cache
    jobs: object  # LocalJobs or RedisJobs: submit(request, key), get(key)
    clerk_password: str | None = None
    secret: str = ""  # signs session cookies

    @property
    def content(self) -> Path:
        return self.project / "content"


async def index(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    query = request.query_params.get("q", "").strip()[:200]
    entries = await run_in_threadpool(read_catalogue, desk.content)
    found = [e for e in entries.values() if query.lower() in e.title.lower()]
    made = {e.slug: e.made(desk.cache)[:4] for e in found}
    return render(request, "index.html", entries=found, made=made, query=query)


async def form(request: Request) -> Response:
    entry = await _entry(request)
    if entry is None:
        return _not_found(request)
    desk: Desk = request.app.state.desk
    return render(request, "form.html", entry=entry, made=entry.made(desk.cache), values={})


async def make(request: Request) -> Response:
    """A request to make an edition or pack: checked, then found in the cache or queued."""
    entry = await _entry(request)
    if entry is None:
        return _not_found(request)
    desk: Desk = request.app.state.desk
    values = {k: str(v) for k, v in (await request.form()).items()}
    if not csrf_ok(request, values):
        return pages.expired(request)
    asked = read_request(entry.kind, entry.folder, values, entry.page_size)
    if asked.request is None:
        made = entry.made(desk.cache)
        return render(request, "form.html", 400, entry=entry, made=made, values=values,
                      problems=asked.problems)  # fmt: skip
    if OFFERS[asked.request.offer].clerk_only and not is_clerk(request):
        return pages.clerk_only(request)
    key = await run_in_threadpool(asked.request.key)
    if pages.made_entry(desk.cache, key) is None:
        desk.jobs.submit(asked.request, key)
    return RedirectResponse(f"/jobs/{key}", status_code=303)


async def job(request: Request) -> Response:
    key = request.path_params["key"]
    desk: Desk = request.app.state.desk
    if not KEY.fullmatch(key):
        return _not_found(request)
    view = await run_in_threadpool(pages.job_view, desk, key, is_clerk(request))
    if view is None:
        return message(request, 404, "No such request",
                       "Nothing is being made under this address. Choose a publication "
                       "from the list and make it again.")  # fmt: skip
    return render(request, "job.html", **view)


async def progress(request: Request) -> Response:
    key = request.path_params["key"]
    desk: Desk = request.app.state.desk
    if not KEY.fullmatch(key):
        return JSONResponse({"state": "unknown"}, status_code=404)
    running = desk.jobs.get(key)
    if running is not None:
        state = running.state
    else:  # made before this desk started, or by another: the cache says
        state = "done" if pages.made_entry(desk.cache, key) is not None else "unknown"
    events = read_progress(desk.cache.root, key) if state in ("waiting", "running") else []
    return JSONResponse({"state": state, "lines": [e["line"] for e in events if "line" in e],
                         "summary": pages.progress_summary(events)})  # fmt: skip


async def download(request: Request) -> Response:
    """A made PDF, by its key and the name the desk gives it: nothing a request says
    becomes a path; the name must be one the desk worked out for that key."""
    key, name = request.path_params["key"], request.path_params["name"]
    desk: Desk = request.app.state.desk
    found = pages.find_file(desk.cache, key, name) if KEY.fullmatch(key) else None
    if found is None or not found["path"].is_file():
        return _not_found(request)
    found["path"].touch()  # used now: the cache lets go of the least recently used
    if found["clerk_only"] and not is_clerk(request):
        return pages.clerk_only(request)
    attachment = request.query_params.get("download") == "1"
    cache_control = "no-store" if found["clerk_only"] else "private, max-age=86400, immutable"
    return FileResponse(found["path"], media_type=found["media"], filename=name,
                        content_disposition_type="attachment" if attachment else "inline",
                        headers={"cache-control": cache_control})  # fmt: skip


async def clerk(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    if request.method == "GET":
        return render(request, "clerk.html", configured=bool(desk.clerk_password), values={})
    values = {k: str(v) for k, v in (await request.form()).items()}
    if not csrf_ok(request, values):
        return pages.expired(request)
    if values.get("action") == "sign-out":
        request.session.pop("clerk", None)
        return RedirectResponse("/", status_code=303)
    if not desk.clerk_password:
        return message(request, 403, "Clerk sign-in is off",
                       "No clerk password is configured, so full packs and exempt reports "
                       "are never served by this desk.")  # fmt: skip
    if not check_password(desk.clerk_password, values.get("password", "")):
        problems = {"password": "The password is not right. Check it and try again."}
        return render(request, "clerk.html", 403, configured=True, values={}, problems=problems)
    request.session["clerk"] = True
    return RedirectResponse("/", status_code=303)


async def _entry(request: Request):
    desk: Desk = request.app.state.desk
    kind = "meeting" if request.url.path.startswith("/meetings/") else "publication"
    entry = await run_in_threadpool(find_entry, desk.content, request.path_params["slug"])
    return entry if entry is not None and entry.kind == kind else None


def _not_found(request: Request) -> Response:
    return message(request, 404, "Page not found",
                   "There is nothing at this address. Go back to the list of publications "
                   "and meetings and choose one from there.")  # fmt: skip


def make_app(desk: Desk, allowed_hosts: list[str] | None = None) -> Starlette:
    routes = [
        Route("/", index),
        Route("/publications/{slug}", form),
        Route("/publications/{slug}/make", make, methods=["POST"]),
        Route("/meetings/{slug}", form),
        Route("/meetings/{slug}/make", make, methods=["POST"]),
        Route("/jobs/{key}", job),
        Route("/jobs/{key}/progress", progress),
        Route("/files/{key}/{name}", download),
        Route("/clerk", clerk, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or ["*"]),
        Middleware(
            SessionMiddleware,
            secret_key=desk.secret,
            session_cookie="desk",
            same_site="strict",
            max_age=8 * 3600,
        ),
    ]
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={404: _not_found_handler, 405: _not_allowed})  # fmt: skip
    app.state.desk = desk
    return app


async def _not_found_handler(request: Request, exc) -> Response:
    return _not_found(request)


async def _not_allowed(request: Request, exc) -> Response:
    return message(
        request,
        405,
        "Not allowed",
        "This address is for a form. Go back to the page with the form and use it.",
    )
