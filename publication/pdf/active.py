"""Active content in a PDF: what a viewer would run, launch, send or unpack.

JavaScript, programs launched, links to local files, forms that submit their
data, attached files, XFA forms and multimedia have no place in a council's
published papers. ``active_content`` finds each one and says what it is and
where; the check reports them, and a pack strips them from the PDFs it appends
(``Active.remove``), keeping the links a publication may hold itself (web and
email addresses, telephone numbers: the one rule of ``source.links``).

Every walk here is bounded as in ``objects``: actions chain to further
actions, bookmarks and form fields nest, and any of them may loop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary

from publication.pdf.objects import Visits, walk
from publication.source.links import link_problem

__all__ = ["Active", "active_content"]

# Actions that only move the reader about, or show and hide what is already there.
HARMLESS_ACTIONS = {"/GoTo", "/Named", "/SetOCGState", "/Thread", "/Trans", "/Hide", "/ResetForm"}
MEDIA_ANNOTATIONS = {"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen", "/3D"}
ACTION_NAMES = {
    "/JavaScript": "JavaScript",
    "/Launch": "a command to start a program",
    "/GoToR": "a link to another file",
    "/GoToE": "a link into an attached file",
    "/SubmitForm": "a form submission",
    "/ImportData": "a data import",
    "/Rendition": "a media rendition",
    "/RichMediaExecute": "a multimedia command",
    "/Movie": "a movie",
    "/Sound": "a sound",
    "/GoTo3DView": "a 3D view",
}

KINDS = {"/Link": "a link", "/Widget": "a form field"}
# Additional-action events (/AA): when a viewer runs them.
EVENTS = {
    "/O": "opens", "/C": "closes", "/WC": "closes", "/WS": "is saved", "/DS": "has been saved",
    "/WP": "is printed", "/DP": "has been printed", "/K": "is typed in", "/F": "is formatted",
    "/V": "changes", "/E": "is pointed at", "/X": "is left", "/D": "is pressed",
    "/U": "is released", "/Fo": "gets the focus", "/Bl": "loses the focus",
    "/PO": "is on a page that opens", "/PC": "is on a page that closes",
    "/PV": "comes into view", "/PI": "goes out of view",
}  # fmt: skip


@dataclass(frozen=True)
class Active:
    """One piece of active content: ``what`` it is, on which ``page`` (1-based; None for
    the whole document), and how to take it out of the open PDF."""

    what: str
    page: int | None
    remove: Callable[[], None] = field(compare=False)
    place: tuple = field(default=(), compare=False)  # the object and key it is found at

    def __str__(self) -> str:
        return f"{self.what} (page {self.page})" if self.page else self.what


def active_content(pdf: pikepdf.Pdf) -> list[Active]:
    """Every piece of active content in an open PDF, the document's first, then page by
    page; found twice (a form field is also a page's annotation), it is told once."""
    found = list(_document(pdf))
    for number, page in enumerate(pdf.pages, start=1):
        found.extend(_page(page.obj, number))
    on_pages = {item.place for item in found if item.page and item.place}
    return [item for item in found if item.page or item.place not in on_pages]


def _document(pdf: pikepdf.Pdf) -> Iterator[Active]:
    root = pdf.Root
    yield from _action_entry(root, "/OpenAction", "run when the document opens", None)
    yield from _triggers(root, "the document", None)
    names = root.get("/Names")
    if isinstance(names, Dictionary):
        if "/JavaScript" in names:
            yield Active("JavaScript in the document's names", None, _deleter(names, "/JavaScript"))
        if "/EmbeddedFiles" in names:
            yield Active("attached files", None, _deleter(names, "/EmbeddedFiles"))
    for key, what in (("/AF", "associated files"), ("/Collection", "a file collection")):
        if key in root:
            yield Active(what, None, _deleter(root, key))
    form = root.get("/AcroForm")
    if isinstance(form, Dictionary):
        if "/XFA" in form:
            yield Active("an XFA form (which may hold scripts)", None, _xfa_remover(form))
        yield from _fields(form.get("/Fields"))
    yield from _outline(root.get("/Outlines"))


def _page(page: Dictionary, number: int) -> Iterator[Active]:
    yield from _triggers(page, "the page", number)
    if "/AF" in page:
        yield Active("associated files", number, _deleter(page, "/AF"))
    annotations = page.get("/Annots")
    if not isinstance(annotations, Array):
        return
    for annotation in list(annotations):
        if not isinstance(annotation, Dictionary):
            continue
        subtype = str(annotation.get("/Subtype", ""))
        if subtype in MEDIA_ANNOTATIONS:
            what = _attachment(annotation) if subtype == "/FileAttachment" else None
            what = what or f"a multimedia annotation ({subtype[1:]})"
            yield Active(what, number, _annotation_remover(page, annotation))
            continue
        kind = KINDS.get(subtype, f"an annotation ({subtype[1:]})")
        yield from _action_entry(annotation, "/A", f"in {kind}", number)
        yield from _triggers(annotation, kind, number)


def _fields(fields) -> Iterator[Active]:
    """Form fields and their kids: the actions they run when filled in or left."""
    if not isinstance(fields, Array):
        return
    for form_field in walk(fields, lambda node: node.get("/Kids", []), "form field tree"):
        name = str(form_field.get("/T", "")) or "a form field"
        yield from _action_entry(form_field, "/A", f"in the form field '{name}'", None)
        yield from _triggers(form_field, f"the form field '{name}'", None)


def _outline(outlines) -> Iterator[Active]:
    """Bookmarks that run an action when chosen."""
    if not isinstance(outlines, Dictionary):
        return
    visits = Visits("bookmark tree")
    stack = [(outlines.get("/First"), 1)]
    while stack:
        item, depth = stack.pop()
        while isinstance(item, Dictionary):
            visits.enter(item, depth)
            if "/A" in item:
                title = str(item.get("/Title", ""))[:60]
                yield from _action_entry(item, "/A", f"in the bookmark '{title}'", None)
            stack.append((item.get("/First"), depth + 1))
            item = item.get("/Next")


def _triggers(holder: Dictionary, whose: str, page: int | None) -> Iterator[Active]:
    """Additional actions (/AA): run when a page opens, a field changes, a document closes..."""
    triggers = holder.get("/AA")
    if not isinstance(triggers, Dictionary):
        return
    for event in list(triggers.keys()):
        when = EVENTS.get(event, f"has its {event[1:]} event")
        yield from _action_entry(triggers, event, f"run when {whose} {when}", page, holder)


def _action_entry(
    holder: Dictionary, key: str, where: str, page: int | None, owner: Dictionary | None = None
) -> Iterator[Active]:
    """The action at ``holder[key]``, with the actions it chains to, if any of them is active
    (none when there is no such key, or it holds a destination rather than an action).
    ``owner`` holds ``holder`` as its /AA: a field that is its own widget, its /AA
    written inside it, is found as a field and as an annotation, and is the same place."""
    problems = _unsafe_actions(holder.get(key))
    if problems:
        if holder.is_indirect:
            place: tuple = (holder.objgen, key)
        elif owner is not None and owner.is_indirect:
            place = (owner.objgen, "/AA", key)
        else:
            place = ()
        yield Active(f"{' and '.join(problems)} {where}", page, _deleter(holder, key), place)


def _unsafe_actions(action) -> list[str]:
    """What is active in an action and in the actions it leads on to (/Next)."""
    problems: list[str] = []
    for current in walk([action], _next_actions, "chain of actions"):
        kind = str(current.get("/S", ""))
        if kind == "/URI":
            uri = str(current.get("/URI", ""))
            # '#id' too: in a PDF it is resolved against the file's /Base, which may be a file:
            if link_problem(uri) or uri.lstrip().startswith("#"):
                problems.append(f"the address '{uri[:80]}'")
        elif kind not in HARMLESS_ACTIONS:
            problems.append(ACTION_NAMES.get(kind, f"a {kind[1:] or 'nameless'} action"))
    return problems


def _next_actions(action: Dictionary) -> list:
    following = action.get("/Next")
    return list(following) if isinstance(following, Array) else [following]


def _attachment(annotation: Dictionary) -> str:
    spec = annotation.get("/FS")
    name = ""
    if isinstance(spec, Dictionary):
        name = str(spec.get("/UF", spec.get("/F", "")))
    elif spec is not None:
        name = str(spec)
    return f"an attached file '{name[:80]}'" if name else "an attached file"


def _deleter(holder: Dictionary, key: str) -> Callable[[], None]:
    def remove() -> None:
        if key in holder:
            del holder[key]

    return remove


def _xfa_remover(form: Dictionary) -> Callable[[], None]:
    def remove() -> None:
        for key in ("/XFA", "/NeedsRendering"):
            if key in form:
                del form[key]

    return remove


def _annotation_remover(page: Dictionary, annotation: Dictionary) -> Callable[[], None]:
    def remove() -> None:
        kept = [a for a in page.Annots if not _same(a, annotation)]
        page.Annots = Array(kept)

    return remove


def _same(one, other) -> bool:
    if one.is_indirect or other.is_indirect:
        return one.is_indirect and other.is_indirect and one.objgen == other.objgen
    return one.unparse() == other.unparse()
