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
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.model import LaidOutElement

__all__ = ["PDF_VARIANT", "FetchRefused", "SandboxedFetcher", "Typeset", "typeset_pdf"]

PDF_VARIANT = "pdf/ua-1"
# WeasyPrint logs this for every image with empty alt text. Finishing turns such
# images into artifacts, and the PDF/UA check reports any figure still without
# alt text, so the record itself is not an error.
_ALT_RECORD = "has no required alt description"


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
    elements: tuple[LaidOutElement, ...]


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
    fetcher = SandboxedFetcher(roots)
    try:
        with _weasyprint_records() as collected:
            html_document = HTML(string=html, base_url=base_url.as_uri() + "/", url_fetcher=fetcher)
            document = html_document.render(
                font_config=_font_config(),
                stylesheets=[_parsed(path, path.stat().st_mtime_ns) for path in stylesheets],
                pdf_variant=PDF_VARIANT,
            )
            # Uncompressed: finishing rewrites every page's content and compresses
            # each stream once as it writes the file.
            pdf = document.write_pdf(pdf_variant=PDF_VARIANT, uncompressed_pdf=True)
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
    return Typeset(pdf, len(document.pages), laid_out_elements(document))


# -- which HTML element each structure element came from ----------------------
#
# WeasyPrint 70 builds its structure tree in weasyprint/pdf/tags.py by walking
# each page's boxes. The walk below visits the same boxes in the same order and
# applies the same role rules, so record N describes structure element N. The
# finishing stage checks every role against the PDF before it relies on this.

_ROLES = {
    "div": "Div", "span": "Span", "main": "Part", "article": "Art", "section": "Sect",
    "blockquote": "BlockQuote", "p": "P", "dl": "L", "ul": "L", "ol": "L", "li": "LI",
    "dt": "LI", "dd": "LI", "li::marker": "Lbl", "table": "Table", "tr": "TR", "th": "TH",
    "td": "TD", "thead": "THead", "tbody": "TBody", "tfoot": "TFoot", "img": "Figure",
    "{http://www.w3.org/2000/svg}svg": "Figure", "caption": "Caption", "figcaption": "Caption",
    **{f"h{n}": f"H{n}" for n in range(1, 7)},
}  # fmt: skip


def _role(tag: str | None) -> str:
    if tag is None:
        return "NonStruct"
    if tag.split(":")[0] == "a":
        return "Link"
    return _ROLES.get(tag, "NonStruct")


def _hidden(element) -> bool:
    """An image the author hid: empty alt, aria-hidden, or a presentational role."""
    return (
        element.get("alt") == ""
        or element.get("aria-hidden") == "true"
        or element.get("role") in ("presentation", "none")
    )


class _Recorder:
    def __init__(self) -> None:
        self.records: list[LaidOutElement] = []
        self.keys: dict[int, int] = {}

    def add(self, role: str, page: int, box, in_margin: bool) -> None:
        element = box.element
        if element is None:
            self.records.append(LaidOutElement(role, page, -1, "", in_margin=in_margin))
            return
        key = self.keys.setdefault(id(element), len(self.keys))
        tag = box.element_tag if isinstance(box.element_tag, str) else ""
        text = " ".join("".join(element.itertext()).split()) if role == "Link" else ""
        self.records.append(
            LaidOutElement(
                role,
                page,
                key,
                tag,
                classes=tuple((element.get("class") or "").split()),
                html_id=element.get("id") or "",
                scope=element.get("scope") or "",
                in_margin=in_margin,
                text=text,
                hidden=role == "Figure" and _hidden(element),
            )
        )

    def text(self, page: int, in_margin: bool) -> None:
        self.records.append(LaidOutElement("Span", page, -1, "", in_margin=in_margin))

    def walk(self, box, parent_role: str, page: int, in_margin: bool) -> None:
        if isinstance(box, AbsolutePlaceholder):
            box = box._box
        element_tag = None if box.element is None else box.element_tag
        role = _role(element_tag)
        if element_tag in ("html", "body") or isinstance(box, boxes.PageBox):
            if isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.LineBox):
                for child in box.children:
                    self.walk(child, parent_role, page, in_margin)
                return
        elif isinstance(box, boxes.MarginBox):
            for child in box.children:
                self.walk(child, parent_role, page, True)
            return
        elif role in ("TD", "TH"):
            if parent_role in ("TD", "TH"):
                role = "NonStruct"
        elif role == "LI":
            role, parent_role = self._list_item_role(box, parent_role, page, in_margin)
        self.add(role, page, box, in_margin)
        children = box.children if isinstance(box, boxes.ParentBox) else []
        if role == "Table" and box.is_table_wrapper:
            table = box.get_wrapped_table()
            children = [c for child in box.children
                        for c in (child.children if child is table else [child])]  # fmt: skip
        for child in children:
            for item in child.children if isinstance(child, boxes.LineBox) else [child]:
                if isinstance(item, boxes.TextBox):
                    if role != "Link":  # a link holds its text directly, no element
                        self.text(page, in_margin)
                else:
                    self.walk(item, role, page, in_margin)

    def _list_item_role(self, box, parent_role: str, page: int, in_margin: bool):
        if parent_role == "LI":
            return "LBody", parent_role
        if parent_role == "LBody":
            return "NonStruct", parent_role
        no_bullet = box.element_tag == "li" and (
            "list-item" not in box.style["display"] or box.style["list_style_type"] == "none"
        )
        if box.element_tag in ("dt", "dd") or no_bullet:
            self.add("LI", page, box, in_margin)  # WeasyPrint wraps it in an LI of its own
            return "LBody", "LI"
        return "LI", parent_role


def laid_out_elements(document) -> tuple[LaidOutElement, ...]:
    recorder = _Recorder()
    for number, page in enumerate(document.pages):
        recorder.walk(page._page_box, "Document", number, False)
    return tuple(recorder.records)
