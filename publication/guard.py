"""Limits every build, pack and check runs under, and workers that cannot outlive them.

A caller states how long a run may take and how much memory each of its
processes may use (``Limits``). ``supervised`` runs the work in a child process
and watches it from this one: past the time, or when any process of the work
(the child, or a worker it started) holds more memory than allowed, the whole
tree is killed and ``LimitReached`` names the limit. Watching from outside
stops what nothing inside could: a library stuck in C code, or one that
aborts the process when memory runs out (GLib does), instead of failing softly.
Under a watcher the time limit is the watcher's alone: an exception raised
into the work at an arbitrary moment can land inside a C extension being
loaded, which then aborts the process (a crash, told as an internal error).
Work run without a watcher (``enforced`` on its own, as ``pack --watch`` does for
each round) is stopped from inside, by an alarm that raises ``LimitReached``.
Outputs are only ever renamed into place, so what was written before is kept.

The command line supervises each command with ``--max-seconds`` and
``--max-memory`` (defaults in ``publication.limits``); the desk does the same
for each job with ``supervised(limits, work, ...)``.

Every worker process calls ``worker_started`` first: it dies with the process
that started it (on Linux the kernel sees to it, elsewhere a watchdog thread),
leaves Ctrl+C to that process, and has a CPU-time limit of its own.
"""

from __future__ import annotations

import contextlib
import ctypes
import math
import os
import pickle
import resource
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publication.errors import PublicationError
from publication.limits import DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_SECONDS

__all__ = [
    "LimitReached",
    "Limits",
    "Stopped",
    "WorkerLost",
    "enforced",
    "picklable",
    "stop_on_sigterm",
    "supervised",
    "worker_started",
]

PR_SET_PDEATHSIG = 1
WORKER_CPU_GRACE = 5  # seconds between a worker's CPU warning and the kernel stopping it
POLL_SECONDS = 0.1


@dataclass(frozen=True)
class Limits:
    """How long a run may take (seconds of wall-clock time) and how much memory each of
    its processes may hold (megabytes, resident). None means no limit."""

    seconds: float | None = DEFAULT_MAX_SECONDS
    memory_mb: int | None = DEFAULT_MAX_MEMORY_MB


class LimitReached(PublicationError):
    """A run stopped at one of its limits; ``kind`` is "seconds" or "memory"."""

    def __init__(self, kind: str, amount: float) -> None:
        self.kind = kind
        self.amount = amount
        if kind == "seconds":
            text = f"stopped after {amount:g} s (--max-seconds)"
        else:
            text = f"stopped: a process needed more than {amount:g} MB of memory (--max-memory)"
        super().__init__(text)

    def __reduce__(self):
        return (LimitReached, (self.kind, self.amount))


class Stopped(PublicationError):
    """A run stopped from outside: Ctrl+C, or SIGTERM."""


class WorkerLost(PublicationError):
    """A worker process ended without a result: killed, or crashed."""

    def __init__(self) -> None:
        super().__init__("a worker process ended without finishing its work")

    def __reduce__(self):
        return (WorkerLost, ())


_active: Limits | None = None  # the limits of the run in progress, for the workers it starts
_watched: float | None = None  # in a supervised child: the time limit its watcher enforces


@contextlib.contextmanager
def enforced(limits: Limits) -> Iterator[None]:
    """Run the body under ``limits`` from inside: ``LimitReached`` at the time limit (a
    wall-clock alarm), and the workers it starts limited in CPU time. Memory is only
    watched from outside, by ``supervised``."""
    global _active
    previous, _active = _active, limits
    cancel = _alarm(limits.seconds)
    try:
        yield
    finally:
        cancel()
        _active = previous


def supervised(limits: Limits, work: Callable[..., Any], *args: Any) -> Any:
    """``work(*args)`` in a child process under ``limits``, watched from this one: its
    result, or what it raised, or ``LimitReached`` when the watcher had to stop it
    (``WorkerLost`` if it died otherwise). Ctrl+C and SIGTERM are passed on to it."""
    sys.stdout.flush()
    sys.stderr.flush()
    reader, writer = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send back what came of it
        os.close(reader)
        _run_child(limits, work, args, writer, parent)
    os.close(writer)
    with contextlib.suppress(OSError):  # its own group: a signal reaches it once, from here
        os.setpgid(pid, pid)
    with _passing_signals_to(pid):
        data, stopped = _watch(limits, pid, reader)
    os.waitpid(pid, 0)
    if stopped is not None:
        raise stopped
    if not data:
        raise WorkerLost()
    ok, value = pickle.loads(data)
    if ok:
        return value
    raise value


def _run_child(limits: Limits, work, args, writer: int, parent: int) -> None:
    global _watched
    try:
        with contextlib.suppress(OSError):
            os.setpgid(0, 0)
        _die_with(parent)
        _watched = limits.seconds
        try:
            with enforced(limits):
                outcome = (True, work(*args))
        except BaseException as problem:  # raised again in the parent
            outcome = (False, picklable(problem))
        sys.stdout.flush()
        sys.stderr.flush()
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(pickle.dumps(outcome))
    finally:
        os._exit(0)


def _watch(limits: Limits, pid: int, reader: int) -> tuple[bytes, LimitReached | None]:
    """Read the child's result while watching its time and its tree's memory."""
    deadline = None if limits.seconds is None else time.monotonic() + limits.seconds
    chunks: list[bytes] = []
    with os.fdopen(reader, "rb", buffering=0) as pipe:
        while True:
            ready, _, _ = select.select([pipe], [], [], POLL_SECONDS)
            if ready:
                chunk = pipe.read(1 << 16)
                if not chunk:
                    return b"".join(chunks), None
                chunks.append(chunk)
            stopped = None
            if deadline is not None and time.monotonic() > deadline:
                stopped = LimitReached("seconds", limits.seconds)
            elif limits.memory_mb is not None and _largest_mb(pid) > limits.memory_mb:
                stopped = LimitReached("memory", limits.memory_mb)
            if stopped is not None:
                for process in [*_descendants(pid), pid]:
                    with contextlib.suppress(OSError):
                        os.kill(process, signal.SIGKILL)
                return b"", stopped


@contextlib.contextmanager
def _passing_signals_to(pid: int) -> Iterator[None]:
    """While the child works, Ctrl+C and SIGTERM sent here are passed on to it, so that
    it stops as it would on its own (it is in a group of its own: the terminal's
    Ctrl+C reaches it only this way, and only once)."""

    def pass_on(signum, _frame) -> None:
        with contextlib.suppress(OSError):
            os.kill(pid, signum)

    interrupt = signal.signal(signal.SIGINT, pass_on)
    terminate = signal.signal(signal.SIGTERM, pass_on)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, interrupt)
        signal.signal(signal.SIGTERM, terminate)


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (Linux: from /proc), children first."""
    found: list[int] = []
    stack = [pid]
    while stack:
        for task in Path(f"/proc/{stack.pop()}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                children = [int(child) for child in task.read_text().split()]
                found.extend(children)
                stack.extend(children)
    return found


def _largest_mb(pid: int) -> float:
    """The resident memory of the largest process in the tree under ``pid``."""
    largest = 0
    for process in [pid, *_descendants(pid)]:
        with contextlib.suppress(OSError, ValueError, IndexError):
            resident = int(Path(f"/proc/{process}/statm").read_text().split()[1])
            largest = max(largest, resident)
    return largest * resource.getpagesize() / 2**20


def worker_started(parent: int) -> None:
    """Called first in every worker process (``parent`` is the pid of its starter)."""
    _die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the parent to handle
    limits = _active
    if limits is not None and limits.seconds is not None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        soft = math.ceil(usage.ru_utime + usage.ru_stime + limits.seconds)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + WORKER_CPU_GRACE))


def stop_on_sigterm() -> None:
    """SIGTERM raises ``Stopped`` in this process, so that it tidies up as for Ctrl+C."""

    def stop(_signum, _frame):
        raise Stopped("stopped (SIGTERM)")

    signal.signal(signal.SIGTERM, stop)


def _die_with(parent: int) -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            if os.getppid() != parent:  # it died before we asked
                os._exit(1)
            return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _alarm(seconds: float | None):
    """A wall-clock alarm that raises ``LimitReached``; return how to cancel it. None where
    a watcher already stops the work as soon (see the module's docstring), and off the
    main thread, which alone receives signals: there the watcher's limit is what is left."""
    watched = _watched is not None and seconds is not None and _watched <= seconds
    if seconds is None or watched or threading.current_thread() is not threading.main_thread():
        return lambda: None

    def reached(_signum, _frame):
        raise LimitReached("seconds", seconds)

    previous = signal.signal(signal.SIGALRM, reached)
    signal.setitimer(signal.ITIMER_REAL, seconds)

    def cancel() -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

    return cancel


def picklable(problem: BaseException) -> BaseException:
    """``problem``, or a plain error saying the same, whichever the other side of a pipe
    can unpickle: an exception whose arguments do not rebuild it would fail there."""
    try:
        pickle.loads(pickle.dumps(problem))
    except Exception:
        return RuntimeError(f"{type(problem).__name__}: {problem}")
    return problem
