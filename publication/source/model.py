"""The publication as plain, frozen data: what validation guarantees to later stages.

Every field that came from a file keeps its ``SourceLocation`` so later stages
can still point an author at the line to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from publication.errors import SourceLocation

__all__ = [
    "MAX_HEADING_LEVEL",
    "Block",
    "Callout",
    "Card",
    "Cards",
    "Contact",
    "Figure",
    "Image",
    "Metadata",
    "Principle",
    "Principles",
    "Prose",
    "Publication",
    "Section",
    "Table",
    "Text",
]


MAX_HEADING_LEVEL = 6  # HTML has six


@dataclass(frozen=True)
class Text:
    """Markdown source and the line its first line stands on.

    Prose read from a Word document has no lines of its own: ``lines`` gives the
    place in the document each line of its Markdown came from.
    """

    source: str
    location: SourceLocation
    inline: bool = False  # a single paragraph rendered without <p>
    lines: tuple[SourceLocation, ...] = ()

    def at(self, line: int) -> SourceLocation:
        """Where the text's ``line`` (counted from 0) came from."""
        if self.lines:
            return self.lines[min(line, len(self.lines) - 1)]
        location = self.location
        return SourceLocation(location.path, location.line + line if location.line else 0)


@dataclass(frozen=True)
class Image:
    """A local image file; ``alt`` is empty only when ``decorative`` is true."""

    path: Path
    alt: str
    decorative: bool
    location: SourceLocation
    ratio: float = 1.0  # height / width, to draw decorative images at their shape


@dataclass(frozen=True)
class Prose:
    text: Text
    language: str = ""  # BCP 47 tag of a passage not in the publication's language


@dataclass(frozen=True)
class Figure:
    image: Image
    caption: Text | None
    width: str  # "narrow", "medium" or "full"
    language: str = ""
    large_print_image: Image | None = None  # the same with its text enlarged, for large print
    large_print_text: Text | None = None  # what it shows, printed in its place in large print


@dataclass(frozen=True)
class Card:
    title: str
    icon: Image | None
    text: Text


@dataclass(frozen=True)
class Cards:
    items: tuple[Card, ...]
    language: str = ""


@dataclass(frozen=True)
class Principle:
    number: int
    title: str
    text: Text


@dataclass(frozen=True)
class Principles:
    items: tuple[Principle, ...]
    language: str = ""


@dataclass(frozen=True)
class Table:
    caption: str
    header_row: bool
    header_column: bool
    rows: tuple[tuple[Text, ...], ...]
    location: SourceLocation
    language: str = ""


@dataclass(frozen=True)
class Callout:
    title: str
    text: Text
    language: str = ""


@dataclass(frozen=True)
class Contact:
    title: str
    name: str
    address: tuple[str, ...]
    telephone: str
    email: str
    website: str
    language: str = ""
    location: SourceLocation | None = None


Block = Prose | Figure | Cards | Principles | Table | Callout | Contact


@dataclass(frozen=True)
class Section:
    title: str  # empty for the untitled opening of a Word report or appendix
    anchor: str
    level: int  # HTML heading level: the cover title is 1, top sections 2
    subtitle: str
    icon: Image | None
    blocks: tuple[Block, ...]
    sections: tuple[Section, ...]
    new_page: bool
    in_contents: bool
    location: SourceLocation
    language: str = ""  # BCP 47 tag when the section is not in the publication's language


@dataclass(frozen=True)
class Metadata:
    title: str
    short_title: str
    subtitle: str
    label: str
    organisation: str
    language: str
    date: str  # ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD) or empty
    period: str
    version: str
    summary: str
    keywords: tuple[str, ...]
    licence: str
    alternative_formats: str
    logo: Image | None


@dataclass(frozen=True)
class Publication:
    slug: str
    folder: Path
    asset_roots: tuple[Path, ...]  # the only folders the typesetter may read from
    metadata: Metadata
    sections: tuple[Section, ...]
    page_size: str
    contents_depth: int
    location: SourceLocation
    large_print_sizes: tuple[int, ...] = ()
    formats: tuple[str, ...] = ()  # alternative formats to make as well (limits.FORMAT_NAMES)
    form: str = "booklet"  # "booklet": cover and contents; "leaflet": title block, run on
    page_budget: int = 0  # the most pages the standard edition should take; 0: no budget
    budget_location: SourceLocation | None = None
    print_forms: tuple[str, ...] = ()  # print-only files to make as well, such as "booklet"


# -- committee meetings -----------------------------------------------------


@dataclass(frozen=True)
class Appendix:
    """An appendix: our own content, or an existing PDF, or another publication's PDF."""

    number: int
    title: str
    sections: tuple[Section, ...]
    pdf: Path | None
    publication: Path | None  # a publication folder; its standard edition is appended
    location: SourceLocation


@dataclass(frozen=True)
class AgendaItem:
    number: str
    title: str
    purpose: str
    lead_officer: str
    wards: str
    key_decision: bool
    exempt_paragraph: int  # paragraph of Schedule 12A to the Local Government Act 1972; 0: public
    report_of: str
    portfolio: str
    sections: tuple[Section, ...]  # the report: recommendations, background, body
    appendices: tuple[Appendix, ...]
    location: SourceLocation


@dataclass(frozen=True)
class Meeting:
    slug: str
    folder: Path
    asset_roots: tuple[Path, ...]
    council: str
    committee: str
    date: str  # ISO
    time: str
    venue: str
    contact_name: str
    contact_telephone: str
    contact_email: str
    membership: tuple[str, ...]
    language: str
    items: tuple[AgendaItem, ...]
    location: SourceLocation
