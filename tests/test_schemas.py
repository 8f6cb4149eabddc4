"""Every table: records -> Arrow -> Parquet -> records is the identity; versions travel in metadata."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from schemas import (
    TABLES,
    Citation,
    DocumentRecord,
    Fact,
    FailureRecord,
    Finding,
    LayoutLine,
    PageText,
    Section,
    records_to_table,
    table_to_records,
)
from schemas.base import VERSION_KEY, SchemaViolation, record
from schemas.layout import PageCell, PlacedWord
from schemas.score_rows import ScoreRow
from schemas.table_cells import TableCell
from storage.store import DocumentCache, read_table, table_path, upsert, write_table_atomic

AT = dt.datetime(2025, 1, 23, 8, 30, tzinfo=dt.UTC)
DOC = DocumentRecord(
    doc_id="a" * 64, source_path="data/raw/x.pdf", other_paths=("data/raw/copy of x.pdf",),
    file_name="x.pdf", bytes=1234, media_type="pdf", pages=2, text_source="mixed", ocr_pages=1,
    failed_pages=0, mean_ocr_confidence=91.5, status="ok", error=None, extractor_version="0.1.0",
    ingested_at=AT,
)  # fmt: skip
PAGE = PageText(
    "a" * 64, 1, "ocr", "no_text", "Số: 23/BC-UBND\nĐồng ý", 21, 93.2, 2.5, None, 200, 90, 1.7, "max_channel",
    595.0, 842.0, (PlacedWord(0, 3, 70.1, 80.0, 88.5, 92.0, 91.0), PlacedWord(4, 14, 90.0, 80.0, 150.2, 92.0, 95.0)),
    cells=(PageCell(1, 0, 0, 1, 2, 0, 3, 60.0, 75.0, 160.0, 95.0, 0.67, "15 | 1,5 | 1,5"),),
)  # fmt: skip
LAYOUT_LINE = LayoutLine(
    "a" * 64, 1, 0, 14, "Số: 23/BC-UBND", 0, 0, "header_left", 70.1, 80.0, 150.2, 92.0, "ocr", 93.0
)
FAILURE = FailureRecord("data/raw/bad.pdf", None, "open", "not_a_pdf", "bad.pdf: no %PDF header", AT)
CITATION = Citation(
    "a" * 64, 1, 10, 21, "121/KH-\nSYT", "121/KH-SYT", "Kế hoạch", 121, None, "KH", "SYT",
    dt.date(2020, 9, 29), "29/9/2020", None, "cited", True, False, "cải cách hành chính năm 2021",
    "I. CÔNG TÁC CHỈ ĐẠO", "Kế hoạch số 121/KH- SYT, ngày 29/9/2020 của Sở Y tế",
)  # fmt: skip
FINDING = Finding(
    "a" * 64, "same_number_different_dates", "warning", "24/KH-SYT is dated 28/01/2023, 29/01/2023",
    "p1: …«24/KH-SYT» ngày 28/01/2023…", (1, 2), ("24/KH-SYT",), 1, 10, 19, "24/KH-SYT",
)  # fmt: skip
FACT = Fact(
    "a" * 64, 1, 40, 50, "26/52 nhiệm vụ", "ratio", 0.5, "nhiệm vụ", 26.0, 52.0, "đã hoàn thành", False, None,
    "I. CÔNG TÁC CHỈ ĐẠO", "Trong quý I đã hoàn thành được 26/52 nhiệm vụ.",
)  # fmt: skip
SECTION = Section("a" * 64, "1:291", None, 1, "I.", "CÔNG TÁC CHỈ ĐẠO", 1, 291, 6120, "chi_dao_dieu_hanh")
SCORE_ROW = ScoreRow(
    "a" * 64, 1, 100, 140, "1.1 Kế hoạch CCHC 1,5 1 1,5 0,5 Văn phòng Sở", 1, 2, "1.1", 2, "1", "Kế hoạch CCHC",
    1.5, 1.0, 1.5, 0.5, None, 2020, 2021, "Văn phòng Sở", False, "chi_dao_dieu_hanh", "lines",
)  # fmt: skip
TABLE_CELL = TableCell(
    "a" * 64, 4, 120, 123, "1,5", 1, 3, 2, 1, 1, False, "Điểm tối đa", "1.1 Kế hoạch CCHC", "1,5", 1.5, None,
    None, "1,5 | 1,5 | 15", 400.0, 200.5, 450.0, 215.0, "ocr", 0.67,
)  # fmt: skip
SAMPLES = {
    "table_cells": TABLE_CELL,
    "score_rows": SCORE_ROW,
    "documents": DOC,
    "pages": PAGE,
    "failures": FAILURE,
    "citations": CITATION,
    "facts": FACT,
    "findings": FINDING,
    "sections": SECTION,
    "layout": LAYOUT_LINE,
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_parquet_round_trip_is_identity(name: str, tmp_path: Path) -> None:
    spec, record = TABLES[name], SAMPLES[name]
    path = tmp_path / f"{name}.parquet"
    pq.write_table(records_to_table([record], spec), path)
    table = pq.read_table(path)
    assert table_to_records(table, spec) == [record]
    assert table.schema.metadata[VERSION_KEY] == spec.version.encode()


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_column_is_documented(name: str) -> None:
    spec = TABLES[name]
    assert set(spec.column_docs) == set(spec.schema.names)
    assert all(spec.column_docs.values())


def test_null_in_required_column_is_rejected_before_write() -> None:
    broken = dataclasses.replace(PAGE, text=None)
    with pytest.raises(SchemaViolation, match=r"pages\.text"):
        records_to_table([broken], TABLES["pages"])


def test_upsert_replaces_rows_by_key(tmp_path: Path) -> None:
    spec = TABLES["pages"]
    upsert(tmp_path, spec, records_to_table([PAGE], spec), {"doc_id": set()})
    newer = dataclasses.replace(PAGE, text="mới", chars=3)
    other = dataclasses.replace(PAGE, doc_id="b" * 64)
    upsert(tmp_path, spec, records_to_table([newer, other], spec), {"doc_id": {PAGE.doc_id}})
    rows = table_to_records(read_table(tmp_path, spec), spec)
    assert rows == [newer, other]


def test_atomic_write_leaves_no_temp_files(tmp_path: Path) -> None:
    spec = TABLES["failures"]
    path = table_path(tmp_path, spec)
    write_table_atomic(records_to_table([FAILURE], spec), path)
    write_table_atomic(records_to_table([FAILURE, FAILURE], spec), path)
    assert [p.name for p in tmp_path.iterdir()] == ["failures.parquet"]
    assert pq.read_table(path).num_rows == 2


def test_failed_write_keeps_the_previous_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = TABLES["failures"]
    path = table_path(tmp_path, spec)
    write_table_atomic(records_to_table([FAILURE], spec), path)

    def write_half_then_fail(table: pa.Table, where: str, **kwargs: object) -> None:
        Path(where).write_bytes(b"PAR1 half a file")
        raise OSError("No space left on device")

    monkeypatch.setattr("storage.store.pq.write_table", write_half_then_fail)
    with pytest.raises(OSError, match="No space"):
        write_table_atomic(records_to_table([FAILURE, FAILURE], spec), path)
    monkeypatch.undo()
    assert table_to_records(pq.read_table(path), spec) == [FAILURE]
    assert [p.name for p in tmp_path.iterdir()] == ["failures.parquet"]


def test_cache_is_reused_only_under_the_same_key(tmp_path: Path) -> None:
    cache = DocumentCache(tmp_path, "pages")
    specs = (TABLES["documents"], TABLES["pages"])
    cache.save(DOC.doc_id, "v1", {"documents": (specs[0], [DOC]), "pages": (specs[1], [PAGE])})
    assert cache.load(DOC.doc_id, "v1", specs) == {"documents": [DOC], "pages": [PAGE]}
    assert cache.load(DOC.doc_id, "v2", specs) is None
    assert cache.load("f" * 64, "v1", specs) is None


def test_a_column_added_later_takes_its_default_when_reading_older_tables() -> None:
    """Cached results written before `header_notes` existed stay readable (no re-OCR for a new column)."""
    old = records_to_table([DOC], TABLES["documents"]).drop_columns(["header_notes"])
    assert table_to_records(old, TABLES["documents"]) == [DOC]


def test_a_missing_column_without_default_is_a_key_error() -> None:
    old = records_to_table([PAGE], TABLES["pages"]).drop_columns(["text"])
    with pytest.raises(KeyError, match="text"):
        table_to_records(old, TABLES["pages"])


@record
class _Stored:
    """A record with a default and a keyword-only field, made by ``record``'s own ``__init__``."""

    a: int
    b: str | None = None
    _: dataclasses.KW_ONLY
    c: float = 1.5


@dataclasses.dataclass(frozen=True)
class _Plain:
    a: int
    b: str | None = None
    _: dataclasses.KW_ONLY
    c: float = 1.5


RECORD_CALLS = [
    ("positional", (1, "x"), {}),
    ("keywords", (), {"a": 1, "b": "x", "c": 2.0}),
    ("defaults", (1,), {}),
    ("keyword_only_by_name", (1,), {"c": 3.0}),
    ("missing_field", (), {}),
    ("keyword_only_given_by_position", (1, "x", 2.0), {}),
    ("unknown_field", (1,), {"d": 1}),
    ("field_twice", (1,), {"a": 2}),
]


@pytest.mark.parametrize(("case", "args", "kwargs"), RECORD_CALLS, ids=[c[0] for c in RECORD_CALLS])
def test_a_record_is_made_as_its_dataclass_would_be(case: str, args: tuple, kwargs: dict) -> None:
    """Same fields, defaults, keyword-only fields and errors as ``@dataclass(frozen=True)``."""
    try:
        expected = dataclasses.astuple(_Plain(*args, **kwargs))
    except TypeError:
        with pytest.raises(TypeError):
            _Stored(*args, **kwargs)
        return
    made = _Stored(*args, **kwargs)
    assert dataclasses.astuple(made) == expected
    assert list(vars(made)) == [f.name for f in dataclasses.fields(_Stored)]


def test_a_record_stays_frozen_comparable_and_replaceable() -> None:
    made = _Stored(1, "x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.a = 2  # type: ignore[misc]
    assert made == _Stored(1, "x") and hash(made) == hash(_Stored(1, "x")) and made != _Stored(2)
    assert dataclasses.replace(made, c=4.0) == _Stored(1, "x", c=4.0)
    assert _Stored.__init__.__qualname__ == "_Stored.__init__"


@pytest.mark.parametrize(
    "kind", [Citation, Fact, ScoreRow, Section, Finding, TableCell, PlacedWord, PageCell]
)
def test_the_extracted_records_take_their_fields_as_dataclasses_do(kind: type) -> None:
    """Each record's ``__init__`` takes its fields in order, with their defaults, keyword-only ones by name."""
    fields = [(f.name, f.default, f.kw_only) for f in dataclasses.fields(kind)]
    parameters = inspect.signature(kind).parameters.values()
    empty = inspect.Parameter.empty
    taken = [
        (p.name, dataclasses.MISSING if p.default is empty else p.default, p.kind == p.KEYWORD_ONLY)
        for p in parameters
    ]
    assert taken == fields
