"""The one way a check's findings reach an author: as located diagnostics.

A build checks what it made; each finding becomes a message against the source
file, naming the document, the page and (in a pack) the item it falls in. A
finding on pages the author cannot repair (an appended PDF made elsewhere) is a
warning, so the rest can still be published.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from publication.check.findings import Finding, Report
from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation

__all__ = ["report_findings"]


def report_findings(
    report: Report,
    document: str,
    source: SourceLocation,
    diagnostics: Diagnostics,
    not_ours: Collection[int] = (),
    locate: Callable[[Finding], SourceLocation | None] | None = None,
) -> None:
    """Add each finding of ``report`` on ``document`` as a diagnostic against ``source``,
    or against the line ``locate`` finds for it (the content that overflows, say).

    ``not_ours``: pages (1-based) whose findings are only warnings.
    """
    for finding in report.findings:
        where = f"{document}, page {finding.page}" if finding.page else document
        if finding.section:
            where += f" ({finding.section})"
        warn = finding.level == "warning" or finding.page in not_ours
        add = diagnostics.warning if warn else diagnostics.error
        at = (locate(finding) if locate else None) or source
        add(at, f"pdf-ua-{finding.code}", f"{where}: {finding.message}", finding.fix)
