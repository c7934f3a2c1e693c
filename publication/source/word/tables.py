"""A Word table as a table block: its grid, its header row, its caption.

Our tables have no merged cells, so a merged cell's text is given to every
cell it covers: each row then reads in full, in order, to a screen-reader user.
The first row is the header row when Word repeats it on each page ('Repeat as
header row') or every cell in it is bold, as authors mark headers by eye.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from publication.source.model import Table, Text
from publication.source.word.document import Cell, Paragraph, WordDocument, WordTable
from publication.source.word.markdown import cell_text

if TYPE_CHECKING:
    from publication.source.records import Reader

__all__ = ["table_block"]


def table_block(
    reader: Reader, document: WordDocument, table: WordTable, caption: Paragraph | None
) -> Table | None:
    if not table.rows:
        return None
    rows, merged = _grid(document, table)
    diagnostics = reader.diagnostics
    header = table.rows[0].header or _all_bold(table.rows[0].cells)
    if not header:
        diagnostics.warning(
            table.where,
            "word-table-header",
            "the table has no header row, so its cells are read without the column names",
            "in Word: select the first row, Table Properties > Row > tick 'Repeat as header "
            "row at the top of each page'",
        )
    if merged:
        diagnostics.warning(
            table.where,
            "word-merged-cells",
            "the table has merged cells; each cell they covered is given their text, so every "
            "row reads in full",
            "in Word: Table Layout > Split Cells, so each row and column has its own cells",
        )
    name = table.caption or (caption.text if caption else "")
    if not name:
        diagnostics.warning(
            table.where,
            "word-table-caption",
            "the table has no caption to say what it holds before it is read out",
            "in Word: put a caption above it (References > Insert Caption), or give it a "
            "title (Table Properties > Alt Text > Title)",
        )
    return Table(name, header, False, tuple(rows), table.where)


def _grid(document: WordDocument, table: WordTable) -> tuple[list[tuple[Text, ...]], bool]:
    """Every row as many cells as the table is wide; merged cells given to each they cover."""
    width = max(sum(cell.span for cell in row.cells) for row in table.rows)
    above: dict[int, str] = {}  # the text of a vertically merged cell, by column
    merged = False
    rows = []
    for row in table.rows:
        cells: list[Text] = []
        for cell in row.cells:
            column = len(cells)
            if cell.merge == "continue":
                text, merged = above.get(column, ""), True
            else:
                text = cell_text(_paragraphs(cell), document.notes)
            merged = merged or cell.span > 1
            for offset in range(cell.span):
                above[column + offset] = text
                cells.append(Text(text, table.where, True))
        cells.extend(Text("", table.where, True) for _ in range(width - len(cells)))
        rows.append(tuple(cells[:width]))
    return rows, merged


def _paragraphs(cell: Cell) -> list[Paragraph]:
    return [block for block in cell.blocks if isinstance(block, Paragraph)]


def _all_bold(cells: list[Cell]) -> bool:
    written = [p for cell in cells for p in _paragraphs(cell) if p.text]
    return bool(written) and all(p.emphasised for p in written)
