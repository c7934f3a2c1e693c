"""Links as a reader meets them: one link, one element; something to click.

A link whose text wraps over lines is drawn as one annotation per line; it is
still one link, so one ``Link`` element must hold all its annotations (a screen
reader otherwise announces two or three links with half a sentence each). The
same annotation twice over one place is read twice, and an annotation with no
area (a footnote mark lifted out of its line) cannot be clicked or tapped.
"""

from __future__ import annotations

import itertools

from pikepdf import Dictionary

from publication.check.findings import Report
from publication.pdf.objects import kids

__all__ = ["annotation_target", "check_link_annotations", "check_split_links"]

MINIMUM_SIDE = 1.0  # points: less than this cannot be clicked


def check_split_links(elements, report: Report) -> None:
    """Adjacent Link elements (nothing between them) that go to the same place."""
    for parent in elements:
        links = [c for c in parent.children if c.role == "Link"]
        if len(links) < 2:
            continue
        order = {
            k.objgen: n
            for n, k in enumerate(kids(parent.obj))
            if isinstance(k, Dictionary) and k.is_indirect
        }
        for before, after in itertools.pairwise(links):
            place = order.get(before.obj.objgen, -2)
            next_to = place >= 0 and order.get(after.obj.objgen) == place + 1
            target = _target(before)
            if next_to and target and target == _target(after):
                report.add(
                    "error",
                    "link-split",
                    after.page,
                    str(after),
                    f"one link (to {target}) is tagged as several Link elements, one per line",
                    "tag a link once: one Link element holding an OBJR for each of its annotations",
                )


def _target(link) -> str:
    for item in kids(link.obj):
        if isinstance(item, Dictionary) and item.get("/Type") == "/OBJR" and "/Obj" in item:
            return annotation_target(item.Obj)
    return ""


def annotation_target(annotation) -> str:
    action = annotation.get("/A")
    if isinstance(action, Dictionary):
        if "/URI" in action:
            return str(action.URI)
        if "/D" in action:
            return str(action.D)
    return str(annotation.get("/Dest", ""))


def check_link_annotations(pdf, report: Report) -> None:
    for number, page in enumerate(pdf.pages, start=1):
        seen: set = set()
        for annotation in page.obj.get("/Annots") or []:
            if not isinstance(annotation, Dictionary) or annotation.get("/Subtype") != "/Link":
                continue
            rect = [float(v) for v in annotation.get("/Rect", [0, 0, 0, 0])]
            width, height = abs(rect[2] - rect[0]), abs(rect[3] - rect[1])
            if width < MINIMUM_SIDE or height < MINIMUM_SIDE:
                report.add(
                    "error",
                    "link-area",
                    number,
                    "Link annotation",
                    f"a link's clickable area is {width:.1f} by {height:.1f} pt: "
                    "nothing to click or tap",
                    "give the link's text a line height of its own (a superscript "
                    "with line-height 0 has none)",
                )
            key = (tuple(round(v, 1) for v in rect), annotation_target(annotation))
            if key in seen:
                report.add(
                    "error",
                    "link-duplicate",
                    number,
                    "Link annotation",
                    f"two link annotations to {key[1]} cover the same place",
                    "keep one annotation for each rectangle of a link",
                )
            seen.add(key)
