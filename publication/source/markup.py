"""Markdown prose to safe HTML fragments, checked against the heading outline.

Extensions are configured once. Raw HTML in Markdown is allowed for small
things (abbreviations, line breaks) but passes through a strict allowlist, and
images only come from Markdown image syntax, checked like any other image.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.limits import MAX_MARKUP_NESTING, MAX_TABLE_CELLS, MAX_TABLE_COLUMNS
from publication.messages import translator
from publication.source.assets import locate, poor_alt_text
from publication.source.imagefiles import read_image
from publication.source.links import LINK_SCHEMES
from publication.source.model import (
    Callout,
    Cards,
    Figure,
    Principles,
    Prose,
    Publication,
    Section,
    Table,
    Text,
)
from publication.source.rawhtml import check_link, check_raw_html

__all__ = ["Fragments", "render_fragments", "screen_fragments", "source_mark"]

Fragments = dict[Text, Markup]

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
    "em", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "section", "small",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
# ``lang`` marks a passage in another language (WCAG 3.1.2): its tag is checked.
# ``data-source`` is the source line of a block (``source_mark``), kept for the check.
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "data-source"},
    "a": {"href", "title", "id", "class"},
    "abbr": {"title"},
    "li": {"id", "class"},
    "ol": {"start", "class"},
    "section": {"class"},
    "span": {"class"},
    "sup": {"class", "id"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
}  # fmt: skip
_IMAGE_MARK = "\ue000{}\ue001"
_IMAGE_MARK_RE = re.compile("\ue000(\\d+)\ue001")
# WeasyPrint does not read <ol start>: the counter is set where the list begins.
_OL_START_RE = re.compile(r'<ol start="(-?\d+)"')
_OPEN_OR_CLOSE = re.compile(r"<(/?)([a-z][a-z0-9]*)[^>]*?(/?)>")
_VOID = {"br", "hr", "img"}


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "typographer": True, "linkify": True})
    md.enable(["table", "strikethrough", "replacements", "smartquotes", "linkify"])
    md.use(footnote_plugin)
    md.use(deflist_plugin)
    md.linkify.tlds("example", keep_old=True)  # the reserved domain of sample content
    # Every link is parsed as a link, so the one rule for links can refuse it with
    # its line (markdown-it would print a javascript: link as plain text, silently).
    md.validateLink = lambda url: True
    md.add_render_rule("footnote_anchor", _render_footnote_backref)
    md.add_render_rule("link_close", _render_link_close)
    return md


def _render_link_close(self, tokens, idx, options, env) -> str:
    """A page cannot be clicked: a web address is printed after its link's text."""
    start = next(n for n in range(idx - 1, -1, -1) if tokens[n].type == "link_open")
    address = printed_address(str(tokens[start].attrGet("href") or ""))
    text = "".join(token.content for token in tokens[start + 1 : idx])
    if not address or address.lower() in text.lower():
        return "</a>"
    return f'</a><span class="link-address"> ({escape(address)})</span>'


_PRINT_ONLY = re.compile(r'<span class="link-address">[^<]*</span>| data-source="[^"<>]*"')


def screen_fragments(fragments: Fragments) -> Fragments:
    """The fragments for a screen or a reading format: without what only paper needs,
    the address printed after a link (there the link is followed) and the source
    lines the check of printed pages reads."""
    return {text: Markup(_PRINT_ONLY.sub("", html)) for text, html in fragments.items()}


def printed_address(href: str) -> str:
    """A web address as a reader types it: without 'https://', which adds nothing on
    paper and is where a line would otherwise break; '' for other links."""
    match = re.match(r"https?://(.+)", href, re.IGNORECASE)
    return match.group(1).rstrip("/") if match else ""


def _render_footnote_backref(self, tokens, idx, options, env) -> str:
    ident = self.rules["footnote_anchor_name"](tokens, idx, options, env)
    words = escape(env["back"])
    return f' <a href="#fnref{ident}" class="footnote-backref">{words}</a>'


_MD = _parser()


@dataclass
class _Cells:
    """Table cells in one document, table blocks and Markdown tables together: a
    table costs WeasyPrint a second a page, so this bounds the time it can take."""

    count: int = 0
    over: tuple[SourceLocation, str] | None = None  # the first table past a limit, and why

    def add(self, cells: int, columns: int, where: SourceLocation) -> None:
        self.count += cells
        if self.over is not None:
            return
        if columns > MAX_TABLE_COLUMNS:
            why = f"the table has {columns} columns; a table may have {MAX_TABLE_COLUMNS} at most"
            self.over = where, why
        elif self.count > MAX_TABLE_CELLS:
            why = f"the tables hold more than {MAX_TABLE_CELLS:,} cells, the most for one document"
            self.over = where, why

    def report(self, diagnostics: Diagnostics) -> None:
        if self.over is not None:
            where, why = self.over
            hint = "split the table, or give the data as a spreadsheet beside the publication"
            diagnostics.error(where, "table-too-large", why, hint)


@dataclass
class _Context:
    """Where a text sits in the outline, what images it may use, its document's cells."""

    section_level: int
    current_level: int
    image_roots: tuple[Path, ...]
    cells: _Cells
    folder: Path  # the publication's: source marks are written relative to it
    back: str = "Back to text"  # a footnote's link back, in the publication's language


def render_fragments(publication: Publication, diagnostics: Diagnostics) -> Fragments:
    """HTML for every Markdown text in the publication, keyed by the text."""
    fragments: Fragments = {}
    back = translator(publication.metadata.language).gettext("Back to text")
    cells = _Cells()
    for section in publication.sections:
        for text, context in _texts(section, publication.asset_roots, cells, publication.folder):
            context.back = back
            fragments[text] = _render(text, context, len(fragments), diagnostics)
    cells.report(diagnostics)
    return fragments


def _texts(
    section: Section, roots: tuple[Path, ...], cells: _Cells, folder: Path
) -> Iterator[tuple[Text, _Context]]:
    """Each text of a section in reading order, with the heading level in force."""
    context = _Context(section.level, section.level, roots, cells, folder)
    for block in section.blocks:
        match block:
            case Prose(text=text):
                yield text, context
            case Figure(caption=caption, large_print_text=alternative):
                yield from ((t, context) for t in (caption, alternative) if t is not None)
            case Cards(items=items) | Principles(items=items):
                context.current_level = section.level + 1
                for item in items:
                    yield item.text, context
            case Callout(text=text):
                yield text, context
            case Table(rows=rows, location=where):
                cells.add(sum(map(len, rows)), max(map(len, rows), default=0), where)
                for row in rows:
                    for cell in row:
                        yield cell, context
    for child in section.sections:
        yield from _texts(child, roots, cells, folder)


def _render(text: Text, context: _Context, number: int, diagnostics: Diagnostics) -> Markup:
    env = {"docId": f"t{number}", "back": context.back}
    parse = _MD.parseInline if text.inline else _MD.parse
    tokens = parse(text.source, env)
    headings = (token for token in tokens if token.type == "heading_open")
    for count, heading in enumerate(headings, 1):  # so every format can find it again
        heading.attrSet("id", f"t{number}-h{count}")
    images: list[str] = []
    _check_tokens(tokens, text, context, diagnostics, images)
    html = _MD.renderer.render(tokens, _MD.options, env)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(LINK_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    clean = _IMAGE_MARK_RE.sub(lambda m: images[int(m.group(1))], clean)
    if _nesting(clean) > MAX_MARKUP_NESTING:
        diagnostics.error(
            text.location,
            "markup-too-deep",
            f"the HTML in this text nests elements more than {MAX_MARKUP_NESTING} deep",
            "write it as plain Markdown: raw HTML is for small things such as <abbr>",
        )
        return Markup("")
    clean = _OL_START_RE.sub(
        lambda m: f'{m.group(0)} style="counter-reset: list-item {int(m.group(1)) - 1}"', clean
    )
    return Markup(clean.strip())


def _nesting(html: str) -> int:
    """How deep elements stand inside one another in sanitised HTML (tags balanced)."""
    deepest = depth = 0
    for closing, tag, self_closing in _OPEN_OR_CLOSE.findall(html):
        if tag in _VOID or self_closing:
            continue
        depth += -1 if closing else 1
        deepest = max(deepest, depth)
    return deepest


def _check_tokens(
    tokens: list[Token],
    text: Text,
    context: _Context,
    diagnostics: Diagnostics,
    images: list[str],
    line: int = 0,
) -> None:
    for index, token in enumerate(tokens):
        if token.map:
            line = token.map[0]
        where = text.at(line)
        if token.type in _MARKED_BLOCKS:
            token.attrSet("data-source", source_mark(where, context.folder))
        if token.type == "heading_open":
            _check_heading(int(token.tag[1]), context, where, diagnostics)
        elif token.type in ("html_block", "html_inline"):
            check_raw_html(token.content, where, diagnostics, ALLOWED_TAGS)
        elif token.type == "th_open":
            token.attrSet("scope", "col")
        elif token.type == "tr_open":
            columns = _row_length(tokens, index)
            context.cells.add(columns, columns, where)
        elif token.type == "table_open":
            diagnostics.warning(
                where,
                "table-no-caption",
                "a Markdown table has no caption for screen-reader users",
                "use a 'table:' block with a caption instead",
            )
        elif token.type == "link_open":
            check_link(str(token.attrGet("href") or ""), where, diagnostics)
            _check_link_text(tokens, index, where, diagnostics)
            if token.markup in ("linkify", "autolink"):
                token.attrSet("class", "bare-link")  # its text is the address already
        elif token.type == "image":
            token_html = _image_html(token, where, context, diagnostics)
            images.append(token_html)
            token.type, token.content = "text", _IMAGE_MARK.format(len(images) - 1)
        if token.children:
            _check_tokens(token.children, text, context, diagnostics, images, line)


def _row_length(tokens: list[Token], start: int) -> int:
    columns = 0
    for token in tokens[start + 1 :]:
        if token.type == "tr_close":
            break
        columns += token.type in ("td_open", "th_open")
    return columns


# Block elements that carry their source line, so a check of the PDF can name the
# line of a paragraph that runs off the page.
_MARKED_BLOCKS = {"paragraph_open", "list_item_open", "heading_open", "blockquote_open",
                  "tr_open"}  # fmt: skip


def source_mark(where: SourceLocation, folder: Path) -> str:
    """'file:line' relative to the publication folder: where an HTML element came from."""
    if not where.line:
        return ""
    return f"{os.path.relpath(where.path, folder)}:{where.line}"


VAGUE_LINK_TEXT = {"click here", "here", "read more", "more", "this link", "link", "this",
                   "click", "find out more", "more information", "go"}  # fmt: skip


def _check_link_text(tokens: list[Token], start: int, where: SourceLocation, diagnostics) -> None:
    words = []
    for token in tokens[start + 1 :]:
        if token.type == "link_close":
            break
        words.append(token.content)
    text = " ".join("".join(words).split()).strip(" .:").lower()
    if text in VAGUE_LINK_TEXT:
        diagnostics.warning(
            where,
            "link-vague",
            f"the link text '{text}' does not say where it goes",
            "use words that make sense on their own, such as 'the 2025 budget'",
        )


def _check_heading(level: int, context: _Context, where: SourceLocation, diagnostics) -> None:
    marks = "#" * (context.section_level + 1)
    if level <= context.section_level:
        diagnostics.error(
            where,
            "heading-level",
            f"a level {level} heading inside a level {context.section_level} section",
            f"use '{marks}' for a heading inside this section, or make it a "
            "section of its own in publication.yaml",
        )
    elif level > context.current_level + 1:
        diagnostics.error(
            where,
            "heading-skip",
            f"heading level {level} skips level {context.current_level + 1}",
            f"use '{'#' * (context.current_level + 1)}' here",
        )
    context.current_level = max(level, context.section_level + 1)


def _image_html(token: Token, where: SourceLocation, context: _Context, diagnostics) -> str:
    """Check a Markdown image as strictly as a figure block, and give its HTML."""
    src = unquote(str(token.attrGet("src") or ""))
    alt = "".join(child.content for child in token.children or ())
    found = locate(src, context.image_roots)
    if found.path is None:
        code = "bad-image-path" if found.problem else "image-missing"
        problem = f"image '{src}' {found.problem}" if found.problem else f"image not found: '{src}'"
        hint = "put the image in the publication folder or images/ and name the file"
        diagnostics.error(where, code, problem, hint)
        return ""
    if not alt.strip():
        diagnostics.error(
            where,
            "alt-missing",
            f"image '{src}' has no alt text",
            "write what it shows between the brackets: ![a map of the wards](map.png)",
        )
        return ""
    facts = read_image(found.path)
    if facts.problem:
        diagnostics.error(where, "image-unreadable", f"image '{src}' {facts.problem}", facts.hint)
        return ""
    reason = poor_alt_text(alt)
    if reason:
        diagnostics.warning(
            where, "alt-poor", f"the alt text '{alt}' {reason}",
            "say what the image shows and why it is there",
        )  # fmt: skip
    return f'<img src="{escape(found.path.as_uri())}" alt="{escape(alt)}">'
