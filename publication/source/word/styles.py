"""What Word's styles and list definitions mean for us.

A paragraph's look comes from a chain: the document's defaults, its paragraph
style and the styles that one is based on, a character style, then what is set
on the run itself. We resolve that chain for the few properties that matter:
heading level, bold, italic, hidden, colour and size. Lists are resolved to what
Word shows: a bullet, a plain number, or a label such as '(a)' or '3.2'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from lxml import etree

__all__ = [
    "ListMark",
    "Numbering",
    "Styles",
    "W",
    "list_numbering",
    "number",
    "run_properties",
    "w",
]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_OFF = {"0", "false", "off", "none"}
_DEEPEST_LIST_LEVEL = 8  # Word's lists have nine levels
_HEADING_NAME = re.compile(r"heading ([1-9])$")


def w(name: str) -> str:
    """The qualified name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{name}"


_VAL = w("val")


def run_properties(rpr: etree._Element | None) -> dict[str, object]:
    """The properties a ``w:rPr`` sets, as plain values; unset ones are absent."""
    found: dict[str, object] = {}
    if rpr is None:
        return found
    for child in rpr:
        name = etree.QName(child).localname
        if name in ("b", "i", "strike", "dstrike", "vanish", "caps"):
            found[name] = child.get(_VAL, "1").lower() not in _OFF
        elif name == "color":
            found["color"] = (child.get(_VAL, "auto"), child.get(w("themeColor"), ""))
        elif name == "sz":
            found["sz"] = number(child.get(_VAL))
        elif name == "vertAlign":
            found["script"] = {"superscript": "sup", "subscript": "sub"}.get(child.get(_VAL), "")
        elif name in ("shd", "highlight"):
            found[name] = child.get(w("fill") if name == "shd" else _VAL, "")
        elif name == "rStyle":
            found["style"] = child.get(_VAL, "")
    return found


def number(text: str | None) -> int | None:
    """A whole number Word wrote, within what Word itself allows (list starts, sizes)."""
    return min(int(text), 32767) if text and text.isdigit() and len(text) < 10 else None


@dataclass
class _Style:
    name: str
    kind: str
    based_on: str
    outline: int | None  # w:outlineLvl, 0 for level 1
    numbering: tuple[str, int] | None  # (numId, ilvl) a list style sets
    run: dict[str, object]


@dataclass
class Styles:
    """The document's styles by id, each resolved through the styles it is based on."""

    styles: dict[str, _Style] = field(default_factory=dict)
    defaults: dict[str, object] = field(default_factory=dict)
    default_paragraph: str = ""
    language: str = ""

    @classmethod
    def read(cls, root: etree._Element | None) -> Styles:
        found = cls()
        if root is None:
            return found
        defaults = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        found.defaults = run_properties(defaults)
        language = None if defaults is None else defaults.find(w("lang"))
        found.language = "" if language is None else language.get(_VAL, "")
        for element in root.iter(w("style")):
            ident = element.get(w("styleId"), "")
            name = element.find(w("name"))
            based = element.find(w("basedOn"))
            ppr = element.find(w("pPr"))
            outline = None if ppr is None else ppr.find(w("outlineLvl"))
            num = None if ppr is None else ppr.find(w("numPr"))
            found.styles[ident] = _Style(
                name="" if name is None else name.get(_VAL, "").lower(),
                kind=element.get(w("type"), ""),
                based_on="" if based is None else based.get(_VAL, ""),
                outline=None if outline is None else number(outline.get(_VAL)),
                numbering=None if num is None else list_numbering(num),
                run=run_properties(element.find(w("rPr"))),
            )
            if (
                element.get(w("default")) in ("1", "true")
                and found.styles[ident].kind == "paragraph"
            ):
                found.default_paragraph = ident
        return found

    def chain(self, ident: str) -> list[_Style]:
        """The style and those it is based on, the most general first."""
        return list(_chain(self, ident or self.default_paragraph))

    def name(self, ident: str) -> str:
        style = self.styles.get(ident or self.default_paragraph)
        return style.name if style else ""

    def heading(self, ident: str, own_outline: int | None) -> int:
        """The heading level (1 to 9) a paragraph of this style has, or 0 for body text."""
        outline = own_outline
        if outline is None:
            for style in self.chain(ident):  # the most specific style is last, and wins
                if style.outline is not None:
                    outline = style.outline
        if outline is not None:
            return outline + 1 if outline < 9 else 0
        match = _HEADING_NAME.match(self.name(ident))
        return int(match.group(1)) if match else 0

    def run(self, paragraph_style: str, run_style: str) -> dict[str, object]:
        """The run properties the styles give, before what the run sets itself."""
        merged = dict(self.defaults)
        for style in self.chain(paragraph_style):
            merged.update(style.run)
        if run_style:
            for style in self.chain(run_style):
                merged.update(style.run)
        return merged

    def numbering(self, ident: str) -> tuple[str, int] | None:
        for style in reversed(self.chain(ident)):
            if style.numbering:
                return style.numbering
        return None


def _chain(styles: Styles, ident: str):
    seen: list[_Style] = []
    while ident in styles.styles and len(seen) < 20:  # a loop of basedOn ends here
        style = styles.styles[ident]
        if style in seen:
            break
        seen.append(style)
        ident = style.based_on
    return reversed(seen)


def list_numbering(num: etree._Element) -> tuple[str, int]:
    ident, level = num.find(w("numId")), num.find(w("ilvl"))
    return (
        "" if ident is None else ident.get(_VAL, ""),
        min(0 if level is None else (number(level.get(_VAL)) or 0), _DEEPEST_LIST_LEVEL),
    )


@dataclass(frozen=True)
class ListMark:
    """What Word shows before a list paragraph: a bullet, a plain number, or a label."""

    kind: str  # "bullet", "number" (1. 2. 3.) or "label" ((a), iv, 3.2 ...)
    level: int  # 0 for the outermost
    number: int
    label: str
    list_id: str


@dataclass
class _Level:
    format: str
    text: str
    start: int


@dataclass
class Numbering:
    """List definitions, and the counters Word keeps while a document is read."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # by numId
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def read(cls, root: etree._Element | None) -> Numbering:
        found = cls()
        if root is None:
            return found
        abstract = {
            element.get(w("abstractNumId"), ""): _levels(element)
            for element in root.iter(w("abstractNum"))
        }
        for num in root.iter(w("num")):
            ref = num.find(w("abstractNumId"))
            levels = dict(abstract.get("" if ref is None else ref.get(_VAL, ""), {}))
            for override in num.iter(w("lvlOverride")):
                level = number(override.get(w("ilvl"))) or 0
                start = override.find(w("startOverride"))
                if start is not None and level in levels:
                    old = levels[level]
                    levels[level] = _Level(old.format, old.text, number(start.get(_VAL)) or 0)
            found.levels[num.get(w("numId"), "")] = levels
        return found

    def mark(self, num_id: str, level: int) -> ListMark | None:
        """The next mark of list ``num_id`` at ``level``, counting as Word does."""
        levels = self.levels.get(num_id)
        if not levels:
            return None
        if level not in levels:  # deeper than the list defines: as its deepest level
            deepest = max((k for k in levels if k <= level), default=min(levels))
            levels = {**levels, level: levels[deepest]}
        counters = self.counters.setdefault(num_id, [])
        while len(counters) <= level:
            deeper = levels.get(len(counters))
            counters.append((deeper.start if deeper else 1) - 1)
        counters[level] += 1
        for deeper in range(level + 1, len(counters)):
            counters[deeper] = (levels[deeper].start if deeper in levels else 1) - 1
        own = levels[level]
        if own.format == "bullet":
            return ListMark("bullet", level, counters[level], "", num_id)
        label = re.sub(
            r"%([1-9])",
            lambda m: _formatted(counters, levels, int(m.group(1)) - 1),
            own.text,
        )
        plain = own.format == "decimal" and re.fullmatch(r"%[1-9][.)]", own.text)
        if own.format == "none" or not label.strip():
            return None
        return ListMark("number" if plain else "label", level, counters[level], label, num_id)


def _levels(abstract: etree._Element) -> dict[int, _Level]:
    levels = {}
    for element in abstract.iter(w("lvl")):
        fmt, text, start = (
            element.find(w("numFmt")),
            element.find(w("lvlText")),
            element.find(w("start")),
        )
        levels[number(element.get(w("ilvl"))) or 0] = _Level(
            "decimal" if fmt is None else fmt.get(_VAL, "decimal"),
            "" if text is None else text.get(_VAL, ""),
            1 if start is None else (number(start.get(_VAL)) or 0),
        )
    return levels


def _formatted(counters: list[int], levels: dict[int, _Level], level: int) -> str:
    if level >= len(counters):
        return ""
    value = max(counters[level], 0)
    fmt = levels[level].format if level in levels else "decimal"
    return _formatnumber(value, fmt)


@cache
def _formatnumber(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(97 + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


_NUMERALS = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
    (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def _roman(value: int) -> str:
    numerals = _NUMERALS
    text = ""
    for amount, numeral in numerals:
        while value >= amount:
            text, value = text + numeral, value - amount
    return text
