"""The `findings` table: what the audit flags in a document or across the corpus."""

from __future__ import annotations

import pyarrow as pa

from schemas.base import field, make_spec, record


@record
class Finding:
    """One audit finding with the evidence a reviewer needs to check it."""

    doc_id: str | None
    type: str
    severity: str
    message: str
    evidence: str
    pages: tuple[int, ...]
    numbers: tuple[str, ...]
    page: int | None
    start: int | None
    end: int | None
    raw: str | None


FINDINGS = make_spec(
    "findings",
    Finding,
    version="1.0",
    key=("doc_id", "type", "message"),
    description="One row per audit finding (per document, or corpus-wide with doc_id of the disagreeing document).",
    fields=[
        field("doc_id", pa.string(), "document the finding is about"),
        field(
            "type",
            pa.string(),
            "same_number_different_dates, date_after_report, year_mismatch, ...",
            nullable=False,
        ),
        field("severity", pa.string(), "error, warning or info", nullable=False),
        field("message", pa.string(), "one-line explanation", nullable=False),
        field("evidence", pa.string(), "quotes of the text that shows it", nullable=False),
        field("pages", pa.list_(pa.int32()), "pages involved", nullable=False),
        field("numbers", pa.list_(pa.string()), "canonical citation numbers involved", nullable=False),
        field("page", pa.int32(), "page of the first piece of evidence"),
        field("start", pa.int32(), "offset of the first piece of evidence in pages.text"),
        field("end", pa.int32(), "end offset of the first piece of evidence"),
        field("raw", pa.string(), "pages.text[start:end] of the first piece of evidence"),
    ],
)
