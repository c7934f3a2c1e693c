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

from publication.check import check_pdf
from publication.check.diagnose import report_findings
from publication.diagnostics import Diagnostic, Diagnostics
from publication.finish import finish_pdf
from publication.formats import FORMATS, Manuscript
from publication.formats.louis import LouisMissing
from publication.output import write_atomically
from publication.progress import SILENT, Made, Progress
from publication.source.load import load_publication
from publication.source.markup import Fragments, render_fragments
from publication.source.model import Publication
from publication.source.review import review_content, review_large_print
from publication.source.validate import validate_publication
from publication.typeset.contrast import check_contrast
from publication.typeset.editions import EDITIONS, Edition, Wanted, edition_label, output_name
from publication.typeset.html import STYLES_DIR, render_html, stylesheet_paths
from publication.typeset.pdf import Typeset, lay_out, page_of_each_id, typeset_pdf
from publication.typeset.sources import images_with_small_text

__all__ = ["Build", "BuildResult", "FormatResult", "Outputs", "build", "collector_paused"]


@dataclass(frozen=True)
class BuildResult:
    edition: Edition
    pdf: Path
    pages: int
    # the page each section, block, card and principle starts on
    print_pages: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


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
    publication asks for; without ``outputs``, the formats it lists as well.
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
        total = len(editions) + len(formats)
        progress.begin(total)
        results = []
        for number, edition in enumerate(editions, 1):
            name = f"{publication.slug}, {edition_label(edition)}"
            progress.started(name)
            started = time.perf_counter()
            made = _make(publication, fragments, edition, out_dir, diagnostics)
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
) -> BuildResult:
    check_contrast(stylesheet_paths(edition, publication.page_size), diagnostics)
    typeset = _typeset(publication, render_html(publication, fragments, edition), diagnostics)
    pdf = finish_pdf(typeset.pdf, typeset.elements)
    _check_finished(pdf, edition, publication, (typeset, fragments), diagnostics)
    diagnostics.raise_if_errors()
    pdf_path = out_dir / publication.slug / f"{output_name(publication.slug, edition)}.pdf"
    write_atomically({pdf_path: pdf})
    return BuildResult(edition, pdf_path, typeset.pages, page_of_each_id(typeset.elements))


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
    if one of them shows them: from the PDF just made, or laid out for them."""
    if not any(FORMATS[name].print_pages for name in formats):
        return Manuscript(publication, fragments)
    standard = [result for result in made if result.edition.name == "standard"]
    if standard:
        made = standard[0]
        return Manuscript(publication, fragments, made.print_pages, made.pages)
    html = render_html(publication, fragments, EDITIONS["standard"])
    laid_out = _typeset(publication, html, diagnostics, write=False)
    pages = page_of_each_id(laid_out.elements)
    return Manuscript(publication, fragments, pages, laid_out.pages)


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


def _check_finished(
    pdf: bytes,
    edition: Edition,
    publication: Publication,
    made: tuple[Typeset, Fragments],
    diagnostics: Diagnostics,
) -> None:
    """The finished PDF must pass our PDF/UA check at the edition's smallest text size.
    Small text inside an image is told against the line that names the image."""
    report = check_pdf(Path(publication.location.path.name), edition.min_font_size, data=pdf)
    typeset, fragments = made
    images = images_with_small_text(report.findings, typeset.elements, publication, fragments)
    for location, finding in images.values():
        what = f"the {edition.name} PDF, page {finding.page}: {finding.message}"
        diagnostics.error(location, f"pdf-ua-{finding.code}", what, finding.fix)
    report.findings = [f for n, f in enumerate(report.findings) if n not in images]
    report_findings(report, f"the {edition.name} PDF", publication.location, diagnostics)


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
