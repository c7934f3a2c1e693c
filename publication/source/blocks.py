"""The blocks of a section: prose, figures, cards, principles, tables, callouts, contacts.

Each block is a one-key record naming its kind; ``BLOCKS`` says which function
reads each kind into the model.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from publication.source import images
from publication.source.links import LINK_HINT, web_address
from publication.source.load import Items, Record
from publication.source.model import (
    Block,
    Callout,
    Card,
    Cards,
    Contact,
    Figure,
    Principle,
    Principles,
    Prose,
    Table,
    Text,
)
from publication.source.records import Reader, scalar_text

__all__ = ["BLOCKS", "FIGURE_WIDTHS", "blocks"]

FIGURE_WIDTHS = ("narrow", "medium", "full")


def blocks(reader: Reader, items: Items) -> tuple[Block, ...]:
    """Every usable block of a ``blocks:`` list, in order; the rest reported."""
    built: list[Block] = []
    for item, location in zip(items, items.locations, strict=True):
        kinds = [key for key in item if key in BLOCKS] if isinstance(item, Record) else []
        others = [key for key in item if key not in BLOCKS] if isinstance(item, Record) else []
        if not isinstance(item, Record) or len(kinds) != 1 or others not in ([], ["language"]):
            reader.diagnostics.error(
                location,
                "bad-block",
                "a block must be exactly one of: "
                + ", ".join(BLOCKS)
                + " (and may say its 'language:')",
                "start the block with '- figure:', '- text: |', '- file: name.md' and so on",
            )
            continue
        if _empty(reader, item, kinds[0]):
            continue
        block = BLOCKS[kinds[0]](reader, item, kinds[0])
        if block is not None and "language" in item:
            block = dataclasses.replace(block, language=reader.language(item))
        if block is not None:
            built.append(block)
    return tuple(built)


def _empty(reader: Reader, item: Record, kind: str) -> bool:
    """True, reported, for a block with nothing after its name, or prose that is not text."""
    value = item[kind]
    if value is None:
        problem = f"the {kind} block is empty"
    elif kind in ("file", "text") and not isinstance(value, str):
        problem = f"a {kind} block takes text, not a list or block of keys"
    else:
        return False
    reader.diagnostics.error(
        item.where(kind),
        "bad-block",
        problem,
        "give a file name after '- file:', or Markdown after '- text: |'"
        if kind in ("file", "text")
        else f"give the {kind}'s keys indented below '- {kind}:'",
    )
    return True


def _file(reader: Reader, item: Record, key: str) -> Prose | None:
    text = reader.file_text(item, key)
    return Prose(text) if text else None


def _text(reader: Reader, item: Record, key: str) -> Prose | None:
    return Prose(reader.text(item, key))


def _figure(reader: Reader, item: Record, key: str) -> Figure | None:
    record = item[key]
    if not reader.check_record(record, "figure", item.where(key)):
        return None
    decorative = bool(record.get("decorative", False))
    alt = scalar_text(record.get("alt"))
    if decorative and alt:
        reader.diagnostics.warning(
            record.where("alt"),
            "alt-on-decorative",
            "a decorative image's alt text is never read out",
            "remove 'alt:' or 'decorative: true'",
        )
    image = images.image(reader, record["image"], record.where("image"), alt, decorative)
    width = record.get("width", "full")
    if width not in FIGURE_WIDTHS:
        reader.diagnostics.error(
            record.where("width"),
            "bad-value",
            f"unknown width '{width}'",
            f"use one of {', '.join(FIGURE_WIDTHS)}",
        )
    caption = reader.text(record, "caption", inline=True) if record.get("caption") else None
    if image is None:
        return None
    return Figure(image, caption, width, **_large_print(reader, record, image))


def _large_print(reader: Reader, record: Record, image) -> dict:
    """A figure's large-print alternative: the image with its text enlarged, or
    what it shows as text, printed in its place."""
    found: dict = {}
    if record.get("large_print_image"):
        found["large_print_image"] = images.image(
            reader, record["large_print_image"], record.where("large_print_image"),
            image.alt, image.decorative,
        )  # fmt: skip
    if record.get("large_print_text"):
        found["large_print_text"] = reader.text(record, "large_print_text")
    if len(found) == 2:
        reader.diagnostics.error(
            record.where("large_print_text"),
            "large-print-twice",
            "a figure takes 'large_print_image' or 'large_print_text', not both",
            "keep the one that serves a large-print reader better",
        )
    return found


def _cards(reader: Reader, item: Record, key: str) -> Cards | None:
    record = item[key]
    if not reader.check_record(record, "cards", item.where(key)):
        return None
    cards = []
    for card, location in zip(record["items"], record["items"].locations, strict=True):
        if reader.check_record(card, "card", location):
            title, icon = scalar_text(card["title"]), images.icon(reader, card)
            cards.append(Card(title, icon, reader.text(card, "text")))
    return Cards(tuple(cards))


def _principles(reader: Reader, item: Record, key: str) -> Principles | None:
    record = item[key]
    if not reader.check_record(record, "principles", item.where(key)):
        return None
    entries = zip(record["items"], record["items"].locations, strict=True)
    principles = []
    for number, (entry, location) in enumerate(entries, record.get("start", 1)):
        if reader.check_record(entry, "principle", location):
            title = scalar_text(entry["title"])
            principles.append(Principle(number, title, reader.text(entry, "text")))
    return Principles(tuple(principles))


def _table(reader: Reader, item: Record, key: str) -> Table | None:
    record = item[key]
    if not reader.check_record(record, "table", item.where(key)):
        return None
    rows = _rows(reader, record)
    if not rows:
        reader.diagnostics.error(record.where("rows"), "empty-table", "the table has no rows")
        return None
    return Table(
        scalar_text(record["caption"]),
        record.get("header_row", True),
        record.get("header_column", False),
        tuple(rows),
        item.where(key),
    )


def _rows(reader: Reader, record: Record) -> list[tuple[Text, ...]]:
    """A table's rows as cells of inline text; ragged rows and non-rows reported."""
    rows: list[tuple[Text, ...]] = []
    widths = set()
    for row, location in zip(record["rows"], record["rows"].locations, strict=True):
        if not isinstance(row, Items) or not all(isinstance(c, str) or c is None for c in row):
            reader.diagnostics.error(
                location,
                "bad-table-row",
                "a table row must be a list of cells, such as [Ward, Population]",
                "write each row as '- [cell, cell, cell]'",
            )
            continue
        widths.add(len(row))
        cells = zip(row, row.locations, strict=True)
        rows.append(tuple(Text(scalar_text(c), at, True) for c, at in cells))
    if len(widths) > 1:
        reader.diagnostics.error(
            record.where("rows"),
            "ragged-table",
            f"table rows have different numbers of cells ({sorted(widths)})",
            "give every row the same number of cells; use '' for an empty one",
        )
    return rows


def _callout(reader: Reader, item: Record, key: str) -> Callout | None:
    record = item[key]
    if not reader.check_record(record, "callout", item.where(key)):
        return None
    return Callout(scalar_text(record.get("title")), reader.text(record, "text"))


def _contact(reader: Reader, item: Record, key: str) -> Contact | None:
    record = item[key]
    if not reader.check_record(record, "contact", item.where(key)):
        return None
    if not any(record.get(k) for k in ("name", "address", "telephone", "email", "website")):
        reader.diagnostics.error(
            item.where(key),
            "empty-contact",
            "the contact box is empty",
            "give at least one of name, address, telephone, email, website",
        )
        return None

    def text(key: str) -> str:
        return scalar_text(record.get(key))

    _check_website(reader, record)
    return Contact(
        title=scalar_text(record.get("title") or ""),  # the template says "Contact us"
        name=text("name"),
        address=reader.texts(record, "address"),
        telephone=text("telephone"),
        email=text("email"),
        website=text("website"),
        location=item.where(key),
    )


def _check_website(reader: Reader, record: Record) -> None:
    """A contact's website is printed as a live link, so it follows the rule for links."""
    if record.get("website"):
        try:
            web_address(record["website"])
        except ValueError as refused:
            reader.diagnostics.error(record.where("website"), "bad-link", str(refused), LINK_HINT)


BLOCKS: dict[str, Callable[[Reader, Record, str], Block | None]] = {
    "file": _file,
    "text": _text,
    "figure": _figure,
    "cards": _cards,
    "principles": _principles,
    "table": _table,
    "callout": _callout,
    "contact": _contact,
}
