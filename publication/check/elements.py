"""What every structure element must carry: something to read, and a valid language.

An element with no content, no children and no alternative text is announced
as nothing (an icon's empty ``Span``, an anchor left behind). A ``/Lang`` on an
element switches the reading voice for its passage, so it must be a language
tag a reader can use, as the document's own must be. An abbreviation's
expansion (``/E``) and an alternative text are read instead of the content, so
neither may be empty.
"""

from __future__ import annotations

import re

import langcodes

from publication.check.findings import Report
from publication.pdf.objects import kids

__all__ = ["check_elements"]

# Elements that may stand empty: the tree's root, and the cells of a table's grid.
MAY_BE_EMPTY = {"Document", "TD", "TH"}
_TAG_SHAPE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def check_elements(elements, report: Report, prune: str = "") -> None:
    for element in elements:
        obj = element.obj
        empty = element.role not in MAY_BE_EMPTY and element.role != prune and not kids(obj)
        if empty and not any(_text(obj, key) for key in ("/Alt", "/ActualText", "/E")):
            report.add(
                "error",
                "empty-element",
                element.page,
                str(element),
                f"a {element.role} element has no content, no children and no "
                "alternative text: a screen reader announces it as nothing",
                "remove the empty element, or mark what it stood for as an artifact",
            )
        if "/Lang" in obj:
            _check_language(element, str(obj.Lang), report)
        for key, what in (("/E", "abbreviation's expansion"), ("/Alt", "alternative text")):
            if key in obj and not _text(obj, key):
                report.add(
                    "error",
                    "empty-text",
                    element.page,
                    str(element),
                    f"the element's {what} ({key[1:]}) is empty",
                    f"give {key[1:]} the words to read, or remove it",
                )


def _check_language(element, tag: str, report: Report) -> None:
    if _TAG_SHAPE.fullmatch(tag) and langcodes.tag_is_valid(tag):
        return
    report.add(
        "error",
        "lang-tag",
        element.page,
        str(element),
        f"the element's language {tag!r} is not a BCP 47 language tag",
        "set /Lang to a tag such as en-GB (English), cy (Welsh) or pl (Polish)",
    )


def _text(obj, key: str) -> str:
    return str(obj.get(key, "")).strip()
