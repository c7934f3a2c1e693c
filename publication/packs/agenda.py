"""Plan a committee pack: which documents, in which order, with which bookmarks.

A meeting becomes a list of documents: each item's report, each appendix, and
in the public pack a one-page notice in place of an exempt item. Nothing of an
exempt item but its number, title and paragraph ever reaches a public plan,
and an appendix of an exempt item that a public item appends too is refused.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from publication.cache import file_sha256
from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.messages import Translator, mark, translator
from publication.source.model import (
    AgendaItem,
    Appendix,
    Figure,
    Meeting,
    Metadata,
    Publication,
    Section,
)

__all__ = [
    "SCHEDULE_12A",
    "Document",
    "PackContext",
    "agenda_entries",
    "exempt_material_in_public",
    "plan_documents",
]

# Part 1 of Schedule 12A to the Local Government Act 1972: descriptions of exempt
# information (translated where they are printed, on the notice).
SCHEDULE_12A = {
    1: mark("information relating to any individual."),
    2: mark("information which is likely to reveal the identity of an individual."),
    3: mark("information relating to the financial or business affairs of any particular "
            "person (including the authority holding that information)."),
    4: mark("information relating to any consultations or negotiations, or contemplated "
            "consultations or negotiations, in connection with any labour relations matter "
            "arising between the authority or a Minister of the Crown and employees of, or "
            "office holders under, the authority."),
    5: mark("information in respect of which a claim to legal professional privilege could "
            "be maintained in legal proceedings."),
    6: mark("information which reveals that the authority proposes to give under any "
            "enactment a notice by virtue of which requirements are imposed on a person, or "
            "to make an order or direction under any enactment."),
    7: mark("information relating to any action taken or to be taken in connection with the "
            "prevention, investigation or prosecution of crime."),
}  # fmt: skip


@dataclass(frozen=True)
class PackContext:
    """What the report cover template needs to know about a document in a pack."""

    kind: str  # "report", "appendix" or "notice"
    meeting: Meeting
    item: AgendaItem
    appendix: Appendix | None = None
    exempt_description: str = ""


@dataclass(frozen=True)
class Document:
    """One document of a pack, in order; exactly one of its sources is set."""

    title: str  # its bookmark
    item: AgendaItem
    parent_item: bool  # nests under its item's bookmark (an appendix)
    exempt: bool
    publication: Publication | None = None  # our own content, rendered with ``context``
    context: PackContext | None = None
    pdf: Path | None = None  # an existing PDF
    other: Path | None = None  # another publication's folder
    location: SourceLocation | None = None  # where an appendix is named, for messages

    @property
    def name(self) -> str:
        """How progress names it: 'item 4 report', 'item 4 appendix 1', 'item 6 notice'."""
        if self.context is not None and self.context.kind != "appendix":
            return f"item {self.item.number} {self.context.kind}"
        return f"item {self.item.number} {self.title.split(':')[0].lower()}"


def plan_documents(full_meeting: Meeting, public: bool) -> list[Document]:
    # Each document knows the meeting but not the other items, so that editing
    # one item leaves the others' documents (and their cache keys) as they were.
    meeting = dataclasses.replace(full_meeting, items=())
    documents: list[Document] = []
    words = translator(full_meeting.language)
    for item in full_meeting.items:
        title = words.gettext("Item %(item)s: %(title)s", item=item.number, title=item.title)
        exempt = bool(item.exempt_paragraph)
        if exempt and public:
            context = PackContext(
                "notice", meeting, item, exempt_description=SCHEDULE_12A[item.exempt_paragraph]
            )
            documents.append(
                Document(title, item, False, False, _document(meeting, item, (), title), context)
            )
            continue
        if item.sections:
            context = PackContext("report", meeting, item)
            publication = _document(meeting, item, item.sections, title)
            documents.append(Document(title, item, False, exempt, publication, context))
        for appendix in item.appendices:
            documents.append(_appendix(meeting, item, appendix, exempt, words))
    return documents


def _appendix(
    meeting: Meeting, item: AgendaItem, appendix: Appendix, exempt: bool, words: Translator
) -> Document:
    title = words.gettext(
        "Appendix %(appendix)s: %(title)s", appendix=appendix.number, title=appendix.title
    )
    if appendix.sections:
        context = PackContext("appendix", meeting, item, appendix)
        publication = _document(meeting, item, appendix.sections, title)
        return Document(title, item, True, exempt, publication, context)
    return Document(
        title,
        item,
        True,
        exempt,
        pdf=appendix.pdf,
        other=appendix.publication,
        location=appendix.location,
    )


def _document(meeting: Meeting, item: AgendaItem, sections: tuple[Section, ...], title: str):
    """A report or appendix as a publication our templates can render."""
    metadata = Metadata(
        title=f"{meeting.committee}, {meeting.date}: {title}",
        short_title=title,
        subtitle="",
        label="",
        organisation=meeting.council,
        language=meeting.language,
        date=meeting.date,
        period="",
        version="",
        summary="",
        keywords=(),
        licence="",
        alternative_formats="",
        logo=None,
    )
    return Publication(
        slug=f"item-{item.number}",
        folder=meeting.folder,
        asset_roots=meeting.asset_roots,
        metadata=metadata,
        sections=tuple(_no_page_breaks(s) for s in sections),
        page_size="A4",
        contents_depth=2,
        location=item.location,
    )


def _no_page_breaks(section: Section) -> Section:
    """Reports run on: a pack is printed in bulk, and every page costs paper."""
    return dataclasses.replace(
        section, new_page=False, sections=tuple(_no_page_breaks(s) for s in section.sections)
    )


@dataclass(frozen=True)
class Entry:
    """A line of the agenda: an item with its first page, or the exclusion resolution."""

    item: AgendaItem | None = None
    page: int = 0
    exclusion: bool = False
    count: int = 0
    paragraphs: tuple[int, ...] = ()


def agenda_entries(meeting: Meeting, first_pages: dict[str, int]) -> list[Entry]:
    """Every item with its pack page; the exclusion resolution before the first exempt item."""
    entries: list[Entry] = []
    exempt = [item for item in meeting.items if item.exempt_paragraph]
    for item in meeting.items:
        if item is (exempt[0] if exempt else None):
            paragraphs = tuple(sorted({i.exempt_paragraph for i in exempt}))
            entries.append(Entry(exclusion=True, count=len(exempt), paragraphs=paragraphs))
        entries.append(Entry(item=item, page=first_pages.get(item.number, 0)))
    return entries


def exempt_material_in_public(meeting: Meeting, diagnostics: Diagnostics) -> None:
    """An exempt item's appendix (a PDF, an image or a publication) that a public item
    appends as well would be published with it: each is an error, naming both items."""
    exempt: dict[str, tuple[AgendaItem, Appendix]] = {}
    for item in meeting.items:
        for appendix in item.appendices if item.exempt_paragraph else ():
            for key in _material(appendix):
                exempt.setdefault(key, (item, appendix))
    if not exempt:  # nothing to compare with: the public appendices need not be read
        return
    for item in meeting.items:
        for appendix in item.appendices if not item.exempt_paragraph else ():
            shared = next((exempt[key] for key in _material(appendix) if key in exempt), None)
            if shared is None:
                continue
            other, its_appendix = shared
            diagnostics.error(
                appendix.location,
                "exempt-in-public",
                f"item {item.number}, appendix {appendix.number} ({appendix.title}) is also "
                f"appendix {its_appendix.number} of item {other.number}, which is exempt "
                f"(paragraph {other.exempt_paragraph} of Schedule 12A): it would be published "
                "in the public pack",
                f"take it out of item {item.number}, or make item {item.number} exempt as well",
            )


def _material(appendix: Appendix) -> set[str]:
    """What an appendix is made from, to compare: a publication by its folder, a file by
    its contents (so a renamed copy is the same material)."""
    if appendix.publication is not None:
        return {f"publication {appendix.publication.resolve()}"}
    files = [appendix.pdf] if appendix.pdf is not None else []
    for section in appendix.sections:  # an image appendix is a section holding its figure
        files += [block.image.path for block in section.blocks if isinstance(block, Figure)]
    found = set()
    for path in files:
        try:
            found.add(f"file {file_sha256(path).hex()}")
        except OSError:
            found.add(f"path {path.resolve()}")
    return found
