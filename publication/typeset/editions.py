"""The editions one source can be printed as: a plain registry of what differs.

An edition is a set of stylesheets over the same templates, and the words that
name it in the file name (the cover names it in the publication's language).
Large print is made at the reader's size, so it is made by a function of that size.
"""

from __future__ import annotations

from dataclasses import dataclass

from publication.limits import DEFAULT_LARGE_PRINT_SIZE

__all__ = ["EDITIONS", "Edition", "Wanted", "edition_label", "large_print", "output_name"]


@dataclass(frozen=True)
class Edition:
    name: str
    stylesheets: tuple[str, ...]  # file names in styles/, in cascade order
    suffix: str = ""  # added to the slug in output file names
    size: int = 0  # body text size in points, when the edition sets one
    min_font_size: float = 12  # no text in the PDF may be smaller (clear print: 12 pt)
    paper: str = ""  # a fixed paper size, overriding the publication's


BASE_STYLESHEETS = (
    "base.css",
    "print.css",
    "cover.css",
    "contents.css",
    "blocks.css",
    "fit.css",
    "breaks.css",
    "leaflet.css",
)

EDITIONS: dict[str, Edition] = {
    "standard": Edition("standard", BASE_STYLESHEETS),
}
EDITION_NAMES = ("standard", "large-print")

PAPER_STYLESHEETS = {"A4": "paper-a4.css", "A5": "paper-a5.css"}


def large_print(size: int = DEFAULT_LARGE_PRINT_SIZE) -> Edition:
    """Large print at ``size`` points: A4, one column, every piece of text that size or more."""
    return Edition(
        name="large-print",
        stylesheets=(*BASE_STYLESHEETS, "large-print.css"),
        suffix=f"large-print-{size}pt",
        size=size,
        min_font_size=size,
        paper="A4",
    )


def output_name(slug: str, edition: Edition) -> str:
    """File name without extension: ``<slug>`` or ``<slug>-<suffix>``."""
    return f"{slug}-{edition.suffix}" if edition.suffix else slug


@dataclass(frozen=True)
class Wanted:
    """Which editions of a publication to make, read against the large-print sizes the
    publication lists: by default the standard edition and every listed size."""

    standard: bool = True
    listed_sizes: bool = True
    sizes: tuple[int, ...] = ()  # further large-print sizes
    default_size: bool = False  # large print at the default size if no size is listed or given

    def editions(self, listed: tuple[int, ...]) -> list[Edition]:
        sizes = [*(listed if self.listed_sizes else ()), *self.sizes]
        if not sizes and self.default_size:
            sizes = [DEFAULT_LARGE_PRINT_SIZE]
        standard = [EDITIONS["standard"]] if self.standard else []
        return standard + [large_print(size) for size in dict.fromkeys(sizes)]


def edition_label(edition: Edition) -> str:
    """How people name an edition: 'standard edition', 'large print, 24 point'."""
    return f"large print, {edition.size} point" if edition.size else f"{edition.name} edition"
