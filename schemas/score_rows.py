"""The `score_rows` table: rows of PAR-index self-assessment tables (criterion, points, target)."""

from __future__ import annotations

import pyarrow as pa

from schemas.base import field, make_spec, provenance_fields, record


@record
class ScoreRow:
    """One criterion row (or the total row) of a scoring table (``page_text[start:end] == raw``)."""

    doc_id: str
    page: int
    start: int
    end: int
    raw: str
    table_id: int
    row: int
    criterion_code: str | None
    level: int
    parent_code: str | None
    criterion: str
    max_points: float | None
    points_achieved: float | None
    target: float | None
    change: float | None
    appraised_points: float | None
    points_year: int | None
    target_year: int | None
    responsible_unit: str | None
    is_total: bool
    par_domain: str | None
    source: str
    evidence: str | None = None
    repaired: tuple[str, ...] = ()  # cells OCR misread that the table's sums put right


SCORE_ROWS = make_spec(
    "score_rows",
    ScoreRow,
    version="1.2",
    key=("doc_id", "table_id", "row"),
    description="One row per criterion of a PAR-index scoring table (1, 1.1, 1.1.1 …) and per total row.",
    fields=[
        *provenance_fields("the row as written, from its code to its last cell"),
        field("table_id", pa.int32(), "1-based number of the table in the document", nullable=False),
        field("row", pa.int32(), "1-based row order within the table", nullable=False),
        field(
            "criterion_code",
            pa.string(),
            "criterion code without trailing dot: '1', '1.1', '1.1.1' (null: total, or OCR lost it)",
        ),
        field(
            "level",
            pa.int32(),
            "1 = domain, 2 = criterion, 3 = component; 0 = total row, or a row whose code OCR lost",
            nullable=False,
        ),
        field("parent_code", pa.string(), "criterion_code of the enclosing criterion"),
        field("criterion", pa.string(), "criterion text, whitespace collapsed", nullable=False),
        field("max_points", pa.float64(), "điểm tối đa"),
        field(
            "points_achieved", pa.float64(), "points achieved / self-assessed (điểm đạt được, tự đánh giá)"
        ),
        field("target", pa.float64(), "points aimed for (mục tiêu)"),
        field("change", pa.float64(), "tăng/giảm: target minus points, as stated"),
        field("appraised_points", pa.float64(), "points after appraisal (điểm thẩm định)"),
        field("points_year", pa.int32(), "year the achieved points refer to, from the header"),
        field("target_year", pa.int32(), "year the target refers to, from the header"),
        field("responsible_unit", pa.string(), "phòng phụ trách / unit in charge, as written"),
        field("is_total", pa.bool_(), "the table's total row (Tổng cộng / Tổng điểm)", nullable=False),
        field("par_domain", pa.string(), "PAR-index domain of the row's top-level criterion"),
        field(
            "source",
            pa.string(),
            "how the row was read: cells (a ruled table's cells) or lines (parsed from page text)",
            nullable=False,
        ),
        field(
            "evidence",
            pa.string(),
            "tài liệu kiểm chứng: the evidence the row cites, as written (cells only)",
        ),
        field(
            "repaired",
            pa.list_(pa.string()),
            "cells OCR misread that the table's sums put right, as 'column: read -> value' ('max_points: 15 "
            "-> 1.5': a lost decimal comma, only when the parent's cell is then its children's sum exactly)",
            nullable=False,
        ),
    ],
)
