"""Build a publication: each stage in order, typed data in and out.

Read it as the table of contents of the tool: load, validate, review, Markdown,
HTML, PDF, finish the tagging, check, write. Problems are collected and reported
once; nothing is written unless every stage passed.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from publication.check import check_pdf
from publication.diagnostics import Diagnostic, Diagnostics
from publication.editions import EDITIONS, output_name
from publication.errors import SourceLocation
from publication.finish import finish_pdf
from publication.load import load_publication
from publication.markup import render_fragments
from publication.output import write_atomically
from publication.render import STYLES_DIR, render_html
from publication.review import review_content
from publication.typeset import typeset_pdf
from publication.validate import validate_publication

__all__ = ["BuildResult", "build"]


@dataclass(frozen=True)
class BuildResult:
    pdf: Path
    html: Path
    pages: int
    warnings: list[Diagnostic]


def build(
    folder: Path, out_dir: Path, edition_name: str = "standard", page_size: str | None = None
) -> BuildResult:
    """Build one edition of the publication in ``folder`` into ``out_dir/<slug>/``."""
    with _collector_paused():
        return _build(folder, out_dir, edition_name, page_size)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A laid-out document is millions of objects; every automatic garbage collection
    during a build would walk them all (a fifth of the time on 120 pages). Reference
    counting frees almost everything anyway; cycles are collected after the build."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build(folder: Path, out_dir: Path, edition_name: str, page_size: str | None) -> BuildResult:
    edition = EDITIONS[edition_name]
    diagnostics = Diagnostics()
    raw = load_publication(folder, diagnostics)
    publication = validate_publication(raw, diagnostics) if raw else None
    diagnostics.raise_if_errors()
    assert publication is not None  # no errors means validation produced a model
    if page_size:
        publication = dataclasses.replace(publication, page_size=page_size)
    review_content(publication, diagnostics)
    fragments = render_fragments(publication, diagnostics)
    diagnostics.raise_if_errors()
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
    stem = out_dir / publication.slug / output_name(publication.slug, edition)
    pdf_path, html_path = stem.with_suffix(".pdf"), stem.with_suffix(".html")
    pdf = finish_pdf(typeset.pdf, typeset.elements)
    _check_finished(pdf, publication.location, diagnostics)
    diagnostics.raise_if_errors()
    write_atomically({pdf_path: pdf, html_path: html.encode("utf-8")})
    return BuildResult(pdf_path, html_path, typeset.pages, diagnostics.warnings)


def _check_finished(pdf: bytes, source: SourceLocation, diagnostics: Diagnostics) -> None:
    """The finished PDF must pass our PDF/UA check; its findings are the build's."""
    report = check_pdf(Path(source.path.name), data=pdf)
    for finding in report.findings:
        page = f"page {finding.page}: " if finding.page else ""
        add = diagnostics.error if finding.level == "error" else diagnostics.warning
        add(
            source,
            f"pdf-ua-{finding.code}",
            f"the PDF fails a PDF/UA check: {page}{finding.message}",
            finding.fix,
        )
