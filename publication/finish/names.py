"""Names made unique for joining: a document that will be one part of a pack has
its structure identifiers (and the ``Headers`` that refer to them) and its named
destinations (and the links that go to them) prefixed, and both listed anew.

Done once, when the part is made, so that joining can copy them as they are.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, String

from publication.pdf.objects import kids, name_tree, walk

__all__ = ["flat_name_tree", "prefix_identifiers", "prefix_links", "prefix_names"]


def prefix_names(pdf: pikepdf.Pdf, prefix: str) -> None:
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is not None:
        identified = prefix_identifiers(kids(tree), prefix)
        if identified:
            tree.IDTree = flat_name_tree(identified)
        elif "/IDTree" in tree:
            del tree["/IDTree"]
    names = pdf.Root.get("/Names")
    if names is not None and "/Dests" in names:
        names.Dests = flat_name_tree(
            [(prefix + n, d) for n, d in name_tree(names.Dests, "destination tree")]
        )
    prefix_links(pdf.pages, prefix)


def prefix_identifiers(elements, prefix: str) -> list[tuple[str, Dictionary]]:
    """Prefix every identifier in these elements and below, and the ``Headers``
    references to them; return the identified elements by their new identifiers."""
    identified = []
    for node in walk(elements, _element_kids, "structure tree"):
        if "/ID" in node:
            node.ID = String(prefix + str(node.ID))
            identified.append((str(node.ID), node))
        attributes = node.get("/A")
        for attribute in attributes if isinstance(attributes, Array) else [attributes]:
            if isinstance(attribute, Dictionary) and "/Headers" in attribute:
                attribute.Headers = Array([String(prefix + str(h)) for h in attribute.Headers])
    return identified


def _element_kids(node) -> list:
    return [kid for kid in kids(node) if isinstance(kid, Dictionary) and "/S" in kid]


def prefix_links(pages, prefix: str) -> None:
    """Prefix the named destinations that the pages' links go to."""
    for page in pages:
        for annotation in page.obj.get("/Annots", []):
            if isinstance(annotation.get("/Dest"), String):
                annotation.Dest = String(prefix + str(annotation.Dest))
            action = annotation.get("/A", Dictionary())
            if action.get("/S") == "/GoTo" and isinstance(action.get("/D"), String):
                action.D = String(prefix + str(action.D))


def flat_name_tree(pairs: list) -> Dictionary:
    """A PDF name tree of one node: its names must be in order."""
    ordered = sorted(pairs, key=lambda pair: pair[0])
    return Dictionary(Names=Array([x for name, value in ordered for x in (String(name), value)]))
