"""Model plus edition to one HTML document, through Jinja2 templates.

Autoescaping is on and undefined names fail loudly, so a typo in a template can
never print as an empty title or alt text.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from publication.source.markup import Fragments
from publication.source.model import Meeting, Publication, Table
from publication.typeset.editions import PAPER_STYLESHEETS, Edition

__all__ = ["STYLES_DIR", "TEMPLATES_DIR", "render_html", "stylesheet_paths"]

TOOL_ROOT = Path(__file__).resolve().parents[2]
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
    env.tests["fitting"] = table_fits
    return env


# Large print on A4 with 20 mm margins: the width a table has, and a cautious
# average width of a bold character of a sans-serif face, in ems.
TEXT_WIDTH_PT = (210 - 2 * 20) / 25.4 * 72
CHARACTER_EM = 0.62
CELL_PADDING_PT = 14


def table_fits(table: Table, size: int) -> bool:
    """Whether a table's columns fit the page at ``size`` without splitting a word.

    A column is at least as wide as its longest word; a table whose columns
    cannot all be that wide is printed as a stacked list instead.
    """
    columns = len(table.rows[0])
    widest = [0] * columns
    for row in table.rows:
        for n, cell in enumerate(row):
            longest = max((len(word) for word in cell.source.split()), default=0)
            widest[n] = max(widest[n], longest)
    needed = sum(w * CHARACTER_EM * size + CELL_PADDING_PT for w in widest)
    return needed <= TEXT_WIDTH_PT


def stylesheet_paths(edition: Edition, page_size: str = "A4") -> list[Path]:
    """The edition's stylesheets, then the paper size (an edition may fix its own)."""
    names = [*edition.stylesheets, PAPER_STYLESHEETS[edition.paper or page_size]]
    return [STYLES_DIR / name for name in names]


def render_html(
    publication: Publication,
    fragments: Fragments,
    edition: Edition,
    pack: object = None,
    linked: bool = True,
) -> str:
    """The publication, or (with ``pack``) a report, appendix or notice of a committee pack.

    Unless ``linked``, the stylesheets are left for the typesetter to apply
    (parsed once for all of a pack's documents).
    """
    template = _ENV.get_template("publication.html")
    paths = stylesheet_paths(edition, publication.page_size) if linked else []
    return template.render(
        publication=publication,
        meta=publication.metadata,
        fragments=fragments,
        edition=edition,
        pack=pack,
        stylesheets=[path.as_uri() for path in paths],
    )


def render_agenda(meeting: Meeting, entries: list, edition: Edition, public: bool) -> str:
    """The agenda front sheet of a committee pack (its stylesheets left to the typesetter)."""
    return _ENV.get_template("agenda.html").render(
        meeting=meeting,
        entries=entries,
        edition=edition,
        public=public,
        title="Agenda" if public else "Agenda, full pack",
    )


_ENV = _environment()
