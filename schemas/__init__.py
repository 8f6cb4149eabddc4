"""One pyarrow schema per Parquet table, each with a frozen record type and a version."""

from schemas.base import SchemaViolation, TableSpec, records_to_table, table_to_records
from schemas.documents import DOCUMENTS, DocumentRecord
from schemas.failures import FAILURES, FailureRecord
from schemas.pages import PAGES, PageText

TABLES: dict[str, TableSpec] = {spec.name: spec for spec in (DOCUMENTS, PAGES, FAILURES)}

__all__ = [
    "DOCUMENTS",
    "FAILURES",
    "PAGES",
    "TABLES",
    "DocumentRecord",
    "FailureRecord",
    "PageText",
    "SchemaViolation",
    "TableSpec",
    "records_to_table",
    "table_to_records",
]
