"""The publication as a sequence of headings and paragraphs, for plain text and braille.

Tables are written out a row at a time ("Ward: Riverside; 2025: 12,000"),
lists item by item with their markers, images as their alt text in brackets,
and footnotes after the section that refers to them. ``PrintPage`` marks where
a page of the print edition begins, for formats that show it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from lxml import html as lxml_html
from lxml.html import HtmlElement
from markupsafe import Markup

from publication.formats import words
from publication.formats.manuscript import FRONT_IDS, Manuscript, page_marks, reading_order_ids
from publication.messages import Translator, has_catalogue, translator
from publication.source.model import (
    Block,
    Callout,
    Cards,
    Contact,
    Figure,
    Principles,
    Prose,
    Section,
    Table,
    Text,
)
from publication.typeset.html import about_facts, block_id, shows_about

__all__ = ["Heading", "Item", "Paragraph", "PrintPage", "plain_document", "table_rows"]


@dataclass(frozen=True)
class Heading:
    level: int  # as in the print edition: the title is 1, top sections 2
    text: str
    language: str = ""  # a passage's own language, where it is not the document's


@dataclass(frozen=True)
class Paragraph:
    text: str
    depth: int = 0  # how far a list item or quotation is nested
    marker: str = ""  # a list item's bullet or number, a footnote's [n]
    tight: bool = False  # a line of a list: no blank line between it and the line before
    language: str = ""  # a passage's own language, where it is not the document's


@dataclass(frozen=True)
class PrintPage:
    number: int


Item = Heading | Paragraph | PrintPage


def plain_document(manuscript: Manuscript) -> list[Item]:
    """The cover, the contents, what the document is, then every section."""
    writer = _Writer(manuscript)
    writer.front()
    for section in manuscript.publication.sections:
        writer.section(section)
    return writer.items


class _Writer:
    def __init__(self, manuscript: Manuscript) -> None:
        self.manuscript = manuscript
        self.fragments = manuscript.fragments
        publication = manuscript.publication
        ids = [*FRONT_IDS]
        for section in publication.sections:
            ids.extend(reading_order_ids(section, manuscript.fragments))
        self.marks = page_marks(
            ids, manuscript.print_pages, first=2, last=manuscript.print_page_count
        )
        self.items: list[Item] = [PrintPage(1)] if manuscript.print_pages else []
        self.words = translator(publication.metadata.language or "en")

    def mark(self, ident: str) -> None:
        self.items.extend(PrintPage(page) for page in self.marks.get(ident, ()))

    def front(self) -> None:
        meta = self.manuscript.publication.metadata
        self.items.extend(Paragraph(line) for line in (meta.label,) if line)
        self.items.append(Heading(1, meta.title))
        dated = ", ".join(
            part
            for part in (self.words.long_date(meta.date) if meta.date else "", meta.version)
            if part
        )
        for line in (meta.subtitle, meta.organisation, dated):
            if line:
                self.items.append(Paragraph(line))
        self.mark(FRONT_IDS[0])
        self.items.append(Heading(2, self.words.gettext(words.CONTENTS)))
        self._contents(self.manuscript.publication.sections, 0)
        if shows_about(meta):
            self.mark(FRONT_IDS[1])
            self.items.append(Heading(2, self.words.gettext(words.ABOUT)))
            if meta.summary:
                self.items.append(Paragraph(meta.summary))
            facts = about_facts(meta, self.words)
            self.items.extend(Paragraph(f"{label}: {value}", tight=True) for label, value in facts)
            if meta.alternative_formats:
                self.items.append(Paragraph(meta.alternative_formats))

    def _contents(self, sections: tuple[Section, ...], depth: int) -> None:
        for section in sections:
            if not section.in_contents:
                continue
            self.items.append(
                Paragraph(section.title, depth, tight=True, language=section.language)
            )
            if depth + 1 < self.manuscript.publication.contents_depth:
                self._contents(section.sections, depth + 1)

    def section(self, section: Section) -> None:
        """A section, its words (Notes, Table ...) in its own language where the tool
        prints in it: a part of a bilingual publication is labelled in its language."""
        start, outer = len(self.items), self.words
        if section.language and has_catalogue(section.language):
            self.words = translator(section.language)
        self._section(section)
        self.words = outer
        self._in_language(start, section.language)

    def _in_language(self, start: int, language: str) -> None:
        """Mark the items from ``start`` on, those not already marked, as in ``language``."""
        if language:
            self.items[start:] = [
                dataclasses.replace(item, language=language)
                if not isinstance(item, PrintPage) and not item.language
                else item
                for item in self.items[start:]
            ]

    def _section(self, section: Section) -> None:
        self.mark(section.anchor)
        self.items.append(Heading(section.level, section.title))
        if section.subtitle:
            self.items.append(Paragraph(section.subtitle))
        notes: list[Paragraph] = []
        for number, block in enumerate(section.blocks, 1):
            ident = block_id(section.anchor, number)
            self.mark(ident)
            start = len(self.items)
            self.block(block, section.level + 1, ident, notes)
            self._in_language(start, getattr(block, "language", ""))
        if notes:
            self.items.append(Paragraph(f"{self.words.gettext(words.NOTES)}:"))
            self.items.extend(notes)
        for child in section.sections:
            self.section(child)

    def block(self, block: Block, level: int, ident: str, notes: list[Paragraph]) -> None:
        match block:
            case Prose(text=text):
                self.prose(text, notes)
            case Figure(image=image, caption=caption):
                if not image.decorative:
                    self.items.append(Paragraph(f"[{self.image}: {image.alt}]"))
                if caption is not None:
                    self.prose(caption, notes)
            case Cards(items=items):
                for number, card in enumerate(items, 1):
                    self.mark(f"{ident}-{number}")
                    self.items.append(Heading(level, card.title))
                    self.prose(card.text, notes)
            case Principles(items=items):
                for number, principle in enumerate(items, 1):
                    self.mark(f"{ident}-{number}")
                    self.items.append(Heading(level, f"{principle.number} {principle.title}"))
                    self.prose(principle.text, notes)
            case Table():
                caption = f": {block.caption}" if block.caption else ""  # Word's may have none
                self.items.append(Paragraph(f"{self.words.gettext(words.TABLE)}{caption}"))
                rows = table_rows(block, lambda text: _inline(self.fragments[text], self.image))
                self.items.extend(Paragraph(row, 1, tight=True) for row in rows)
            case Callout(title=title, text=text):
                if title:
                    self.items.append(Paragraph(title))
                self.prose(text, notes)
            case Contact():
                lines = contact_lines(block, self.words)  # a paragraph of its own
                self.items.extend(Paragraph(line, tight=n > 0) for n, line in enumerate(lines))

    def prose(self, text: Text, notes: list[Paragraph]) -> None:
        fragment = self.fragments[text]
        if text.inline:
            self.items.append(Paragraph(_inline(fragment, self.image)))
            return
        for element in lxml_html.fragments_fromstring(str(fragment) or "<p></p>"):
            if isinstance(element, str):
                self.items.append(Paragraph(" ".join(element.split())))
            else:
                self._element(element, 0, notes)

    def _element(self, element: HtmlElement, depth: int, notes: list[Paragraph]) -> None:
        tag = element.tag
        if tag in ("h3", "h4", "h5", "h6"):
            self.mark(element.get("id", ""))
            self.items.append(Heading(int(tag[1]), _text(element, self.image)))
        elif tag in ("ul", "ol"):
            self._list(element, depth, notes)
        elif tag == "blockquote":
            for child in element:
                self._element(child, depth + 1, notes)
        elif tag == "section" and "footnotes" in (element.get("class") or ""):
            for number, item in enumerate(element.iter("li"), 1):
                for back in item.find_class("footnote-backref"):
                    back.drop_tree()
                notes.append(Paragraph(_text(item, self.image), 0, f"[{number}]", tight=True))
        elif tag == "table":
            for row in element.iter("tr"):
                cells = [_text(cell, self.image) for cell in row if cell.tag in ("td", "th")]
                self.items.append(Paragraph("; ".join(cells), depth + 1, tight=True))
        elif tag != "hr":
            self.items.append(Paragraph(_text(element, self.image), depth))

    @property
    def image(self) -> str:
        return self.words.gettext(words.IMAGE)

    def _list(self, element: HtmlElement, depth: int, notes: list[Paragraph]) -> None:
        number = int(element.get("start") or 1)
        for item in element:
            if item.tag != "li":
                continue
            nested = [child for child in item if child.tag in ("ul", "ol")]
            for child in nested:
                item.remove(child)
            marker = f"{number}." if element.tag == "ol" else "•"
            self.items.append(Paragraph(_text(item, self.image), depth, marker, tight=True))
            number += 1
            for child in nested:
                self._list(child, depth + 1, notes)


def table_rows(table: Table, text_of) -> list[str]:
    """Each row of a table in reading order: "Ward: Riverside; 2025: 12,000"."""
    headers = [text_of(cell) for cell in table.rows[0]] if table.header_row else []
    rows = []
    for row in table.rows[1:] if table.header_row else table.rows:
        cells = [text_of(cell) for cell in row]
        if headers:
            parts = [f"{label}: {value}" for label, value in zip(headers, cells, strict=True)]
        elif table.header_column and len(cells) > 1:
            parts = [f"{cells[0]}: {cells[1]}", *cells[2:]]
        else:
            parts = cells
        rows.append("; ".join(parts))
    return rows


def contact_lines(contact: Contact, language: Translator) -> list[str]:
    lines = [contact.title, contact.name, *contact.address]
    for label, value in (
        (words.TELEPHONE, contact.telephone),
        (words.EMAIL, contact.email),
        (words.WEBSITE, contact.website),
    ):
        lines.append(f"{language.gettext(label)} {value}" if value else "")
    return [line for line in lines if line]


def _inline(fragment: Markup, image: str) -> str:
    if not str(fragment).strip():
        return ""
    return _text(lxml_html.fragment_fromstring(str(fragment), create_parent="span"), image)


def _text(element: HtmlElement, image: str) -> str:
    """An element's words on one line: links with their address, images as their alt text
    (``image`` is the word that introduces it, in the passage's language)."""
    parts: list[str] = []
    _collect(element, parts, image)
    return " ".join("".join(parts).split())


def _collect(element: HtmlElement, parts: list[str], image: str) -> None:
    if element.tag == "img":
        parts.append(f"[{image}: {element.get('alt', '')}]")
    elif element.tag == "br":
        parts.append(" ")
    else:
        parts.append(element.text or "")
        for child in element:
            _collect(child, parts, image)
            parts.append(child.tail or "")
        href = element.get("href", "") if element.tag == "a" else ""
        shown = "".join(element.itertext()).strip()
        address = href.removeprefix("mailto:").removeprefix("tel:")
        if href and not href.startswith("#") and address != shown:
            parts.append(f" ({address})")
        return
    parts.append("")
