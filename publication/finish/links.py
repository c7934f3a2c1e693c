"""Links a screen reader can announce and a printer will print.

A link's text and its annotation belong to one ``Link`` element (WeasyPrint
nests a second ``Link`` for generated text such as a page number). Annotations
get the Print flag and a description, pages tab through them in structure order.
"""

from __future__ import annotations

from pikepdf import Name, String

from publication.finish.tree import Tagged, replace_by_children

__all__ = ["describe_link_annotations", "join_nested_links"]

PRINT_FLAG = 4


def join_nested_links(tagged: Tagged) -> None:
    for element, _ in list(tagged.elements("Link")):
        if element.P.S == "/Link":
            replace_by_children(tagged, element)


def describe_link_annotations(tagged: Tagged) -> None:
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
                text = f"Link to {target}" if target else "Link"
            annotation.Contents = String(text)
