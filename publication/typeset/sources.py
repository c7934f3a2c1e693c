"""Where a problem the check finds in the finished PDF came from in the content.

Text too small for the edition inside an image (a logo's lettering, a chart's
labels) is found in the PDF, on a page, in a ``Figure``; the author needs the
image file and the line of the content that names it. The record of laid-out
elements says which image each figure on a page was; the model says where each
image is named (a figure block, the logo, or a Markdown image).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from publication.errors import SourceLocation
from publication.source.markup import Fragments
from publication.source.model import Figure, Publication, Section
from publication.typeset.elements import LaidOutElement

__all__ = ["images_with_small_text"]


def images_with_small_text(
    findings, elements: tuple[LaidOutElement, ...], publication: Publication, fragments: Fragments
) -> dict[int, tuple[SourceLocation, object]]:
    """For each finding of small text in an image (by its index among ``findings``): where
    the image is named, and the finding naming the image file."""
    named = _image_locations(publication)
    found = {}
    for index, finding in enumerate(findings):
        if finding.code != "font-size" or not finding.element.startswith("Figure"):
            continue
        figures = [
            e
            for e in elements
            if e.role == "Figure" and e.page == finding.page - 1 and e.source
            and (not e.text or f'"{e.text}"' in finding.element)
        ]  # fmt: skip
        if not figures:
            continue
        path = Path(url2pathname(urlsplit(figures[0].source).path))
        location = named.get(path) or _in_markdown(path, fragments) or publication.location
        message = f"{finding.message}: {path.name}"
        found[index] = (location, dataclasses.replace(finding, message=message))
    return found


def _image_locations(publication: Publication) -> dict[Path, SourceLocation]:
    found: dict[Path, SourceLocation] = {}
    logo = publication.metadata.logo
    if logo is not None:
        found[logo.path] = logo.location

    def walk(sections: tuple[Section, ...]) -> None:
        for section in sections:
            for block in section.blocks:
                if isinstance(block, Figure):
                    for image in (block.image, block.large_print_image):
                        if image is not None:
                            found.setdefault(image.path, image.location)
            walk(section.sections)

    walk(publication.sections)
    return found


def _in_markdown(path: Path, fragments: Fragments) -> SourceLocation | None:
    """A Markdown image: the line of the first text that names the file."""
    for text in fragments:
        at = text.source.find(f"{path.name})")
        if at >= 0 and text.location.line:
            line = text.location.line + text.source.count("\n", 0, at)
            return SourceLocation(text.location.path, line)
    return None
