"""The open PDF with its structure tree indexed, and small helpers shared by steps.

``Tagged`` ties each structure element to what the typesetter knew of it
(``LaidOutElement``), and keeps the parent tree (marked content -> element) as
a dictionary that is written back once, when the PDF is saved.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name

from publication.pdf.objects import kids, walk
from publication.typeset.elements import LaidOutElement

__all__ = ["Tagged", "open_tagged", "save"]


class FinishingError(RuntimeError):
    """The PDF is not the one the layout describes; a fault of the tool, not the content."""


@dataclass
class Tagged:
    pdf: pikepdf.Pdf
    info: dict[tuple[int, int], LaidOutElement]  # element objgen -> what layout knew
    page_index: dict[tuple[int, int], int]  # page objgen -> page number
    marks: dict[int, dict[int, pikepdf.Object]]  # page -> MCID -> owning element
    objects: dict[int, pikepdf.Object]  # parent-tree keys of annotations -> element
    structure: list[tuple[pikepdf.Object, LaidOutElement]]  # in WeasyPrint's order
    artifacts: dict[int, dict[int, str]] = field(default_factory=dict)  # page -> MCID -> type
    detached: set[tuple[int, int]] = field(default_factory=set)  # elements taken out

    def elements(self, *roles: str) -> Iterator[tuple[pikepdf.Object, LaidOutElement]]:
        """Elements still in the tree that WeasyPrint gave one of ``roles`` (all if none)."""
        for element, about in self.structure:
            if (not roles or about.role in roles) and element.objgen not in self.detached:
                yield element, about

    @property
    def root(self) -> Dictionary:
        return self.pdf.Root.StructTreeRoot

    @property
    def document(self) -> Dictionary:
        return self.root.K[0]

    def about(self, element) -> LaidOutElement | None:
        return self.info.get(element.objgen)

    def key(self, element) -> int:
        known = self.info.get(element.objgen)
        return known.key if known else -1

    def page_of(self, element) -> int:
        return self.page_index[element.Pg.objgen]

    def untag(self, page: int, mcid: int, kind: str = "Pagination") -> None:
        """Make one piece of marked content an artifact (Pagination or Layout): drawn, not read."""
        self.artifacts.setdefault(page, {})[mcid] = kind
        self.marks.get(page, {}).pop(mcid, None)


def open_tagged(data: bytes, elements: tuple[LaidOutElement, ...]) -> Tagged:
    pdf = pikepdf.open(io.BytesIO(data))
    structure = sorted(
        (o for o in pdf.objects if isinstance(o, Dictionary) and o.get("/Type") == "/StructElem"),
        key=lambda o: o.objgen,
    )
    structure = [o for o in structure if o.S != "/Document"]
    roles = [str(o.S)[1:] for o in structure]
    if roles != [e.role for e in elements]:
        raise FinishingError(
            "the PDF's structure tree does not match the layout it was made from; "
            "the installed WeasyPrint may not be the version this tool supports"
        )
    page_index = {page.objgen: n for n, page in enumerate(pdf.pages)}
    marks: dict[int, dict[int, pikepdf.Object]] = {}
    objects: dict[int, pikepdf.Object] = {}
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    for i in range(0, len(nums), 2):
        key, value = int(nums[i]), nums[i + 1]
        if isinstance(value, Array):
            marks[key] = {mcid: ref for mcid, ref in enumerate(value) if ref is not None}
        else:
            objects[key] = value
    pairs = list(zip(structure, elements, strict=True))
    info = {o.objgen: e for o, e in pairs}
    return Tagged(pdf, info, page_index, marks, objects, pairs)


def save(tagged: Tagged, object_streams: bool = True) -> bytes:
    """The finished file. Small objects (the structure tree's thousands of elements)
    go into compressed object streams unless ``object_streams`` is off: for a part of
    a pack, which the pack writes again."""
    _rewrite_artifacts(tagged)
    _write_parent_tree(tagged)
    out = io.BytesIO()
    mode = pikepdf.ObjectStreamMode
    tagged.pdf.save(
        out,
        deterministic_id=True,
        compress_streams=True,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,  # never recompress a stream
        object_stream_mode=mode.generate if object_streams else mode.disable,
    )
    return out.getvalue()


_MARK = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC|/Artifact\s+BMC")


def _rewrite_artifacts(tagged: Tagged) -> None:
    """Untagged MCIDs become typed artifacts; WeasyPrint's untyped ones get /Layout."""
    for number, page in enumerate(tagged.pdf.pages):
        kinds = tagged.artifacts.get(number, {})

        def replace(match: re.Match, kinds=kinds) -> bytes:
            if match.group(2) is None:
                return b"/Artifact <</Type /Layout>> BDC"
            kind = kinds.get(int(match.group(2)))
            return f"/Artifact <</Type /{kind}>> BDC".encode() if kind else match.group(0)

        contents = page.obj.Contents
        for stream in list(contents) if isinstance(contents, Array) else [contents]:
            # Compressed here, once: asking qpdf to recompress every stream on save
            # would cost more than the rest of finishing together.
            data = _MARK.sub(replace, stream.read_bytes())
            stream.write(zlib.compress(data, 6), filter=Name.FlateDecode)


def _write_parent_tree(tagged: Tagged) -> None:
    nums = Array()
    for page in sorted(tagged.marks):
        owners = tagged.marks[page]
        size = max(owners, default=-1) + 1
        nums.append(page)
        nums.append(Array([owners.get(mcid, None) for mcid in range(size)]))
    for key in sorted(tagged.objects):
        nums.append(key)
        nums.append(tagged.objects[key])
    tree = tagged.root.ParentTree
    tree.Nums = nums
    keys = [*tagged.marks, *tagged.objects]
    tagged.root.ParentTreeNextKey = max(keys, default=-1) + 1


# -- walking and editing the tree -------------------------------------------


def set_kids(element, items: list) -> None:
    element.K = Array(items)


def is_element(item) -> bool:
    return isinstance(item, Dictionary) and "/S" in item and item.get("/Type") != "/OBJR"


def element_kids(element) -> list:
    return [k for k in kids(element) if is_element(k)]


def descendants(element) -> Iterator:
    """Every element below ``element``, parents first; each once, and not too deep."""
    return walk(element_kids(element), element_kids, "structure tree")


def marked_content(tagged: Tagged, element) -> Iterator[tuple[int, int]]:
    """(page, MCID) of every piece of content under an element."""
    for owner in [element, *descendants(element)]:
        for item in kids(owner):
            if isinstance(item, int):
                yield tagged.page_of(owner), int(item)
            elif isinstance(item, Dictionary) and item.get("/Type") == "/MCR":
                page = item.Pg if "/Pg" in item else owner.Pg
                yield tagged.page_index[page.objgen], int(item.MCID)


def adopt(tagged: Tagged, source, parent, items: list) -> list:
    """Items of ``source`` moved under ``parent``; content keeps its page, owners follow."""
    adopted = []
    owners: dict | None = None  # the marks of the source's page, looked up once
    for item in items:
        if isinstance(item, int):
            if owners is None:
                owners = tagged.marks.setdefault(tagged.page_of(source), {})
                other_page = source.Pg.objgen != parent.Pg.objgen
            owners[int(item)] = parent
            if other_page:
                item = Dictionary(Type=Name.MCR, Pg=source.Pg, MCID=int(item))
        elif is_element(item):
            item.P = parent
        elif isinstance(item, Dictionary) and item.get("/Type") == "/MCR":
            page = tagged.page_index[item.Pg.objgen] if "/Pg" in item else tagged.page_of(source)
            tagged.marks.setdefault(page, {})[int(item.MCID)] = parent
        elif isinstance(item, Dictionary) and item.get("/Type") == "/OBJR":
            tagged.objects[int(item.Obj.StructParent)] = parent
        adopted.append(item)
    return adopted


def remove(tagged: Tagged, element) -> None:
    """Take an element out of its parent (its content has moved, or is an artifact)."""
    parent = element.P
    keep = [k for k in kids(parent) if not (is_element(k) and k.objgen == element.objgen)]
    set_kids(parent, keep)
    tagged.detached.add(element.objgen)


def replace_by_children(tagged: Tagged, element) -> None:
    """Put an element's children in its place in its parent."""
    parent = element.P
    moved = adopt(tagged, element, parent, kids(element))
    items = []
    for item in kids(parent):
        if is_element(item) and item.objgen == element.objgen:
            items.extend(moved)
        else:
            items.append(item)
    set_kids(parent, items)
    tagged.detached.add(element.objgen)
