"""Pictures, text boxes and shapes inside a paragraph, and the colours of text.

A picture keeps its alt text (Word's Description) and whether Word marks it
decorative. A text box's paragraphs are kept, to be read after the paragraph it
is anchored to; a chart, a SmartArt diagram, a shape or an embedded object
cannot be carried over and is noted, so the clerk can replace it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from publication.source.word.document import Picture
from publication.source.word.styles import w

if TYPE_CHECKING:
    from publication.source.word.reader import DocumentReader, State

__all__ = ["drawing", "is_dark", "is_white", "symbol", "text_width"]

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V = "urn:schemas-microsoft-com:vml"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_GRAPHIC_KINDS = {"picture": "picture", "chart": "chart", "diagram": "diagram"}
_EMU_PER_TWIP = 635
_DEFAULT_TEXT_WIDTH = (11906 - 2 * 1440) * _EMU_PER_TWIP  # A4 with 1-inch margins
_WHITE_THEME = {"background1", "light1"}
_DARK_HIGHLIGHTS = {"black", "blue", "red", "green", "magenta"}
_VML_WIDTH = re.compile(r"width:\s*(\d+(?:\.\d+)?)pt")


def text_width(body: etree._Element) -> int:
    """The width text may take on the page, in EMU, from the last section's settings."""
    section = body.find(w("sectPr"))
    size = None if section is None else section.find(w("pgSz"))
    margins = None if section is None else section.find(w("pgMar"))
    try:
        width = int(size.get(w("w"))) - int(margins.get(w("left"))) - int(margins.get(w("right")))
    except (AttributeError, TypeError, ValueError):
        return _DEFAULT_TEXT_WIDTH
    return width * _EMU_PER_TWIP if width > 0 else _DEFAULT_TEXT_WIDTH


def drawing(reader: DocumentReader, element: etree._Element, state: State) -> None:
    """A w:drawing (DrawingML), w:pict (VML) or w:object inside a run."""
    name = etree.QName(element).localname
    if name == "object":
        state.kinds.add("object")
    elif name == "pict":
        _vml(reader, element, state)
    else:
        for frame in element:
            _frame(reader, frame, state)


def _frame(reader: DocumentReader, frame: etree._Element, state: State) -> None:
    """A picture, text box, chart or shape placed in line or anchored to the paragraph."""
    properties = frame.find(f"{{{WP}}}docPr")
    if properties is not None and properties.get("hidden") in ("1", "true"):
        state.kinds.add("hidden")
        return
    graphic = frame.find(f"{{{A}}}graphic/{{{A}}}graphicData")
    uri = "" if graphic is None else graphic.get("uri", "")
    kind = _GRAPHIC_KINDS.get(uri.rsplit("/", 1)[-1], "shape")
    boxes = [] if graphic is None else list(graphic.iter(w("txbxContent")))
    for content in boxes:
        state.kinds.add("text-box")
        state.boxes.extend(reader.box(content))
    if kind == "picture":
        blip = graphic.find(f".//{{{A}}}blip")
        extent = frame.find(f"{{{WP}}}extent")
        cx = "" if extent is None else extent.get("cx", "")
        width = int(cx) if cx.isdigit() else 0
        _picture(reader, blip, properties, width, state)
    elif kind != "shape" or not boxes:
        state.kinds.add(kind)


def _picture(reader, blip, properties, width: int, state: State) -> None:
    embedded = "" if blip is None else blip.get(f"{{{R}}}embed", "")
    relationship = reader.package.relationships(reader.part).get(embedded)
    if relationship is None or relationship.mode == "External":
        state.kinds.add("linked-picture")
        return
    _keep(reader, relationship.target)
    state.pictures.append(
        Picture(
            part=relationship.target,
            alt=_alt(properties),
            decorative=_decorative(properties),
            width=width / reader.text_width if width > 0 else 0.0,
            where=None,  # the paragraph's, once it is numbered
        )
    )


def _keep(reader: DocumentReader, part: str) -> None:
    if part not in reader.images:
        data = reader.package.data(part)
        if data is not None:
            reader.images[part] = data


def _alt(properties: etree._Element | None) -> str:
    """Word's Description; older versions of Word kept it in the Title."""
    if properties is None:
        return ""
    return " ".join((properties.get("descr") or properties.get("title") or "").split())


def _decorative(properties: etree._Element | None) -> bool:
    """Word 365's 'Mark as decorative', an extension of the picture's properties."""
    if properties is None:
        return False
    return any(
        etree.QName(child).localname == "decorative" and child.get("val") in ("1", "true")
        for child in properties.iter()
        if isinstance(child.tag, str)
    )


def _vml(reader: DocumentReader, element: etree._Element, state: State) -> None:
    """Word's older drawing format: pictures, text boxes and shapes."""
    boxes = list(element.iter(w("txbxContent")))
    for content in boxes:
        state.kinds.add("text-box")
        state.boxes.extend(reader.box(content))
    pictures = list(element.iter(f"{{{V}}}imagedata"))
    for data in pictures:
        relationship = reader.package.relationships(reader.part).get(data.get(f"{{{R}}}id", ""))
        if relationship is None or relationship.mode == "External":
            state.kinds.add("linked-picture")
            continue
        shape = data.getparent()
        alt = " ".join(
            (
                shape.get("alt") or data.get("{urn:schemas-microsoft-com:office:office}title") or ""
            ).split()
        )
        size = _VML_WIDTH.search(shape.get("style", ""))
        width = float(size.group(1)) * 12700 / reader.text_width if size else 0.0
        _keep(reader, relationship.target)
        state.pictures.append(Picture(relationship.target, alt, False, width, None))
    if not boxes and not pictures:
        state.kinds.add("shape")


def symbol(code: str) -> str:
    """A w:sym character; symbol-font characters (Wingdings) have no meaning in text."""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    return "" if 0xE000 <= value <= 0xF8FF else chr(value)


def _luminance(colour: str) -> float | None:
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", colour):
        return None
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def is_dark(fill: str) -> bool:
    """A shading fill (hex) dark enough that white text on it is meant to be seen."""
    luminance = _luminance(fill)
    return luminance is not None and luminance < 0.5


def is_white(properties: dict) -> bool:
    """Text coloured white (or nearly), on no dark shading or highlight of its own."""
    value, theme = properties.get("color", ("auto", ""))
    luminance = _luminance(value)
    white = theme in _WHITE_THEME or (luminance is not None and luminance > 0.9)
    highlight = str(properties.get("highlight", ""))
    shaded = is_dark(str(properties.get("shd", ""))) or highlight in _DARK_HIGHLIGHTS
    return white and not shaded and not highlight.startswith("dark")
