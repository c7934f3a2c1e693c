"""The stages that make a publication's editions and formats: load, validate, review,
Markdown; then for each edition HTML, PDF, finish the tagging, and check; then each
alternative format (web page, e-book, text, braille) from the same model, with the
standard edition's page numbers.

Problems are collected and reported once; an edition or format is handed back only
if every stage passed. ``pipeline`` imports this only when something must be made:
it brings in WeasyPrint, which takes most of a second to import.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from publication.diagnostics import Diagnostics
from publication.finish import finish_pdf
from publication.formats import FORMATS, Manuscript
from publication.formats.louis import LouisMissing
from publication.memory import collector_paused
from publication.messages import translator
from publication.pages import check_budget, check_cover, check_finished
from publication.print import impose_booklet
from publication.source.load import load_publication
from publication.source.markup import Fragments, render_fragments, screen_fragments
from publication.source.model import Publication
from publication.source.review import review_content, review_large_print
from publication.source.validate import validate_publication
from publication.typeset.contrast import check_contrast
from publication.typeset.editions import EDITIONS, Edition, output_name
from publication.typeset.html import STYLES_DIR, render_html, stylesheet_paths
from publication.typeset.pdf import Typeset, lay_out, page_of_each_id, typeset_pdf

__all__ = [
    "FORMATS",
    "Made",
    "make",
    "make_format",
    "make_print",
    "manuscript",
    "prepare",
    "print_name",
    "render_publication",
    "review_large_print",
]


@dataclass(frozen=True)
class Made:
    """One edition, made and checked, not yet written anywhere."""

    pdf: bytes
    pages: int
    paper: str
    print_pages: dict[str, int]  # the page each section, block, card and principle starts on


def prepare(
    folder: Path, out_dir: Path | None, page_size: str | None, diagnostics: Diagnostics
) -> tuple[Publication, Fragments]:
    """The publication read, validated and reviewed, with its Markdown as HTML (pictures
    out of Word documents go under ``out_dir``, or to a folder of this process's)."""
    raw = load_publication(folder, diagnostics, out_dir=out_dir)
    publication = validate_publication(raw, diagnostics) if raw else None
    diagnostics.raise_if_errors()
    assert publication is not None  # no errors means validation produced a model
    if page_size:
        publication = dataclasses.replace(publication, page_size=page_size)
    review_content(publication, diagnostics)
    fragments = render_fragments(publication, diagnostics)
    diagnostics.raise_if_errors()
    return publication, fragments


def make(
    publication: Publication, fragments: Fragments, edition: Edition, diagnostics: Diagnostics
) -> Made:
    """One edition: HTML, typeset, finished and checked at the edition's text size."""
    check_contrast(stylesheet_paths(edition, publication.page_size), diagnostics)
    typeset = _typeset(publication, render_html(publication, fragments, edition), diagnostics)
    check_cover(typeset, edition, publication, diagnostics)
    pdf = finish_pdf(typeset.pdf, typeset.elements)
    check_finished(pdf, edition, publication, (typeset, fragments), diagnostics)
    diagnostics.raise_if_errors()
    check_budget(publication, edition, typeset.pages, diagnostics)
    paper = edition.paper or publication.page_size
    return Made(pdf, typeset.pages, paper, page_of_each_id(typeset.elements))


def render_publication(folder: Path, edition: Edition, cache: Path) -> tuple[bytes, list]:
    """One edition of the publication in ``folder``, made and checked but written nowhere
    but ``cache`` (where pictures out of its Word documents go): for a pack appending it,
    since what an exempt item appends must stay in the full pack and the cache. With the
    warnings found; raises ``ContentError`` as ``build`` does."""
    with collector_paused():
        diagnostics = Diagnostics()
        publication, fragments = prepare(folder, cache, None, diagnostics)
        return make(publication, fragments, edition, diagnostics).pdf, diagnostics.warnings


def manuscript(
    publication: Publication,
    fragments: Fragments,
    formats: list[str],
    standard: tuple[dict[str, int], int] | None,
    diagnostics: Diagnostics,
) -> Manuscript:
    """What ``formats`` (all those a build makes: one manuscript serves them all) are
    written from, with the standard edition's page numbers (``standard``: each id's
    page, and the page count) if one of them shows them: from the edition made or
    found, or laid out for them."""
    screen = screen_fragments(fragments)  # without what only paper needs
    if not any(FORMATS[name].print_pages for name in formats):
        return Manuscript(publication, screen)
    if standard is not None:
        return Manuscript(publication, screen, *standard)
    html = render_html(publication, fragments, EDITIONS["standard"])
    laid_out = _typeset(publication, html, diagnostics, write=False)
    return Manuscript(publication, screen, page_of_each_id(laid_out.elements), laid_out.pages)


def make_format(
    written: Manuscript, name: str, diagnostics: Diagnostics
) -> tuple[dict[str, bytes], int]:
    """One format's files, named relative to the publication's output folder, and its
    braille pages (0 for the others)."""
    try:
        files = FORMATS[name].write(written)
    except LouisMissing as missing:
        diagnostics.error(written.publication.location, "braille-unavailable", str(missing))
        diagnostics.raise_if_errors()
        raise
    pages = files[next(iter(files))].count(b"\f") if name == "braille" else 0
    return files, pages


def print_name(slug: str, edition: Edition, form: str) -> str:
    """A print-only file's name beside its edition's: ``<name>-booklet.pdf``."""
    return f"{output_name(slug, edition)}-{form}.pdf"


def make_print(publication: Publication, edition: Edition, pdf: bytes) -> bytes:
    """A print-only file imposed from an edition's finished PDF: a booklet, the one
    print form there is (``limits.PRINT_FORMS``)."""
    words = translator(publication.metadata.language)
    reading_copy = f"{output_name(publication.slug, edition)}.pdf"
    return impose_booklet(pdf, publication.metadata.title, reading_copy, words)


def _typeset(
    publication: Publication, html: str, diagnostics: Diagnostics, write: bool = True
) -> Typeset:
    """The HTML typeset with the publication's folders, as a PDF or (not ``write``)
    only laid out, for its page numbers."""
    typeset = (typeset_pdf if write else lay_out)(
        html,
        base_url=publication.folder,
        roots=(*publication.asset_roots, STYLES_DIR),
        source=publication.location,
        diagnostics=diagnostics,
    )
    diagnostics.raise_if_errors()
    assert typeset is not None  # no errors means a typeset document
    return typeset
