"""The desk as tests meet it: a real HTTP server (uvicorn) over a copy of a project,
and a small client that keeps the session cookie and reads forms' CSRF tokens."""

from __future__ import annotations

import http.client
import http.cookiejar
import re
import shutil
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path

import uvicorn
from conftest import PROJECTS, ROOT

from publication.cache import Cache
from publication.desk.app import Desk, make_app
from publication.desk.jobs import LocalJobs
from publication.desk.work import LIMITS

MEETING = "communities-scrutiny-2026-01"
EXEMPT_PHRASES = ("Kestrel Lane", "Tenderer B", "184,500", "Confidential scoring notes")
CLERK_PASSWORD = "correct horse battery staple"


def desk_project(root: Path) -> Path:
    """A project with the seed publication, the sample meeting and the minimal fixture."""
    for name in ("digital-borough", MEETING):
        shutil.copytree(ROOT / "content" / name, root / "content" / name)
    shutil.copytree(PROJECTS / "minimal" / "content" / "minimal", root / "content" / "minimal")
    shutil.copytree(ROOT / "images", root / "images")
    return root


def stop_workers() -> None:
    """Stop the process desk jobs are started from (multiprocessing's fork server) and the
    one that tracks their resources, which would otherwise outlive the desk as children
    of the test run (the command's own process takes them with it when it ends)."""
    import multiprocessing.forkserver
    import multiprocessing.resource_tracker

    multiprocessing.forkserver._forkserver._stop()
    multiprocessing.resource_tracker._resource_tracker._stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Served:
    url: str
    port: int
    desk: Desk
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.desk.jobs.close()


def serve(project: Path, cache: Path, workers: int = 2, password: str | None = None,
          queue: str | None = None) -> Served:  # fmt: skip
    """The desk on a free port of this machine, in a thread of this process; its jobs in
    worker processes, as ``publication serve`` runs them (or on a Redis ``queue``)."""
    store = Cache(cache)
    if queue:
        from publication.desk.queue import RedisJobs

        jobs = RedisJobs(queue, store, replace(LIMITS, seconds=120))
    else:
        jobs = LocalJobs(store, workers, replace(LIMITS, seconds=120))
    desk = Desk(project, store, jobs, password, "test-secret")
    port = free_port()
    hosts = ["127.0.0.1", "localhost"]
    config = uvicorn.Config(make_app(desk, hosts), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="off")  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the desk did not start"
    return Served(f"http://127.0.0.1:{port}", port, desk, server, thread)


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes
    url: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Visitor:
    """One browser session, without a browser: cookies kept, redirects followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> Answer:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict, token_from: str | None = None) -> Answer:
        """POST a form; with ``token_from``, the CSRF token of the page there first."""
        fields = dict(fields)
        if token_from is not None:
            fields["csrf"] = csrf_of(self.get(token_from).text)
        data = urllib.parse.urlencode(fields).encode()
        return self._open(urllib.request.Request(self.base + path, data=data, method="POST"))

    def _open(self, request) -> Answer:
        try:
            with self.opener.open(request, timeout=60) as response:
                return Answer(response.status, dict(response.headers), response.read(),
                              response.url)  # fmt: skip
        except urllib.error.HTTPError as refused:
            return Answer(refused.code, dict(refused.headers), refused.read(), refused.url)

    def wait_for_job(self, answer: Answer, seconds: float = 120) -> Answer:
        """The job page, once it no longer says the work is under way."""
        deadline = time.monotonic() + seconds
        path = urllib.parse.urlparse(answer.url).path
        while time.monotonic() < deadline:
            page = self.get(path)
            if "data-progress=" not in page.text:
                return page
            time.sleep(0.25)
        raise AssertionError(f"{path} still under way after {seconds} s")


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def file_links(html: str) -> list[str]:
    """The addresses of the files a job page offers to open."""
    return list(dict.fromkeys(re.findall(r'href="(/files/[0-9a-f]{64}/[^"?]+)"', html)))


def raw_get(port: int, path: str, host: str = "127.0.0.1") -> tuple[int, bytes]:
    """A GET with the path exactly as given: no client tidies up '..' or '%2F'."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body
