"""Colour contrast of the stylesheets: every text colour on its background meets WCAG AA.

Reads the edition's stylesheets as CSS (custom properties resolved) and pairs
each rule's text colour with the background it is drawn on: the rule's own
background, the background of a rule it sits inside (``.about h2`` in
``.about``), or the white page. A pair under 4.5:1 is an error naming both rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import tinycss2
import tinycss2.color3

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation

__all__ = ["MINIMUM_RATIO", "check_contrast", "contrast_ratio"]

MINIMUM_RATIO = 4.5  # WCAG 2.2 AA, normal-size text
WHITE = (1.0, 1.0, 1.0)
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*\)")


@dataclass(frozen=True)
class _Rule:
    selector: str
    colour: tuple[float, float, float] | None
    background: tuple[float, float, float] | None
    location: SourceLocation


def contrast_ratio(one: tuple[float, float, float], two: tuple[float, float, float]) -> float:
    lighter, darker = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def check_contrast(stylesheets: list[Path], diagnostics: Diagnostics) -> None:
    rules = _rules(stylesheets)
    page_text = next((r.colour for r in rules if r.selector == "html" and r.colour), (0, 0, 0))
    backgrounds = [r for r in rules if r.background]
    for rule in rules:
        pairs = []
        if rule.colour and rule.background:
            pairs.append((rule, rule))
        elif rule.colour:
            around = [b for b in backgrounds if rule.selector.startswith(b.selector + " ")]
            pairs.extend((rule, b) for b in around) if around else pairs.append((rule, None))
        elif rule.background:
            pairs.append((None, rule))
        for text, ground in pairs:
            colour = text.colour if text else page_text
            background = ground.background if ground else WHITE
            ratio = contrast_ratio(colour, background)
            if ratio < MINIMUM_RATIO:
                what = f"text colour of '{text.selector}'" if text else "the page's text colour"
                on = f"the background of '{ground.selector}'" if ground else "the white page"
                diagnostics.error(
                    (text or ground).location, "contrast",
                    f"{what} on {on} has a contrast of {ratio:.1f}:1, under {MINIMUM_RATIO}:1",
                    "darken the text or lighten the background until the pair reaches 4.5:1",
                )  # fmt: skip


def _rules(stylesheets: list[Path]) -> list[_Rule]:
    parsed = []
    variables: dict[str, str] = {}
    for path in stylesheets:
        for rule in tinycss2.parse_stylesheet(path.read_text("utf-8"), True, True):
            for selector, declarations in _flatten(rule):
                parsed.append((path, rule.source_line, selector, declarations))
                if selector == ":root":
                    variables.update({k: v for k, v in declarations.items() if k.startswith("--")})
    rules = []
    for path, line, selector, declarations in parsed:
        colour = _colour(declarations.get("color"), variables)
        background = _colour(
            declarations.get("background-color") or declarations.get("background"), variables
        )
        if colour or background:
            rules.append(_Rule(selector, colour, background, SourceLocation(path, line)))
    return rules


def _flatten(rule) -> list[tuple[str, dict[str, str]]]:
    """Selector and declarations of a style rule, or of @page and its margin boxes."""
    if rule.type == "qualified-rule":
        selector = tinycss2.serialize(rule.prelude).strip()
        return [(s.strip(), _declarations(rule.content)) for s in selector.split(",")]
    if rule.type == "at-rule" and rule.lower_at_keyword == "page" and rule.content:
        found = [("@page", _declarations(rule.content))]
        for item in tinycss2.parse_blocks_contents(rule.content, True, True):
            if item.type == "at-rule" and item.content is not None:
                found.append((f"@page @{item.at_keyword}", _declarations(item.content)))
        return found
    return []


def _declarations(content) -> dict[str, str]:
    found = {}
    for item in tinycss2.parse_blocks_contents(content, True, True):
        if item.type == "declaration":
            found[item.lower_name] = tinycss2.serialize(item.value).strip()
    return found


def _colour(value: str | None, variables: dict[str, str]) -> tuple[float, float, float] | None:
    if not value:
        return None
    for _ in range(5):  # variables may refer to variables
        value = _VAR.sub(lambda m: variables.get(m.group(1), "initial"), value)
    for token in tinycss2.parse_component_value_list(value):
        colour = tinycss2.color3.parse_color(token)
        if colour is not None and colour != "currentColor" and getattr(colour, "alpha", 1) > 0:
            return (colour.red, colour.green, colour.blue)
    return None
