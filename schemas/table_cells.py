"""The `table_cells` table: every cell of every ruled table (appendices, statistical annexes, score tables)."""

from __future__ import annotations

import pyarrow as pa

from schemas.base import box_fields, field, make_spec, provenance_fields, record


@record
class TableCell:
    """One cell of a table (``page_text[start:end] == raw``); a table continued over pages keeps its id and
    numbers its rows on."""

    doc_id: str
    page: int
    start: int
    end: int
    raw: str
    table_id: int
    row: int
    col: int
    row_span: int
    col_span: int
    is_header: bool
    header: str | None
    row_label: str | None
    text: str
    value: float | None
    unit: str | None
    value_note: str | None
    readings: str | None
    x0: float | None
    y0: float | None
    x1: float | None
    y1: float | None
    text_source: str
    confidence: float | None


TABLE_CELLS = make_spec(
    "table_cells",
    TableCell,
    version="1.0",
    key=("doc_id", "table_id", "row", "col"),
    description="One row per cell of a ruled table (digital or scanned), with its column header path and row label.",
    fields=[
        *provenance_fields(
            "the page text from the cell's first word to its last (a wrapped cell of a text layer spans the "
            "lines of its neighbours too; `text` holds its own words)"
        ),
        field("table_id", pa.int32(), "1-based table number in the document", nullable=False),
        field("row", pa.int32(), "0-based row in the table (continued over pages)", nullable=False),
        field("col", pa.int32(), "0-based column", nullable=False),
        field("row_span", pa.int32(), "rows the cell spans (merged cells)", nullable=False),
        field("col_span", pa.int32(), "columns the cell spans", nullable=False),
        field(
            "is_header",
            pa.bool_(),
            "a header row (column names, or the row numbering the columns)",
            nullable=False,
        ),
        field("header", pa.string(), "the column's header words, top to bottom, joined by ' / '"),
        field("row_label", pa.string(), "the row's text before its first number (code and name, or unit)"),
        field("text", pa.string(), "the cell's own words, whitespace collapsed", nullable=False),
        field(
            "value",
            pa.float64(),
            "the number the cell holds (Vietnamese marks: 1.234,5); null if none or unsure",
        ),
        field("unit", pa.string(), "'%' for a percentage cell or column, else null"),
        field(
            "value_note",
            pa.string(),
            "why a number-like cell has no value (OCR readings disagree), or how a sum settled an OCR reading",
        ),
        field(
            "readings", pa.string(), "OCR'd numeric cells the readings did not agree on: every reading, ' | '"
        ),
        *box_fields(),
        field("text_source", pa.string(), "text_layer or ocr", nullable=False),
        field("confidence", pa.float64(), "OCR'd numeric cells: share of readings that agreed (0-1)"),
    ],
)
