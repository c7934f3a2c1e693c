"""An existing PDF appended to a pack: read within bounds, made safe to publish, and
prepared for joining.

Such a file comes from anywhere (another department, a contractor, a scanner),
so it is read as the checker reads anyone's: its pages counted and its trees
walked with bounds, each page's content measured before anything reads it. A
file that loops, or that would decompress to more than we read, is refused.
What a viewer would run, launch, send or unpack is taken out, and each thing
taken out is told, so that the clerk knows what the public will not get.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Stream

from publication.finish.names import prefix_names
from publication.limits import PDF_STREAM_BYTES
from publication.pdf.active import active_content
from publication.pdf.objects import DamagedPDF, TooManyPages, Visits, number_tree, open_pdf, walk
from publication.pdf.streams import StreamTooLarge, decoded_length, page_content_length

__all__ = ["Appended", "AppendixRefused", "take_appendix"]


class AppendixRefused(Exception):
    """An appended PDF we will not put in a pack; the message says why, the hint what to do."""

    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code = code
        self.hint = hint


@dataclass(frozen=True)
class Appended:
    pdf: bytes  # ready to join: active content removed, names prefixed
    removed: tuple[str, ...]  # what was taken out, each with its page where it had one


def take_appendix(path: Path, prefix: str) -> Appended:
    """The PDF at ``path``, safe to publish and ready to join, or ``AppendixRefused``."""
    try:
        with open_pdf(path) as pdf:
            if pdf.is_encrypted:
                raise pikepdf.PasswordError("encrypted")
            _measure(pdf)
            removed = []
            for item in active_content(pdf):
                item.remove()
                removed.append(str(item))
            _walk_structure(pdf)
            prefix_names(pdf, prefix)
            out = io.BytesIO()
            # Streams are copied as they are: decoding them again is no work of ours.
            pdf.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    except pikepdf.PasswordError as problem:
        hint = "ask for a copy without a password or restrictions"
        raise AppendixRefused("appendix-encrypted", "is encrypted", hint) from problem
    except DamagedPDF as problem:
        hint = "ask its author for a good copy (or print it to a new PDF)"
        raise AppendixRefused("appendix-damaged", f"is damaged: {problem}", hint) from problem
    except (StreamTooLarge, TooManyPages) as problem:
        hint = "ask its author for a smaller copy, or split it into parts"
        message = f"is too large to check or to publish: {problem}"
        raise AppendixRefused("appendix-too-large", message, hint) from problem
    except (pikepdf.PdfError, OSError, ValueError, KeyError, AttributeError) as problem:
        message = f"is not a readable PDF ({str(problem).splitlines()[0][:120]})"
        raise AppendixRefused(
            "appendix-unreadable", message, "replace it with a good copy"
        ) from problem
    return Appended(out.getvalue(), tuple(removed))


def _measure(pdf: pikepdf.Pdf) -> None:
    """Every page's content and every drawing it reuses (a form XObject) must be small
    enough to read once decompressed: the checker reads the one, a viewer both."""
    forms: dict[tuple[int, int], Stream] = {}
    for number, page in enumerate(pdf.pages, start=1):
        if page_content_length(page) > PDF_STREAM_BYTES:
            raise StreamTooLarge(f"page {number}'s content", PDF_STREAM_BYTES)
        forms.update(_forms(page.obj))
    for form in forms.values():
        if decoded_length(form, PDF_STREAM_BYTES) > PDF_STREAM_BYTES:
            raise StreamTooLarge(f"a drawing it uses ({form.objgen[0]})", PDF_STREAM_BYTES)


def _forms(page: Dictionary) -> dict[tuple[int, int], Stream]:
    """The form XObjects a page draws, and those they draw in turn."""
    found: dict[tuple[int, int], Stream] = {}
    depths = Visits("tree of drawings a page uses")
    stack = [(page, 0)]
    while stack:
        holder, depth = stack.pop()
        resources = holder.get("/Resources")
        objects = resources.get("/XObject") if isinstance(resources, Dictionary) else None
        if not isinstance(objects, Dictionary):
            continue
        for xobject in objects.values():
            if not isinstance(xobject, Stream) or xobject.get("/Subtype") != "/Form":
                continue
            if xobject.objgen in found:
                continue  # drawn twice (or drawing itself): measured once
            depths.enter(xobject, depth + 1)
            found[xobject.objgen] = xobject
            stack.append((xobject, depth + 1))
    return found


def _walk_structure(pdf: pikepdf.Pdf) -> None:
    """The structure tree and its parent tree are walked once with bounds: joining
    copies them as they are."""
    tree = pdf.Root.get("/StructTreeRoot")
    if not isinstance(tree, Dictionary):
        return
    number_tree(tree.get("/ParentTree"))
    for _element in walk([tree], _element_kids, "structure tree"):
        pass  # walked for its bounds: a loop or too deep a tree raises DamagedPDF


def _element_kids(node: Dictionary) -> list:
    found = node.get("/K")
    found = list(found) if isinstance(found, pikepdf.Array) else [found]
    return [kid for kid in found if isinstance(kid, Dictionary) and kid.get("/Type") not in _REFS]


_REFS = ("/MCR", "/OBJR")  # marked content and object references: leaves, not elements
