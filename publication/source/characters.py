"""Characters an author cannot see: the ones YAML refuses to read, and the invisible
ones that change what text says without showing (a right-to-left override makes
'gpj.exe' read 'exe.jpg'; a zero-width space hides a word from search).

The first of them is found with its line and column, so a message can say where to
delete it, and the rest are counted; they usually arrive by copying text out of a
PDF, a web page or a chat.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "COPIED",
    "Found",
    "Invisible",
    "describe_invisible",
    "invisible_characters",
    "unreadable_character",
]

COPIED = (
    "it often comes with text copied from a PDF, a web page or a chat, and an editor "
    "that shows invisible characters helps find it"
)

# What YAML 1.1 can read (its "printable" set); anything else stops the parser.
_UNREADABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
# Format characters with a real use in the languages we print: joiners for
# Arabic, Persian and Indic scripts, the marks for mixed left-to-right and
# right-to-left text, the soft hyphen, the word joiner and the byte-order mark.
_WANTED_FORMAT = set("\u00ad\u061c\u200c\u200d\u200e\u200f\u2060\ufeff")
# Tag characters only spell out a subdivision flag after a black flag (Wales: U+1F3F4 ...).
_FLAG_TAGS = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")
# Candidates: every character but printable ASCII and line ends (checked one by one).
_CANDIDATE = re.compile("[^\x20-\x7e\t\n\r]")
_CONTROL_NAMES = {"\x00": "NULL", "\x1b": "ESCAPE", "\x7f": "DELETE"}


@dataclass(frozen=True)
class Found:
    """A character, where it stands in the text (from 1), and how to name it."""

    character: str
    line: int
    column: int

    @property
    def name(self) -> str:
        code = f"U+{ord(self.character):04X}"
        return f"{code} {_name(self.character)}"


@dataclass(frozen=True)
class Invisible:
    """The first invisible character in a text, and how many there are in all."""

    first: Found
    count: int


def unreadable_character(text: str) -> Found | None:
    """The first character YAML cannot read (NUL, other controls), or None."""
    match = _UNREADABLE.search(text)
    return _found(text, match.start()) if match else None


def invisible_characters(text: str) -> Invisible | None:
    """The first invisible character with no place in printed text and how many there
    are, or None. Only the first is located: a text of thousands of them is told once."""
    candidates = [m.start() for m in _CANDIDATE.finditer(text) if _is_invisible(m.group())]
    if not candidates:
        return None
    allowed = {n for m in _FLAG_TAGS.finditer(text) for n in range(m.start(), m.end())}
    kept = [n for n in candidates if n not in allowed]
    return Invisible(_found(text, kept[0]), len(kept)) if kept else None


def describe_invisible(found: Invisible) -> str:
    """The first of the invisible characters found, and how many more there are."""
    more = f" (and {found.count - 1:,} more)" if found.count > 1 else ""
    return (
        f"{found.first.name}{more}, an invisible character that changes how the text reads "
        "or is found"
    )


def _is_invisible(character: str) -> bool:
    return character not in _WANTED_FORMAT and unicodedata.category(character) in ("Cc", "Cf")


def _found(text: str, offset: int) -> Found:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Found(text[offset], line, column)


def _name(character: str) -> str:
    return _CONTROL_NAMES.get(character) or unicodedata.name(character, "CONTROL CHARACTER")
