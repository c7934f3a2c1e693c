"""The one rule for every link a publication holds, wherever it was written.

A printed document links to web addresses, email addresses, telephone numbers
and places in itself, nothing else: a ``javascript:`` link runs code in the
reader's PDF viewer, a ``file:`` link points at the builder's disk, and a link
to ``intro.md`` leads nowhere once the PDF leaves this machine. Markdown links,
raw HTML links in Markdown, a contact's website and the templates all ask here.
"""

from __future__ import annotations

import re

__all__ = ["LINK_HINT", "LINK_SCHEMES", "link_problem", "web_address"]

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
LINK_HINT = (
    "link to a web address (https://...), an email address (mailto:...), a telephone "
    "number (tel:...) or a section of this document (#its-id)"
)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def link_problem(url: str) -> str:
    """Why ``url`` may not be written as a link, or '' if it may."""
    url = url.strip()
    if not url:
        return "is empty"
    if url.startswith("#"):
        return ""
    scheme = _SCHEME.match(url)
    if scheme is None:
        return "is not a web address, so it would lead nowhere in a printed document"
    if scheme.group(1).lower() not in LINK_SCHEMES:
        return f"uses '{scheme.group(1)}:', which a publication never links to"
    if any(ord(character) < 32 for character in url):
        return "contains a control character"
    return ""


def web_address(text: str) -> str:
    """A website as written in content ('www.example.org') as the link to print.

    Raises ``ValueError`` if the rule refuses it; validation reports that first.
    """
    url = text.strip()
    if not _SCHEME.match(url) or url.lower().startswith(("www.", "localhost:")):
        url = "https://" + url.lstrip("/")
    problem = link_problem(url)
    if problem:
        raise ValueError(f"the website '{text}' {problem}")
    return url
