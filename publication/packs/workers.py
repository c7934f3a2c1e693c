"""Processes for a pack's work: a pool that makes documents in parallel, and forked
children that each begin a pack and finish it with what the parent hands over.

Forking (Linux and macOS) lets each child inherit the warm interpreter: WeasyPrint
imported, fonts found and stylesheets parsed once in the parent.

No worker outlives the work: each dies with the parent (``guard.worker_started``),
and when the parent stops early (Ctrl+C, SIGTERM, a limit reached, an error) it
kills its workers before it goes, instead of waiting for them to finish.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any, BinaryIO

from publication.guard import WorkerLost, picklable, worker_started

__all__ = ["forked", "in_parallel"]


def in_parallel(
    function: Callable[[Any], Any],
    jobs: list,
    done: Callable[[int, Any], None] = lambda index, result: None,
) -> list:
    """``function`` over ``jobs`` in worker processes, one per core (inline for one job,
    where this process is already warm). ``done(index, result)`` is called in this
    process as each job finishes; the results come back in the order of the jobs."""
    if len(jobs) < 2 or (os.cpu_count() or 1) < 2:
        results = []
        for index, job in enumerate(jobs):
            results.append(function(job))
            done(index, results[-1])
        return results
    workers = min(len(jobs), os.cpu_count() or 1)
    context = multiprocessing.get_context("fork")
    results = [None] * len(jobs)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=worker_started,
        initargs=(os.getpid(),),
    )
    try:
        futures = {pool.submit(function, job): index for index, job in enumerate(jobs)}
        for future in as_completed(futures):
            index = futures[future]
            results[index] = future.result()
            done(index, results[index])
    except BrokenProcessPool as lost:
        _stop(pool)
        raise WorkerLost() from lost
    except BaseException:
        # Stopped early: the work still running is not wanted; waiting for it would
        # keep Ctrl+C (or a limit) waiting for the longest document.
        _stop(pool)
        raise
    pool.shutdown(wait=True)
    return results


def _stop(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers and leave without waiting for them. Waiting for a pool
    whose pending work was cancelled can hang for ever (CPython issue 94440), and a
    write to a worker that is gone would never end; the workers die with this process
    anyway (``worker_started``)."""
    processes = getattr(pool, "_processes", None) or {}  # None once the pool has shut down
    for process in list(processes.values()):
        with contextlib.suppress(OSError):
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def forked(begin, finish, jobs: list, handed_over: Callable[[], object]) -> list:
    """For each job, in a forked child, ``finish(begin(job), value)``, where ``value`` is
    what this process works out meanwhile: ``handed_over()``. The children's results,
    in order. What ``begin`` builds stays in its child, so it may be what cannot cross
    between processes (a pack begun from open PDFs); only the value and results are sent."""
    if (os.cpu_count() or 1) < 2:
        value = handed_over()
        return [finish(begin(job), value) for job in jobs]
    children: list[tuple[int, BinaryIO, BinaryIO]] = []
    finished = False
    try:
        for job in jobs:
            others = [end for child in children for end in child[1:]]
            children.append(_fork_child(begin, finish, job, others))
        value = pickle.dumps(handed_over())
        for _pid, send, _result in children:
            try:
                send.write(value)
                send.close()
            except BrokenPipeError:  # the child failed before it read: its error waits
                with contextlib.suppress(BrokenPipeError):
                    send.close()
        results = [pickle.loads(result.read() or _NO_RESULT) for _, _, result in children]
        finished = True
    finally:
        for pid, send, result in children:
            if not finished:  # stopped early: their work is not wanted
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                send.close()  # a child still waiting is told that nothing is coming
            result.close()
            os.waitpid(pid, 0)
    for ok, value in results:
        if not ok:
            raise value
    return [value for _, value in results]


_NO_RESULT = pickle.dumps((False, WorkerLost()))


def _fork_child(begin, finish, job, others: list[BinaryIO]) -> tuple[int, BinaryIO, BinaryIO]:
    """A child working on ``job``: its pid, the pipe that sends to it and the one its
    result comes back on. It closes its copies of the ``others`` pipes, so that each
    child sees the end of what is sent to it when the parent closes it. It begins at
    a lower priority, so as not to slow the parent's work that it waits for, and it
    leaves without tidying up: that would only free what it is about to lose."""
    from_parent, to_child = os.pipe()
    from_child, to_parent = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid:
        os.close(from_parent)
        os.close(to_parent)
        return pid, os.fdopen(to_child, "wb"), os.fdopen(from_child, "rb")
    try:  # the child
        worker_started(parent)
        os.close(to_child)
        os.close(from_child)
        for pipe in others:
            pipe.close()
        os.nice(19)
        try:
            state = begin(job)
            with os.fdopen(from_parent, "rb") as pipe:
                data = pipe.read()
            if not data:  # the parent gave up: there is nothing to do
                os._exit(0)
            result = pickle.dumps((True, finish(state, pickle.loads(data))))
        except Exception as problem:  # raised again in the parent
            result = pickle.dumps((False, picklable(problem)))
        with os.fdopen(to_parent, "wb") as pipe:
            pipe.write(result)
    finally:
        os._exit(0)
