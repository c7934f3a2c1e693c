"""An SVG file read before WeasyPrint draws it: small enough, self-contained and
cheap to draw.

An SVG is a program for drawing as much as a picture: ``<use>`` copies an
element, so ten nested uses of ten copies each draw 10¹⁰ shapes from a file of
a few lines (and a use that copies its own group never ends); an entity
declared inside the file expands the same way ("billion laughs"); and a link to
another file or a web address would be fetched while printing. So the file is
refused unless every reference stays inside it and what it draws, each ``<use>``
counted as what it copies, is within the limits in ``publication.limits``.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from xml.etree import ElementTree

from publication.limits import MAX_SVG_BYTES, MAX_SVG_DEPTH, MAX_SVG_ELEMENTS, megabytes

__all__ = ["SVG_HINT", "SVGRefused", "svg_ratio"]

_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_ENTITY = re.compile(r"<!ENTITY\s+(%\s*)?([^\s>]+)\s+(\"[^\"]*\"|'[^']*'|[^>]*)", re.IGNORECASE)
_USE = re.compile(r"&([^&;]*);")  # a use of an entity, '&name;'
_REFERENCE = re.compile(r"""(?:href\s*=\s*["']\s*([^"'\s]*))|(?:url\(\s*['"]?\s*([^)'"\s]*))""")
_VIEWBOX = re.compile(r"\s*[-\d.e]+[\s,]+[-\d.e]+[\s,]+([\d.e]+)[\s,]+([\d.e]+)\s*$")
SVG_HINT = "export it again from the drawing program as a plain SVG, or as a PNG"


class SVGRefused(Exception):
    """Why an SVG may not be drawn, in words that follow its name."""


def svg_ratio(data: bytes) -> float:
    """Height over width of an SVG that may be drawn; ``SVGRefused`` if it may not."""
    return _ratio(_checked_tree(data))


def _checked_tree(data: bytes) -> ElementTree.Element:
    if len(data) > MAX_SVG_BYTES:
        raise SVGRefused(
            f"is {megabytes(len(data))}; an SVG may be {megabytes(MAX_SVG_BYTES)} at most"
        )
    text = data.decode("utf-8", "replace")
    if "<svg" not in text:
        raise SVGRefused("is not an SVG image")
    _check_entities(text)
    for match in _REFERENCE.finditer(text):
        reference = match.group(1) if match.group(1) is not None else match.group(2)
        if reference and not reference.startswith("#"):
            raise SVGRefused(
                f"refers to '{reference[:60]}', another file or a web address, which is "
                "never fetched while printing; an SVG must hold everything it draws"
            )
    root = _parsed(data)
    _check_drawn(root)
    return root


def _check_entities(text: str) -> None:
    """Entities may only stand for plain text, and written out stay within the size limit.

    Every reference in the file is counted in one pass and each declaration looks
    its name up: a file of thousands of declarations is read once, not once each.
    A name holding '&' or ';' is not a name XML allows: no well-formed file refers
    to it (the parser refuses its declaration), so it expands nothing.
    """
    declared = _ENTITY.findall(text)
    if not declared:
        return
    used = Counter(_USE.findall(text))
    written_out = len(text)
    for parameter, name, value in declared:
        literal = value[:1] in ('"', "'")
        if parameter or not literal or "&" in value or "%" in value:
            raise SVGRefused(
                f"declares the entity '{name}' as another file, or built from other "
                "entities, which is never read"
            )
        written_out += used[name] * len(value)
    if written_out > MAX_SVG_BYTES:
        raise SVGRefused(
            f"expands its entities to more than {megabytes(MAX_SVG_BYTES)}, "
            "the most an SVG may hold"
        )


def _parsed(data: bytes) -> ElementTree.Element:
    """The element tree, counting elements and nesting as it is read."""
    depth = count = 0
    root = None
    try:
        for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
            if event == "end":
                depth -= 1
                continue
            root = element if root is None else root
            depth, count = depth + 1, count + 1
            if depth > MAX_SVG_DEPTH or count > MAX_SVG_ELEMENTS:
                raise SVGRefused(_too_much(count > MAX_SVG_ELEMENTS))
    except ElementTree.ParseError as error:
        raise SVGRefused(f"is not a well-formed SVG ({error})") from None
    if root is None or not root.tag.endswith("svg"):
        raise SVGRefused("is not an SVG image")
    return root


def _check_drawn(root: ElementTree.Element) -> None:
    """What drawing the file makes, each ``<use>`` counted as what it copies."""
    ids = {element.get("id"): element for element in root.iter() if element.get("id")}
    drawn: dict[int, tuple[int, int]] = {}  # element -> (elements drawn, levels deep)
    open_now: set[int] = set()

    def visit(element: ElementTree.Element, depth: int) -> int:
        key = id(element)
        if key in drawn:
            count, height = drawn[key]
            if depth + height > MAX_SVG_DEPTH:
                raise SVGRefused(_too_much(False))
            return count
        if key in open_now:
            raise SVGRefused("has a <use> that copies the group it stands in, so it never ends")
        if depth > MAX_SVG_DEPTH:
            raise SVGRefused(_too_much(False))
        open_now.add(key)
        parts = list(element)
        target = ids.get((element.get("href") or element.get(_XLINK_HREF) or "")[1:])
        if element.tag.endswith("use") and target is not None:
            parts.append(target)
        count, height = 1, 0
        for part in parts:
            count += visit(part, depth + 1)
            height = max(height, drawn[id(part)][1])
            if count > MAX_SVG_ELEMENTS:
                raise SVGRefused(_too_much(True))
        open_now.discard(key)
        drawn[key] = (count, height + 1)
        return count

    visit(root, 1)


def _too_much(elements: bool) -> str:
    if elements:
        return (
            f"draws more than {MAX_SVG_ELEMENTS:,} elements (each <use> counted as what "
            "it copies), more than a printed image needs"
        )
    return f"nests elements more than {MAX_SVG_DEPTH} deep (following each <use>)"


def _ratio(root: ElementTree.Element) -> float:
    box = _VIEWBOX.match(root.get("viewBox") or "")
    try:
        width, height = (float(box.group(1)), float(box.group(2))) if box else (0.0, 0.0)
    except ValueError:
        return 1.0
    return height / width if width > 0 else 1.0
