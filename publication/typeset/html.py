"""Model plus edition to one HTML document, through Jinja2 templates.

Autoescaping is on and undefined names fail loudly, so a typo in a template can
never print as an empty title or alt text.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape

from publication.source.markup import Fragments
from publication.source.model import Meeting, Metadata, Publication, Table
from publication.typeset.editions import PAPER_STYLESHEETS, Edition

__all__ = [
    "STYLES_DIR",
    "TEMPLATES_DIR",
    "about_facts",
    "block_id",
    "long_date",
    "render_html",
    "render_template",
    "shows_about",
    "stylesheet_paths",
]

TOOL_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = TOOL_ROOT / "templates"
STYLES_DIR = TOOL_ROOT / "styles"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def long_date(iso: str) -> str:
    """'2021-03-01' -> '1 March 2021', as British readers write it."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def about_facts(meta: Metadata) -> list[tuple[str, str]]:
    """The facts "About this document" lists, label and value, in every edition and format."""
    facts = [
        ("Published by", meta.organisation),
        ("Period covered", meta.period),
        ("Date", long_date(meta.date) if meta.date else ""),
        ("Version", meta.version),
        ("Licence", meta.licence),
    ]
    return [(label, value) for label, value in facts if value]


def shows_about(meta: Metadata) -> bool:
    """Whether there is more to say about the document than who published it."""
    return bool(
        meta.summary or meta.alternative_formats or meta.licence or meta.version or meta.period
    )


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["asset_url"] = _asset_url
    env.filters["block_id"] = block_id
    env.filters["long_date"] = long_date
    env.filters["block_kind"] = lambda block: type(block).__name__
    env.filters["web_url"] = lambda url: url if "://" in url else f"https://{url}"
    env.tests["fitting"] = table_fits
    env.globals["about_facts"] = about_facts
    env.globals["shows_about"] = shows_about
    return env


@pass_context
def _asset_url(context, path: Path) -> str:
    """Where a page finds an image: its file for the typesetter, or what the render's
    ``asset_url`` says (a relative link in a web page or an e-book)."""
    locate = context.get("asset_url")
    return locate(Path(path)) if locate else Path(path).as_uri()


def block_id(anchor: str, number: int) -> str:
    """The id of a section's block ``number`` (from 1): its cards or principles add
    ``-n``. Every edition and format names blocks alike, so the page a block starts
    on in print can be found again in any of them."""
    return f"{anchor}_{number}"


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


def render_template(name: str, **context: object) -> str:
    """Any of our templates, for another format that shares the blocks and sections."""
    return _ENV.get_template(name).render(**context)


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
