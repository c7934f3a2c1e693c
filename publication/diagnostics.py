"""Messages for authors: where, what, and how to fix it, with a code to search for.

Stages collect every problem they find, then stop once, so an author sees all
of them in one run instead of fixing them one build at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from publication.errors import ContentError, SourceLocation

__all__ = ["Diagnostic", "Diagnostics", "Level"]


class Level(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    level: Level
    location: SourceLocation | None
    code: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        text = f"{where}{self.level.value}: {self.message} [{self.code}]"
        if self.hint:
            text += f"\n  how to fix: {self.hint}"
        return text

    def as_dict(self) -> dict:
        """As plain data, to keep with a cached build or send from a worker."""
        where = self.location
        place = [str(where.path), where.line, where.column, where.place] if where else None
        return {"level": self.level.value, "location": place, "code": self.code,
                "message": self.message, "hint": self.hint}  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict) -> Diagnostic:
        place = data["location"]
        where = SourceLocation(Path(place[0]), *place[1:]) if place else None
        return cls(Level(data["level"]), where, data["code"], data["message"], data["hint"])


@dataclass
class Diagnostics:
    """A collector; ``raise_if_errors`` is the one place a stage aborts."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(
        self, location: SourceLocation | None, code: str, message: str, hint: str = ""
    ) -> None:
        self.items.append(Diagnostic(Level.ERROR, location, code, message, hint))

    def warning(
        self, location: SourceLocation | None, code: str, message: str, hint: str = ""
    ) -> None:
        self.items.append(Diagnostic(Level.WARNING, location, code, message, hint))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level is Level.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level is Level.WARNING]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentError(self.items)
