"""The ingested tables as DuckDB views, in one call: ``open_dataset("data/parquet")``.

Each table of ``schemas.TABLES`` is a view by its name. Partitioned tables read their folder (the
symlink, so every query sees the latest swapped-in version) with ``province_current`` and
``period_year`` typed as in the documents table (``__unknown__`` labels read as NULL). A table not
written yet is an empty view with its columns, so queries over a young corpus do not fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from fsspec.core import url_to_fs

from schemas import TABLES
from schemas.base import TableSpec
from storage.partitions import PARTITION_COLUMNS, UNKNOWN, is_partitioned
from storage.remote import is_remote, local_path, published_table_urls
from storage.store import table_path

PARTITION_TYPES = {"province_current": "VARCHAR", "period_year": "INTEGER"}


def open_dataset(path: str | Path = "data/parquet") -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per table of the output folder ``path``, or of the
    tables published at an fsspec URL (``s3://bucket/cchc``: the versions its manifest names)."""
    if is_remote(path):
        return open_published(str(path))
    folder = local_path(path)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder (run `cchc ingest … --out {folder}` first)")
    con = duckdb.connect()
    for spec in TABLES.values():
        location = table_path(folder, spec).absolute()
        found = location.exists()
        create_view(con, spec, str(location) if found else None, found and location.is_dir())
    return con


def open_published(url: str) -> duckdb.DuckDBPyConnection:
    """Views over the tables published at ``url``, read through its fsspec filesystem."""
    tables = published_table_urls(url)
    con = duckdb.connect()
    con.register_filesystem(url_to_fs(url)[0])
    for spec in TABLES.values():
        location, partitioned = tables.get(spec.name, (None, False))
        if location is not None and not partitioned:
            location = f"{location}/part-0.parquet"
        create_view(con, spec, location, partitioned)
    return con


def stored_tables(path: str | Path) -> list[str]:
    """Names of the tables written under ``path``."""
    return [name for name, spec in TABLES.items() if table_path(Path(path), spec).exists()]


def create_view(
    con: duckdb.DuckDBPyConnection, spec: TableSpec[Any], location: str | None, partitioned: bool
) -> None:
    """``CREATE VIEW <table>`` over its Parquet file or partitioned folder at ``location`` (or over an empty
    table of its schema when it has none)."""
    if location is None:
        con.from_arrow(spec.schema_with_metadata().empty_table()).to_view(spec.name)
        return
    query = view_query(con, location, spec, is_partitioned(spec) and partitioned)
    con.execute(f"CREATE OR REPLACE VIEW {spec.name} AS {query}")


def view_query(con: duckdb.DuckDBPyConnection, location: str, spec: TableSpec[Any], partitioned: bool) -> str:
    """SELECT over one table's Parquet: the schema's columns in order (NULL for a column the stored files
    predate, until the next ingest rewrites them), then the partition columns."""
    source = parquet_source(location, partitioned)
    stored = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    duck_types = dict(zip(*_columns_and_types(con, spec), strict=True))
    select = []
    for column in spec.schema.names:
        if partitioned and column in PARTITION_COLUMNS:
            select.append(partition_expression(column))
        elif column in stored:
            select.append(f'"{column}"')
        else:
            select.append(f'CAST(NULL AS {duck_types[column]}) AS "{column}"')
    if partitioned:
        select += [partition_expression(c) for c in PARTITION_COLUMNS if c not in spec.schema.names]
    return f"SELECT {', '.join(select)} FROM {source}"


def parquet_source(location: str, partitioned: bool) -> str:
    """read_parquet() of a single file, or of a partitioned folder with its labels read as text."""
    if not partitioned:
        return f"read_parquet({sql_string(location)})"
    hive_types = ", ".join(f"{sql_string(c)}: 'VARCHAR'" for c in PARTITION_COLUMNS)
    files = f"{location.rstrip('/')}/*/*/*.parquet"
    return (
        f"read_parquet({sql_string(files)}, hive_partitioning = true, "
        f"hive_types = {{{hive_types}}}, union_by_name = true)"
    )


def _columns_and_types(con: duckdb.DuckDBPyConnection, spec: TableSpec[Any]) -> tuple[list[str], list[str]]:
    relation = con.from_arrow(spec.schema.empty_table())
    return list(relation.columns), [str(t) for t in relation.types]


def partition_expression(column: str) -> str:
    """The partition label back as its value: NULL for __unknown__, years as INTEGER."""
    return f"CAST(NULLIF({column}, '{UNKNOWN}') AS {PARTITION_TYPES[column]}) AS {column}"


def sql_string(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class QueryResult:
    """A query's column names and types and its rows."""

    columns: tuple[str, ...]
    types: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def run_query(
    path: str | Path, query: str, csv: Path | None = None, parquet: Path | None = None
) -> QueryResult:
    """Run ``query`` over the tables under ``path``; also write the result as CSV and/or Parquet."""
    con = open_dataset(path)
    relation = con.sql(query)
    if relation is None:  # a statement without a result (SET, CREATE …)
        return QueryResult((), (), [])
    if csv is not None:
        relation.write_csv(str(csv))
    if parquet is not None:
        relation.write_parquet(str(parquet))
    return QueryResult(tuple(relation.columns), tuple(str(t) for t in relation.types), relation.fetchall())
