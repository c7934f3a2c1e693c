"""Build a publication: each stage in order, typed data in and out.

Read it as the table of contents of the tool: load, validate, review, Markdown,
then for each edition HTML, PDF, finish the tagging, check, write. Problems are
collected and reported once; nothing is written for an edition unless every
stage passed.
"""

from __future__ import annotations

import dataclasses
import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from publication.check import check_pdf
from publication.check.diagnose import report_findings
from publication.diagnostics import Diagnostic, Diagnostics
from publication.errors import SourceLocation
from publication.finish import finish_pdf
from publication.output import write_atomically
from publication.progress import SILENT, Made, Progress
from publication.source.load import load_publication
from publication.source.markup import Fragments, render_fragments
from publication.source.model import Publication
from publication.source.review import review_content
from publication.source.validate import validate_publication
from publication.typeset.contrast import check_contrast
from publication.typeset.editions import Edition, Wanted, edition_label, output_name
from publication.typeset.html import STYLES_DIR, render_html, stylesheet_paths
from publication.typeset.pdf import typeset_pdf

__all__ = ["Build", "BuildResult", "build", "collector_paused"]


@dataclass(frozen=True)
class BuildResult:
    edition: Edition
    pdf: Path
    html: Path
    pages: int


@dataclass(frozen=True)
class Build:
    results: list[BuildResult]
    warnings: list[Diagnostic]


def build(
    folder: Path,
    out_dir: Path,
    editions: list[Edition] | Wanted | None = None,
    page_size: str | None = None,
    progress: Progress = SILENT,
) -> Build:
    """Build editions of the publication in ``folder`` into ``out_dir/<slug>/``.

    Without ``editions``: the standard edition and every large-print size the
    publication asks for.
    """
    with collector_paused():
        diagnostics = Diagnostics()
        publication, fragments = _prepare(folder, page_size, diagnostics)
        if not isinstance(editions, list):
            editions = (editions or Wanted()).editions(publication.large_print_sizes)
        progress.begin(len(editions))
        results = []
        for number, edition in enumerate(editions, 1):
            name = f"{publication.slug}, {edition_label(edition)}"
            progress.started(name)
            started = time.perf_counter()
            made = _make(publication, fragments, edition, out_dir, diagnostics)
            seconds = time.perf_counter() - started
            progress.made(Made(number, len(editions), name, made.pages, seconds))
            results.append(made)
        return Build(results, diagnostics.warnings)


def _prepare(
    folder: Path, page_size: str | None, diagnostics: Diagnostics
) -> tuple[Publication, Fragments]:
    raw = load_publication(folder, diagnostics)
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
) -> BuildResult:
    check_contrast(stylesheet_paths(edition, publication.page_size), diagnostics)
    html = render_html(publication, fragments, edition)
    typeset = typeset_pdf(
        html,
        base_url=publication.folder,
        roots=(*publication.asset_roots, STYLES_DIR),
        source=publication.location,
        diagnostics=diagnostics,
    )
    diagnostics.raise_if_errors()
    assert typeset is not None
    pdf = finish_pdf(typeset.pdf, typeset.elements)
    _check_finished(pdf, edition, publication.location, diagnostics)
    diagnostics.raise_if_errors()
    stem = out_dir / publication.slug / output_name(publication.slug, edition)
    pdf_path, html_path = stem.with_suffix(".pdf"), stem.with_suffix(".html")
    write_atomically({pdf_path: pdf, html_path: html.encode("utf-8")})
    return BuildResult(edition, pdf_path, html_path, typeset.pages)


def _check_finished(
    pdf: bytes, edition: Edition, source: SourceLocation, diagnostics: Diagnostics
) -> None:
    """The finished PDF must pass our PDF/UA check at the edition's smallest text size."""
    report = check_pdf(Path(source.path.name), edition.min_font_size, data=pdf)
    report_findings(report, f"the {edition.name} PDF", source, diagnostics)


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
