"""One document of a pack: a report, an appendix, a notice or another publication,
made (or read, for an existing PDF), finished with its names prefixed, and checked.

Each runs in a worker process; the key says what the document is made from, so
that a document made once is found in the cache the next time.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import NamedTuple

import pikepdf

from publication.cache import cache_key, describe, files_in
from publication.check import PartCheck, UnreadablePDF, check_part
from publication.diagnostics import Diagnostic, Diagnostics
from publication.errors import ContentError
from publication.finish import finish_pdf
from publication.packs.agenda import Document
from publication.packs.appended import AppendixRefused, take_appendix
from publication.packs.join import prepare_part
from publication.source.markup import render_fragments
from publication.stages import render_publication
from publication.typeset.editions import EDITIONS, Edition, large_print
from publication.typeset.html import STYLES_DIR, render_html, stylesheet_paths
from publication.typeset.pdf import typeset_pdf

__all__ = [
    "MadeDocument",
    "document_key",
    "document_prefix",
    "make_document",
    "render_pack_document",
    "timed_document",
    "workload",
]


def document_key(document: Document, edition: Edition) -> str:
    if document.publication is not None:
        description = describe((document.publication, document.context, edition))
        return cache_key(description, files_in(document.publication))
    if document.pdf is not None:
        return cache_key(f"pdf {document.pdf.name}", [document.pdf])
    folder = document.other
    assert folder is not None
    files = [p for p in folder.rglob("*") if p.is_file()]
    images = folder.parent.parent / "images"
    files += [p for p in images.rglob("*") if p.is_file()] if images.is_dir() else []
    files += STYLES_DIR.glob("*.css")  # read afresh: a long-running process may see them change
    return cache_key(f"publication {folder.name} {describe(edition)}", files)


def workload(document: Document) -> tuple[int, int]:
    """How much making a document takes, roughly: another publication (a whole build),
    then our own content by its size, then an existing PDF (only read and checked).
    Workers take the most work first, so the small jobs at the end even out when
    each worker finishes."""
    if document.other is not None:
        return 2, 0
    if document.publication is not None:
        return 1, len(describe(document.publication))
    assert document.pdf is not None
    return 0, document.pdf.stat().st_size


def document_prefix(key: str) -> str:
    """What a document's identifiers and destinations start with, unique within a pack
    (joining prefixes a document again should the same one be in it twice)."""
    return f"d{key[:8]}-"


class MadeDocument(NamedTuple):
    pdf: bytes  # empty if it could not be made
    check: PartCheck | None
    problems: list[Diagnostic]
    files: tuple[Path, ...] = ()  # what it was made from, beyond what its key says


def timed_document(job) -> tuple[float, MadeDocument]:
    """``make_document``, and how long it took, for progress."""
    started = time.perf_counter()
    made = make_document(job)
    return time.perf_counter() - started, made


def make_document(job) -> MadeDocument:
    """One document of a pack with its check, which the pack's check builds on
    (in a worker, so that documents are made and checked in parallel), and the files
    it was made from (the images its Markdown names, the stylesheets)."""
    document, key, edition, cache = job
    diagnostics = Diagnostics()
    files: tuple[Path, ...] = ()
    if document.publication is not None:
        pdf, problems, files = render_pack_document(
            document.publication, document.context, edition, document_prefix(key)
        )
        diagnostics.items.extend(problems)
    elif document.pdf is not None:
        pdf = _appendix_pdf(document, key, diagnostics)
    else:
        pdf = _other_publication(document, edition, cache, diagnostics)
    if not pdf:
        return MadeDocument(pdf, None, diagnostics.items)
    try:
        if document.other is not None:  # made by another build: its names are prefixed here
            pdf = prepare_part(pdf, document_prefix(key))
        ours = document.publication is not None  # made here: measured against its pages
        check = check_part(pdf, edition.min_font_size, measure=ours)
        return MadeDocument(pdf, check, diagnostics.items, files)
    except (UnreadablePDF, pikepdf.PdfError) as problem:
        diagnostics.error(
            document.item.location,
            "appendix-unreadable",
            f"item {document.item.number}, {document.title}: {str(problem).splitlines()[0]}",
            "replace it with a good copy",
        )
        return MadeDocument(b"", None, diagnostics.items)


def render_pack_document(
    publication, context, edition, prefix: str = ""
) -> tuple[bytes, list[Diagnostic], tuple[Path, ...]]:
    """One report, appendix or notice, from model to finished PDF, its names prefixed;
    with the files it was made from."""
    diagnostics = Diagnostics()
    fragments = render_fragments(publication, diagnostics)
    html = render_html(publication, fragments, edition, context, linked=False)
    typeset = typeset_pdf(
        html,
        publication.folder,
        (*publication.asset_roots, STYLES_DIR),
        publication.location,
        diagnostics,
        stylesheet_paths(edition, publication.page_size),
    )
    if typeset is None or diagnostics.errors:
        return b"", diagnostics.items, ()
    return finish_pdf(typeset.pdf, typeset.elements, prefix), diagnostics.items, typeset.files


def _appendix_pdf(document: Document, key: str, diagnostics: Diagnostics) -> bytes:
    """An existing PDF, made safe to publish (what was taken out is told), or refused
    with the item named if it cannot be read as it is."""
    assert document.pdf is not None
    where = document.location or document.item.location
    label = f"item {document.item.number}, {document.title} ({document.pdf.name})"
    try:
        appended = take_appendix(document.pdf, document_prefix(key))
    except AppendixRefused as refused:
        diagnostics.error(where, refused.code, f"{label} {refused}", refused.hint)
        return b""
    if appended.removed:
        diagnostics.warning(
            where,
            "active-content-removed",
            f"{label}: removed what a PDF viewer would run or open: " + "; ".join(appended.removed),
            "nothing to do: the pack is safe to publish; if a reader needs an attachment or "
            "a form, publish it separately",
        )
    return appended.pdf


def _other_publication(
    document: Document, edition: Edition, cache: Path, diagnostics: Diagnostics
) -> bytes:
    """Another of our publications, in the pack's edition (large print for a large-print
    pack). It is made in memory: a pack writes nothing but its packs and its cache."""
    assert document.other is not None
    own = large_print(edition.size) if edition.size else EDITIONS["standard"]
    try:
        pdf, warnings = render_publication(document.other, own, cache)
    except ContentError as problem:
        diagnostics.items.extend(problem.diagnostics)
        return b""
    diagnostics.items.extend(warnings)
    return pdf
