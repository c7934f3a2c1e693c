"""One small error tree, and the source location every message points at.

Raise when the caller must handle it; the command line turns a ``ContentError``
into its diagnostics and exit code 1, anything else into exit code 2.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ContentError", "PublicationError", "SourceLocation", "ToolFault", "UsageError"]


@dataclass(frozen=True)
class SourceLocation:
    """A place in a source file; line and column count from 1, 0 means unknown.

    A file without lines (a Word document) names the place in words instead:
    ``place`` such as 'paragraph 14 "Financial implications"', shown after the file.
    """

    path: Path
    line: int = 0
    column: int = 0
    place: str = ""

    def __str__(self) -> str:
        text = _display_path(self.path)
        if self.place:
            return f"{text}: {self.place}"
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text


def _display_path(path: Path) -> str:
    """Paths relative to the working directory read better in messages. Links are not
    followed: the message names the file as the author named it."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class PublicationError(Exception):
    """Base of every error this package raises on purpose."""


class UsageError(PublicationError):
    """The command line asked for something that cannot be done."""


class ContentError(PublicationError):
    """The content has problems the author must fix; carries every diagnostic found."""

    def __init__(self, diagnostics: list) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


class ToolFault(PublicationError):
    """What we made fails our own check in a way no change to the content can mend: a
    fault of the tool, reported as one (exit code 2), never as the author's error."""

    def __init__(self, source: SourceLocation, faults: list[str]) -> None:
        self.source = source
        self.faults = faults
        listed = "".join(f"\n  {fault}" for fault in faults)
        super().__init__(
            f"the PDF made from {source.path.name} fails our own check; this is a fault in "
            f"publication, not in the content:{listed}"
        )

    def __reduce__(self):  # crosses from a pack's worker process intact
        return (ToolFault, (self.source, self.faults))
