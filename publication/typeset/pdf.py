"""HTML to tagged PDF with WeasyPrint, reading only what the publication may use.

The URL fetcher serves local files inside the allowed folders and refuses
everything else (network, other files) by stopping the render. WeasyPrint only
logs problems such as an unloadable image and still writes a PDF, so its log
records are captured and become errors here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pydyf
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.limits import MAX_PAGES
from publication.typeset.elements import LaidOutElement, laid_out_elements
from publication.typeset.fetcher import FetchRefused, SandboxedFetcher

__all__ = ["PDF_VARIANT", "Typeset", "lay_out", "page_of_each_id", "typeset_pdf"]

PDF_VARIANT = "pdf/ua-1"
PT_PER_PX = 0.75  # PDF points per CSS pixel
# WeasyPrint logs this for every image with empty alt text. Finishing turns such
# images into artifacts, and the PDF/UA check reports any figure still without
# alt text, so the record itself is not an error.
_ALT_RECORD = "has no required alt description"


@dataclass(frozen=True)
class Typeset:
    pdf: bytes
    pages: int
    elements: tuple[LaidOutElement, ...]
    files: tuple[Path, ...] = ()  # every file read to make it (images, stylesheets)


def page_of_each_id(elements: tuple[LaidOutElement, ...]) -> dict[str, int]:
    """The printed page number (the first page is 1) on which each element with an id
    starts: what other formats give as the print edition's page numbers."""
    pages: dict[str, int] = {}
    for element in elements:
        if element.html_id and not element.in_margin:
            pages.setdefault(element.html_id, element.page + 1)
    return pages


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _weasyprint_records() -> Iterator[_Collect]:
    """Collect WeasyPrint's warnings for one render, without touching global logging."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def _too_many_pages(pages: int, source: SourceLocation, diagnostics: Diagnostics) -> None:
    diagnostics.error(
        source,
        "too-many-pages",
        f"the document comes to {pages:,} pages; the tool makes at most {MAX_PAGES:,} in one PDF",
        "split it into several publications (see Limits in the README)",
    )


def _declare_text_blocks(document, pdf) -> None:
    """Each page's /ArtBox is its text block, the page area inside the margins, so that
    the check can prove from the PDF alone that nothing crosses it."""
    pages = [o for o in pdf.objects if isinstance(o, pydyf.Dictionary) and o.get("Type") == "/Page"]
    for page, laid_out in zip(pages, document.pages, strict=True):
        box = laid_out._page_box
        left, top = box.content_box_x() * PT_PER_PX, box.content_box_y() * PT_PER_PX
        right, bottom = left + box.width * PT_PER_PX, top + box.height * PT_PER_PX
        height = laid_out.height * PT_PER_PX
        page["ArtBox"] = pydyf.Array([left, height - bottom, right, height - top])


@cache
def _font_config() -> FontConfiguration:
    """One for the process: fonts are looked up once, and parsed stylesheets refer to it."""
    return FontConfiguration()


@cache
def _parsed(path: Path, modified: int) -> CSS:
    """A stylesheet parsed once per process (and again if the file changes)."""
    fetcher = SandboxedFetcher((path.parent,))
    return CSS(filename=str(path), url_fetcher=fetcher, font_config=_font_config())


def typeset_pdf(
    html: str,
    base_url: Path,
    roots: tuple[Path, ...],
    source: SourceLocation,
    diagnostics: Diagnostics,
    stylesheets: Sequence[Path] = (),
) -> Typeset | None:
    """Render tagged PDF bytes, or None with the reasons recorded against ``source``.

    ``stylesheets`` apply to HTML that does not link them itself; parsing them
    once serves every document of a pack.
    """
    return _typeset(html, base_url, roots, source, diagnostics, stylesheets, write=True)


def lay_out(
    html: str,
    base_url: Path,
    roots: tuple[Path, ...],
    source: SourceLocation,
    diagnostics: Diagnostics,
) -> Typeset | None:
    """Pages and elements as ``typeset_pdf`` finds them, without writing a PDF: where
    another format needs the print edition's page numbers and no PDF is wanted."""
    return _typeset(html, base_url, roots, source, diagnostics, (), write=False)


def _typeset(
    html: str,
    base_url: Path,
    roots: tuple[Path, ...],
    source: SourceLocation,
    diagnostics: Diagnostics,
    stylesheets: Sequence[Path],
    write: bool,
) -> Typeset | None:
    fetcher = SandboxedFetcher(roots)
    pdf = b""
    try:
        with _weasyprint_records() as collected:
            html_document = HTML(string=html, base_url=base_url.as_uri() + "/", url_fetcher=fetcher)
            document = html_document.render(
                font_config=_font_config(),
                stylesheets=[_parsed(path, path.stat().st_mtime_ns) for path in stylesheets],
                pdf_variant=PDF_VARIANT,
            )
            if len(document.pages) > MAX_PAGES:
                _too_many_pages(len(document.pages), source, diagnostics)
                return None
            # Uncompressed: finishing rewrites every page's content and compresses
            # each stream once as it writes the file.
            if write:
                pdf = document.write_pdf(
                    pdf_variant=PDF_VARIANT, uncompressed_pdf=True, finisher=_declare_text_blocks
                )
    except FetchRefused as refused:
        diagnostics.error(
            source,
            "fetch-refused",
            f"refused to read {refused.url}: {refused.reason}",
            "use files from the publication folder or images/ only",
        )
        return None
    records = [r for r in collected.records if not r.getMessage().endswith(_ALT_RECORD)]
    for record in records:
        diagnostics.error(
            source,
            "typeset",
            f"WeasyPrint: {record.getMessage()}",
            "check the file or style it names",
        )
    if records:
        return None
    files = tuple(sorted({*fetcher.served, *(path.resolve() for path in stylesheets)}))
    return Typeset(pdf, len(document.pages), laid_out_elements(document), files)
