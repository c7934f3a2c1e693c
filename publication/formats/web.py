"""The web version: one page, its images and one stylesheet, every link relative.

The page is made from the templates the print edition uses (cover, contents,
sections, blocks), so both say the same things in the same order with the same
headings; only the page around them and the stylesheet differ. Copy the
folder anywhere and it works: nothing in it points outside itself, and there is
no script.
"""

from __future__ import annotations

from publication.formats import words
from publication.formats.assets import Assets, collect_assets
from publication.formats.manuscript import Manuscript
from publication.typeset.editions import EDITIONS
from publication.typeset.html import STYLES_DIR, render_template

__all__ = ["FOLDER", "STYLESHEET", "WEB_STYLESHEETS", "page_context", "stylesheet", "write_web"]

FOLDER = "html"
STYLESHEET = "style.css"
# The print edition's type, colour and blocks, then what a screen needs instead
# of pages.
WEB_STYLESHEETS = ("base.css", "cover.css", "contents.css", "blocks.css", "web.css")


def write_web(manuscript: Manuscript) -> dict[str, bytes]:
    """``html/index.html``, ``html/style.css`` and ``html/images/...``."""
    assets, context = page_context(manuscript)
    page = render_template("web.html", **context)
    files = {"index.html": page.encode("utf-8"), STYLESHEET: stylesheet().encode("utf-8")}
    files.update(assets.files())
    return {f"{FOLDER}/{name}": data for name, data in files.items()}


def page_context(manuscript: Manuscript) -> tuple[Assets, dict]:
    """The images to copy, and what the page templates are given: the publication, its
    fragments linking the copies, the standard edition the print templates ask about,
    and our stylesheet. The e-book's pages are given the same, so both say the same."""
    publication = manuscript.publication
    assets = collect_assets(publication, manuscript.fragments)
    context = {
        "publication": publication,
        "meta": publication.metadata,
        "fragments": assets.fragments,
        "edition": EDITIONS["standard"],
        "stylesheet": STYLESHEET,
        "asset_url": assets.url,
        "words": words,
    }
    return assets, context


def stylesheet() -> str:
    """Our stylesheets joined into one file, each under its own name."""
    parts = [
        f"/* ---- {name} ---- */\n{(STYLES_DIR / name).read_text('utf-8')}"
        for name in WEB_STYLESHEETS
    ]
    return "\n".join(parts)
