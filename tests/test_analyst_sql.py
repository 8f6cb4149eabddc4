"""`open_dataset` and `cchc sql` over a real ingest: every table a DuckDB view, partition columns typed,
results printed or written as CSV/Parquet, the same counts as pandas reading the Parquet directly."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from cchc.dataset import open_dataset, stored_tables
from schemas import TABLES
from tests.conftest import ROOT

QUERY = "SELECT province_current, count(*) AS n FROM citations GROUP BY 1 ORDER BY 1"


def cchc(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cchc.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def pandas_citations_per_province(out: Path) -> dict[str | None, int]:
    frame = pd.read_parquet(out / "citations.parquet")
    counts = frame.groupby("province_current", observed=True).size().to_dict()
    return {(None if k == "__unknown__" else str(k)): int(v) for k, v in counts.items()}


def test_every_table_is_a_view_with_the_schema_columns(analyst_corpus: Path) -> None:
    con = open_dataset(analyst_corpus)
    views = {
        row[0] for row in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    }
    assert views >= set(TABLES)
    for name, spec in TABLES.items():
        columns = [row[0] for row in con.execute(f"DESCRIBE {name}").fetchall()]
        assert set(spec.schema.names) <= set(columns), name


def test_views_count_what_pandas_reads(analyst_corpus: Path) -> None:
    con = open_dataset(analyst_corpus)
    got = dict(con.execute(QUERY).fetchall())
    assert got == pandas_citations_per_province(analyst_corpus)
    assert len([p for p in got if p]) >= 4


def test_partition_columns_are_typed_like_the_documents_table(analyst_corpus: Path) -> None:
    con = open_dataset(analyst_corpus)
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE facts)").fetchall())
    assert (types["province_current"], types["period_year"]) == ("VARCHAR", "INTEGER")
    joined = con.execute(
        "SELECT count(*) FROM facts f JOIN documents d USING (doc_id) "
        "WHERE f.province_current IS DISTINCT FROM d.province_current "
        "OR f.period_year IS DISTINCT FROM d.period_year"
    ).fetchall()
    assert joined == [(0,)]


def test_a_table_not_written_yet_is_an_empty_view(tmp_path: Path) -> None:
    con = open_dataset(tmp_path)
    assert con.execute("SELECT count(*) FROM findings").fetchall() == [(0,)]
    assert stored_tables(tmp_path) == []


def test_open_dataset_of_a_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="cchc ingest"):
        open_dataset(tmp_path / "nope")


def test_cli_prints_the_result_table(analyst_corpus: Path) -> None:
    done = cchc("sql", QUERY, "--data", str(analyst_corpus))
    assert done.returncode == 0, done.stderr
    expected = pandas_citations_per_province(analyst_corpus)
    for province, n in expected.items():
        line = next(ln for ln in done.stdout.splitlines() if str(province or "NULL") in ln)
        assert str(n) in line
    assert f"{len(expected)} rows" in done.stdout


def test_cli_writes_csv_and_parquet(analyst_corpus: Path, tmp_path: Path) -> None:
    csv_path, parquet_path = tmp_path / "r.csv", tmp_path / "r.parquet"
    done = cchc(
        "sql", QUERY, "--data", str(analyst_corpus), "--csv", str(csv_path), "--parquet", str(parquet_path)
    )
    assert done.returncode == 0, done.stderr
    with open(csv_path, encoding="utf-8", newline="") as fh:
        from_csv = {(r["province_current"] or None): int(r["n"]) for r in csv.DictReader(fh)}
    from_parquet = {r["province_current"]: r["n"] for r in pq.read_table(parquet_path).to_pylist()}
    assert from_csv == from_parquet == pandas_citations_per_province(analyst_corpus)


@pytest.mark.parametrize(
    ("query", "code", "message"),
    [
        ("SELECT * FROM no_such_table", 7, "no_such_table"),
        ("SELEC 1", 7, "syntax error"),
    ],
)
def test_cli_bad_query_is_one_line_and_exit_7(
    analyst_corpus: Path, query: str, code: int, message: str
) -> None:
    done = cchc("sql", query, "--data", str(analyst_corpus))
    assert done.returncode == code
    assert message in done.stderr and "Traceback" not in done.stderr


def test_cli_without_data_exits_6(tmp_path: Path) -> None:
    done = cchc("sql", "SELECT 1", "--data", str(tmp_path / "nope"))
    assert done.returncode == 6 and "cchc ingest" in done.stderr


def test_duckdb_reads_the_folder_without_the_helper(analyst_corpus: Path) -> None:
    """What the README shows analysts: plain DuckDB on the table folder, hive columns detected."""
    rows = duckdb.sql(
        f"SELECT province_current, count(*) FROM '{analyst_corpus}/citations.parquet' GROUP BY 1"
    ).fetchall()
    assert {p: n for p, n in rows if p != "__unknown__"} == {
        p: n for p, n in pandas_citations_per_province(analyst_corpus).items() if p
    }


def test_a_column_newer_than_the_stored_files_reads_as_null(tmp_path: Path) -> None:
    """A schema gained a column since the last ingest: the view still has it (NULL until the rewrite)."""
    from schemas import CITATIONS, records_to_table
    from storage.partitions import UNKNOWN, write_partitioned_atomic
    from storage.store import table_path
    from tests.test_dataset_layout import CITES

    older = records_to_table(CITES, CITATIONS).drop_columns(["title"])
    labels = [(UNKNOWN, UNKNOWN)] * older.num_rows
    write_partitioned_atomic(older, labels, table_path(tmp_path, CITATIONS), CITATIONS)
    rows = open_dataset(tmp_path).execute("SELECT title, number FROM citations").fetchall()
    assert rows == [(None, c.number) for c in CITES]
