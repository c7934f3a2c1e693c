"""The grid of a tagged table, shared by finishing (which writes each cell's headers)
and the check (which verifies them).

A tagged table is rows of ``TH`` and ``TD`` elements whose spans are attributes;
laid on a grid as HTML lays out a table, each cell covers some rows and columns,
and a header cell heads the rows or columns its ``Scope`` says. Elements are
anything with a ``role`` (the standard structure type) and an ``obj`` (the
structure element's dictionary).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pikepdf import Array, Dictionary

__all__ = [
    "Cell",
    "attribute",
    "header_ids",
    "heads_of",
    "scoped_headers",
    "table_grid",
    "table_rows",
]

ROW_SCOPES = {"/Row", "/Both"}
COLUMN_SCOPES = {"/Column", "/Both"}


@dataclass(frozen=True)
class Cell:
    element: object  # has .role and .obj
    rows: range
    columns: range


def table_rows(
    table: object, children: Callable[[object], list], role: Callable[[object], str]
) -> list[list]:
    """The cells (TH and TD) of each row of ``table``, its rows inside THead, TBody and
    TFoot included, and not those of tables nested in its cells. Finishing walks the
    PDF's dictionaries and the check its own elements: ``children`` gives an element's
    kids and ``role`` its standard type ("TR")."""
    rows, stack = [], list(reversed(children(table)))
    while stack:
        element = stack.pop()
        kind = role(element)
        if kind == "TR":
            rows.append([c for c in children(element) if role(c) in ("TH", "TD")])
        elif kind in ("THead", "TBody", "TFoot"):
            stack.extend(reversed(children(element)))
    return rows


def table_grid(rows: list[list]) -> list[Cell]:
    """Each cell of these rows (lists of TH/TD elements) with the rows and columns it
    covers, spans taken into account, as HTML lays out a table."""
    taken: set[tuple[int, int]] = set()
    cells = []
    for r, row in enumerate(rows):
        c = 0
        for element in row:
            while (r, c) in taken:
                c += 1
            width = _span(element.obj, "/ColSpan")
            height = _span(element.obj, "/RowSpan")
            cell = Cell(element, range(r, r + height), range(c, c + width))
            taken.update((y, x) for y in cell.rows for x in cell.columns)
            cells.append(cell)
            c += width
    return cells


def scoped_headers(cells: list[Cell]) -> tuple[dict[int, list[Cell]], dict[int, list[Cell]]]:
    """Header cells by the rows they head and by the columns they head (their Scope)."""
    by_row: dict[int, list[Cell]] = {}
    by_column: dict[int, list[Cell]] = {}
    for cell in (c for c in cells if c.element.role == "TH"):
        scope = str(attribute(cell.element.obj, "/Scope") or "")
        if scope in ROW_SCOPES:
            for r in cell.rows:
                by_row.setdefault(r, []).append(cell)
        if scope in COLUMN_SCOPES:
            for c in cell.columns:
                by_column.setdefault(c, []).append(cell)
    return by_row, by_column


def heads_of(cell: Cell, by_row: dict, by_column: dict) -> list[Cell]:
    """The header cells of a cell's rows, then of its columns, each once, in order."""
    found = [h for r in cell.rows for h in by_row.get(r, [])]
    found += [h for c in cell.columns for h in by_column.get(c, [])]
    return list({id(h.element): h for h in found}.values())


def _span(obj, key: str) -> int:
    value = attribute(obj, key)
    try:
        return max(1, int(value)) if value is not None else 1
    except (TypeError, ValueError):
        return 1


def header_ids(obj) -> list[str] | None:
    value = attribute(obj, "/Headers")
    if value is None:
        return None
    return [str(h) for h in value] if isinstance(value, Array) else [str(value)]


def attribute(obj, key):
    attributes = obj.get("/A")
    for item in attributes if isinstance(attributes, Array) else [attributes]:
        if isinstance(item, Dictionary) and key in item:
            return item[key]
    return None
