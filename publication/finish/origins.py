"""Where each piece of drawn content came from in the author's files.

WeasyPrint's PDF ties each piece of marked content (page, MCID) to a structure
element, and the layout recorded which HTML element each structure element was
made for and the ``file:line`` that element carries (its ``origin``). Finishing
keeps the MCIDs of content, so a finding about the finished PDF can be traced
back to a line. Only needed when a check fails, so it reads WeasyPrint's PDF
again then.
"""

from __future__ import annotations

from publication.finish.tree import open_tagged
from publication.typeset.elements import LaidOutElement

__all__ = ["content_origins"]


def content_origins(
    data: bytes, elements: tuple[LaidOutElement, ...]
) -> dict[tuple[int, int], str]:
    """(page, counted from 1; MCID) -> 'file:line' for the content of WeasyPrint's PDF."""
    tagged = open_tagged(data, elements)
    found = {}
    for page, owners in tagged.marks.items():
        for mcid, owner in owners.items():
            about = tagged.about(owner)
            if about is not None and about.origin:
                found[(page + 1, mcid)] = about.origin
    return found
