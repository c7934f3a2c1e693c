"""Which HTML element each structure element WeasyPrint tagged came from.

WeasyPrint tags page by page and forgets where each structure element came from;
the finishing stage needs that to rejoin an element split over pages and to give
elements their proper roles. This walk records it, in WeasyPrint's own order.
"""

from __future__ import annotations

from dataclasses import dataclass

from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder

__all__ = ["LaidOutElement", "laid_out_elements"]


@dataclass(frozen=True)
class LaidOutElement:
    """What the typesetter knows of one structure element it tagged.

    WeasyPrint tags page by page and forgets which HTML element each structure
    element came from; the finishing stage needs that to rejoin an element split
    over pages and to give elements their proper roles. Records are in the order
    WeasyPrint creates the structure elements.
    """

    role: str  # the structure type WeasyPrint gives it, without the slash
    page: int  # 0-based
    key: int  # the same number for every piece of one HTML element; -1 for text
    html_tag: str  # '' for text runs and anonymous boxes without an element
    classes: tuple[str, ...] = ()
    html_id: str = ""
    scope: str = ""
    in_margin: bool = False  # running header or footer
    text: str = ""  # visible text of a link, for its annotation; an image's alt text
    hidden: bool = False  # an image with empty alt text or hidden from assistive technology
    lang: str = ""  # the element's own lang attribute: its passage is in that language
    expansion: str = ""  # an abbreviation's title: what it stands for
    list_style: str = ""  # a list's CSS list-style-type: how its items are numbered
    source: str = ""  # an image's file (its src), to say which image a problem is in
    origin: str = ""  # 'file:line' of the nearest element that says where it came from


# -- which HTML element each structure element came from ----------------------
#
# WeasyPrint 70 builds its structure tree in weasyprint/pdf/tags.py by walking
# each page's boxes. The walk below visits the same boxes in the same order and
# applies the same role rules, so record N describes structure element N. The
# finishing stage checks every role against the PDF before it relies on this.

_ROLES = {
    "div": "Div", "span": "Span", "main": "Part", "article": "Art", "section": "Sect",
    "blockquote": "BlockQuote", "p": "P", "dl": "L", "ul": "L", "ol": "L", "li": "LI",
    "dt": "LI", "dd": "LI", "li::marker": "Lbl", "table": "Table", "tr": "TR", "th": "TH",
    "td": "TD", "thead": "THead", "tbody": "TBody", "tfoot": "TFoot", "img": "Figure",
    "{http://www.w3.org/2000/svg}svg": "Figure", "caption": "Caption", "figcaption": "Caption",
    **{f"h{n}": f"H{n}" for n in range(1, 7)},
}  # fmt: skip


def _role(tag: str | None) -> str:
    if tag is None:
        return "NonStruct"
    if tag.split(":")[0] == "a":
        return "Link"
    return _ROLES.get(tag, "NonStruct")


def _hidden(element) -> bool:
    """An image the author hid: empty alt, aria-hidden, or a presentational role."""
    return (
        element.get("alt") == ""
        or element.get("aria-hidden") == "true"
        or element.get("role") in ("presentation", "none")
    )


class _Recorder:
    def __init__(self) -> None:
        self.records: list[LaidOutElement] = []
        self.keys: dict[int, int] = {}

    def add(self, role: str, page: int, box, in_margin: bool, origin: str = "") -> None:
        element = box.element
        if element is None:
            self.records.append(
                LaidOutElement(role, page, -1, "", in_margin=in_margin, origin=origin)
            )
            return
        key = self.keys.setdefault(id(element), len(self.keys))
        tag = box.element_tag if isinstance(box.element_tag, str) else ""
        text = " ".join("".join(element.itertext()).split()) if role == "Link" else ""
        text = (element.get("alt") or "") if role == "Figure" else text
        self.records.append(
            LaidOutElement(
                role,
                page,
                key,
                tag,
                classes=tuple((element.get("class") or "").split()),
                html_id=element.get("id") or "",
                scope=element.get("scope") or "",
                in_margin=in_margin,
                text=text,
                hidden=role == "Figure" and _hidden(element),
                lang=element.get("lang") or "",
                expansion=(element.get("title") or "") if tag == "abbr" else "",
                list_style=str(box.style["list_style_type"]) if role == "L" else "",
                source=(element.get("src") or "") if role == "Figure" else "",
                origin=origin,
            )
        )

    def text(self, page: int, in_margin: bool, origin: str) -> None:
        self.records.append(
            LaidOutElement("Span", page, -1, "", in_margin=in_margin, origin=origin)
        )

    def walk(self, box, parent_role: str, page: int, in_margin: bool, origin: str = "") -> None:
        if isinstance(box, AbsolutePlaceholder):
            box = box._box
        if box.element is not None:
            origin = box.element.get("data-source") or origin
        element_tag = None if box.element is None else box.element_tag
        role = _role(element_tag)
        if element_tag in ("html", "body") or isinstance(box, boxes.PageBox):
            if isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.LineBox):
                for child in box.children:
                    self.walk(child, parent_role, page, in_margin, origin)
                return
        elif isinstance(box, boxes.MarginBox):
            for child in box.children:
                self.walk(child, parent_role, page, True)
            return
        elif role in ("TD", "TH"):
            if parent_role in ("TD", "TH"):
                role = "NonStruct"
        elif role == "LI":
            role, parent_role = self._list_item_role(box, parent_role, page, in_margin, origin)
        self.add(role, page, box, in_margin, origin)
        children = box.children if isinstance(box, boxes.ParentBox) else []
        if role == "Table" and box.is_table_wrapper:
            table = box.get_wrapped_table()
            children = [c for child in box.children
                        for c in (child.children if child is table else [child])]  # fmt: skip
        for child in children:
            for item in child.children if isinstance(child, boxes.LineBox) else [child]:
                if isinstance(item, boxes.TextBox):
                    if role != "Link":  # a link holds its text directly, no element
                        self.text(page, in_margin, origin)
                else:
                    self.walk(item, role, page, in_margin, origin)

    def _list_item_role(self, box, parent_role: str, page: int, in_margin: bool, origin: str):
        if parent_role == "LI":
            return "LBody", parent_role
        if parent_role == "LBody":
            return "NonStruct", parent_role
        no_bullet = box.element_tag == "li" and (
            "list-item" not in box.style["display"] or box.style["list_style_type"] == "none"
        )
        if box.element_tag in ("dt", "dd") or no_bullet:
            self.add("LI", page, box, in_margin, origin)  # WeasyPrint wraps it in an LI
            return "LBody", "LI"
        return "LI", parent_role


def laid_out_elements(document) -> tuple[LaidOutElement, ...]:
    recorder = _Recorder()
    for number, page in enumerate(document.pages):
        recorder.walk(page._page_box, "Document", number, False)
    return tuple(recorder.records)
