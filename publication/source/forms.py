"""The form a publication takes on paper, and what the printer gets as well.

A ``booklet`` has a cover and a contents page; a ``leaflet`` has its title block
at the top of page 1 and its sections run on, as a handout is printed. Without
``form:``, a publication is a leaflet when it is short enough to be one (about
eight pages of the standard edition, estimated from its words, rows and
pictures) and a booklet otherwise. ``page_budget`` is how many pages the
standard edition should take; ``print`` names print-only files to make.
"""

from __future__ import annotations

from publication.errors import SourceLocation
from publication.limits import PRINT_FORMS
from publication.source.load import Items, Record
from publication.source.model import Cards, Figure, Principles, Prose, Section, Table
from publication.source.records import Reader

__all__ = ["FORMS", "LEAFLET_PAGES", "PRINT_FORMS", "estimated_pages", "read_forms"]

FORMS = ("booklet", "leaflet")
LEAFLET_PAGES = 8  # the longest publication that is a leaflet unless it says otherwise
# What a page of the standard edition holds, roughly: words of 12 pt text, and
# what a table row or a picture takes, in words.
WORDS_PER_PAGE = {"A4": 480, "A5": 210}
WORDS_PER_ROW = 12
WORDS_PER_PICTURE = {"A4": 160, "A5": 110}


def read_forms(
    reader: Reader, record: Record, sections: tuple[Section, ...], page_size: str
) -> dict:
    """``form``, ``page_budget``, ``budget_location`` and ``print_forms`` for the model."""
    form = record.get("form")
    if form is None:
        long = estimated_pages(sections, page_size) > LEAFLET_PAGES
        form = "booklet" if long else "leaflet"
    elif form not in FORMS:
        _unknown(reader, record.where("form"), f"form '{form}'", FORMS)
        form = "booklet"
    budget = record.get("page_budget", 0)
    if budget and budget < 1:
        reader.diagnostics.error(
            record.where("page_budget"), "bad-value", "page_budget must be 1 or more"
        )
        budget = 0
    wanted = record.get("print") or Items()
    forms = []
    for name, location in zip(wanted, getattr(wanted, "locations", []), strict=False):
        if name in PRINT_FORMS:
            forms.append(name)
        else:
            _unknown(reader, location, f"print form '{name}'", PRINT_FORMS)
    return {
        "form": form,
        "page_budget": budget,
        "budget_location": record.where("page_budget") if budget else None,
        "print_forms": tuple(dict.fromkeys(forms)),
    }


def _unknown(reader: Reader, location: SourceLocation, what: str, known: tuple) -> None:
    reader.diagnostics.error(
        location, "bad-value", f"unknown {what}", f"use one of {', '.join(known)}"
    )


def estimated_pages(sections: tuple[Section, ...], page_size: str) -> float:
    """About how many pages of the standard edition the sections fill, from their
    words, table rows and pictures: enough to tell a leaflet from a booklet."""
    words = 0
    for section in _all_sections(sections):
        words += 30  # the heading and the space around it
        for block in section.blocks:
            words += _block_words(block, page_size)
    return words / WORDS_PER_PAGE.get(page_size, WORDS_PER_PAGE["A4"])


def _block_words(block, page_size: str) -> int:
    picture = WORDS_PER_PICTURE.get(page_size, WORDS_PER_PICTURE["A4"])
    if isinstance(block, Prose):
        return len(block.text.source.split()) + block.text.source.count("![") * picture
    if isinstance(block, Table):
        return len(block.rows) * WORDS_PER_ROW
    if isinstance(block, Figure):
        return picture
    if isinstance(block, Cards | Principles):
        return sum(len(item.text.source.split()) + 20 for item in block.items)
    return 40  # a callout or a contact box


def _all_sections(sections: tuple[Section, ...]):
    for section in sections:
        yield section
        yield from _all_sections(section.sections)
