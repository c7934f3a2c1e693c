"""Links a screen reader can announce and a printer will print.

A link's text and its annotation belong to one ``Link`` element (WeasyPrint
nests a second ``Link`` for generated text such as a page number, and makes
one ``Link`` per line of a link that wraps): each link becomes one element,
holding one annotation per rectangle it covers; an annotation inside another
of the same link (drawn for a part of its text) is dropped. Annotations get the
Print flag and a description, pages tab through them in structure order.
"""

from __future__ import annotations

from pikepdf import Array, Dictionary, Name, String

from publication.finish.split import join_pieces
from publication.finish.tree import Tagged, is_element, kids, replace_by_children, set_kids
from publication.messages import translator

__all__ = ["describe_link_annotations", "join_nested_links", "join_wrapped_links"]

PRINT_FLAG = 4


def join_nested_links(tagged: Tagged) -> None:
    for element, _ in list(tagged.elements("Link")):
        if element.P.S == "/Link":
            replace_by_children(tagged, element)


def join_wrapped_links(tagged: Tagged) -> None:
    """One Link per HTML link: the pieces of a link that wraps are joined, and
    annotations that repeat part of another one are dropped."""
    parents = {}
    for element, _ in tagged.elements("Link"):
        parents.setdefault(element.P.objgen, element.P)
    for parent in parents.values():
        previous = None
        for kid in kids(parent):
            if not is_element(kid):
                previous = None
            elif previous is not None and kid.S == "/Link" and join_pieces(tagged, previous, kid):
                continue
            else:
                previous = kid if kid.S == "/Link" else None
    dropped: set[tuple[int, int]] = set()
    for element, _ in tagged.elements("Link"):
        dropped |= _drop_inner_annotations(tagged, element)
    if dropped:
        for page in tagged.pdf.pages:
            annotations = page.obj.get("/Annots")
            if annotations is not None:
                page.obj.Annots = Array([a for a in annotations if a.objgen not in dropped])


def _drop_inner_annotations(tagged: Tagged, link) -> set[tuple[int, int]]:
    references = [k for k in kids(link) if isinstance(k, Dictionary) and k.get("/Type") == "/OBJR"]
    rects = [[float(v) for v in r.Obj.Rect] for r in references]
    dropped: set[int] = set()
    for n in range(len(rects)):
        others = (m for m in range(len(rects)) if m != n and m not in dropped)
        if any(_inside(rects[n], rects[m]) for m in others):
            dropped.add(n)
    if not dropped:
        return set()
    gone = {references[n].Obj.objgen for n in dropped}
    for n in dropped:
        tagged.objects.pop(int(references[n].Obj.get("/StructParent", -1)), None)
    set_kids(link, [k for k in kids(link) if not _refers_to(k, gone)])
    return gone


def _refers_to(item, annotations: set) -> bool:
    return (
        isinstance(item, Dictionary)
        and item.get("/Type") == "/OBJR"
        and item.Obj.objgen in annotations
    )


def _inside(inner: list[float], outer: list[float]) -> bool:
    """Whether one rectangle lies within another (a duplicate lies within its twin)."""
    x1, x2 = sorted((inner[0], inner[2]))
    y1, y2 = sorted((inner[1], inner[3]))
    a1, a2 = sorted((outer[0], outer[2]))
    b1, b2 = sorted((outer[1], outer[3]))
    return a1 - 0.01 <= x1 and b1 - 0.01 <= y1 and x2 <= a2 + 0.01 and y2 <= b2 + 0.01


def describe_link_annotations(tagged: Tagged) -> None:
    words = translator(str(tagged.pdf.Root.get("/Lang", "")) or "en")
    descriptions = {}
    for key, owner in tagged.objects.items():
        about = tagged.about(owner)
        descriptions[key] = about.text if about and about.text else ""
    for page in tagged.pdf.pages:
        annotations = page.obj.get("/Annots")
        if not annotations:
            continue
        page.obj.Tabs = Name.S
        for annotation in annotations:
            if annotation.get("/Subtype") != "/Link":
                continue
            annotation.F = int(annotation.get("/F", 0)) | PRINT_FLAG
            text = descriptions.get(int(annotation.get("/StructParent", -1)), "")
            target = annotation.get("/A", {}).get("/URI") if "/A" in annotation else None
            if not text:
                text = _link(words, target)
            annotation.Contents = String(text)


def _link(words, target) -> str:
    """What a link without text is read as: where it goes, in the document's language."""
    if target:
        return words.gettext("Link to %(target)s", target=str(target))
    return words.gettext("Link")
