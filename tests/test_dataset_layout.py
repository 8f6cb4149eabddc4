"""The partitioned dataset layout: province_current/period_year folders that pandas, pyarrow.dataset and
DuckDB read without glue; atomic swaps; upserts; nulls as __unknown__; the schema version in every file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from schemas import CITATIONS, DOCUMENTS, FINDINGS, TABLES, Citation, DocumentRecord, Finding
from schemas.base import VERSION_KEY, records_to_table, table_to_records
from storage.partitions import UNKNOWN, VERSIONS_DIR, is_partitioned, label
from storage.store import read_table, table_path, upsert

AT = dt.datetime(2025, 1, 23, 8, 30, tzinfo=dt.UTC)


def document(doc_id: str, province: str | None, year: int | None) -> DocumentRecord:
    return DocumentRecord(
        doc_id=doc_id, source_path=f"in/{doc_id}.pdf", other_paths=(), file_name=f"{doc_id}.pdf", bytes=10,
        media_type="pdf", pages=1, text_source="text_layer", ocr_pages=0, failed_pages=0,
        mean_ocr_confidence=None, status="ok", error=None, extractor_version="t", ingested_at=AT,
        province_current=province, period_year=year,
    )  # fmt: skip


def citation(doc_id: str, start: int) -> Citation:
    return Citation(
        doc_id, 1, start, start + 10, "61/2018/NĐ-CP", "61/2018/NĐ-CP", "Nghị định", 61, 2018, "NĐ", "CP",
        dt.date(2018, 4, 23), "23/4/2018", None, "cited", True, False, None, None, "Nghị định số 61/2018/NĐ-CP",
    )  # fmt: skip


DOCS = [
    document("a" * 64, "Hòa Bình", 2023),
    document("b" * 64, "Lai Châu", 2024),
    document("c" * 64, None, None),  # province and period not found
]
CITES = [citation(d.doc_id, s) for d in DOCS for s in (5, 50)]


def ingest_tables(out: Path, docs: list[DocumentRecord], cites: list[Citation]) -> None:
    ids = {d.doc_id for d in docs}
    upsert(out, DOCUMENTS, records_to_table(docs, DOCUMENTS), {"doc_id": ids})
    upsert(out, CITATIONS, records_to_table(cites, CITATIONS), {"doc_id": ids})


@pytest.fixture
def out(tmp_path: Path) -> Path:
    ingest_tables(tmp_path, DOCS, CITES)
    return tmp_path


def citations_per_province(rows: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in rows:
        counts[str(r["province_current"])] = counts.get(str(r["province_current"]), 0) + 1
    return counts


EXPECTED_PER_PROVINCE = {"Hòa Bình": 2, "Lai Châu": 2, UNKNOWN: 2}


@pytest.mark.parametrize(
    "reader",
    [
        pytest.param(lambda p: pd.read_parquet(p).to_dict("records"), id="pandas"),
        pytest.param(
            lambda p: ds.dataset(p, partitioning="hive").to_table().to_pylist(), id="pyarrow.dataset"
        ),
        pytest.param(lambda p: pq.read_table(p).to_pylist(), id="pyarrow.parquet"),
        pytest.param(lambda p: duckdb.sql(f"SELECT * FROM '{p}'").df().to_dict("records"), id="duckdb"),
    ],
)
def test_every_reader_sees_the_partition_columns_without_glue(out: Path, reader) -> None:
    rows = reader(table_path(out, CITATIONS))
    assert citations_per_province(rows) == EXPECTED_PER_PROVINCE
    assert {str(r["period_year"]) for r in rows} == {"2023", "2024", UNKNOWN}


def test_folders_are_province_then_year(out: Path) -> None:
    link = table_path(out, CITATIONS)
    assert link.is_symlink() and link.is_dir()
    parts = sorted(str(p.relative_to(link)) for p in link.rglob("*.parquet"))
    assert parts == [
        "province_current=Hòa Bình/period_year=2023/part-0.parquet",
        "province_current=Lai Châu/period_year=2024/part-0.parquet",
        f"province_current={UNKNOWN}/period_year={UNKNOWN}/part-0.parquet",
    ]


def test_every_file_carries_the_schema_version(out: Path) -> None:
    for spec in (DOCUMENTS, CITATIONS):
        for path in table_path(out, spec).rglob("*.parquet"):
            assert pq.read_schema(path).metadata[VERSION_KEY] == spec.version.encode(), path


def test_records_round_trip_with_nulls_kept(out: Path) -> None:
    assert sorted(table_to_records(read_table(out, DOCUMENTS), DOCUMENTS), key=lambda d: d.doc_id) == DOCS
    assert (
        sorted(table_to_records(read_table(out, CITATIONS), CITATIONS), key=lambda c: (c.doc_id, c.start))
        == CITES
    )


def test_rerun_is_idempotent_and_keeps_two_versions(out: Path) -> None:
    before = pq.read_table(table_path(out, CITATIONS)).to_pylist()
    current = {spec.name: table_path(out, spec).resolve() for spec in (DOCUMENTS, CITATIONS)}
    for _ in range(3):
        ingest_tables(out, DOCS, CITES)
    assert pq.read_table(table_path(out, CITATIONS)).to_pylist() == before
    assert {spec.name: table_path(out, spec).resolve() for spec in (DOCUMENTS, CITATIONS)} == current
    for cites in (CITES[:1], CITES, CITES[:1]):  # citations change three times, documents never
        ingest_tables(out, DOCS, cites)
    versions = sorted(p.name.split(".")[0] for p in (out / VERSIONS_DIR).iterdir())
    assert versions == ["citations", "citations", "documents"]
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_only_the_partitions_whose_rows_change_are_written(out: Path) -> None:
    """A batch rewrites its own partitions; every other file of the new version is the old file (a hard
    link: same inode, no bytes written)."""
    old_files = {
        p.relative_to(table_path(out, CITATIONS).resolve()): p.stat().st_ino
        for p in table_path(out, CITATIONS).resolve().rglob("*.parquet")
    }
    changed = DOCS[0]
    ingest_tables(out, [changed], [c for c in CITES if c.doc_id == changed.doc_id][:1])
    new_root = table_path(out, CITATIONS).resolve()
    new_files = {p.relative_to(new_root): p.stat().st_ino for p in new_root.rglob("*.parquet")}
    assert new_files.keys() == old_files.keys()
    rewritten = {path for path, inode in new_files.items() if inode != old_files[path]}
    assert rewritten == {
        Path(f"province_current={label(changed.province_current)}")
        / f"period_year={label(changed.period_year)}"
        / "part-0.parquet"
    }


def test_a_partition_an_older_schema_wrote_is_rewritten_in_the_current_one(out: Path) -> None:
    """A table never mixes schema versions: a batch that does not touch an older file still rewrites it
    in the current schema (a column added since it was written reads as null)."""
    root = table_path(out, CITATIONS).resolve()
    older = root / f"province_current={UNKNOWN}" / f"period_year={UNKNOWN}" / "part-0.parquet"
    table = pq.read_table(older).drop_columns(["title"])
    older.unlink()  # a file of its own, not a link shared with the previous version
    pq.write_table(table.replace_schema_metadata({VERSION_KEY: b"0.9"}), older)
    ingest_tables(out, DOCS[:1], [c for c in CITES if c.doc_id == DOCS[0].doc_id])
    files = list(table_path(out, CITATIONS).resolve().rglob("*.parquet"))
    assert {pq.read_schema(f).metadata[VERSION_KEY] for f in files} == {CITATIONS.version.encode()}
    rows = read_table(out, CITATIONS).to_pylist()
    assert len(rows) == len(CITES)
    assert [r["title"] for r in rows if r["doc_id"] == DOCS[2].doc_id] == [None, None]


def test_a_reader_of_the_previous_version_can_finish(out: Path) -> None:
    old_files = sorted(table_path(out, CITATIONS).resolve().rglob("*.parquet"))
    ingest_tables(out, DOCS, CITES[:1])
    assert sum(pq.read_table(f).num_rows for f in old_files) == len(CITES)
    assert pq.read_table(table_path(out, CITATIONS)).num_rows == 1


def test_a_moved_document_moves_its_rows(out: Path) -> None:
    moved = dataclasses.replace(DOCS[2], province_current="Sơn La", period_year=2025)
    upsert(out, DOCUMENTS, records_to_table([moved], DOCUMENTS), {"doc_id": {moved.doc_id}})
    upsert(out, CITATIONS, records_to_table(CITES[4:], CITATIONS), {"doc_id": {moved.doc_id}})
    rows = pq.read_table(table_path(out, CITATIONS)).to_pylist()
    assert citations_per_province(rows) == {"Hòa Bình": 2, "Lai Châu": 2, "Sơn La": 2}


def test_a_failed_write_keeps_the_previous_table(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = pq.read_table(table_path(out, CITATIONS)).to_pylist()

    def write_then_fail(table: pa.Table, where: str, **kwargs: object) -> None:
        Path(where).write_bytes(b"PAR1 half a file")
        raise OSError("No space left on device")

    monkeypatch.setattr("storage.partitions.pq.write_table", write_then_fail)
    with pytest.raises(OSError, match="No space"):
        ingest_tables(out, DOCS, CITES[:1])
    monkeypatch.undo()
    assert pq.read_table(table_path(out, CITATIONS)).to_pylist() == before
    assert sorted(p.name.split(".")[0] for p in (out / VERSIONS_DIR).iterdir()) == ["citations", "documents"]


def test_an_old_single_file_table_is_replaced_by_the_dataset(tmp_path: Path) -> None:
    pq.write_table(records_to_table(CITES[:1], CITATIONS), table_path(tmp_path, CITATIONS))
    assert table_to_records(read_table(tmp_path, CITATIONS), CITATIONS) == CITES[:1]
    ingest_tables(tmp_path, DOCS, CITES)
    assert table_path(tmp_path, CITATIONS).is_symlink()
    assert pq.read_table(table_path(tmp_path, CITATIONS)).num_rows == len(CITES)


def test_an_output_copied_with_its_links_followed_takes_the_next_batch(tmp_path: Path, out: Path) -> None:
    """A copy that turned each table's link into a plain folder (``cp -rL``, an upload and a download) keeps
    its rows: the next batch writes a version of its own and the copied folder becomes the previous one."""
    copy = tmp_path / "copy"
    shutil.copytree(out, copy, ignore=shutil.ignore_patterns(VERSIONS_DIR))  # links followed
    assert table_path(copy, CITATIONS).is_dir() and not table_path(copy, CITATIONS).is_symlink()
    changed = DOCS[0]
    ingest_tables(copy, [changed], [c for c in CITES if c.doc_id == changed.doc_id][:1])
    assert table_path(copy, CITATIONS).is_symlink() and table_path(copy, DOCUMENTS).is_symlink()
    assert read_table(copy, CITATIONS).num_rows == len(CITES) - 1
    assert read_table(copy, DOCUMENTS).num_rows == len(DOCS)
    versions = sorted(p.name.split(".")[0] for p in (copy / VERSIONS_DIR).iterdir())
    assert versions == ["citations", "citations", "documents", "documents"]  # new versions, copies set aside


def test_a_copied_output_keeps_its_folder_when_the_swap_fails(
    tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(out, copy, ignore=shutil.ignore_patterns(VERSIONS_DIR))  # links followed

    def swap_fails(link: Path, target: Path) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr("storage.partitions._swap_link", swap_fails)
    with pytest.raises(OSError, match="No space"):
        ingest_tables(copy, DOCS[:1], [c for c in CITES if c.doc_id == DOCS[0].doc_id][:1])
    monkeypatch.undo()
    assert table_path(copy, DOCUMENTS).is_dir() and not table_path(copy, DOCUMENTS).is_symlink()
    assert read_table(copy, CITATIONS).num_rows == len(CITES)


def test_an_empty_table_still_tells_its_columns(tmp_path: Path) -> None:
    upsert(tmp_path, FINDINGS, records_to_table([], FINDINGS), {"doc_id": set()})
    table = pq.read_table(table_path(tmp_path, FINDINGS))
    assert table.num_rows == 0
    assert set(FINDINGS.schema.names) <= set(table.column_names)
    assert duckdb.sql(f"SELECT count(*) FROM '{table_path(tmp_path, FINDINGS)}'").fetchall() == [(0,)]


def test_findings_without_a_document_go_to_unknown(tmp_path: Path) -> None:
    ingest_tables(tmp_path, DOCS, [])
    orphan = Finding(None, "registry_mismatch", "error", "m", "e", (), (), None, None, None, None)
    upsert(tmp_path, FINDINGS, records_to_table([orphan], FINDINGS), {"doc_id": set()})
    rows = pd.read_parquet(table_path(tmp_path, FINDINGS)).to_dict("records")
    assert [(r["province_current"], r["period_year"]) for r in rows] == [(UNKNOWN, UNKNOWN)]


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_about_documents_is_partitioned_failures_stay_one_file(name: str) -> None:
    assert is_partitioned(TABLES[name]) == (name != "failures")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Hòa Bình", "Hòa Bình"),
        (2023, "2023"),
        (None, UNKNOWN),
        ("", UNKNOWN),
        ("a/b", UNKNOWN),
        ("..", UNKNOWN),
    ],
)
def test_partition_labels_are_safe_folder_names(value: object, expected: str) -> None:
    assert label(value) == expected


def test_every_province_name_is_a_safe_folder_name() -> None:
    from extractors.tables import load_table

    targets = {row["province_current"] for row in load_table("provinces_2025")}
    assert len(targets) == 34
    assert [t for t in targets if label(t) != t] == []
