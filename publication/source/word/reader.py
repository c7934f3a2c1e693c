"""Walk a Word document's XML into paragraphs and tables, in reading order.

Each paragraph with something in it is numbered as a clerk would count it in
Word, including those in tables, and its messages quote its first words, so
'paragraph 14 "Financial implications"' can be found with Find. What a reader of
the document in Word does not see is noted as a ``Finding`` and never kept:
deleted text (a tracked deletion), comments, hidden text. Inserted text (a
tracked insertion) is kept, as if accepted, and noted.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.source.word import drawings
from publication.source.word.document import (
    Cell,
    Finding,
    Paragraph,
    Row,
    Run,
    WordDocument,
    WordTable,
)
from publication.source.word.elements import (
    children,
    choice,
    emphasised,
    is_contents,
    local_name,
    optional,
    paragraph_properties,
    quote,
)
from publication.source.word.markdown import LINK_SCHEMES
from publication.source.word.package import EXTERNAL, NotReadable, Package, open_package
from publication.source.word.styles import Numbering, Styles, number, run_properties, w

__all__ = ["read_word"]

MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_VAL = w("val")
_TINY_HALF_POINTS = 12  # under 6 point: too small to read, a way of hiding words
_PASS_THROUGH = {"smartTag", "customXml", "dir", "bdo", "sdtContent"}
_INSERTED = {"ins", "moveTo"}
_DELETED = {"del", "moveFrom"}
_WIDEST_TABLE = 63  # columns, as in Word
_LIST_STYLE = re.compile(r"list (?:bullet|number|continue) ([2-9])$")
_HYPERLINK_FIELD = re.compile(r'^\s*HYPERLINK\s+"([^"]*)"', re.IGNORECASE)


def read_word(
    path: Path, diagnostics: Diagnostics, named_at: SourceLocation
) -> WordDocument | None:
    """The Word document at ``path``, or None with the reason at ``named_at``."""
    try:
        return DocumentReader(path, open_package(path)).document()
    except NotReadable as problem:
        diagnostics.error(
            named_at, "word-unreadable", f"'{path.name}' cannot be read: {problem}", problem.hint
        )
        return None


@dataclass
class _Field:
    """A field Word computes, such as a hyperlink or a table of contents."""

    instruction: str = ""
    showing: bool = False  # past its instruction, in the result Word shows


@dataclass
class State:
    """What one paragraph gathers while its runs are read."""

    style: str
    dark: bool  # on a dark background, so white text is meant to be seen
    link: str = ""
    runs: list[Run] = field(default_factory=list)
    pictures: list = field(default_factory=list)
    boxes: list[Paragraph] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)  # findings, placed when the paragraph is


class DocumentReader:
    def __init__(self, path: Path, package: Package) -> None:
        self.path = path
        self.package = package
        main = package.main
        self.styles = Styles.read(optional(package, package.related(main, "styles")))
        self.numbering = Numbering.read(optional(package, package.related(main, "numbering")))
        self.part = main  # the part being read: its relationships resolve links and pictures
        self.notes: dict[str, list[Paragraph]] = {}
        self.images: dict[str, bytes] = {}
        self.findings: list[Finding] = []
        self.count = 0  # paragraphs numbered so far
        self.tables = 0
        self.fields: list[_Field] = []
        self.dark = False
        self.text_width = 0

    def document(self) -> WordDocument:
        body = self.package.xml(self.package.main).find(w("body"))
        if body is None:
            raise NotReadable("the document has no body", "open it in Word and save it again")
        self.text_width = drawings.text_width(body)
        blocks = self.blocks(body)
        return WordDocument(
            self.path, blocks, self.notes, self.images, self.findings, self.styles.language
        )

    # -- blocks: paragraphs, tables, content controls ------------------------

    def blocks(self, container: etree._Element, label: str = "") -> list[Paragraph | WordTable]:
        found: list[Paragraph | WordTable] = []
        for child in children(container):
            name = local_name(child)
            if name == "p":
                paragraph = self.paragraph(child, label)
                if paragraph is not None:
                    found.append(paragraph)
            elif name == "tbl":
                found.append(self.table(child))
            elif (name == "sdt" and not is_contents(child)) or name in _PASS_THROUGH:
                found.extend(self.blocks(child, label))
            elif name == "altChunk":
                self.findings.append(Finding("object", self.here(label)))
        return found

    def paragraph(self, element: etree._Element, label: str = "") -> Paragraph | None:
        properties = element.find(w("pPr"))
        style, outline, numbered, dark = paragraph_properties(properties)
        state = State(style, self.dark or dark)
        if properties is not None and properties.find(w("pPrChange")) is not None:
            state.kinds.add("format-change")
        name = self.styles.name(style)
        if name.startswith("toc"):
            return None  # Word's own table of contents: ours is made from the headings
        self.inline(element, state)
        if not (state.runs or state.pictures or state.boxes or state.kinds):
            return None
        mark = self.list_mark(numbered, style, name)
        if not label:
            self.count += 1
        paragraph = Paragraph(
            where=self.here(label),
            style=name,
            heading=self.styles.heading(style, outline),
            mark=mark,
            runs=state.runs,
            pictures=state.pictures,
            boxes=state.boxes,
            emphasised=emphasised(state.runs),
        )
        paragraph.where = self.here(label, quote(paragraph.text))
        for picture in paragraph.pictures:
            picture.where = paragraph.where
        self.findings.extend(Finding(kind, paragraph.where) for kind in sorted(state.kinds))
        return paragraph

    def list_mark(self, own: tuple[str, int] | None, style: str, name: str):
        """What Word shows before a list paragraph: from its own numbering, or its style's.
        Word's 'List Bullet 2' style is a list of its own one level in."""
        numbered = own or self.styles.numbering(style)
        if not numbered or numbered[0] in ("", "0"):
            return None
        mark = self.numbering.mark(*numbered)
        nested = _LIST_STYLE.match(name)
        if mark is not None and own is None and nested and mark.level == 0:
            mark = dataclasses.replace(mark, level=int(nested.group(1)) - 1)
        return mark

    def here(self, label: str, quote: str = "") -> SourceLocation:
        """Where the paragraph numbered last (or the labelled one) stands."""
        place = label or f"paragraph {self.count}"
        return SourceLocation(self.path, place=f"{place} {quote}" if quote else place)

    def table(self, element: etree._Element) -> WordTable:
        self.tables += 1
        number = self.tables
        properties = element.find(w("tblPr"))
        caption = ""
        for key in ("tblCaption", "tblDescription"):
            given = None if properties is None else properties.find(w(key))
            if given is not None and not caption:
                caption = given.get(_VAL, "").strip()
        first = self.count + 1
        rows = [
            row
            for index, tr in enumerate(children(element, "tr"), 1)
            if (row := self.row(tr, f"table {number}, row {index}")) is not None
        ]
        paragraphs = (
            b for r in rows for c in r.cells for b in c.blocks if isinstance(b, Paragraph)
        )
        text = next((p.text for p in paragraphs if p.text), "")  # a cell may hold a table too
        quoted = f" {quote(text)}" if text else ""
        where = SourceLocation(self.path, place=f"table {number} (paragraph {first}){quoted}")
        return WordTable(rows, caption, where)

    def row(self, element: etree._Element, label: str) -> Row | None:
        properties = element.find(w("trPr"))
        flags = {local_name(child): child for child in ([] if properties is None else properties)}
        if "del" in flags:
            self.findings.append(Finding("deletion", self.here(label)))
            return None
        if "ins" in flags:
            self.findings.append(Finding("insertion", self.here(label)))
        header = "tblHeader" in flags and flags["tblHeader"].get(_VAL, "1") not in ("0", "false")
        cells = [self.cell(tc) for tc in children(element, "tc")]
        return Row(cells, header)

    def cell(self, element: etree._Element) -> Cell:
        properties = element.find(w("tcPr"))
        span, merge, dark = 1, "", False
        if properties is not None:
            grid = properties.find(w("gridSpan"))
            span = min(number(grid.get(_VAL)) or 1, _WIDEST_TABLE) if grid is not None else 1
            vertical = properties.find(w("vMerge"))
            if vertical is not None:
                merge = "restart" if vertical.get(_VAL) == "restart" else "continue"
            shading = properties.find(w("shd"))
            dark = shading is not None and drawings.is_dark(shading.get(w("fill"), ""))
        was_dark, self.dark = self.dark, self.dark or dark
        blocks = self.blocks(element)
        self.dark = was_dark
        return Cell(blocks, max(span, 1), merge)

    # -- runs and what holds them ---------------------------------------------

    def inline(self, element: etree._Element, state: State) -> None:
        """The runs of a paragraph, or of a hyperlink, insertion or field inside it."""
        for child in children(element):
            name = local_name(child)
            if name == "r":
                self.run(child, state)
            elif name == "hyperlink":
                self.hyperlink(child, state)
            elif name in _INSERTED:
                state.kinds.add("insertion")
                self.inline(child, state)
            elif name in _DELETED:
                state.kinds.add("deletion")
            elif name == "fldSimple":
                self.fields.append(_Field(child.get(w("instr"), ""), True))
                self.inline(child, state)
                self.fields.pop()
            elif name in ("commentRangeStart", "commentReference"):
                state.kinds.add("comment")
            elif name == "sdt" or name in _PASS_THROUGH:
                self.inline(child, state)
            elif child.tag.startswith(f"{{{MATH}}}"):
                state.kinds.add("equation")
                text = "".join(child.itertext()).strip()
                if text:
                    state.runs.append(Run(text))

    def hyperlink(self, element: etree._Element, state: State) -> None:
        relationship = self.package.relationships(self.part).get(element.get(_R_ID, ""))
        was = state.link
        if relationship is not None and relationship.mode == EXTERNAL:
            state.link = relationship.target
        self.inline(element, state)
        state.link = was

    def run(self, element: etree._Element, state: State) -> None:
        own_properties = element.find(w("rPr"))
        own = run_properties(own_properties)
        if own_properties is not None and own_properties.find(w("rPrChange")) is not None:
            state.kinds.add("format-change")
        properties = self.styles.run(state.style, str(own.get("style", "")))
        properties.update(own)
        for child in element:
            name = local_name(child)
            if name == "fldChar":
                self.field_character(child.get(w("fldCharType"), ""))
            elif name == "instrText" and self.fields:
                self.fields[-1].instruction += child.text or ""
            elif name == "AlternateContent":
                for chosen in choice(child):
                    drawings.drawing(self, chosen, state)
            elif name in ("drawing", "pict", "object"):
                drawings.drawing(self, child, state)
            elif name in ("footnoteReference", "endnoteReference"):
                key = self.note(name.removesuffix("Reference"), child.get(w("id"), ""))
                if key:
                    state.runs.append(Run(note=key))
            elif name == "commentReference":
                state.kinds.add("comment")
            else:
                self.text(name, child, properties, state)

    def text(self, name: str, child: etree._Element, properties: dict, state: State) -> None:
        if name == "t":
            text = child.text or ""
        elif name in ("tab", "ptab"):
            text = " "
        elif name == "noBreakHyphen":
            text = "-"
        elif name == "sym":
            text = drawings.symbol(child.get(w("char"), ""))
        elif name in ("br", "cr"):
            if child.get(w("type"), "textWrapping") == "textWrapping" and not self.hiding():
                state.runs.append(Run(line_break=True, link=state.link))
            return
        else:
            return
        if not text or self.hiding():
            return
        if properties.get("vanish"):
            state.kinds.add("hidden")
            return
        link = state.link or self.field_link()
        if link and not link.lower().startswith(LINK_SCHEMES):
            state.kinds.add("link-local")  # a file on someone's computer: text only
            link = ""
        if text.strip():
            if drawings.is_white(properties) and not state.dark:
                state.kinds.add("white")
            size = properties.get("sz")
            if isinstance(size, int) and size < _TINY_HALF_POINTS:
                state.kinds.add("tiny")
        state.runs.append(
            Run(
                text,
                bold=bool(properties.get("b")),
                italic=bool(properties.get("i")),
                strike=bool(properties.get("strike") or properties.get("dstrike")),
                script=str(properties.get("script", "")),
                link=link,
            )
        )

    # -- fields: hyperlinks and contents Word computes --------------------------

    def field_character(self, kind: str) -> None:
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            self.fields[-1].showing = True
        elif kind == "end" and self.fields:
            self.fields.pop()

    def hiding(self) -> bool:
        """Inside a field's instruction, or a table of contents (ours replaces it)."""
        return any(
            not f.showing or f.instruction.strip().upper().startswith("TOC") for f in self.fields
        )

    def field_link(self) -> str:
        for found in reversed(self.fields):
            match = _HYPERLINK_FIELD.match(found.instruction)
            if match:
                return match.group(1)
        return ""

    # -- notes -------------------------------------------------------------------

    def note(self, kind: str, ident: str) -> str:
        """Read a note when it is first referred to; its key, such as 'footnote 2'."""
        part = self.package.related(self.package.main, f"{kind}s")
        root = optional(self.package, part)
        if root is None:
            return ""
        element = next((n for n in root.iter(w(kind)) if n.get(w("id")) == ident), None)
        if element is None:
            return ""
        key = f"{kind} {sum(1 for k in self.notes if k.startswith(kind)) + 1}"
        self.notes[key] = []
        saved = self.part, self.fields, self.count
        self.part, self.fields = part, []
        paragraphs = self.blocks(element, label=key)
        self.part, self.fields, self.count = saved
        self.notes[key] = [p for p in paragraphs if isinstance(p, Paragraph)]
        return key

    def box(self, content: etree._Element) -> list[Paragraph]:
        """The paragraphs of a text box anchored in the paragraph being read."""
        saved = self.fields
        self.fields = []
        found = self.blocks(content, label=f"text box at paragraph {self.count + 1}")
        self.fields = saved
        return [p for p in found if isinstance(p, Paragraph)]
