"""HTML to tagged PDF with WeasyPrint, reading only what the publication may use.

The URL fetcher serves local files inside the allowed folders and refuses
everything else (network, other files) by stopping the render. WeasyPrint only
logs problems such as an unloadable image and still writes a PDF, so its log
records are captured and become errors here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation

__all__ = ["PDF_VARIANT", "FetchRefused", "SandboxedFetcher", "Typeset", "typeset_pdf"]

PDF_VARIANT = "pdf/ua-1"


class FetchRefused(FatalURLFetchingError):
    """A URL outside the allowed folders; stops the render at once."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class SandboxedFetcher(URLFetcher):
    """Serves ``file:`` URLs inside ``roots`` only."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        super().__init__(timeout=1, allowed_protocols={"file"}, allow_redirects=False)
        self.roots = tuple(root.resolve() for root in roots)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme.lower() != "file":
            raise FetchRefused(url, "only local files are used while printing, never the network")
        if parts.netloc not in ("", "localhost"):
            raise FetchRefused(url, "file on another machine")
        raw_path = unquote(parts.path)
        if ".." in raw_path.split("/"):
            raise FetchRefused(url, "paths with '..' are refused")
        path = Path(url2pathname(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise FetchRefused(url, "outside the publication's folders")
        if not path.is_file():
            raise FetchRefused(url, "file not found")
        return super().fetch(url, headers)


@dataclass(frozen=True)
class Typeset:
    pdf: bytes
    pages: int


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


def typeset_pdf(
    html: str,
    base_url: Path,
    roots: tuple[Path, ...],
    source: SourceLocation,
    diagnostics: Diagnostics,
) -> Typeset | None:
    """Render tagged PDF bytes, or None with the reasons recorded against ``source``."""
    fetcher = SandboxedFetcher(roots)
    try:
        with _weasyprint_records() as collected:
            html_document = HTML(string=html, base_url=base_url.as_uri() + "/", url_fetcher=fetcher)
            document = html_document.render(
                font_config=FontConfiguration(), pdf_variant=PDF_VARIANT
            )
            pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    except FetchRefused as refused:
        diagnostics.error(
            source,
            "fetch-refused",
            f"refused to read {refused.url}: {refused.reason}",
            "use files from the publication folder or images/ only",
        )
        return None
    for record in collected.records:
        diagnostics.error(
            source,
            "typeset",
            f"WeasyPrint: {record.getMessage()}",
            "check the file or style it names",
        )
    if collected.records:
        return None
    return Typeset(pdf, len(document.pages))
