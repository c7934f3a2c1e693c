"""The desk's part of ``make bench``: its HTTP server started as ``publication serve`` is,
measured from outside as a browser would meet it."""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from desk_helpers import Visitor, desk_project, file_links, free_port, raw_get

EDITIONS = [{"offer": "standard", "paper": "A4"}, {"offer": "standard", "paper": "A5"}] + [
    {"offer": "large-print", "size": str(size)} for size in (16, 18, 20, 22, 26, 28, 32, 36)
]


def compare_desk(root: Path) -> None:
    project = desk_project(root / "project")
    print("\nthe desk (publication serve, two workers), through HTTP on this machine")
    with _Desk(project, root / "cache-1") as desk:
        visitor = Visitor(desk.url)
        made = _make(visitor, {"offer": "large-print", "size": "24"})
        print(f"seed, large print 24 pt, not in the cache: {made['first_byte']:.2f} s from the "
              f"request to the first byte of the PDF ({made['pages']} pages)")  # fmt: skip
        cached = [_make(visitor, {"offer": "large-print", "size": "24"}) for _ in range(20)]
        whole = statistics.median(c["first_byte"] for c in cached)
        fetch = statistics.median(_first_byte(desk.port, made["link"]) for _ in range(20))
        print(
            f"the same, found in the cache: {whole * 1000:.0f} ms from the request to the "
            f"first byte of the PDF; {fetch * 1000:.1f} ms for the PDF alone (medians of 20)"
        )
    with _Desk(project, root / "cache-2") as desk:
        _ten_at_once(desk)


def _make(visitor: Visitor, fields: dict) -> dict:
    """Ask for an edition of the seed, wait for it, and time its PDF's first byte."""
    start = time.perf_counter()
    asked = visitor.post("/publications/digital-borough/make", fields,
                         token_from="/publications/digital-borough")  # fmt: skip
    done = visitor.wait_for_job(asked, seconds=600)
    [link] = file_links(done.text)
    pdf = visitor.get(link)
    assert pdf.status == 200 and pdf.body.startswith(b"%PDF"), link
    pages = done.text.split(" pages:")[0].rsplit(" ", 1)[-1]
    return {"first_byte": time.perf_counter() - start, "link": link, "pages": pages}


def _first_byte(port: int, path: str) -> float:
    start = time.perf_counter()
    status, _body = raw_get(port, path)
    assert status == 200
    return time.perf_counter() - start


def _ten_at_once(desk: _Desk) -> None:
    results: list[dict | Exception] = []

    def one(fields: dict) -> None:
        try:
            results.append(_make(Visitor(desk.url), fields))
        except Exception as failure:  # counted and shown, not raised in a thread
            results.append(failure)

    threads = [threading.Thread(target=one, args=(fields,)) for fields in EDITIONS]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        desk.sample_memory()
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    failed = [r for r in results if isinstance(r, Exception)]
    print(f"ten requests at once for different editions of the seed: {len(results) - len(failed)}"
          f" of 10 complete, {len(failed)} failed, in {seconds:.1f} s; peak memory of the desk "
          f"and its workers together {desk.peak_total:.0f} MB, the largest process "
          f"{desk.peak_one:.0f} MB")  # fmt: skip
    for failure in failed:
        print(f"  failed: {failure}")


class _Desk:
    """``publication serve`` in a session of its own, so its processes can be counted."""

    def __init__(self, project: Path, cache: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [sys.executable, "-m", "publication", "serve", "--port", str(self.port),
                        "--workers", "2", "--cache", str(cache)]  # fmt: skip
        self.project, self.peak_total, self.peak_one = project, 0.0, 0.0

    def __enter__(self) -> _Desk:
        self.process = subprocess.Popen(self.command, cwd=self.project, start_new_session=True,
                                        stdout=subprocess.DEVNULL)  # fmt: skip
        for _ in range(400):
            try:
                raw_get(self.port, "/")
                return self
            except ConnectionRefusedError:
                time.sleep(0.05)
        raise RuntimeError("the desk did not start")

    def __exit__(self, *_exc) -> None:
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        shutil.rmtree(self.project / "build", ignore_errors=True)

    def sample_memory(self) -> None:
        """Resident memory of every process in the desk's session, now (MB)."""
        sizes = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    if int(fields[3]) == self.process.pid:  # its session
                        sizes.append(int(fields[21]) * os.sysconf("SC_PAGE_SIZE") / 1024**2)
                except (OSError, IndexError, ValueError):
                    continue
        self.peak_total = max(self.peak_total, sum(sizes))
        self.peak_one = max(self.peak_one, max(sizes, default=0))
