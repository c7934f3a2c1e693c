"""Model plus edition to one HTML document, through Jinja2 templates.

Autoescaping is on and undefined names fail loudly, so a typo in a template can
never print as an empty title or alt text. Every word a template prints is a
message (``_("Contents")``) looked up in the document's language catalogue
(``publication.messages``); dates are written as that language writes them.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from markupsafe import Markup

from publication.cache import cache_folder
from publication.errors import SourceLocation
from publication.messages import Translator, has_catalogue, translator
from publication.source.links import web_address
from publication.source.markup import Fragments, source_mark
from publication.source.model import Meeting, Metadata, Publication, Table
from publication.typeset.editions import PAPER_STYLESHEETS, Edition
from publication.typeset.tables import table_form

__all__ = [
    "STYLES_DIR",
    "TEMPLATES_DIR",
    "about_facts",
    "agenda_title",
    "block_id",
    "long_date",
    "messages",
    "page_numbers_css",
    "render_html",
    "render_template",
    "shows_about",
    "stylesheet_paths",
]

BODY_SIZE = 12  # points: the standard edition's text, base.css
TOOL_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = TOOL_ROOT / "templates"
STYLES_DIR = TOOL_ROOT / "styles"
_PAGE, _PAGES = "\ue000", "\ue001"  # where the page counters go in a translated message


def long_date(iso: str, language: str = "en-GB") -> str:
    """'2021-03-01' as a language writes it: '1 March 2021', '1 Mawrth 2021'."""
    return translator(language).long_date(iso)


@pass_context
def _long_date(context, iso: str) -> str:
    """The ``long_date`` filter: in the language of the words the render prints."""
    return context["catalogue"].long_date(iso)


def messages(words: Translator) -> dict:
    """What a template needs to print words in one language: ``_`` (and ``gettext``,
    ``ngettext``, as Jinja2's i18n extension calls them) and the translator itself
    (``catalogue``)."""
    return {"catalogue": words, "_": words.gettext, "gettext": words.gettext,
            "ngettext": words.ngettext}  # fmt: skip


def page_numbers_css(words: Translator) -> Markup:
    """'Page X of Y' as a CSS ``content`` value in the language: the translated words
    as strings, the numbers as the page counters."""
    text = words.gettext("Page %(page)s of %(pages)s", page=_PAGE, pages=_PAGES)
    parts = []
    for piece in text.replace(_PAGES, "\0pages\0").replace(_PAGE, "\0page\0").split("\0"):
        if piece in ("page", "pages"):
            parts.append(f"counter({piece})")
        elif piece:
            escaped = piece.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
            parts.append(f'"{escaped}"')
    return Markup(" ".join(parts))


def about_facts(meta: Metadata, words: Translator | None = None) -> list[tuple[str, str]]:
    """The facts "About this document" lists, label and value, in every edition and
    format, in the document's language (or that of ``words``)."""
    words = words or translator(meta.language)
    facts = [
        (words.gettext("Published by"), meta.organisation),
        (words.gettext("Period covered"), meta.period),
        (words.gettext("Date"), words.long_date(meta.date) if meta.date else ""),
        (words.gettext("Version"), meta.version),
        (words.gettext("Licence"), meta.licence),
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
        bytecode_cache=_compiled_templates(),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.newstyle_gettext = True  # type: ignore[attr-defined]  # %(name)s filled by keywords
    env.filters["asset_url"] = _asset_url
    env.filters["block_id"] = block_id
    env.filters["long_date"] = _long_date
    env.filters["block_kind"] = lambda block: type(block).__name__
    env.filters["web_url"] = web_address
    env.filters["part_name"] = part_name
    env.globals["about_facts"] = about_facts
    env.globals["shows_about"] = shows_about
    env.globals["at"] = _source_attribute
    env.globals["table_form"] = _table_form
    return env


@pass_context
def _source_attribute(context, location: SourceLocation | None) -> Markup:
    """`` data-source="file:line"``: where an element came from, so that the check of a
    printed page can name the line of what overflows. Only in print (``paged``)."""
    publication = context.get("publication")
    if not context.get("paged") or location is None or publication is None:
        return Markup("")
    mark = source_mark(location, publication.folder)
    return Markup(' data-source="{}"').format(mark) if mark else Markup("")


@pass_context
def _table_form(context, table: Table) -> str:
    """How a table is printed at the edition's size on its paper (typeset/tables.py);
    on a screen, which scrolls, always as a table."""
    if not context.get("paged"):
        return "full"
    edition, publication = context["edition"], context["publication"]
    return table_form(table, edition.size or BODY_SIZE, edition.paper or publication.page_size)


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
    words = translator(publication.metadata.language)
    shared = {
        "publication": publication,
        "meta": publication.metadata,
        "fragments": fragments,
        "edition": edition,
        "pack": pack,
        "parts": language_parts(publication),
        "paged": True,  # print: tables fit the page, elements carry their source lines
    }
    return template.render(
        stylesheets=[path.as_uri() for path in paths],
        page_numbers=page_numbers_css(words),
        in_other_languages=_render_parts(publication, shared),
        **shared,
        **messages(words),
    )


def _render_parts(publication: Publication, shared: dict) -> dict[str, Markup]:
    """Each part in another language, rendered with its language's words, by anchor."""
    rendered = {}
    for section in publication.sections:
        if section.language and part_name(section.language) in shared["parts"]:
            template = _ENV.get_template("part.html")
            words = translator(section.language)
            rendered[section.anchor] = Markup(
                template.render(section=section, **shared, **messages(words))
            )
    return rendered


def language_parts(publication: Publication) -> dict[str, Markup]:
    """The page numbers of each part in another language, by the name of its pages.

    A top-level section in another language the tool prints in (the English half of
    a Welsh leaflet) is a part: its pages number themselves in its language and its
    title is their running head.
    """
    own = publication.metadata.language.split("-")[0].lower()
    parts = {}
    for section in publication.sections:
        tag = section.language
        if tag and tag.split("-")[0].lower() != own and has_catalogue(tag):
            parts[part_name(tag)] = page_numbers_css(translator(tag))
    return parts


def part_name(tag: str) -> str:
    """The CSS page name (and class) of the pages of a part in language ``tag``."""
    return "part-" + "".join(c if c.isalnum() else "-" for c in tag)


def render_template(name: str, **context: object) -> str:
    """Any of our templates, for another format that shares the blocks and sections;
    its words are in the language of the ``meta`` (or ``publication``) it is given."""
    if "_" not in context:
        meta = context.get("meta") or getattr(context.get("publication"), "metadata", None)
        language = getattr(meta, "language", "") or "en"
        context = {**messages(translator(language)), **context}
    context = {"parts": {}, "in_other_languages": {}, **context}
    return _ENV.get_template(name).render(**context)


def render_agenda(meeting: Meeting, entries: list, edition: Edition, public: bool) -> str:
    """The agenda front sheet of a committee pack (its stylesheets left to the typesetter)."""
    words = translator(meeting.language)
    return _ENV.get_template("agenda.html").render(
        meeting=meeting,
        entries=entries,
        edition=edition,
        public=public,
        title=agenda_title(words, public),
        **messages(words),
    )


def agenda_title(words: Translator, public: bool) -> str:
    """The agenda's name, on its page and as its bookmark."""
    return words.gettext("Agenda") if public else words.gettext("Agenda, full pack")


def _compiled_templates() -> FileSystemBytecodeCache | None:
    """Templates compiled once and kept beside the build cache: compiling them anew
    took a tenth of a second of every command that typesets. Each is keyed by its
    source, so an edited template is compiled again; none is kept where the folder
    cannot be made."""
    folder = cache_folder() / "templates"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


_ENV = _environment()
