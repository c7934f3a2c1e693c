"""What the PDF/UA check reports: findings, a report per file, and unreadable files."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["Finding", "Report", "UnreadablePDF"]


class UnreadablePDF(Exception):
    """Not a PDF we can read: corrupt, encrypted, or not a PDF at all."""


@dataclass(frozen=True)
class Finding:
    level: str  # "error" or "warning"
    code: str  # Matterhorn checkpoint, or ours where it has none
    page: int | None  # 1-based
    element: str
    message: str
    fix: str
    section: str = ""  # the bookmarks leading to the page, such as "Item 4 > Appendix 1"
    mcid: int = -1  # the marked content it is about, to find its element (and its source)

    def __str__(self) -> str:
        where = f"page {self.page}: " if self.page else ""
        if self.section:
            where = f"page {self.page} ({self.section}): "
        element = f"{self.element}: " if self.element else ""
        return (
            f"{where}{element}{self.level}: {self.message} [{self.code}]\n  how to fix: {self.fix}"
        )


@dataclass
class Report:
    path: Path
    pages: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    def add(self, level, code, page, element, message, fix) -> None:
        self.findings.append(Finding(level, code, page, element, message, fix))

    def as_dict(self) -> dict:
        return {"file": str(self.path), "pages": self.pages,
                "findings": [asdict(f) for f in self.findings]}  # fmt: skip
