"""Document-level entries PDF/UA asks for that WeasyPrint leaves out.

``MarkInfo`` says the tagging is final (``Suspects false``), and every element
identifier is listed in the ``IDTree`` so that ``Headers`` references resolve.
"""

from __future__ import annotations

from pikepdf import Array, Dictionary, String

from publication.finish.tree import Tagged

__all__ = ["complete_document_entries"]


def complete_document_entries(tagged: Tagged) -> None:
    catalog = tagged.pdf.Root
    catalog.MarkInfo = Dictionary(Marked=True, Suspects=False)
    identified = sorted(
        ((str(e.ID), e) for e, _ in tagged.elements() if "/ID" in e), key=lambda p: p[0]
    )
    if identified:
        names = Array()
        for identifier, element in identified:
            names.append(String(identifier))
            names.append(element)
        tagged.root.IDTree = Dictionary(Names=names)
