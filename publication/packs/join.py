"""Assemble a committee pack: tagged PDFs joined into one, numbered and bookmarked.

Each part (the agenda, a report, an appendix, an existing PDF) keeps its own
structure tree, moved under one ``Part`` element of the pack's tree in page
order. Identifiers and link destinations are prefixed, so that they cannot clash,
when a part is made and cached (``finish.names``), not each time it is joined;
a part that is in a pack twice is prefixed again there.

Every page after the agenda is stamped "Page N" (and "Not for publication" on
exempt pages), in the pack's language, as pagination artifacts, drawn with a
font taken from one of our own PDFs so that it is embedded like the rest.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, String

from publication.finish.names import flat_name_tree, prefix_identifiers, prefix_links, prefix_names
from publication.messages import Translator, translator
from publication.pdf.objects import name_tree, number_tree

__all__ = ["Pack", "Part", "StampFont", "prepare_part", "stamp_font", "stamp_text"]

STAMP_MARGIN_PT = 56.7  # 20 mm from the page edge


@dataclass(frozen=True)
class Part:
    pdf: bytes
    title: str  # its bookmark
    parent: int | None = None  # the part whose bookmark this one nests under
    exempt: bool = False  # stamp "Not for publication" on its pages
    numbered: bool = True  # stamp "Page N"; the agenda is not numbered
    external: bool = False  # an existing PDF: not ours to repair


@dataclass
class StampFont:
    """An embedded font and what we need to write text with it by hand."""

    pdf: bytes
    codes: dict[str, int] = field(default_factory=dict)  # character -> glyph code
    widths: dict[int, float] = field(default_factory=dict)  # glyph code -> width / 1000


def stamp_text(words: Translator) -> str:
    """Every character a pack's stamps may show in its language: a font of them is embedded."""
    return "0123456789 " + words.gettext("Page %(page)s", page="") + _not_for_publication(words)


def _not_for_publication(words: Translator) -> str:
    return words.gettext("Not for publication")


def stamp_font(pdf: bytes) -> StampFont:
    """Read the font of a one-line PDF of our own that shows every character we stamp."""
    with pikepdf.open(io.BytesIO(pdf)) as source:
        font = next(iter(source.pages[0].Resources.Font.values()))
        cmap = font.ToUnicode.read_bytes().decode("latin-1")
        codes = {
            chr(int(unicode, 16)): int(code, 16)
            for code, unicode in re.findall(r"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]{4})>", cmap)
        }
        widths: dict[int, float] = {}
        entries = list(font.DescendantFonts[0].get("/W", []))
        for i in range(0, len(entries) - 1, 2):
            if isinstance(entries[i + 1], Array):
                for n, width in enumerate(entries[i + 1]):
                    widths[int(entries[i]) + n] = float(width) / 1000
    return StampFont(pdf, codes, widths)


class Pack:
    """A pack being assembled, with the indexes that grow with it. Each part takes its
    place by its number; they are added in pack order, so that the file comes out
    the same whichever of them were made this time."""

    def __init__(self, language: str) -> None:
        self.pdf = pikepdf.new()
        self.language = language
        self.document = self.pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, K=Array(), Lang=String(language))
        )
        self.root = self.pdf.make_indirect(
            Dictionary(Type=Name.StructTreeRoot, K=Array([self.document]))
        )
        self.document.P = self.root
        self.pages: dict[int, int] = {}  # part number -> how many pages it has
        self.elements: dict[int, Dictionary] = {}  # part number -> its Part element
        # part number -> its parent-tree entries and its pages: numbered in part order
        # when the pack is complete, so that it is the same whichever part came first
        self.parent_trees: dict[int, tuple[list[tuple[int, object]], list]] = {}
        self.ids: list = []
        self.dests: list = []
        self.names: set[str] = set()  # identifiers and destinations taken so far
        self.role_map = Dictionary()
        self.sources: list[pikepdf.Pdf] = []  # kept open: copied streams are read on save

    def add(self, number: int, part: Part) -> None:
        """Put a part's pages and structure in their place (a part without pages is
        a bookmark only, placed once the parts after it are in)."""
        if not part.pdf or number in self.pages:
            return
        first = sum(count for n, count in self.pages.items() if n < number)
        source = pikepdf.open(io.BytesIO(part.pdf))
        self.sources.append(source)
        tree = source.Root.get("/StructTreeRoot")
        ids = name_tree(tree.get("/IDTree"), "identifier tree") if tree is not None else []
        dests = name_tree(source.Root.get("/Names", Dictionary()).get("/Dests"), "destination tree")
        with warnings.catch_warnings():  # named destinations are carried over by hand below
            warnings.simplefilter("ignore", pikepdf.exceptions.PageCopyWarning)
            self.pdf.pages[first:first] = source.pages
        self.pages[number] = len(source.pages)
        pages = self.pdf.pages[first : first + len(source.pages)]
        top = _top_elements(tree) if tree is not None else []
        numbers = number_tree(tree.get("/ParentTree")) if tree is not None else {}
        # Everything the pack takes from the part, copied by qpdf in one call: each
        # object once, references to the pages already copied pointing at the copies.
        bundle = self.pdf.copy_foreign(
            source.make_indirect(
                Dictionary(
                    K=Array(top),
                    Nums=Array(list(numbers.values())),
                    IDs=Array([element for _, element in ids]),
                    Dests=Array([dest for _, dest in dests]),
                )
            )
        )
        copied_ids = list(zip((name for name, _ in ids), bundle.IDs, strict=True))
        copied_dests = list(zip((name for name, _ in dests), bundle.Dests, strict=True))
        if any(name in self.names for name, _ in ids + dests):
            # The same document twice (one PDF appended to two items): prefix it again.
            again = f"part{number}-"
            copied_ids = prefix_identifiers(bundle.K, again)
            copied_dests = [(again + name, dest) for name, dest in copied_dests]
            prefix_links(pages, again)
        entries = []
        if tree is not None:
            self._add_structure(number, source, tree, part, list(bundle.K))
            entries = list(zip(numbers, bundle.Nums, strict=True))
        self.parent_trees[number] = (entries, [page.obj for page in pages])
        self.ids.extend(copied_ids)
        self.dests.extend(copied_dests)
        self.names.update(name for name, _ in copied_ids + copied_dests)

    def _add_structure(self, number: int, source, tree, part: Part, copied: list) -> None:
        element = self.pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Part, P=self.document, T=String(part.title))
        )
        if "/Lang" in source.Root:
            element.Lang = source.Root.Lang
        for kid in copied:
            if isinstance(kid, Dictionary):
                kid.P = element
        element.K = Array(copied)
        self.elements[number] = element
        for role, standard in tree.get("/RoleMap", Dictionary()).items():
            self.role_map[role] = standard

    def complete(
        self, parts: list[Part], *, title: str, author: str, stamp: StampFont, stamp_size: float
    ) -> bytes:
        """The finished pack: the parts not yet in added, then the structure tree closed,
        bookmarks and page stamps added, and the file written."""
        for number, part in enumerate(parts):
            self.add(number, part)
        self._finish()
        starts, first = [], 0
        for number in range(len(parts)):
            starts.append(first if number in self.pages else -1)
            first += self.pages.get(number, 0)
        for n, start in enumerate(starts):
            if start < 0:  # an item without a report: its first appendix, else the agenda
                nested = [i for i, part in enumerate(parts) if part.parent == n and part.pdf]
                starts[n] = starts[nested[0]] if nested else 0
        _bookmarks(self.pdf, parts, starts)
        with pikepdf.open(io.BytesIO(stamp.pdf)) as font_source:
            font = self.pdf.copy_foreign(next(iter(font_source.pages[0].Resources.Font.values())))
            words = translator(self.language)
            _stamp_pages(self.pdf, parts, starts, self.pages, (font, stamp, stamp_size), words)
            _document_entries(self.pdf, parts[0].pdf, title, author, self.language)
            with warnings.catch_warnings():  # an appended form's fields come without the form:
                warnings.simplefilter("ignore", pikepdf.exceptions.PageCopyWarning)  # drawn only
                return _written(self.pdf)

    def _finish(self) -> None:
        self.document.K = Array([self.elements[n] for n in sorted(self.elements)])
        nums: list = []
        next_key = 0
        for number in sorted(self.parent_trees):  # each part's keys follow the last part's
            entries, pages = self.parent_trees[number]
            offset = next_key
            for key, value in entries:
                nums.extend([key + offset, value])
            next_key = offset + max((key for key, _ in entries), default=-1) + 1
            if offset:
                _renumber(pages, offset)
        self.root.ParentTree = Dictionary(Nums=Array(nums))
        self.root.ParentTreeNextKey = next_key
        if self.ids:
            self.root.IDTree = flat_name_tree(self.ids)
        if len(self.role_map):
            self.root.RoleMap = self.role_map
        if self.dests:
            self.pdf.Root.Names = Dictionary(Dests=flat_name_tree(self.dests))
        self.pdf.Root.StructTreeRoot = self.root


def _written(pdf: pikepdf.Pdf) -> bytes:
    """The pack's bytes, with object streams (a third smaller than without). Parts are
    added in pack order whichever came from the cache, so the objects are made, and
    numbered, in the same order every time. Streams are copied as they are: an
    appended PDF's are not decoded again."""
    out = io.BytesIO()
    pdf.save(
        out,
        deterministic_id=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
    )
    return out.getvalue()


def _renumber(pages: list, offset: int) -> None:
    """Move a part's pages and annotations to its keys in the pack's parent tree."""
    for page in pages:
        if "/StructParents" in page:
            page.StructParents = int(page.StructParents) + offset
        for annotation in page.get("/Annots", []):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset


def prepare_part(pdf: bytes, prefix: str) -> bytes:
    """A PDF made elsewhere (an appendix, another publication) with its names prefixed
    for joining, as our own documents are when they are finished."""
    with pikepdf.open(io.BytesIO(pdf)) as source:
        prefix_names(source, prefix)
        out = io.BytesIO()
        source.save(out)
    return out.getvalue()


def _bookmarks(pdf: pikepdf.Pdf, parts: list[Part], starts: list[int]) -> None:
    items = [OutlineItem(part.title, start) for part, start in zip(parts, starts, strict=True)]
    with pdf.open_outline() as outline:
        for part, item in zip(parts, items, strict=True):
            if part.parent is None:
                outline.root.append(item)
            else:
                items[part.parent].children.append(item)


def _stamp_pages(pdf, parts, starts, counts: dict[int, int], drawn, words: Translator) -> None:
    """``counts``: how many pages each part with pages has, by its number; ``drawn``:
    the font object, its glyphs and the size to stamp with."""
    font, stamp, size = drawn
    number = 0
    for index, part in enumerate(parts):
        if index not in counts or not part.numbered:
            continue
        for page in pdf.pages[starts[index] : starts[index] + counts[index]]:
            number += 1
            text = words.gettext("Page %(page)s", page=number)
            marks = [_text_mark(text, "Footer", stamp, size, page, bottom=True)]
            if part.exempt:
                text = _not_for_publication(words)
                marks.append(_text_mark(text, "Header", stamp, size, page, False))
            if "/Resources" not in page.obj:
                page.obj.Resources = Dictionary()
            if "/Font" not in page.obj.Resources:
                page.obj.Resources.Font = Dictionary()
            page.obj.Resources.Font[Name.PubStamp] = font
            # The page's own drawing may leave its coordinates changed: isolate it first.
            page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
            page.contents_add(pdf.make_stream(b"Q\n" + b"\n".join(marks)), prepend=False)


def _text_mark(text: str, kind: str, stamp: StampFont, size: float, page, bottom: bool) -> bytes:
    codes = [stamp.codes[c] for c in text]
    width = sum(stamp.widths.get(c, 0.6) for c in codes) * size
    _left, lower, right, upper = (float(v) for v in page.mediabox)
    x = right - STAMP_MARGIN_PT - width
    y = lower + STAMP_MARGIN_PT * 0.45 if bottom else upper - STAMP_MARGIN_PT * 0.45 - size
    glyphs = "".join(f"{c:04x}" for c in codes)
    return (
        f"q /Artifact <</Type /Pagination /Subtype /{kind}>> BDC BT 0 g /PubStamp {size:g} Tf "
        f"1 0 0 1 {x:.2f} {y:.2f} Tm <{glyphs}> Tj ET EMC Q"
    ).encode()


def _document_entries(pdf, first_part: bytes, title: str, author: str, language: str) -> None:
    pdf.Root.Lang = String(language)
    pdf.Root.MarkInfo = Dictionary(Marked=True, Suspects=False)
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    pdf.Root.PageMode = Name.UseOutlines
    pdf.docinfo.Title = String(title)
    pdf.docinfo.Author = String(author)
    with pikepdf.open(io.BytesIO(first_part)) as agenda:
        pdf.Root.Metadata = pdf.copy_foreign(agenda.Root.Metadata)
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title


def _top_elements(tree) -> list:
    """The part's elements below its Document, cut loose from the part's root."""
    kids = tree.K if isinstance(tree.K, Array) else Array([tree.K])
    top = []
    for kid in kids:
        if kid.get("/S") == "/Document":
            top.extend(kid.K if isinstance(kid.K, Array) else [kid.K])
        else:
            top.append(kid)
    for kid in top:
        if isinstance(kid, Dictionary) and "/P" in kid:
            del kid["/P"]
    return top
