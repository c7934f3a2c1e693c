"""Table header cells say what they head.

Each ``TH`` gets ``/Scope`` from the HTML ``scope`` attribute or, without one,
by the HTML rule: a header in a row of headers heads its column, otherwise its
row. Cells that pointed at a repeated header row (removed as an artifact)
point at the first one instead.
"""

from __future__ import annotations

from pikepdf import Array, Dictionary, Name

from publication.finish.tree import Tagged, descendants, element_kids

__all__ = ["scope_header_cells"]

SCOPES = {"col": Name.Column, "colgroup": Name.Column, "row": Name.Row, "rowgroup": Name.Row}


def scope_header_cells(tagged: Tagged) -> None:
    for table, _ in tagged.elements("Table"):
        ids: dict[str, str] = {}
        cells = list(descendants(table))
        for row in (e for e in cells if e.S == "/TR"):
            row_cells = [c for c in element_kids(row) if c.S in ("/TH", "/TD")]
            all_headers = all(c.S == "/TH" for c in row_cells)
            for cell in row_cells:
                if cell.S != "/TH":
                    continue
                about = tagged.about(cell)
                scope = SCOPES.get(about.scope if about else "")
                scope = scope or (Name.Column if all_headers else Name.Row)
                attributes = cell.get("/A", Dictionary(O=Name.Table))
                attributes.Scope = scope
                cell.A = attributes
                if "/ID" in cell:
                    ids.setdefault(_position(str(cell.ID)), str(cell.ID))
        _repoint_headers(cells, ids)


def _position(identifier: str) -> str:
    """WeasyPrint's header ids end with '-row-column'."""
    return "-".join(identifier.split("-")[-2:])


def _repoint_headers(cells: list, ids: dict[str, str]) -> None:
    present = set(ids.values())
    for cell in cells:
        attributes = cell.get("/A")
        if cell.S != "/TD" or attributes is None or "/Headers" not in attributes:
            continue
        headers = []
        for header in attributes.Headers:
            header = str(header)
            if header not in present:
                header = ids.get(_position(header), header)
            headers.append(header)
        attributes.Headers = Array(headers)
