"""The editions one source can be printed as: a plain registry of what differs.

An edition is a set of stylesheets over the same templates, plus the few words
that name it on the cover and in the file name.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EDITIONS", "Edition", "output_name"]


@dataclass(frozen=True)
class Edition:
    name: str
    stylesheets: tuple[str, ...]  # file names in styles/, in cascade order
    cover_note: str = ""
    suffix: str = ""  # added to the slug in output file names


BASE_STYLESHEETS = ("base.css", "print.css", "cover.css", "contents.css", "blocks.css")

EDITIONS: dict[str, Edition] = {
    "standard": Edition("standard", BASE_STYLESHEETS),
}

PAPER_STYLESHEETS = {"A4": "paper-a4.css", "A5": "paper-a5.css"}


def output_name(slug: str, edition: Edition) -> str:
    """File name without extension: ``<slug>`` or ``<slug>-<suffix>``."""
    return f"{slug}-{edition.suffix}" if edition.suffix else slug
