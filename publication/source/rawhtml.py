"""Raw HTML written inside Markdown: what is allowed, and the shapes it must have.

Raw HTML is for small things (<abbr>, <sup>, a <span lang>); the sanitiser removes
everything else. What it keeps must still make sense to a screen reader: a list
holds only its items, a definition list pairs each term with its definition. Such
shapes are told to the author here, at the line, rather than found in the PDF.
"""

from __future__ import annotations

import re

from lxml import etree, html

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.source.links import LINK_HINT, link_problem
from publication.source.records import check_language

__all__ = ["check_link", "check_raw_html"]

_TAG_RE = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9]*)")
_LANG_RE = re.compile(r"""\blang\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
_ABBR_RE = re.compile(r"<\s*abbr\b([^>]*)>", re.IGNORECASE)
_HREF_RE = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_LIST_FIX = "write the list in Markdown ('- item' or '1. item'), or give each item its own <li>"
_TERMS_FIX = "give every <dt> term its <dd> definition, or write 'Term' then ': definition'"


def check_link(href: str, where: SourceLocation, diagnostics: Diagnostics) -> None:
    problem = link_problem(href)
    if problem:
        diagnostics.error(where, "bad-link", f"the link '{href[:80]}' {problem}", LINK_HINT)


def check_raw_html(
    source: str, where: SourceLocation, diagnostics: Diagnostics, allowed: set[str]
) -> None:
    """Links, removed tags, language tags, abbreviations and list shapes in ``source``."""
    for quoted, single, bare in _HREF_RE.findall(source):
        check_link(quoted or single or bare, where, diagnostics)
    for tag in _TAG_RE.findall(source):
        if tag.lower() not in allowed:
            diagnostics.warning(
                where,
                "html-removed",
                f"raw HTML <{tag.lower()}> is removed",
                "use Markdown, or a publication block, for this content",
            )
    for tag in _LANG_RE.findall(source):
        check_language(diagnostics, tag or "?", where)
    for attributes in _ABBR_RE.findall(source):
        if "title" not in attributes.lower():
            diagnostics.warning(
                where,
                "abbr-no-title",
                "an abbreviation has no expansion, so it is read out letter by letter",
                'say what it stands for: <abbr title="Local Enterprise Partnership">LEP</abbr>',
            )
    if re.search(r"<\s*(ul|ol|dl)\b", source, re.IGNORECASE):
        _check_list_shapes(source, where, diagnostics)


def _check_list_shapes(source: str, where: SourceLocation, diagnostics: Diagnostics) -> None:
    try:
        parts = html.fragments_fromstring(source)
    except (etree.ParserError, ValueError):
        return  # nothing an HTML parser can read: the sanitiser leaves text only
    for part in parts:
        if not isinstance(part, html.HtmlElement):
            continue
        for found in part.iter("ul", "ol", "dl"):
            problem = _list_problem(found)
            if problem:
                fix = _TERMS_FIX if found.tag == "dl" else _LIST_FIX
                diagnostics.error(where, "html-list-shape", problem, fix)


def _list_problem(element) -> str:
    """Why a raw HTML list cannot be read as a list, or ''."""
    allowed = ("dt", "dd") if element.tag == "dl" else ("li",)
    names = " or ".join(f"<{tag}>" for tag in allowed)
    stray_text = (element.text or "").strip() or any((c.tail or "").strip() for c in element)
    strays = [child.tag for child in element if child.tag not in allowed]
    if strays or stray_text:
        what = f"<{strays[0]}>" if strays else "text"
        return f"a <{element.tag}> list holds {what} outside its items; it may hold only {names}"
    kinds = [child.tag for child in element]
    if element.tag == "dl" and (not kinds or kinds[0] != "dt" or kinds[-1] != "dd"):
        return "a <dl> must start with a <dt> term and end with a <dd> definition"
    if not kinds:
        return f"the <{element.tag}> list has no items"
    return ""
