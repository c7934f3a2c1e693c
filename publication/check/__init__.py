"""The PDF/UA-1 checker behind ``publication check``: any PDF in, findings out.

In: a PDF's bytes or path (ours or anyone's), and optionally the smallest text
size allowed. Out: a ``Report`` of ``Finding``s, each with its page, element and
how to fix it; or ``UnreadablePDF`` when the file cannot be read at all. A pack's
documents are checked one by one (``check_part``) and their checks stand for
their pages in the pack's. The checker never changes the file and never imports
the stages that make PDFs: it must judge ours as it judges anyone's.
"""

from publication.check.findings import Finding, Report, UnreadablePDF
from publication.check.pdf import PartCheck, check_part, check_pdf

__all__ = ["Finding", "PartCheck", "Report", "UnreadablePDF", "check_part", "check_pdf"]
