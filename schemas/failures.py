"""The `failures` table: inputs that could not become documents, and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyarrow as pa

from schemas.base import field, make_spec


@dataclass(frozen=True)
class FailureRecord:
    """An input file that did not become a document."""

    source_path: str
    doc_id: str | None
    stage: str
    error_type: str
    message: str
    at: dt.datetime


FAILURES = make_spec(
    "failures",
    FailureRecord,
    version="1.0",
    key=("source_path",),
    description="One row per input file that could not be ingested.",
    fields=[
        field("source_path", pa.string(), "path of the input file", nullable=False),
        field("doc_id", pa.string(), "sha256 of the file, when it could be read"),
        field("stage", pa.string(), "read, open, pages or extract", nullable=False),
        field("error_type", pa.string(), "not_a_pdf, encrypted, corrupt, empty, ...", nullable=False),
        field("message", pa.string(), "one-line human-readable reason", nullable=False),
        field("at", pa.timestamp("us", tz="UTC"), "when it failed", nullable=False),
    ],
)
