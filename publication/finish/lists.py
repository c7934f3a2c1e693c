"""Lists as PDF reads them: nested lists inside their item, one item per HTML item,
and a numbering a reader can announce.

WeasyPrint puts a nested list beside its item in the parent list, and a list
item cut at a page break becomes two items, the second often empty, with the
rest of its nested list as a second list; the paragraphs of a loose list's item
(Markdown's blank line between items) sit beside its label, outside any body.
Here each piece of an item joins the item, each nested list moves into its
item's ``LBody`` (its pieces joined), what an item holds besides its label goes
into that one body, and every list says how it is numbered (``ListNumbering``),
from its CSS ``list-style-type``, so that a numbered list is announced as one.
"""

from __future__ import annotations

from pikepdf import Array, Dictionary, Name

from publication.finish.split import join_pieces
from publication.finish.tree import Tagged, adopt, is_element, kids, set_kids

__all__ = ["LIST_NUMBERING", "nest_lists", "number_lists"]

LIST_NUMBERING = {
    "disc": "Disc", "circle": "Circle", "square": "Square", "decimal": "Decimal",
    "decimal-leading-zero": "Decimal", "upper-roman": "UpperRoman",
    "lower-roman": "LowerRoman", "upper-alpha": "UpperAlpha", "upper-latin": "UpperAlpha",
    "lower-alpha": "LowerAlpha", "lower-latin": "LowerAlpha",
}  # fmt: skip


def nest_lists(tagged: Tagged) -> None:
    for element, about in list(tagged.elements("L")):
        if element.objgen not in tagged.detached and element.S == "/L":
            _tidy(tagged, element)
            if about.html_tag != "dl":  # a term and its definitions are paired later
                for item in kids(element):
                    if is_element(item) and item.S == "/LI":
                        _one_body(tagged, item)


def _tidy(tagged: Tagged, element) -> None:
    """Join the pieces of each item, and move nested lists into the item before them."""
    items: list = []
    for kid in kids(element):
        last = items[-1] if items and is_element(items[-1]) else None
        if last is not None and is_element(kid) and _same(tagged, last, kid):
            join_pieces(tagged, last, kid)
        elif last is not None and is_element(kid) and kid.S == "/L" and last.S == "/LI":
            _put_in_body(tagged, last, kid)
        else:
            items.append(kid)
    set_kids(element, items)


def _same(tagged: Tagged, one, two) -> bool:
    key = tagged.key(one)
    return key >= 0 and key == tagged.key(two) and one.S == two.S


def _put_in_body(tagged: Tagged, item, nested) -> None:
    bodies = [k for k in kids(item) if is_element(k) and k.S == "/LBody"]
    if bodies:
        body = bodies[-1]
    else:
        body = tagged.pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.LBody, P=item, Pg=item.Pg, K=Array())
        )
        set_kids(item, [*kids(item), body])
    inside = kids(body)
    if inside and is_element(inside[-1]) and _same(tagged, inside[-1], nested):
        join_pieces(tagged, inside[-1], nested)
        return
    nested.P = body
    set_kids(body, [*inside, nested])


def _one_body(tagged: Tagged, item) -> None:
    """An item as a reader expects it: its label, then one ``LBody`` holding the rest
    in order (the paragraphs of a loose item, a nested list moved in)."""
    labels = [k for k in kids(item) if is_element(k) and k.S == "/Lbl"]
    rest = [k for k in kids(item) if not (is_element(k) and k.S == "/Lbl")]
    if len(rest) <= 1 and all(is_element(k) and k.S == "/LBody" for k in rest):
        return
    body = tagged.pdf.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name.LBody, P=item, Pg=item.Pg, K=Array())
    )
    held: list = []
    for kid in rest:
        if is_element(kid) and kid.S == "/LBody":
            held += adopt(tagged, kid, body, kids(kid))
            tagged.detached.add(kid.objgen)
        else:
            held += adopt(tagged, item, body, [kid])
    set_kids(body, held)
    set_kids(item, [*labels, body])


def number_lists(tagged: Tagged) -> None:
    """Each list's ListNumbering, from how its items are marked in print."""
    for element, about in tagged.elements("L"):
        if element.S != "/L":
            continue
        terms = about.html_tag == "dl"  # labelled by its terms, not numbered
        numbering = "None" if terms else LIST_NUMBERING.get(about.list_style, "None")
        attributes = Dictionary(O=Name.List, ListNumbering=Name("/" + numbering))
        existing = element.get("/A")
        if existing is None:
            element.A = attributes
        else:
            element.A = Array([*(existing if isinstance(existing, Array) else [existing]),
                               attributes])  # fmt: skip
