"""Small readers of PDF object structures shared by the stages that open PDFs.

A PDF is a graph, not a tree: a structure element, an outline item or a node of
a name tree can name one of its own ancestors, and a file made to do so (or
simply broken) would keep a naive walk going for ever. Every walk here keeps
the objects it has visited and goes no deeper than ``PDF_DEPTH`` levels; what
breaks either rule raises ``DamagedPDF``, saying where.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary

from publication.limits import PDF_DEPTH, PDF_PAGES

__all__ = [
    "DamagedPDF",
    "TooManyPages",
    "Visits",
    "count_pages",
    "kids",
    "name_tree",
    "number_tree",
    "object_name",
    "open_pdf",
    "walk",
]


class DamagedPDF(ValueError):
    """The objects of a PDF do not form the tree the format asks for (a loop, or
    nesting deeper than we follow); the message says which tree and where."""


class TooManyPages(ValueError):
    """A PDF with more pages than we read (``PDF_PAGES``)."""


def object_name(obj) -> str:
    """How a message names an object: its number, which tools such as qpdf show."""
    return f"object {obj.objgen[0]}" if getattr(obj, "is_indirect", False) else "an object"


class Visits:
    """The objects a walk has been to. An object met again means a loop (or a node
    shared by two parents, which a tree must not have either)."""

    def __init__(self, tree: str) -> None:
        self.tree = tree
        self.seen: set[tuple[int, int]] = set()

    def enter(self, obj, depth: int) -> None:
        if depth > PDF_DEPTH:
            raise DamagedPDF(f"the {self.tree} is nested more than {PDF_DEPTH} levels deep")
        if getattr(obj, "is_indirect", False):
            if obj.objgen in self.seen:
                raise DamagedPDF(f"the {self.tree} loops back on itself at {object_name(obj)}")
            self.seen.add(obj.objgen)


def walk(roots: Iterable, kids_of: Callable[[Dictionary], Iterable], tree: str) -> Iterator:
    """Every dictionary reached from ``roots`` through ``kids_of``, parents before their
    kids and in order, each once; ``DamagedPDF`` at a loop or past ``PDF_DEPTH`` levels
    (``tree`` names what is walked, for the message)."""
    visits = Visits(tree)
    stack = [(root, 0) for root in reversed(list(roots))]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, Dictionary):
            continue
        visits.enter(node, depth)
        yield node
        stack.extend((kid, depth + 1) for kid in reversed(list(kids_of(node))))


def _tree_nodes(node, tree: str) -> Iterator[Dictionary]:
    """Every node of a name or number tree, each once, parents before their kids."""
    return walk([node] if node is not None else [], lambda n: n.get("/Kids", []), tree)


def number_tree(node, tree: str = "parent tree") -> dict[int, object]:
    """A PDF number tree (such as the structure parent tree) as a dictionary."""
    found: dict[int, object] = {}
    for current in _tree_nodes(node, tree):
        nums = current.get("/Nums", [])
        for i in range(0, len(nums) - 1, 2):
            found[int(nums[i])] = nums[i + 1]
    return found


def name_tree(node, tree: str = "name tree") -> list[tuple[str, object]]:
    """A PDF name tree (such as named destinations or the IDTree) as (name, value) pairs."""
    found: list[tuple[str, object]] = []
    for current in _tree_nodes(node, tree):
        names = current.get("/Names", [])
        found.extend((str(names[i]), names[i + 1]) for i in range(0, len(names) - 1, 2))
    return found


def kids(element) -> list:
    """A structure element's /K as a list, whether it holds one kid or an array."""
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def count_pages(pdf: pikepdf.Pdf) -> int:
    """The pages of a PDF opened without ``inherit_page_attributes``, counted by a walk
    that stops at the first loop, at ``PDF_DEPTH`` levels or past ``PDF_PAGES`` pages.

    qpdf itself refuses loops, but it turns every page that a page tree names more
    than once into a page of its own: a small file naming one page a million times
    would become a million pages in memory before anything could be said.
    """
    visits = Visits("page tree")
    count = 0
    stack = [(pdf.Root.get("/Pages"), 0)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, Dictionary):
            continue
        if "/Kids" not in node:  # a page: one page may be named twice, but it counts twice
            count += 1
            continue
        visits.enter(node, depth)
        found = node.Kids
        if count + len(found) > PDF_PAGES:  # a lower bound already: stop before reading them
            raise TooManyPages(f"it has more than {PDF_PAGES:,} pages, the most we read")
        stack.extend((kid, depth + 1) for kid in found)
    return count


def open_pdf(source: Path | bytes) -> pikepdf.Pdf:
    """Open a PDF that we did not make, once its pages are counted (``count_pages``).

    Raises ``DamagedPDF`` or ``TooManyPages`` as the count does, and whatever
    ``pikepdf.open`` raises for a file that is not a readable PDF.
    """

    def opened(**options) -> pikepdf.Pdf:
        return pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source, **options)

    with opened(inherit_page_attributes=False) as bare:
        count_pages(bare)
    return opened()
