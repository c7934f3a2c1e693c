"""Progress of long work, told as it happens: which documents are being made, and
each one made. Pipelines tell a ``Progress``; the command line prints it and the
desk shows it, each in its own way, and ``SILENT`` tells no one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

__all__ = ["SILENT", "Made", "Progress"]


@dataclass(frozen=True)
class Made:
    """One document made: the ``number``-th of ``total`` in this piece of work."""

    number: int
    total: int
    name: str  # such as "item 4 report" or "large print, 24 point"
    pages: int  # 0 for a document without pages (a web page, an e-book)
    seconds: float

    def __str__(self) -> str:
        pages = f"{self.pages} page{'s' if self.pages != 1 else ''}, " if self.pages else ""
        seconds = f"{self.seconds:.2f}" if self.seconds < 1 else f"{self.seconds:.1f}"
        return f"made {self.number}/{self.total} {self.name} ({pages}{seconds} s)"


class Progress(Protocol):
    def begin(self, total: int) -> None:
        """``total`` documents are about to be made."""

    def started(self, name: str) -> None:
        """The document called ``name`` is being made."""

    def made(self, made: Made) -> None:
        """A document is made."""


class _Silent:
    def begin(self, total: int) -> None:
        pass

    def started(self, name: str) -> None:
        pass

    def made(self, made: Made) -> None:
        pass


SILENT: Progress = _Silent()
