"""A document's tables as spreadsheets: one CSV per table, as an analyst would key it into Excel.

Each table's body rows become rows, its columns take their header paths as names ('Số hồ sơ / Tổng số';
'Cột 3' where the header names none), numbers are numbers ('1.234' -> 1234, '92,03%' -> 92.03) and
every other cell keeps its text, an OCR'd number left without a value included (its text is there to
check against the scan). A first column says which page a row stands on (a table may go on over pages).
The files are UTF-8 with a byte-order mark, which Excel needs to show Vietnamese.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from schemas.table_cells import TableCell
from storage.store import write_text_atomic

PAGE_COLUMN = "Trang"
UNNAMED_COLUMN = "Cột {}"  # a column whose header names nothing, by its number from 1


def tables_as_frames(cells: Sequence[TableCell]) -> dict[int, pd.DataFrame]:
    """Each table of ``cells`` (by table_id) as a frame: a row per body row, a column per table column."""
    by_table: dict[int, list[TableCell]] = {}
    for cell in cells:
        by_table.setdefault(cell.table_id, []).append(cell)
    return {table_id: _table_frame(table) for table_id, table in sorted(by_table.items())}


def _table_frame(table: Sequence[TableCell]) -> pd.DataFrame:
    body = [c for c in table if not c.is_header]
    columns = _column_names(body)
    rows: dict[int, dict[str, object]] = {}
    for cell in sorted(body, key=lambda c: (c.row, c.col)):
        row = rows.setdefault(cell.row, {PAGE_COLUMN: cell.page})
        row[columns[cell.col]] = _cell_content(cell)
    return pd.DataFrame(list(rows.values()), columns=[PAGE_COLUMN, *columns.values()], dtype=object)


def _column_names(body: Sequence[TableCell]) -> dict[int, str]:
    """Each column's header path, numbered where it names nothing or another column has it already."""
    names: dict[int, str] = {}
    for col in sorted({c.col for c in body}):
        header = next((c.header for c in body if c.col == col and c.header), None)
        name = header or UNNAMED_COLUMN.format(col + 1)
        names[col] = name if name not in names.values() else f"{name} ({UNNAMED_COLUMN.format(col + 1)})"
    return names


def _cell_content(cell: TableCell) -> object:
    if cell.value is None:
        return cell.text or None
    return int(cell.value) if float(cell.value).is_integer() else cell.value


def write_table_csvs(cells: Sequence[TableCell], folder: Path, stem: str) -> list[Path]:
    """Write each table as ``folder/<stem>_table_<id>.csv`` (atomically); the paths written, in order."""
    written = []
    for table_id, frame in tables_as_frames(cells).items():
        path = folder / f"{stem}_table_{table_id}.csv"
        write_text_atomic(path, "\ufeff" + frame.to_csv(index=False))
        written.append(path)
    return written
