"""Which header cells each data cell names: its own row's and its own column's.

A table's cells are laid on a grid (spans included), and every ``TD`` that names
its headers through ``/Headers`` must name a header cell of its own row or its
own column, and every header that heads its row or column. A table cut at page
breaks and stitched together again can keep references to the header of a row
on another page: a screen reader then announces "Abbey 2025" while reading the
figures of Ynys 2025. Tables without ``/Headers`` are associated by ``Scope``
alone and have nothing to verify here.
"""

from __future__ import annotations

from publication.check.findings import Report
from publication.tablegrid import (
    Cell,
    header_ids,
    heads_of,
    scoped_headers,
    table_grid,
    table_rows,
)

__all__ = ["check_header_associations"]


def check_header_associations(elements, report: Report) -> None:
    identified = {str(e.obj.ID): e for e in elements if "/ID" in e.obj}
    for table in (e for e in elements if e.role == "Table"):
        cells = table_grid(table_rows(table, lambda e: e.children, lambda e: e.role))
        if not any(header_ids(c.element.obj) is not None for c in cells):
            continue
        where = {id(c.element): c for c in cells}
        by_row, by_column = scoped_headers(cells)
        wrong, incomplete = [], []
        for cell in (c for c in cells if c.element.role == "TD"):
            named = [identified.get(h) for h in header_ids(cell.element.obj) or []]
            heads = [where.get(id(h)) if h is not None else None for h in named]
            if any(h is None or not _shares_line(cell, h) for h in heads):
                wrong.append(cell)
                continue
            expected = {id(h.element) for h in heads_of(cell, by_row, by_column)}
            if not expected <= {id(h.element) for h in heads}:
                incomplete.append(cell)
        data = sum(1 for c in cells if c.element.role == "TD")
        _report(table, wrong, data, report, "wrong")
        _report(table, incomplete, data, report, "incomplete")


def _shares_line(cell: Cell, header: Cell) -> bool:
    if header.element.role != "TH":
        return False
    return _overlap(cell.rows, header.rows) or _overlap(cell.columns, header.columns)


def _overlap(one: range, two: range) -> bool:
    return one.start < two.stop and two.start < one.stop


def _report(table, cells: list[Cell], total: int, report: Report, kind: str) -> None:
    if not cells:
        return
    first = cells[0]
    row = first.rows.start + 1
    if kind == "wrong":
        message = (
            f"{len(cells)} of {total} data cells name a header that is not in their own "
            f"row or column, the first in row {row} ({first.element})"
        )
        fix = "make each TD's /Headers name the TH of its own row and of its own column"
    else:
        message = (
            f"{len(cells)} of {total} data cells leave out a header of their row or "
            f"column, the first in row {row} ({first.element})"
        )
        fix = "list in each TD's /Headers every TH whose Scope covers its row or column"
    report.add("error", "table-headers", first.element.page, str(table), message, fix)
