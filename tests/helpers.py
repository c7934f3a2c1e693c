"""Reading real output back: HTML headings, PDF outline, structure tree, fonts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


@dataclass
class Heading:
    level: int
    text: str
    children: list[Heading] = field(default_factory=list)


class _HeadingParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self._level = 0
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self._level, self._text = int(tag[1]), []

    def handle_endtag(self, tag):
        if self._level and tag == f"h{self._level}":
            self.headings.append((self._level, " ".join("".join(self._text).split())))
            self._level = 0

    def handle_data(self, data):
        if self._level:
            self._text.append(data)


def html_headings(html: str) -> list[tuple[int, str]]:
    parser = _HeadingParser()
    parser.feed(html)
    return parser.headings


def heading_tree(headings: list[tuple[int, str]]) -> list[Heading]:
    """Nest headings by level, as a PDF outline nests bookmarks."""
    roots: list[Heading] = []
    stack: list[Heading] = []
    for level, text in headings:
        node = Heading(level, text)
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


@dataclass
class Bookmark:
    title: str
    page: int  # 0-based
    children: list[Bookmark] = field(default_factory=list)


def outline_tree(reader: PdfReader) -> list[Bookmark]:
    def convert(items) -> list[Bookmark]:
        result: list[Bookmark] = []
        for item in items:
            if isinstance(item, list):
                result[-1].children = convert(item)
            else:
                result.append(Bookmark(item.title, reader.get_destination_page_number(item)))
        return result

    return convert(reader.outline)


def flatten(tree) -> list:
    out = []
    for node in tree:
        out.append(node)
        out.extend(flatten(node.children))
    return out


def normalise(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def page_texts(reader: PdfReader) -> list[str]:
    return [normalise(page.extract_text()) for page in reader.pages]


def struct_elements(reader: PdfReader) -> list[DictionaryObject]:
    """Every structure element, in document order."""
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    found: list[DictionaryObject] = []

    def walk(node) -> None:
        kids = node.get("/K")
        if kids is None:
            return
        kids = kids if isinstance(kids, ArrayObject) else [kids]
        for kid in kids:
            if isinstance(kid, IndirectObject):
                kid = kid.get_object()
            if isinstance(kid, DictionaryObject) and "/S" in kid:
                found.append(kid)
                walk(kid)

    walk(root)
    return found


def fonts(reader: PdfReader) -> list[DictionaryObject]:
    seen: dict[int, DictionaryObject] = {}
    for page in reader.pages:
        resources = page.get("/Resources", {})
        for reference in resources.get("/Font", {}).values():
            seen[reference.idnum] = reference.get_object()
    return list(seen.values())


def font_is_embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def contents_entries(reader: PdfReader, page_index: int) -> list[tuple[str, int]]:
    """(title, printed page number) for each line of a contents page."""
    text = reader.pages[page_index].extract_text(extraction_mode="layout")
    entries = []
    for line in text.splitlines():
        match = re.fullmatch(r"\s*(\S.*?)\s{2,}(\d+)\s*", line)
        if match:
            entries.append((match.group(1), int(match.group(2))))
    return entries


def read_pdf(path: Path) -> PdfReader:
    return PdfReader(path)


def text_sizes(reader: PdfReader) -> list[tuple[float, str]]:
    """(effective size in points, text) of every run of text, read by pypdf.

    The effective size is the font size scaled by the text and graphics matrices,
    as a reader sees it on the printed page.
    """
    runs: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        a, b, c, d = (tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3],
                      tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])  # fmt: skip
        runs.append((size * abs(a * d - b * c) ** 0.5, text))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return runs


def font_names(reader: PdfReader) -> set[str]:
    return {str(font.get("/BaseFont", "")) for font in fonts(reader)}


def everything_in(path: Path) -> str:
    """Every string, name and decoded stream of the file, its metadata and extracted
    text: what anyone holding the file could read out of it."""
    found = [" ".join(page_texts(PdfReader(path)))]
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                found.append(obj.read_bytes().decode("latin-1"))
            found.append(str(obj) if not isinstance(obj, pikepdf.Stream) else "")
        found.append(str(pdf.open_metadata()))
        found.append(" ".join(str(v) for v in pdf.docinfo.values()))
    return "\n".join(found)
