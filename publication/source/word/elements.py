"""Small readers of WordprocessingML elements that the walk in ``reader`` shares:
names, children seen through wrappers, paragraph properties, and quotes."""

from __future__ import annotations

from lxml import etree

from publication.source.word import drawings
from publication.source.word.document import Run
from publication.source.word.package import Package
from publication.source.word.styles import list_numbering, number, w

__all__ = [
    "children",
    "choice",
    "emphasised",
    "is_contents",
    "local_name",
    "optional",
    "paragraph_properties",
    "quote",
]

_VAL = w("val")
_QUOTE_LENGTH = 40


def optional(package: Package, part: str | None) -> etree._Element | None:
    return package.xml(part) if part else None


def local_name(element: etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element: etree._Element, only: str = ""):
    """Children, looking through content controls and 'choose one' wrappers."""
    for child in element:
        name = local_name(child)
        if name == "AlternateContent":
            yield from choice(child)
        elif only and name in ("sdt", "customXml", "sdtContent"):
            yield from children(child, only)
        elif not only or name == only:
            yield child


def choice(element: etree._Element) -> list[etree._Element]:
    """What an mc:AlternateContent holds: its first choice (Word's own), else its fallback."""
    for option in element:
        if local_name(option) in ("Choice", "Fallback"):
            return list(option)
    return []


def is_contents(sdt: etree._Element) -> bool:
    gallery = sdt.find(f"{w('sdtPr')}/{w('docPartObj')}/{w('docPartGallery')}")
    return gallery is not None and "contents" in gallery.get(_VAL, "").lower()


def paragraph_properties(properties: etree._Element | None):
    """(style id, own outline level, own numbering, on a dark shading)."""
    if properties is None:
        return "", None, None, False
    style, outline = properties.find(w("pStyle")), properties.find(w("outlineLvl"))
    numbered, shading = properties.find(w("numPr")), properties.find(w("shd"))
    return (
        "" if style is None else style.get(_VAL, ""),
        None if outline is None else number(outline.get(_VAL)),
        None if numbered is None else list_numbering(numbered),
        shading is not None and drawings.is_dark(shading.get(w("fill"), "")),
    )


def emphasised(runs: list[Run]) -> bool:
    """Every character of visible text bold: how a heading is faked with formatting."""
    visible = [run for run in runs if run.text.strip()]
    return bool(visible) and all(run.bold for run in visible)


def quote(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return ""
    if len(text) > _QUOTE_LENGTH:
        text = text[:_QUOTE_LENGTH].rsplit(" ", 1)[0] + "…"
    return f'"{text}"'
