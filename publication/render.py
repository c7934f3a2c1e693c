"""Model plus edition to one HTML document, through Jinja2 templates.

Autoescaping is on and undefined names fail loudly, so a typo in a template can
never print as an empty title or alt text.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from publication.editions import PAPER_STYLESHEETS, Edition
from publication.markup import Fragments
from publication.model import Publication

__all__ = ["STYLES_DIR", "TEMPLATES_DIR", "render_html", "stylesheet_paths"]

TOOL_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = TOOL_ROOT / "templates"
STYLES_DIR = TOOL_ROOT / "styles"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def _long_date(iso: str) -> str:
    """'2021-03-01' -> '1 March 2021', as British readers write it."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["asset_url"] = lambda path: Path(path).as_uri()
    env.filters["long_date"] = _long_date
    env.filters["block_kind"] = lambda block: type(block).__name__
    env.filters["web_url"] = lambda url: url if "://" in url else f"https://{url}"
    return env


_ENV = _environment()


def stylesheet_paths(publication: Publication, edition: Edition) -> list[Path]:
    """The edition's stylesheets, then the paper size, which any edition may set."""
    names = [*edition.stylesheets, PAPER_STYLESHEETS[publication.page_size]]
    return [STYLES_DIR / name for name in names]


def render_html(publication: Publication, fragments: Fragments, edition: Edition) -> str:
    template = _ENV.get_template("publication.html")
    return template.render(
        publication=publication,
        meta=publication.metadata,
        fragments=fragments,
        edition=edition,
        stylesheets=[path.as_uri() for path in stylesheet_paths(publication, edition)],
    )
