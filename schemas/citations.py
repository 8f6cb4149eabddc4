"""The `citations` table: every cited document number, normalized, dated, with provenance."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from schemas.base import box_fields, field, make_spec, provenance_fields, record


@record
class Citation:
    """One document number found in a page's text (``page_text[start:end] == raw``)."""

    doc_id: str
    page: int
    start: int
    end: int
    raw: str
    number: str
    doc_kind: str | None
    seq: int | None
    year_in_number: int | None
    symbol_type: str | None
    issuer: str | None
    issue_date: dt.date | None
    date_raw: str | None
    date_problem: str | None
    role: str
    valid_format: bool
    repaired: bool
    title: str | None
    section: str | None
    sentence: str
    x0: float | None = None
    y0: float | None = None
    x1: float | None = None
    y1: float | None = None


CITATIONS = make_spec(
    "citations",
    Citation,
    version="1.1",
    key=("doc_id", "page", "start"),
    description="One row per cited document number (and the document's own number, role = self).",
    fields=[
        *provenance_fields("the number exactly as written (spaces, line breaks, typos kept)"),
        field(
            "number",
            pa.string(),
            "canonical number: no spaces, NFC, Đ, repaired year/type code",
            nullable=False,
        ),
        field(
            "doc_kind",
            pa.string(),
            "Nghị định, Quyết định, Kế hoạch, ... (word before it, else from the code)",
        ),
        field("seq", pa.int32(), "the running number (leading zeros dropped)"),
        field("year_in_number", pa.int32(), "year inside a normative number (61/2018/NĐ-CP -> 2018)"),
        field(
            "symbol_type", pa.string(), "type code: NĐ, QĐ, KH, NQ, TTLT, ... (null for letters without one)"
        ),
        field("issuer", pa.string(), "issuer code(s): CP, TTg, UBND, SNV-XDCQ, BNV-BTC, TU, ..."),
        field("issue_date", pa.date32(), "date the text gives for the cited document"),
        field("date_raw", pa.string(), "that date as written; '' when 'ngày' has no date after it"),
        field("date_problem", pa.string(), "truncated, missing, impossible, repaired or contradicted"),
        field("role", pa.string(), "self (the document's own number) or cited", nullable=False),
        field("valid_format", pa.bool_(), "number follows Nghị định 30/2020 symbol rules", nullable=False),
        field(
            "repaired",
            pa.bool_(),
            "number or date was repaired (corrupted year, ASCII type code)",
            nullable=False,
        ),
        field("title", pa.string(), "the 'về việc ...' / 'về ...' text that follows, when present"),
        field("section", pa.string(), "heading the citation sits under"),
        field(
            "sentence",
            pa.string(),
            "the sentence holding the citation (whitespace collapsed)",
            nullable=False,
        ),
        *box_fields(),
    ],
)
