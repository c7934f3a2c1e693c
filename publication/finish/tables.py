"""Table header cells say what they head, and data cells name their own headers.

Each ``TH`` gets ``/Scope`` from the HTML ``scope`` attribute or, without one,
by the HTML rule: a header in a row of headers heads its column, otherwise its
row. WeasyPrint names each data cell's headers page by page, by the cell's row
number on that page, so once a table cut at page breaks is one table again the
names point at rows on other pages. Each ``TD``'s ``/Headers`` is written anew
from the whole table's grid: the headers of its own rows and its own columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from pikepdf import Array, Dictionary, Name, String

from publication.finish.tree import Tagged, element_kids
from publication.tablegrid import heads_of, scoped_headers, table_grid, table_rows

__all__ = ["scope_header_cells"]

SCOPES = {"col": Name.Column, "colgroup": Name.Column, "row": Name.Row, "rowgroup": Name.Row}


@dataclass(frozen=True)
class _Cell:
    role: str
    obj: Dictionary


def scope_header_cells(tagged: Tagged) -> None:
    for table, _ in tagged.elements("Table"):
        rows = table_rows(table, element_kids, _role)
        for row in rows:
            all_headers = all(c.S == "/TH" for c in row)
            for cell in row:
                if cell.S == "/TH":
                    about = tagged.about(cell)
                    scope = SCOPES.get(about.scope if about else "")
                    attributes = cell.get("/A", Dictionary(O=Name.Table))
                    attributes.Scope = scope or (Name.Column if all_headers else Name.Row)
                    cell.A = attributes
        _name_headers(rows)


def _role(element: Dictionary) -> str:
    return str(element.S)[1:]


def _name_headers(rows: list[list]) -> None:
    cells = table_grid([[_Cell(_role(c), c) for c in row] for row in rows])
    if not any(c.element.role == "TH" for c in cells):
        return
    by_row, by_column = scoped_headers(cells)
    for cell in cells:
        if cell.element.role != "TD":
            continue
        heads = heads_of(cell, by_row, by_column)
        for head in heads:
            if "/ID" not in head.element.obj:
                head.element.obj.ID = String(f"th-{head.element.obj.objgen[0]}")
        attributes = cell.element.obj.get("/A", Dictionary(O=Name.Table))
        attributes.Headers = Array([head.element.obj.ID for head in heads])
        cell.element.obj.A = attributes
