"""Alternative formats: the same publication as a web page, an EPUB 3 e-book,
plain text and braille.

In: a ``Manuscript``: the model and its Markdown fragments (``source``), and the
page of the standard print edition on which each section and block starts
(``typeset``, for the e-book's page list and braille's print page numbers).
Out: for each format, its files as bytes, named relative to the publication's
output folder (``html/index.html``, ``<name>.epub``, ``<name>.txt``,
``<name>.brf``); the caller writes them. Each writer is a plain function,
``FORMATS`` names them all, so the command line, ``make`` and the desk offer the
same list. The web version and the e-book are made from the print edition's
templates; text and braille from one reading-order walk (``plain``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from publication.formats.braille import write_braille
from publication.formats.epub import write_epub
from publication.formats.manuscript import Manuscript
from publication.formats.text import write_text
from publication.formats.web import write_web
from publication.limits import FORMAT_NAMES

__all__ = ["FORMATS", "Format", "Manuscript"]


@dataclass(frozen=True)
class Format:
    name: str  # as written after --format and under formats: in publication.yaml
    label: str  # how a reader names it
    write: Callable[[Manuscript], dict[str, bytes]]
    print_pages: bool  # shows the standard edition's page numbers, so needs its layout


FORMATS: dict[str, Format] = {
    "html": Format("html", "web page", write_web, False),
    "epub": Format("epub", "EPUB 3 e-book", write_epub, True),
    "text": Format("text", "plain text", write_text, False),
    "braille": Format("braille", "braille (grade 2, BRF)", write_braille, True),
}

assert tuple(FORMATS) == FORMAT_NAMES, "publication.limits names every format"
