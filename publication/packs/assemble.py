"""Assemble a committee meeting's packs: each stage in order, typed data in and out.

Load and validate the meeting and plan each pack's parts. Each pack then waits in
a process of its own while this one makes the documents not found in the cache
(in parallel when there are several) and hands them over; each pack then takes
all its parts in order, its agenda first, and is checked. Both packs are handed
back, or neither. ``pipeline`` imports this only when the packs are not
in the cache already.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from dataclasses import dataclass
from html import escape
from pathlib import Path

from publication.cache import cache_key, describe
from publication.check import PartCheck, check_part, check_pdf
from publication.check.diagnose import report_findings
from publication.diagnostics import Diagnostic, Diagnostics
from publication.errors import ContentError
from publication.finish import finish_pdf
from publication.memory import collector_paused
from publication.messages import translator
from publication.packs.agenda import (
    Document,
    agenda_entries,
    exempt_material_in_public,
    plan_documents,
)
from publication.packs.cache import Cache
from publication.packs.documents import document_key, document_prefix, timed_document, workload
from publication.packs.join import Pack, Part, stamp_font, stamp_text
from publication.packs.workers import forked, in_parallel
from publication.progress import Made, Progress
from publication.source.load import load_publication
from publication.source.meeting import validate_meeting
from publication.typeset.contrast import check_contrast
from publication.typeset.editions import EDITIONS, Edition, large_print
from publication.typeset.html import STYLES_DIR, agenda_title, render_agenda, stylesheet_paths
from publication.typeset.pdf import typeset_pdf

__all__ = ["Assembled", "assemble"]


@dataclass(frozen=True)
class Assembled:
    packs: dict[str, bytes]  # "public-pack" and "full-pack"
    pages: dict[str, int]
    rendered: int  # documents rendered this time (the rest came from the cache)
    title: str
    warnings: list[Diagnostic]


STAMP_FONT = '"Open Sans", "DejaVu Sans", sans-serif'  # as in styles/base.css
WARM_UP_HTML = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Warm-up</title>'
    "</head><body><h1>Warm-up</h1><p>Text in <b>bold</b> and <i>italic</i>.</p></body></html>"
)


def assemble(
    folder: Path, size: int | None, progress: Progress, cache: Cache, pictures: Path
) -> Assembled:
    """The public and full packs of the meeting in ``folder``, both or neither (pictures
    out of Word documents go under ``pictures``)."""
    with collector_paused():
        diagnostics = Diagnostics()
        raw = load_publication(folder, diagnostics, "meeting.yaml", pictures)
        meeting = validate_meeting(raw, diagnostics) if raw else None
        if meeting is not None:
            exempt_material_in_public(meeting, diagnostics)
        diagnostics.raise_if_errors()
        assert meeting is not None
        edition = large_print(size) if size else EDITIONS["standard"]
        edition = dataclasses.replace(edition, stylesheets=(*edition.stylesheets, "pack.css"))
        check_contrast(stylesheet_paths(edition), diagnostics)
        plans = {public: plan_documents(meeting, public) for public in (True, False)}
        # Keys hash every file a document reads: work them out once per document, though
        # every document not exempt is in both plans (equal, so found by value).
        key_of = functools.cache(lambda document: document_key(document, edition))
        keys = {public: [key_of(d) for d in plan] for public, plan in plans.items()}
        layouts = {public: _layout(meeting, plan, public) for public, plan in plans.items()}
        wanted = {
            key: document
            for public, documents in plans.items()
            for key, document in zip(keys[public], documents, strict=True)
        }
        found = {
            key: (cache.get(key), cache.get_check(key, edition.min_font_size))
            if not cache.sources_changed(key)
            else (None, None)
            for key in wanted
        }
        missing = {
            key: wanted[key] for key, (pdf, check) in found.items() if pdf is None or check is None
        }
        jobs = [
            (meeting, plan, layouts[public], keys[public], [found[k] for k in keys[public]],
             edition, public, cache)
            for public, plan in plans.items()
        ]  # fmt: skip
        if missing:
            _warm_up(meeting, edition)
        # Each pack waits in its own process while this one makes the missing documents
        # and hands them over; the two packs are then joined and checked side by side.
        results = forked(
            begin_pack,
            finish_pack,
            jobs,
            lambda: _make_documents(missing, edition, cache, diagnostics, progress),
        )
        packs, pages = {}, {}
        for public, (data, count, problems) in zip(plans, results, strict=True):
            name = "public-pack" if public else "full-pack"
            packs[name], pages[name] = data, count
            diagnostics.items.extend(problems)
        diagnostics.raise_if_errors()
        title = f"{meeting.committee}, {meeting.date}"
        return Assembled(packs, pages, len(missing), title, diagnostics.warnings)


def _warm_up(meeting, edition: Edition) -> None:
    """A small document rendered and thrown away before forking. A process's first
    render costs about 0.06 s more than the next (cffi reads the C declaration of
    each type the first time it is used; fonts are opened; stylesheets parsed), and
    every forked worker and pack would pay that again; after this, they inherit it."""
    typeset_pdf(
        WARM_UP_HTML, meeting.folder, (STYLES_DIR,), meeting.location, Diagnostics(),
        stylesheet_paths(edition),
    )  # fmt: skip


def _make_documents(
    missing: dict[str, Document],
    edition: Edition,
    cache: Cache,
    diagnostics: Diagnostics,
    progress: Progress,
) -> dict[str, tuple[bytes, PartCheck]]:
    """The documents not in the cache, made in parallel, checked and cached, by key."""
    keys = sorted(missing, key=lambda key: workload(missing[key]), reverse=True)
    jobs = [(missing[key], key, edition, cache.folder) for key in keys]
    progress.begin(len(jobs))
    for key in keys[: os.cpu_count() or 1]:
        progress.started(missing[key].name)
    told = _Told(progress, [missing[key] for key in keys])
    results = dict(zip(keys, in_parallel(timed_document, jobs, told), strict=True))
    made = {}
    for key in missing:  # in the pack's order, so that problems are told item by item
        _seconds, document = results[key]
        diagnostics.items.extend(document.problems)
        made[key] = (document.pdf, document.check)
    diagnostics.raise_if_errors()
    for key, (pdf, check) in made.items():
        cache.put(key, pdf)
        cache.put_check(key, edition.min_font_size, check)
        cache.put_sources(key, results[key][1].files)
    return made


@dataclass
class _Told:
    """Tells progress as each document is made, and which one a free worker takes next."""

    progress: Progress
    documents: list[Document]
    count: int = 0

    def __call__(self, index: int, result: tuple) -> None:
        seconds, document = result
        self.count += 1
        pages = len(document.check.scans) if document.check is not None else 0
        name, total = self.documents[index].name, len(self.documents)
        self.progress.made(Made(self.count, total, name, pages, seconds))
        following = self.count + (os.cpu_count() or 1) - 1
        if following < total:
            self.progress.started(self.documents[following].name)


def begin_pack(job) -> tuple:
    """A pack (public or full) ready to take its parts. They are all added once every
    document is made, in pack order: the file is then numbered the same whichever
    parts came from the cache, and is written once."""
    meeting, *_rest = job
    return job, Pack(meeting.language)


def finish_pack(begun, made_now: dict) -> tuple[bytes, int, list[Diagnostic]]:
    """The pack completed with the documents made meanwhile, checked, and its page count."""
    job, pack = begun
    meeting, documents, layout, keys, found, edition, public, cache = job
    made = [made_now.get(key, cached) for key, cached in zip(keys, found, strict=True)]
    diagnostics = Diagnostics()
    _warn_not_large_print(documents, edition, diagnostics)
    parts = [
        part if index is None else dataclasses.replace(part, pdf=made[index][0])
        for part, index in layout
    ]
    checks = [None if index is None else made[index][1] for _, index in layout]
    try:
        agenda, checks[0] = _agenda(meeting, documents, made, edition, public, cache, diagnostics)
        parts[0] = dataclasses.replace(parts[0], pdf=agenda)
        data = pack.complete(
            parts,
            title=f"{meeting.committee}, {meeting.date}: agenda and reports "
            f"({'public pack' if public else 'full pack, not for publication'})",
            author=meeting.council,
            stamp=stamp_font(_stamp_pdf(meeting, cache, diagnostics)),
            stamp_size=edition.size or 12,
        )
    except ContentError:
        return b"", 0, diagnostics.items
    # Each part's check stands for its pages: the stamps joining adds are artifacts,
    # so a page reads the same in the pack as in its part.
    placed, external, page = [], set(), 0
    for part, check in zip(parts, checks, strict=True):
        if check is not None:
            placed.append((page, check))
            if part.external:
                external.update(range(page + 1, page + len(check.scans) + 1))
            page += len(check.scans)
    name = "public-pack" if public else "full-pack"
    _check_pack(data, edition, name, meeting, placed, external, diagnostics)
    return data, page, diagnostics.items


def _layout(meeting, documents: list[Document], public: bool) -> list[tuple[Part, int | None]]:
    """Every part of a pack in order, each without its PDF yet, and the index of the
    document it comes from: the agenda first, then each item's report and appendices
    (an item without a report is a bookmark of its own, over its appendices)."""
    words = translator(meeting.language)
    agenda = Part(b"", agenda_title(words, public), numbered=False)
    layout: list[tuple[Part, int | None]] = [(agenda, None)]
    for item in meeting.items:
        own = [(index, d) for index, d in enumerate(documents) if d.item is item]
        if not own or own[0][1].parent_item:
            title = words.gettext("Item %(item)s: %(title)s", item=item.number, title=item.title)
            layout.append((Part(b"", title), None))
        head = len(layout) - 1
        for index, document in own:
            parent = head if document.parent_item else None
            exempt = document.exempt and not public
            part = Part(b"", document.title, parent, exempt, external=document.pdf is not None)
            layout.append((part, index))
            if not document.parent_item:
                head = len(layout) - 1
    return layout


def _warn_not_large_print(documents, edition: Edition, diagnostics: Diagnostics) -> None:
    for document in documents:
        if edition.size and document.pdf is not None:
            diagnostics.warning(
                document.item.location,
                "not-large-print",
                f"item {document.item.number}, {document.title} ({document.pdf.name}) is an "
                "existing PDF: it is appended as it is, not in large print",
                "ask its author for a large-print version if a reader needs one",
            )


def _agenda(meeting, documents, made, edition, public, cache, diagnostics):
    """The front sheet, with the page where each item starts, and its check."""
    first_pages: dict[str, int] = {}
    page = 1
    for document, (_pdf, check) in zip(documents, made, strict=True):
        first_pages.setdefault(document.item.number, page)
        page += len(check.scans)
    html = render_agenda(meeting, agenda_entries(meeting, first_pages), edition, public)
    return _agenda_pdf(html, meeting, edition, cache, diagnostics)


def _agenda_pdf(html: str, meeting, edition: Edition, cache: Cache, diagnostics):
    """The front sheet and its check, made again only when what it says has changed
    (after an edit that moves no item to another page, it has not)."""
    key = cache_key(f"agenda {describe(edition)}\n{html}", [])
    pdf, check = cache.get(key), cache.get_check(key, edition.min_font_size)
    if pdf is not None and check is not None:
        return pdf, check
    roots = (*meeting.asset_roots, STYLES_DIR)
    typeset = typeset_pdf(
        html, meeting.folder, roots, meeting.location, diagnostics, stylesheet_paths(edition)
    )
    diagnostics.raise_if_errors()
    assert typeset is not None
    pdf = finish_pdf(typeset.pdf, typeset.elements, document_prefix(key))
    check = check_part(pdf, edition.min_font_size)
    cache.put(key, pdf)
    cache.put_check(key, edition.min_font_size, check)
    return pdf, check


def _stamp_pdf(meeting, cache: Cache, diagnostics) -> bytes:
    """A one-line PDF of the characters we stamp, for its embedded font (kept in the cache)."""
    text = stamp_text(translator(meeting.language))
    key = cache_key(f"stamp {text} {STAMP_FONT}", [])
    found = cache.get(key)
    if found is not None:
        return found
    html = (
        f'<!DOCTYPE html><html lang="{meeting.language}"><head><meta charset="utf-8">'
        f"<title>Stamp</title><style>p {{ font-family: {STAMP_FONT} }}</style></head>"
        f"<body><p>{escape(text)}</p></body></html>"
    )
    stamp = typeset_pdf(html, meeting.folder, (STYLES_DIR,), meeting.location, diagnostics)
    assert stamp is not None
    cache.put(key, stamp.pdf)
    return stamp.pdf


def _check_pack(data, edition, name, meeting, parts, external: set[int], diagnostics) -> None:
    """Findings on our own pages fail the pack; on an existing PDF's pages they are reported
    (its item named) but the pack is still made: the clerk cannot repair someone else's file."""
    path = Path(f"{meeting.slug}-{name}.pdf")
    report = check_pdf(path, edition.min_font_size, data=data, parts=parts)
    report_findings(report, name, meeting.location, diagnostics, not_ours=external)
