"""Word's runs and paragraphs written as the Markdown our prose is made of.

Everything Word says is text is escaped, so nothing in a report can turn into
markup. Bold and italic become ``**``/``*`` where CommonMark reads them back as
meant, and ``<strong>``/``<em>`` where punctuation at an edge would stop it.
Bullets and plain numbered lists become Markdown lists, nested and with their
start numbers; a list Word labels in another way ('(a)', 'iv.', '3.2') keeps the
label as text, because a committee refers to paragraphs by those labels.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from publication.errors import SourceLocation
from publication.source.word.document import Paragraph, Run

__all__ = ["LINK_SCHEMES", "Markdown", "cell_text", "escape", "inline", "prose"]

LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")
_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|])")
_NUMBER_START = re.compile(r"^(\d{1,9})([.)])")
_HARD_BREAK = "\\\n"

NoteText = Callable[[str], str]


def escape(text: str) -> str:
    """Word's text as Markdown that reads back as exactly that text."""
    text = re.sub(r"[\ue000\ue001\r\n\t\v\f]", " ", text)
    return _SPECIAL.sub(r"\\\1", text)


def _guard_start(line: str) -> str:
    """Escape what would make a line a heading, a list item or a rule."""
    line = line.lstrip()
    if line[:1] in ("#", "-", "+", "=", ">"):
        return "\\" + line
    return _NUMBER_START.sub(r"\1\\\2", line)


def inline(runs: list[Run], note: NoteText) -> str:
    """One paragraph's runs as inline Markdown; line breaks as hard breaks."""
    lines = []
    for is_break, group in groupby(runs, key=lambda run: run.line_break):
        if not is_break:
            text = _linked(list(group), note).strip()
            if text:
                lines.append(_guard_start(text))
    return _HARD_BREAK.join(lines)


def _linked(runs: list[Run], note: NoteText) -> str:
    pieces = []
    for link, group in groupby(runs, key=lambda run: run.link):
        text = _formatted(list(group), note)
        if link and text.strip() and link.startswith(LINK_SCHEMES):
            destination = link.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
            pieces.append(f"[{text.strip()}](<{destination}>)")
        else:
            pieces.append(text)
    return "".join(pieces)


def _formatted(runs: list[Run], note: NoteText) -> str:
    groups = [(key, "".join(run.text for run in group)) for key, group in groupby(runs, key=_look)]
    pieces = []
    for index, ((bold, italic, strike, script, ident), raw) in enumerate(groups):
        if ident:
            pieces.append(note(ident))
            continue
        core = raw.strip()
        if not core:
            pieces.append(" " if raw else "")
            continue
        text = escape(core)
        if script:
            text = f"<{script}>{text}</{script}>"
        if strike:
            text = f"~~{text}~~"
        before = raw[:1] if raw[:1].isspace() else groups[index - 1][1][-1:] if index else ""
        after = (
            raw[-1:]
            if raw[-1:].isspace()
            else groups[index + 1][1][:1]
            if index + 1 < len(groups)
            else ""
        )
        text = _emphasis(text, bold, italic, before, after)
        lead = " " if raw[:1].isspace() else ""
        trail = " " if raw[-1:].isspace() else ""
        pieces.append(f"{lead}{text}{trail}")
    return "".join(pieces)


def _look(run: Run) -> tuple:
    """What sets a run's Markdown: runs that look alike are written as one."""
    return run.bold, run.italic, run.strike, run.script, run.note


def _loose(character: str) -> bool:
    """Whitespace, punctuation or an edge: where CommonMark lets emphasis open or close."""
    return not character or character.isspace() or unicodedata.category(character)[0] in "PS"


def _emphasis(text: str, bold: bool, italic: bool, before: str, after: str) -> str:
    """Bold and italic as ``**``/``*`` where CommonMark reads them back so, else as tags."""
    if not (bold or italic):
        return text
    opens = not _loose(text[0]) or _loose(before)
    closes = not _loose(text[-1]) or _loose(after)
    if opens and closes:
        mark = "***" if bold and italic else "**" if bold else "*"
        return f"{mark}{text}{mark}"
    if italic:
        text = f"<em>{text}</em>"
    return f"<strong>{text}</strong>" if bold else text


@dataclass
class Markdown:
    """Markdown prose, and where in the Word document each of its lines came from."""

    source: str
    lines: tuple[SourceLocation, ...]


@dataclass
class _List:
    level: int
    kind: str
    ident: str  # Word's list: a new one at the same level starts numbering again
    start: int  # the column its markers stand at
    indent: int  # the column the item's text starts at
    delimiter: str = "."


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.places: list[SourceLocation] = []
        self.lists: list[_List] = []
        self.notes: list[str] = []  # keys referred to, in order

    def add(self, text: str, where: SourceLocation, indent: int, marker: str = "") -> None:
        first, *rest = text.split("\n")
        self.lines.append(" " * indent + marker + first)
        self.lines.extend(" " * (indent + len(marker)) + line for line in rest)
        self.places.extend([where] * (1 + len(rest)))

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")
            self.places.append(self.places[-1])

    def note(self, key: str) -> str:
        if key not in self.notes:
            self.notes.append(key)
        return f"[^{key.replace(' ', '-')}]"

    def paragraph(self, paragraph: Paragraph) -> None:
        text = inline(paragraph.runs, self.note)
        mark = paragraph.mark
        if mark is not None and mark.kind != "label":
            self.item(paragraph, text)
            return
        if mark is not None:
            text = escape(mark.label) + " " + text if text else escape(mark.label)
            text = _guard_start(text)
        while self.lists and (mark is None or self.lists[-1].level >= mark.level):
            self.lists.pop()
        if not text:
            return
        self.blank()
        self.add(text, paragraph.where, self.lists[-1].indent if self.lists else 0)

    def item(self, paragraph: Paragraph, text: str) -> None:
        mark = paragraph.mark
        assert mark is not None
        while self.lists and self.lists[-1].level > mark.level:
            self.lists.pop()
        delimiter = "."
        if self.lists and self.lists[-1].level == mark.level:
            same = self.lists.pop()
            if same.kind == mark.kind and same.ident == mark.list_id:
                self._item(same, paragraph, text)
                return
            if same.kind == mark.kind:  # a list of its own, which a new delimiter starts
                delimiter = ")" if same.delimiter == "." else "."
        start = self.lists[-1].indent if self.lists else 0
        if not self.lists:
            self.blank()
        self._item(_List(mark.level, mark.kind, mark.list_id, start, 0, delimiter), paragraph, text)

    def _item(self, found: _List, paragraph: Paragraph, text: str) -> None:
        mark = paragraph.mark
        assert mark is not None
        marker = "- " if found.kind == "bullet" else f"{mark.number}{found.delimiter} "
        found.indent = found.start + len(marker)
        self.lists.append(found)
        self.add(text or "\u00a0", paragraph.where, found.start, marker)

    def definitions(self, notes: dict[str, list[Paragraph]]) -> None:
        for key in self.notes:
            paragraphs = notes.get(key, [])
            self.lists = []
            self.blank()
            for number, paragraph in enumerate(paragraphs):
                text = inline(paragraph.runs, lambda _key: "") or "\u00a0"
                if number:
                    self.blank()
                    self.add(text, paragraph.where, 4)
                else:
                    self.add(text, paragraph.where, 0, f"[^{key.replace(' ', '-')}]: ")


def prose(paragraphs: list[Paragraph], notes: dict[str, list[Paragraph]]) -> Markdown:
    """Paragraphs (and lists) as one Markdown text, footnotes defined at its end."""
    writer = _Writer()
    for paragraph in paragraphs:
        writer.paragraph(paragraph)
    writer.definitions(notes)
    return Markdown("\n".join(writer.lines) + "\n", tuple(writer.places))


def cell_text(paragraphs: list[Paragraph], notes: dict[str, list[Paragraph]]) -> str:
    """A table cell or caption as one line of inline Markdown: notes follow in brackets."""

    def note(key: str) -> str:
        said = " ".join(inline(p.runs, lambda _key: "") for p in notes.get(key, []))
        return f" (note: {said})" if said else ""

    lines = []
    for paragraph in paragraphs:
        text = inline(paragraph.runs, note)
        mark = paragraph.mark
        if mark is not None:
            label = "•" if mark.kind == "bullet" else mark.label
            text = f"{escape(label)} {text}"
        if text:
            lines.append(text)
    return _HARD_BREAK.join(lines)
