"""Active content is an error in any PDF: a published paper must not run scripts,
start programs, send form data, open local files or carry attached files."""

from __future__ import annotations

import pikepdf

from publication.check.findings import Report
from publication.pdf.active import active_content
from publication.pdf.objects import DamagedPDF

__all__ = ["check_active_content"]


def check_active_content(pdf: pikepdf.Pdf, report: Report) -> None:
    try:
        found = active_content(pdf)
    except DamagedPDF as damage:  # a loop in the bookmarks, form fields or actions
        report.add(
            "error",
            "damaged",
            None,
            "",
            f"{damage}, so its active content cannot be checked",
            "make the PDF again: each of its trees must end, and not lead back to itself",
        )
        return
    for item in found:
        report.add(
            "error",
            "active-content",
            item.page,
            "",
            f"active content: {item.what}",
            "make the PDF again without scripts, attachments, form actions or links to "
            "files ('publication pack' removes them from the PDFs it appends)",
        )
