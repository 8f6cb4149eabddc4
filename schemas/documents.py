"""The `documents` table: one row per ingested document."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyarrow as pa

from schemas.base import field, make_spec


@dataclass(frozen=True)
class DocumentRecord:
    """What the pipeline knows about one input document."""

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
    version="1.0",
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
        field("extractor_version", pa.string(), "version of the extraction code", nullable=False),
        field("ingested_at", pa.timestamp("us", tz="UTC"), "when the row was produced", nullable=False),
    ],
)
