"""Finishing: repairs to WeasyPrint's tagged PDF, one module per repair.

WeasyPrint's PDF/UA output tags page by page: an element split over pages
becomes several, page furniture is tagged as content, table headers lack a
scope, links lack the flags and descriptions PDF/UA asks for. Each step here
is a plain function over the open PDF; ``STEPS`` runs them in order.
"""

from __future__ import annotations

from collections.abc import Callable

from publication.finish import (
    artifacts,
    document,
    empty,
    links,
    lists,
    names,
    passages,
    roles,
    split,
    tables,
)
from publication.finish.tree import Tagged, open_tagged, save

__all__ = ["STEPS", "finish_pdf"]

STEPS: dict[str, Callable[[Tagged], None]] = {
    "artifacts": artifacts.mark_page_furniture,
    "repeated-headers": artifacts.mark_repeated_table_headers,
    "hidden-images": artifacts.mark_hidden_images,
    "split-elements": split.join_split_elements,
    "anonymous-wrappers": roles.unwrap_anonymous_elements,
    "nested-links": links.join_nested_links,
    "wrapped-links": links.join_wrapped_links,
    "nested-lists": lists.nest_lists,
    "contents": roles.contents_as_toc,
    "figures": roles.group_figures_with_captions,
    "footnotes": roles.footnotes_as_notes,
    "definition-lists": roles.definition_lists,
    "text-runs": roles.text_runs_into_their_elements,
    "table-headers": tables.scope_header_cells,
    "list-numbering": lists.number_lists,
    "passages": passages.mark_passages,
    "empty-elements": empty.remove_empty_elements,
    "link-annotations": links.describe_link_annotations,
    "document": document.complete_document_entries,
}


def finish_pdf(data: bytes, elements, prefix: str = "") -> bytes:
    """Run every step over WeasyPrint's PDF; return the repaired PDF. A ``prefix``
    marks a part of a pack: it makes its names unique for joining (``names``)."""
    tagged = open_tagged(data, elements)
    for step in STEPS.values():
        step(tagged)
    if prefix:
        names.prefix_names(tagged.pdf, prefix)
    return save(tagged, object_streams=not prefix)
