"""Editorial checks on the content before it is typeset: warnings an editor should see.

They catch what a screen-reader user or a reader of the printed page would
trip over but a schema cannot: alt text that says nothing, a passage pasted
into several sections.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.source.assets import poor_alt_text
from publication.source.model import (
    Cards,
    Figure,
    Image,
    Principles,
    Prose,
    Publication,
    Section,
    Text,
)

__all__ = ["review_content", "review_large_print"]

MIN_REPEATED_WORDS = 25


def review_content(publication: Publication, diagnostics: Diagnostics) -> None:
    for image in _images(publication):
        reason = poor_alt_text(image.alt) if not image.decorative else ""
        if reason:
            diagnostics.warning(
                image.location,
                "alt-poor",
                f"the alt text '{image.alt}' {reason}",
                "say what the image shows and why it is there",
            )
    _repeated_passages(publication, diagnostics)


def review_large_print(publication: Publication, diagnostics: Diagnostics) -> None:
    """In large print a picture is enlarged to the page's width, but text drawn in it (a
    map's labels, a chart's numbers) can stay far below the reader's size: a figure
    should name a large-print version of its image, or say in words what it shows."""
    for figure in _figures(publication):
        if figure.image.decorative or figure.large_print_image or figure.large_print_text:
            continue
        diagnostics.warning(
            figure.image.location,
            "large-print-figure",
            "in large print this image is printed as it is: any text in it (a map's "
            "labels, a chart's figures) stays at its own size, not the reader's",
            "add 'large_print_image:' (the image with its text enlarged; the same file if "
            "it has no text) or 'large_print_text:' (what it shows, printed in its place)",
        )


def _images(publication: Publication) -> Iterator[Image]:
    for figure in _figures(publication):
        yield figure.image


def _figures(publication: Publication) -> Iterator[Figure]:
    def walk(section: Section) -> Iterator[Figure]:
        for block in section.blocks:
            if isinstance(block, Figure):
                yield block
        for child in section.sections:
            yield from walk(child)

    for section in publication.sections:
        yield from walk(section)


def _passages(section: Section, path: str) -> Iterator[tuple[str, str, SourceLocation]]:
    """(normalised paragraph, section path, location) for every paragraph of prose."""
    title = section.title or "(the opening)"
    here = f"{path} > {title}" if path else title
    for block in section.blocks:
        texts: list[Text] = []
        if isinstance(block, Prose):
            texts = [block.text]
        elif isinstance(block, Cards | Principles):
            texts = [item.text for item in block.items]
        for text in texts:
            for paragraph in re.split(r"\n\s*\n", text.source):
                words = paragraph.split()
                if len(words) >= MIN_REPEATED_WORDS:
                    offset = text.source[: text.source.find(paragraph)].count("\n")
                    yield " ".join(words).lower(), here, text.at(offset)
    for child in section.sections:
        yield from _passages(child, here)


def _repeated_passages(publication: Publication, diagnostics: Diagnostics) -> None:
    seen: dict[str, list[tuple[str, SourceLocation]]] = {}
    for section in publication.sections:
        for passage, where_in_document, location in _passages(section, ""):
            seen.setdefault(passage, []).append((where_in_document, location))
    for passage, places in seen.items():
        sections = {name for name, _ in places}
        if len(sections) < 2:
            continue
        listing = "".join(f"\n    {name} ({location})" for name, location in places)
        diagnostics.warning(
            places[0][1],
            "repeated-passage",
            f"the passage starting '{' '.join(passage.split()[:8])} ...' appears in "
            f"{len(sections)} sections:{listing}",
            "check whether each section should have its own text (a copy-and-paste slip?)",
        )
