"""One pyarrow schema per Parquet table, each with a frozen record type and a version."""

from schemas.base import SchemaViolation, TableSpec, records_to_table, table_to_records
from schemas.citations import CITATIONS, Citation
from schemas.documents import DOCUMENTS, DocumentRecord
from schemas.facts import FACTS, Fact
from schemas.failures import FAILURES, FailureRecord
from schemas.findings import FINDINGS, Finding
from schemas.layout import LAYOUT, LayoutLine
from schemas.pages import PAGES, PageText
from schemas.score_rows import SCORE_ROWS, ScoreRow
from schemas.sections import SECTIONS, Section
from schemas.table_cells import TABLE_CELLS, TableCell

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        DOCUMENTS,
        PAGES,
        SECTIONS,
        CITATIONS,
        FACTS,
        SCORE_ROWS,
        TABLE_CELLS,
        FINDINGS,
        LAYOUT,
        FAILURES,
    )
}

__all__ = [
    "CITATIONS",
    "DOCUMENTS",
    "FACTS",
    "FAILURES",
    "FINDINGS",
    "LAYOUT",
    "PAGES",
    "SCORE_ROWS",
    "SECTIONS",
    "TABLES",
    "TABLE_CELLS",
    "Citation",
    "DocumentRecord",
    "Fact",
    "FailureRecord",
    "Finding",
    "LayoutLine",
    "PageText",
    "SchemaViolation",
    "ScoreRow",
    "Section",
    "TableCell",
    "TableSpec",
    "records_to_table",
    "table_to_records",
]
