"""How a build holds its memory: the garbage collector paused while documents are
made, a light matter shared by the pipelines and the stages they call.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """A laid-out document is millions of objects; every automatic garbage collection
    during a build would walk them all (a fifth of the time on 120 pages). Reference
    counting frees almost everything; cycles are collected after the build."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
