"""Jobs: each request made in a worker process, never in the web server's, one job per
key at a time, under limits.

``LocalJobs`` is the embedded default: a few processes on this machine, started
from a warm process that has WeasyPrint loaded already. A job that passes its time
is killed with every process it started, and what it was writing is removed, so
it leaves no partial file. ``RedisJobs`` (in ``queue``) hands the same jobs to
workers on other machines.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import signal
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from publication.cache import Cache
from publication.desk import work
from publication.desk.offers import Request
from publication.guard import Limits

__all__ = ["Job", "LocalJobs", "read_progress"]

BACKSTOP_SECONDS = 10  # past a job's own time limit, before the pool kills it
WARM_MODULES = ["publication.desk.work", "publication.stages", "publication.packs.assemble"]


@dataclass
class Job:
    """A request being made, or made: what the desk shows while it waits."""

    key: str
    request: Request
    state: str = "waiting"  # waiting, running, done or failed
    result: dict = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


def read_progress(cache_root: Path, key: str) -> list[dict]:
    """The progress events a job's worker has written so far."""
    try:
        text = work.progress_path(cache_root, key).read_text()
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in text.splitlines() if line.endswith("}")]


class LocalJobs:
    """At most ``workers`` jobs at once, each in a process of its own."""

    def __init__(self, cache: Cache, workers: int, limits: Limits) -> None:
        self.cache, self.limits = cache, limits
        self._slots = threading.Semaphore(workers)
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._running: dict[str, multiprocessing.process.BaseProcess] = {}
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(WARM_MODULES)

    def submit(self, request: Request, key: str) -> Job:
        """The job making ``key``: the one under way if there is one, else a new one."""
        with self._lock:
            job = self._jobs.get(key)
            if job is not None and not job.finished:
                return job
            job = self._jobs[key] = Job(key, request)
        threading.Thread(target=self._run, args=(job,), daemon=True).start()
        return job

    def get(self, key: str) -> Job | None:
        return self._jobs.get(key)

    def close(self) -> None:
        """Stop the jobs under way, with every process they started (the server is stopping)."""
        for process in list(self._running.values()):
            _kill_group(process)

    def _run(self, job: Job) -> None:
        with self._slots:
            job.state = "running"
            receiving, sending = self._context.Pipe(duplex=False)
            process = self._context.Process(
                target=_child,
                args=(asdict(job.request), str(self.cache.root), asdict(self.limits), sending),
            )
            process.start()
            self._running[job.key] = process
            sending.close()
            # The job stops itself at its limit (work.run); this is the backstop.
            result = _wait(process, receiving, self.limits.seconds + BACKSTOP_SECONDS)
            del self._running[job.key]
            if result is None:  # stopped, or died: whatever it was writing goes
                for store in (self.cache.editions, self.cache.packs):
                    store.remove_temporaries(process.pid or 0)
                result = _failure(process.exitcode, self.limits)
            job.result = result
            job.state = "done" if result.get("ok") else "failed"


def _child(request: dict, cache_root: str, limits: dict, sending) -> None:
    """In the worker: a process group of its own, so that a job stopped for taking too
    long is stopped with every process it started."""
    os.setpgrp()
    sending.send(work.run(request, cache_root, limits))
    sending.close()


def _wait(process, receiving, seconds: float) -> dict | None:
    """The job's result, or None if it took too long (then it is killed) or died."""
    try:
        result = receiving.recv() if receiving.poll(seconds) else None
    except EOFError:  # it died without a word
        result = None
    process.join(5 if result is not None else 0)
    if process.is_alive() or result is None:
        _kill_group(process)
    return result


def _kill_group(process) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.join()


def _failure(exit_code: int | None, limits: Limits) -> dict:
    if exit_code in (None, -signal.SIGKILL, -signal.SIGXCPU):
        reason = f"it took longer than the {limits.seconds:g} seconds a job may take"
    else:
        reason = f"it stopped unexpectedly (exit code {exit_code}), perhaps for lack of memory"
    return {"ok": False, "failure": reason}
