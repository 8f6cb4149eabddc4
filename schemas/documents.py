"""The `documents` table: one row per ingested document."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyarrow as pa

from schemas.base import field, make_spec


@dataclass(frozen=True)
class FieldEvidence:
    """Where one metadata value was read: ``page_text[start:end] == raw`` on ``page``, and the box of its
    words there (PDF points, origin top-left; null on pages without word boxes)."""

    field: str  # doc_number, issue_date, province, agency, place, title, signer_name or signer_role
    page: int
    start: int
    end: int
    raw: str
    x0: float | None = None
    y0: float | None = None
    x1: float | None = None
    y1: float | None = None


FIELD_EVIDENCE = pa.struct(
    [
        pa.field("field", pa.string(), nullable=False),
        pa.field("page", pa.int32(), nullable=False),
        pa.field("start", pa.int32(), nullable=False),
        pa.field("end", pa.int32(), nullable=False),
        pa.field("raw", pa.string(), nullable=False),
        *(pa.field(name, pa.float64()) for name in ("x0", "y0", "x1", "y1")),
    ]
)


@dataclass(frozen=True, kw_only=True)
class DocumentMetadata:
    """What a document says about itself (null where it does not say, or leaves a blank)."""

    province: str | None = None
    province_current: str | None = None
    agency: str | None = None
    level: str | None = None
    doc_type: str | None = None
    doc_number: str | None = None
    doc_number_source: str | None = None
    doc_number_confidence: float | None = None
    place: str | None = None
    issue_date: dt.date | None = None
    issue_date_source: str | None = None
    issue_date_confidence: float | None = None
    title: str | None = None
    period_type: str | None = None
    period_year: int | None = None
    period_quarter: int | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    signer_name: str | None = None
    signer_role: str | None = None
    signature_time: dt.datetime | None = None
    header_notes: tuple[str, ...] = ()
    field_evidence: tuple[FieldEvidence, ...] = ()

    def __post_init__(self) -> None:
        if self.field_evidence and isinstance(self.field_evidence[0], dict):  # read back from Parquet
            evidence = tuple(FieldEvidence(**e) for e in self.field_evidence)  # type: ignore[arg-type]
            object.__setattr__(self, "field_evidence", evidence)


@dataclass(frozen=True)
class DocumentRecord(DocumentMetadata):
    """What the pipeline knows about one input document (its metadata fields are keyword-only)."""

    doc_id: str
    source_path: str
    other_paths: tuple[str, ...]
    file_name: str
    bytes: int
    media_type: str
    pages: int
    text_source: str
    ocr_pages: int
    failed_pages: int
    mean_ocr_confidence: float | None
    status: str
    error: str | None
    extractor_version: str
    ingested_at: dt.datetime


DOCUMENTS = make_spec(
    "documents",
    DocumentRecord,
    version="1.4",
    key=("doc_id",),
    description="One row per ingested document (a file that could be opened).",
    fields=[
        field("doc_id", pa.string(), "sha256 of the file bytes", nullable=False),
        field("source_path", pa.string(), "path the file was read from", nullable=False),
        field("other_paths", pa.list_(pa.string()), "other paths holding the same bytes", nullable=False),
        field("file_name", pa.string(), "file name as given (NFC)", nullable=False),
        field("bytes", pa.int64(), "file size in bytes", nullable=False),
        field("media_type", pa.string(), "pdf, text or image", nullable=False),
        field("pages", pa.int32(), "number of pages", nullable=False),
        field("text_source", pa.string(), "text_layer, ocr, mixed or text", nullable=False),
        field("ocr_pages", pa.int32(), "pages whose text came from OCR", nullable=False),
        field("failed_pages", pa.int32(), "pages that produced no text because of an error", nullable=False),
        field("mean_ocr_confidence", pa.float64(), "mean tesseract word confidence (0-100) over OCR pages"),
        field("status", pa.string(), "ok, or failed when no page yielded text", nullable=False),
        field("error", pa.string(), "why the document failed, if it did"),
        field(
            "extractor_version", pa.string(), "digest of the extraction code and its tables", nullable=False
        ),
        field("ingested_at", pa.timestamp("us", tz="UTC"), "when the row was produced", nullable=False),
        field("province", pa.string(), "province as written (header, else most mentioned)"),
        field("province_current", pa.string(), "the province after the 2025 merger (63 -> 34)"),
        field("agency", pa.string(), "issuing agency: Sở Y tế, Sở Nội vụ, Ủy ban nhân dân, ..."),
        field(
            "level",
            pa.string(),
            "national (a ministry, the government), province, department, district or commune",
        ),
        field(
            "doc_type",
            pa.string(),
            "BC, KH, TB, QĐ, PL (appendix), ... from the heading word; CV for a letter (V/v subject)",
        ),
        field("doc_number", pa.string(), "the document's own number (null when blank)"),
        field(
            "doc_number_source",
            pa.string(),
            "text, form_field, ocr (confirmed), ocr_typed, ocr+second_reader, handwriting+file_name, "
            "handwriting+cross_reference",
        ),
        field(
            "doc_number_confidence",
            pa.float64(),
            "1.0 from a text layer or form field; OCR: mean tesseract word confidence / 100; handwriting: share of "
            "the field's crops that gave the digits",
        ),
        field("place", pa.string(), "place in 'Place, ngày …'"),
        field("issue_date", pa.date32(), "date in the header (null when the day is blank)"),
        field(
            "issue_date_source",
            pa.string(),
            "text, form_field, ocr, handwriting+signature_time or handwriting+ocr",
        ),
        field("issue_date_confidence", pa.float64(), "as doc_number_confidence, for the header date"),
        field("title", pa.string(), "subject line under the heading word"),
        field("period_type", pa.string(), "year, half, quarter, month or multi-year"),
        field("period_year", pa.int32(), "year the period falls in (null for multi-year)"),
        field("period_quarter", pa.int32(), "1-4 for quarterly reports"),
        field("period_start", pa.date32(), "first day of the period"),
        field("period_end", pa.date32(), "last day of the period"),
        field("signer_name", pa.string(), "who signed"),
        field("signer_role", pa.string(), "GIÁM ĐỐC, KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC, ..."),
        field(
            "signature_time", pa.timestamp("us", tz="UTC"), "earliest digital-signature time a trailer states"
        ),
        field(
            "header_notes",
            pa.list_(pa.string()),
            "why doc_number/issue_date are null (blank or handwritten field, quoted) and the signature cross-check",
            nullable=False,
        ),
        field(
            "field_evidence",
            pa.list_(FIELD_EVIDENCE),
            "where each metadata value was read: field, page, text[start:end] == raw, and its box",
            nullable=False,
        ),
    ],
)
