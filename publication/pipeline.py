"""Build a publication: each stage in order, typed data in and out.

Read it as the table of contents of the tool: load, validate, review, Markdown,
then for each edition HTML, PDF, finish the tagging, check, write; then each
alternative format (web page, e-book, text, braille) from the same model, with
the standard edition's page numbers. Problems are collected and reported once;
nothing is written for an edition or format unless every stage passed.
"""

from __future__ import annotations

import dataclasses
import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from publication.diagnostics import Diagnostic, Diagnostics
from publication.finish import finish_pdf
from publication.formats import FORMATS, Manuscript
from publication.formats.louis import LouisMissing
from publication.messages import translator
from publication.output import write_atomically
from publication.pages import check_budget, check_cover, check_finished
from publication.print import PRINT_SUFFIXES, impose_booklet
from publication.progress import SILENT, Made, Progress
from publication.source.load import load_publication
from publication.source.markup import Fragments, render_fragments, screen_fragments
from publication.source.model import Publication
from publication.source.review import review_content, review_large_print
from publication.source.validate import validate_publication
from publication.typeset.contrast import check_contrast
from publication.typeset.editions import EDITIONS, Edition, Wanted, edition_label, output_name
from publication.typeset.html import STYLES_DIR, render_html, stylesheet_paths
from publication.typeset.pdf import Typeset, lay_out, page_of_each_id, typeset_pdf

__all__ = [
    "Build",
    "BuildResult",
    "FormatResult",
    "Outputs",
    "build",
    "collector_paused",
    "render_publication",
]


@dataclass(frozen=True)
class BuildResult:
    edition: Edition
    pdf: Path
    pages: int
    # the page each section, block, card and principle starts on
    print_pages: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    prints: tuple[Path, ...] = ()  # print-only files made beside the PDF, such as a booklet


@dataclass(frozen=True)
class FormatResult:
    format: str
    paths: list[Path]  # every file written; the first is the one to open
    pages: int  # braille pages, or 0


@dataclass(frozen=True)
class Build:
    results: list[BuildResult]
    warnings: list[Diagnostic]
    formats: list[FormatResult] = field(default_factory=list)


@dataclass(frozen=True)
class Outputs:
    """What to make besides which editions: the PDFs, and which alternative formats.
    By default the PDFs and the formats the publication lists under ``formats:``."""

    pdf: bool = True
    formats: tuple[str, ...] = ()
    listed_formats: bool = True
    prints: tuple[str, ...] = ()  # print-only files, such as "booklet", besides those listed

    def format_names(self, listed: tuple[str, ...]) -> list[str]:
        return list(dict.fromkeys([*(listed if self.listed_formats else ()), *self.formats]))


def build(
    folder: Path,
    out_dir: Path,
    editions: list[Edition] | Wanted | None = None,
    page_size: str | None = None,
    progress: Progress = SILENT,
    outputs: Outputs | None = None,
) -> Build:
    """Build editions and formats of the publication in ``folder`` into ``out_dir/<slug>/``.

    Without ``editions``: the standard edition and every large-print size the
    publication asks for; without ``outputs``, the formats it lists as well. Each
    edition comes with the print-only files (a booklet) asked for or listed.
    """
    outputs = outputs or Outputs()
    with collector_paused():
        diagnostics = Diagnostics()
        publication, fragments = _prepare(folder, out_dir, page_size, diagnostics)
        if not isinstance(editions, list):
            editions = (editions or Wanted()).editions(publication.large_print_sizes)
        editions = editions if outputs.pdf else []
        if any(edition.size for edition in editions):
            review_large_print(publication, diagnostics)
        formats = outputs.format_names(publication.formats)
        prints = tuple(dict.fromkeys((*publication.print_forms, *outputs.prints)))
        total = len(editions) + len(formats)
        progress.begin(total)
        results = []
        for number, edition in enumerate(editions, 1):
            name = f"{publication.slug}, {edition_label(edition)}"
            progress.started(name)
            started = time.perf_counter()
            made = _make(publication, fragments, edition, out_dir, diagnostics, prints)
            check_budget(publication, edition, made.pages, diagnostics)
            seconds = time.perf_counter() - started
            progress.made(Made(number, total, name, made.pages, seconds))
            results.append(made)
        manuscript = _manuscript(publication, fragments, formats, results, diagnostics)
        made_formats = []
        for number, format_name in enumerate(formats, len(editions) + 1):
            name = f"{publication.slug}, {FORMATS[format_name].label}"
            progress.started(name)
            started = time.perf_counter()
            made_format = _make_format(manuscript, format_name, out_dir, diagnostics)
            seconds = time.perf_counter() - started
            progress.made(Made(number, total, name, made_format.pages, seconds))
            made_formats.append(made_format)
        return Build(results, diagnostics.warnings, made_formats)


def _prepare(
    folder: Path, out_dir: Path, page_size: str | None, diagnostics: Diagnostics
) -> tuple[Publication, Fragments]:
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


def _make(
    publication: Publication,
    fragments: Fragments,
    edition: Edition,
    out_dir: Path,
    diagnostics: Diagnostics,
    prints: tuple[str, ...] = (),
) -> BuildResult:
    pdf, typeset = _render(publication, fragments, edition, diagnostics)
    stem = out_dir / publication.slug / output_name(publication.slug, edition)
    files = {stem.with_suffix(".pdf"): pdf}
    for form in prints:  # the tagged reading copy is always written with them
        printed = stem.with_name(f"{stem.name}-{PRINT_SUFFIXES[form]}.pdf")
        words = translator(publication.metadata.language)
        files[printed] = impose_booklet(pdf, publication.metadata.title, f"{stem.name}.pdf", words)
    write_atomically(files)
    pages = page_of_each_id(typeset.elements)
    pdf_path, *printed_paths = files
    return BuildResult(edition, pdf_path, typeset.pages, pages, tuple(printed_paths))


def _render(
    publication: Publication, fragments: Fragments, edition: Edition, diagnostics: Diagnostics
) -> tuple[bytes, Typeset]:
    """The finished and checked PDF of one edition, and what typesetting knew of it."""
    check_contrast(stylesheet_paths(edition, publication.page_size), diagnostics)
    typeset = _typeset(publication, render_html(publication, fragments, edition), diagnostics)
    check_cover(typeset, edition, publication, diagnostics)
    pdf = finish_pdf(typeset.pdf, typeset.elements)
    check_finished(pdf, edition, publication, (typeset, fragments), diagnostics)
    diagnostics.raise_if_errors()
    return pdf, typeset


def render_publication(
    folder: Path, edition: Edition, cache: Path
) -> tuple[bytes, list[Diagnostic]]:
    """One edition of the publication in ``folder``, made and checked but written nowhere
    but ``cache`` (where pictures out of its Word documents go): for a pack appending it,
    since what an exempt item appends must stay in the full pack and the cache. With the
    warnings found; raises ``ContentError`` as ``build`` does."""
    with collector_paused():
        diagnostics = Diagnostics()
        publication, fragments = _prepare(folder, cache, None, diagnostics)
        pdf, _typeset = _render(publication, fragments, edition, diagnostics)
        return pdf, diagnostics.warnings


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


def _manuscript(
    publication: Publication,
    fragments: Fragments,
    formats: list[str],
    made: list[BuildResult],
    diagnostics: Diagnostics,
) -> Manuscript:
    """What the formats are written from, with the standard edition's page numbers
    if one of them shows them: from the PDF just made, or laid out for them. Their
    Markdown is without what only paper needs (``screen_fragments``)."""
    screen = screen_fragments(fragments)
    if not any(FORMATS[name].print_pages for name in formats):
        return Manuscript(publication, screen)
    standard = [result for result in made if result.edition.name == "standard"]
    if standard:
        made = standard[0]
        return Manuscript(publication, screen, made.print_pages, made.pages)
    html = render_html(publication, fragments, EDITIONS["standard"])
    laid_out = _typeset(publication, html, diagnostics, write=False)
    pages = page_of_each_id(laid_out.elements)
    return Manuscript(publication, screen, pages, laid_out.pages)


def _make_format(
    manuscript: Manuscript, name: str, out_dir: Path, diagnostics: Diagnostics
) -> FormatResult:
    publication = manuscript.publication
    try:
        files = FORMATS[name].write(manuscript)
    except LouisMissing as missing:
        diagnostics.error(publication.location, "braille-unavailable", str(missing))
        diagnostics.raise_if_errors()
        raise
    folder = out_dir / publication.slug
    write_atomically({folder / relative: data for relative, data in files.items()})
    paths = [folder / relative for relative in files]
    _remove_stale(folder, files)
    pages = files[next(iter(files))].count(b"\f") if name == "braille" else 0
    return FormatResult(name, paths, pages)


def _remove_stale(folder: Path, files: dict[str, bytes]) -> None:
    """Images a web version no longer uses go, so the folder is what gets published."""
    for subfolder in {Path(relative).parts[0] for relative in files if "/" in relative}:
        for path in sorted((folder / subfolder).rglob("*")):
            if path.is_file() and path.relative_to(folder).as_posix() not in files:
                path.unlink()


@contextmanager
def collector_paused() -> Iterator[None]:
    """A laid-out document is millions of objects; every automatic garbage collection
    during a build would walk them all (a fifth of the time on 120 pages). Reference
    counting frees almost everything; cycles are collected after the build."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
