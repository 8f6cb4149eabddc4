"""Delta Lake (deltalake, delta-rs) evaluated against the folder swap of ``storage/`` for the corpus tables.

    python3 -m venv /tmp/dl && /tmp/dl/bin/pip install deltalake pyarrow pandas duckdb
    /tmp/dl/bin/python benchmarks/deltalake_eval.py [--documents 10000]

deltalake is not a dependency of the project; this script runs in a venv of its own. It builds a table
shaped like ``citations`` at corpus scale (20 rows per document, partitioned by province and year like
the project's tables), replaces one document's rows the way an ingest does, and checks what the readers
the README promises (plain pandas, DuckDB without extensions) see afterwards. Writes
``benchmarks/results/deltalake_eval.json``; the README's "Performance" section discusses the result.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
from deltalake import DeltaTable, write_deltalake

RESULTS = Path(__file__).resolve().parent / "results" / "deltalake_eval.json"
ROWS_PER_DOCUMENT = 20
PROVINCES = 34
YEARS = 7


def corpus_table(documents: int) -> pa.Table:
    """``documents`` documents' citation-like rows, over PROVINCES x YEARS partitions."""
    rows = documents * ROWS_PER_DOCUMENT
    doc = [i // ROWS_PER_DOCUMENT for i in range(rows)]
    return pa.table(
        {
            "doc_id": [f"{d:064x}" for d in doc],
            "page": [1 + i % 9 for i in range(rows)],
            "start": [i % 5000 for i in range(rows)],
            "raw": [f"Quyết định số {i % 3000}/QĐ-UBND ngày 12/3/2024" for i in range(rows)],
            "issue_date": [dt.date(2024, 1, 1) + dt.timedelta(days=i % 365) for i in range(rows)],
            "province_current": [f"Tỉnh {d % PROVINCES:02d}" for d in doc],
            "period_year": [str(2019 + d % YEARS) for d in doc],
        }
    )


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return round(time.perf_counter() - started, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    args = parser.parse_args()
    table = corpus_table(args.documents)
    one = table.filter(pa.compute.equal(table["doc_id"], f"{7:064x}"))
    changed = one.set_column(3, "raw", pa.array(["Quyết định số 1/QĐ-UBND (read again)"] * one.num_rows))
    partitions = ["province_current", "period_year"]
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "citations")
        write_initial = timed(lambda: write_deltalake(path, table, partition_by=partitions))
        delta = DeltaTable(path)
        predicate = f"doc_id = '{7:064x}'"
        replace_one = timed(
            lambda: write_deltalake(
                path, changed, mode="overwrite", predicate=predicate, partition_by=partitions
            )
        )
        expected = table.num_rows
        delta = DeltaTable(path)
        delta_rows = delta.to_pyarrow_table().num_rows
        pandas_rows = len(pd.read_parquet(path))
        duckdb_rows = duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}/**/*.parquet')").fetchall()[0][0]
        try:
            duckdb.sql("INSTALL delta")
            duckdb_delta = "installed"
        except duckdb.Error as exc:
            duckdb_delta = f"not available offline: {str(exc).splitlines()[0][:120]}"
        vacuum = timed(
            lambda: delta.vacuum(retention_hours=0, enforce_retention_duration=False, dry_run=False)
        )
        pandas_after_vacuum = len(pd.read_parquet(path))
    result = {
        "documents": args.documents,
        "rows": expected,
        "write_initial_seconds": write_initial,
        "replace_one_document_seconds": replace_one,
        "rows_seen_by": {
            "deltalake": delta_rows,
            "pandas.read_parquet": pandas_rows,
            "duckdb read_parquet": duckdb_rows,
            "pandas after vacuum": pandas_after_vacuum,
        },
        "duckdb_delta_extension": duckdb_delta,
        "vacuum_seconds": vacuum,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
