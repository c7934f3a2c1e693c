"""The only way WeasyPrint reads a file: local files inside the allowed folders.

Anything else (the network, files elsewhere, paths with '..') stops the render at
once, so printing never fetches from the network or reads outside the project.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher

__all__ = ["FetchRefused", "SandboxedFetcher"]


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
        self.served: set[Path] = set()  # every file read: what the document is made from

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
        self.served.add(path)
        return super().fetch(url, headers)
