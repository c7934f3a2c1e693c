"""What HTML says about how a passage is read, carried onto its element.

A passage in another language (``lang`` on a section, a block, a ``<span>``)
gets ``/Lang``, so a screen reader switches to a Welsh or Polish voice for it
(WCAG 3.1.2). An abbreviation (``<abbr title>``) becomes a ``Span`` with its
expansion as ``/E``, which a screen reader can read in its place.
"""

from __future__ import annotations

from pikepdf import Name, String

from publication.finish.tree import Tagged

__all__ = ["mark_passages"]


def mark_passages(tagged: Tagged) -> None:
    for element, about in tagged.elements():
        if about.lang:
            element.Lang = String(about.lang)
        if about.html_tag == "abbr":
            element.S = Name.Span
            if about.expansion:
                element.E = String(about.expansion)
