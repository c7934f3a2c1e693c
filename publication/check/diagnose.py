"""The one way a check's findings reach an author: as located diagnostics.

A build checks what it made; each finding becomes a message against the source
file, naming the document, the page and (in a pack) the item it falls in. A
finding on pages the author cannot repair (an appended PDF made elsewhere) is a
warning, so the rest can still be published. An error on pages we made that no
change to the content can mend (tagging, fonts, metadata) is the tool's fault:
it is raised as ``ToolFault``, never told to the author as theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from publication.check.findings import Finding, Report
from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation, ToolFault

__all__ = ["AUTHOR_CODES", "report_findings"]

# Findings on our own pages that the content can cause: text made smaller than the
# edition's size by raw HTML in Markdown (such as <sup> or <small>), and a link the
# content gives to something other than a web page or an address (such as file:),
# which the link rule of source/links.py refuses first; should one reach the PDF all
# the same, the author can still take it out; and content that runs off the page (a
# long word, a wide table, a large image), which is told at the line that holds it.
AUTHOR_CODES = {"font-size", "active-content", "overflow"}


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
    faults = []
    for finding in report.findings:
        where = f"{document}, page {finding.page}" if finding.page else document
        if finding.section:
            where += f" ({finding.section})"
        code, message = f"pdf-ua-{finding.code}", f"{where}: {finding.message}"
        at = (locate(finding) if locate else None) or source
        if finding.level == "warning" or finding.page in not_ours:
            diagnostics.warning(at, code, message, finding.fix)
        elif finding.code in AUTHOR_CODES:
            diagnostics.error(at, code, message, finding.fix)
        else:
            faults.append(f"{message} [{code}]")
    if faults:
        raise ToolFault(source, faults)
