"""EPUB 3: one XHTML file per top section, a navigation document with the contents
and the print edition's pages, and accessibility metadata.

The pages are made from the same templates as the print edition and the web
version, and share the web version's stylesheet and images. Where a page of the
standard print edition begins, a page-break marker says its number, and the
navigation document's page list leads to each. The file is the same, byte for
byte, for the same content: no clock is read (the publication's date stands for
every date in it).
"""

from __future__ import annotations

import re
import uuid
import zipfile
from dataclasses import dataclass
from io import BytesIO

from lxml import etree
from lxml import html as lxml_html

from publication.formats import words
from publication.formats.assets import MEDIA_TYPES
from publication.formats.manuscript import FRONT_IDS, Manuscript, page_marks, reading_order_ids
from publication.formats.web import STYLESHEET, page_context, stylesheet
from publication.messages import translator
from publication.source.model import Publication, Section
from publication.typeset.html import render_template

__all__ = ["write_epub"]

FRONT = "front.xhtml"
_HREF = re.compile(r'href="#([^"]+)"')


@dataclass(frozen=True)
class _Item:
    id: str
    href: str
    media_type: str
    properties: str = ""
    in_spine: bool = False


@dataclass(frozen=True)
class _Entry:
    title: str
    href: str
    children: list[_Entry]


def write_epub(manuscript: Manuscript) -> dict[str, bytes]:
    """``<name>.epub``."""
    publication = manuscript.publication
    assets, context = page_context(manuscript)
    pages = {FRONT: render_template("epub-page.xhtml", section=None, **context)}
    for number, section in enumerate(publication.sections, 1):
        pages[_file_name(number)] = render_template("epub-page.xhtml", section=section, **context)
    documents = {name: lxml_html.document_fromstring(page) for name, page in pages.items()}
    page_list = _mark_pages(documents, manuscript)
    _link_across_files(documents)
    files = {f"EPUB/{name}": _xhtml(document) for name, document in documents.items()}
    files["EPUB/nav.xhtml"] = _nav(publication, page_list, context).encode("utf-8")
    files[f"EPUB/{STYLESHEET}"] = stylesheet().encode("utf-8")
    files.update({f"EPUB/{name}": data for name, data in assets.files().items()})
    files["EPUB/package.opf"] = _package(publication, files, bool(page_list), assets.names)
    files["META-INF/container.xml"] = _CONTAINER.encode("utf-8")
    return {f"{publication.slug}.epub": _zip(files, publication.metadata.date)}


def _file_name(number: int) -> str:
    return f"section-{number:02d}.xhtml"


def _mark_pages(documents: dict, manuscript: Manuscript) -> list[tuple[int, str]]:
    """Put a page-break marker where each print page begins; the page list's entries."""
    publication, print_pages = manuscript.publication, manuscript.print_pages
    ids = [FRONT_IDS[1]]  # the e-book has no contents page of its own
    for section in publication.sections:
        ids.extend(reading_order_ids(section, manuscript.fragments))
    marks = page_marks(ids, print_pages, first=2, last=manuscript.print_page_count)
    entries: list[tuple[int, str]] = []
    if print_pages:  # page 1 is the cover
        documents[FRONT].body.insert(0, _page_break(1))
        entries.append((1, f"{FRONT}#page-1"))
    for name, document in documents.items():
        elements = _elements_by_id(document)
        for ident, numbers in marks.items():
            found = elements.get(ident)
            for order, page in enumerate(numbers if found is not None else ()):
                marker = _page_break(page)
                if found.tag == "li":
                    found.insert(order, marker)
                else:
                    found.addprevious(marker)
                entries.append((page, f"{name}#page-{page}"))
    return sorted(entries)


def _elements_by_id(document) -> dict:
    """Each id's element, found in one walk of the document rather than one search a
    page: the first where an id is repeated, as ``get_element_by_id`` finds it."""
    elements: dict = {}
    for element in document.iter(etree.Element):
        ident = element.get("id")
        if ident is not None:
            elements.setdefault(ident, element)
    return elements


def _page_break(page: int):
    return lxml_html.fragment_fromstring(
        f'<span id="page-{page}" role="doc-pagebreak" epub:type="pagebreak" '
        f'aria-label="{page}"></span>'
    )


def _link_across_files(documents: dict) -> None:
    """A link to an id in another file names that file."""
    home = {
        element.get("id"): name
        for name, document in documents.items()
        for element in document.iter()
        if isinstance(element.tag, str) and element.get("id")
    }
    for name, document in documents.items():
        for link in document.iter("a"):
            target = (link.get("href") or "")[1:]
            if (link.get("href") or "").startswith("#") and home.get(target, name) != name:
                link.set("href", f"{home[target]}#{target}")


def _xhtml(document) -> bytes:
    body = etree.tostring(document, method="xml", encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n{body}\n'.encode()


def _nav(publication: Publication, page_list: list[tuple[int, str]], context: dict) -> str:
    entries = [
        _entry(section, _file_name(number))
        for number, section in enumerate(publication.sections, 1)
    ]
    page = render_template(
        "epub-nav.xhtml", entries=entries, pages=page_list, front=FRONT, **context
    )
    return _xhtml(lxml_html.document_fromstring(page)).decode("utf-8")


def _entry(section: Section, file_name: str) -> _Entry:
    children = [_entry(child, file_name) for child in section.sections]
    return _Entry(section.title, f"{file_name}#{section.anchor}", children)


def _package(publication: Publication, files: dict[str, bytes], paged: bool, images: dict) -> bytes:
    meta = publication.metadata
    manifest = [
        _Item("front", FRONT, "application/xhtml+xml", in_spine=True),
        _Item("nav", "nav.xhtml", "application/xhtml+xml", "nav", in_spine=True),
        *(
            _Item(f"section-{number}", _file_name(number), "application/xhtml+xml", in_spine=True)
            for number in range(1, len(publication.sections) + 1)
        ),
        _Item("style", STYLESHEET, "text/css"),
        *(
            _Item(f"image-{number}", name, MEDIA_TYPES[name[name.rindex(".") :]])
            for number, name in enumerate(sorted(images.values()), 1)
        ),
    ]
    has_images = any(b"<img " in data for name, data in files.items() if name.endswith("xhtml"))
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "tableHeaders"]
    features += ["alternativeText"] if has_images else []
    features += ["pageBreakMarkers", "pageNavigation"] if paged else []
    package = render_template(
        "epub-package.opf",
        meta=meta,
        identifier=_identifier(publication),
        modified=f"{_full_date(meta.date)}T00:00:00Z",
        source=f"{meta.title}, {meta.organisation}: the standard print edition",
        pages=paged,
        access_modes=["textual", "visual"] if has_images else ["textual"],
        features=features,
        summary=translator(meta.language or "en").gettext(words.EPUB_SUMMARY),
        manifest=manifest,
    )
    return package.encode("utf-8")


def _identifier(publication: Publication) -> str:
    """The same for the same publication from the same organisation, build after build."""
    meta = publication.metadata
    name = f"{meta.organisation}/{publication.slug}/{meta.title}/{meta.version}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _full_date(iso: str) -> str:
    """A whole date from the publication's (YYYY, YYYY-MM or YYYY-MM-DD), or 1980-01-01."""
    if not iso:
        return "1980-01-01"
    return "-".join([*iso.split("-"), "01", "01"][:3])


def _zip(files: dict[str, bytes], date: str) -> bytes:
    """The container: ``mimetype`` first and stored, then every file in a fixed order,
    each stamped with the publication's date."""
    stamp = (*tuple(int(part) for part in _full_date(date).split("-")), 0, 0, 0)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as container:
        entries = [("mimetype", b"application/epub+zip"), *sorted(files.items())]
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            container.writestr(info, data)
    return buffer.getvalue()


_CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""
