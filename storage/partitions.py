"""Hive-partitioned tables: province_current=<name>/period_year=<year>/part-0.parquet, swapped in atomically.

A partitioned table is a symlink ``out/<table>.parquet`` to a version folder under ``out/_tables/``. A
write builds a complete new version beside the current one, then replaces the symlink with
``os.replace`` (atomic), so pandas, pyarrow and DuckDB readers see the old table or the new one, never a
mix. The previous version is kept (a reader may still be listing it); older ones are removed.

Null partition values are written as ``__unknown__``: pyarrow (hence pandas) cannot read a
``__HIVE_DEFAULT_PARTITION__`` null beside other values, and every reader reads a plain label.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from schemas.base import TableSpec

PARTITION_COLUMNS = ("province_current", "period_year")
UNKNOWN = "__unknown__"
FLAT_TABLES = frozenset({"pages", "failures"})  # pages: read by doc_id; failures: may have no document
VERSIONS_DIR = "_tables"
PART_FILE = "part-0.parquet"
PARTITION_SCHEMA = pa.schema([pa.field(c, pa.string()) for c in PARTITION_COLUMNS])

Label = tuple[str, str]


def is_partitioned(spec: TableSpec[Any]) -> bool:
    """Every table about documents is partitioned, except pages and failures."""
    return spec.name not in FLAT_TABLES and "doc_id" in spec.schema.names


def label(value: object) -> str:
    """The partition folder value: the value as text, ``__unknown__`` for null or unsafe values."""
    text = "" if value is None else str(value)
    return UNKNOWN if not text or "/" in text or "=" in text or text.startswith((".", "_")) else text


def document_labels(documents: pa.Table) -> dict[str, Label]:
    """doc_id -> (province_current, period_year) labels, from the documents table."""
    rows = documents.select(["doc_id", *PARTITION_COLUMNS]).to_pylist()
    return {r["doc_id"]: (label(r["province_current"]), label(r["period_year"])) for r in rows}


def row_labels(table: pa.Table, documents: pa.Table) -> list[Label]:
    """Each row's partition: its document's province and year (unknown when the document is not known)."""
    lookup = document_labels(documents)
    return [lookup.get(doc_id, (UNKNOWN, UNKNOWN)) for doc_id in table.column("doc_id").to_pylist()]


def write_partitioned_atomic(table: pa.Table, labels: list[Label], link: Path, spec: TableSpec[Any]) -> None:
    """Write ``table`` as a new partitioned version, point ``link`` at it atomically, drop old versions."""
    versions = link.parent / VERSIONS_DIR
    versions.mkdir(parents=True, exist_ok=True)
    target = Path(tempfile.mkdtemp(prefix=f"{spec.name}.", dir=versions))
    previous = os.readlink(link) if link.is_symlink() else None
    try:
        _write_partitions(
            table.drop_columns([c for c in PARTITION_COLUMNS if c in table.column_names]), labels, target
        )
        _swap_link(link, target)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    keep = {target.name} | ({Path(previous).name} if previous else set())
    for old in versions.glob(f"{spec.name}.*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


def _write_partitions(table: pa.Table, labels: list[Label], target: Path) -> None:
    rows: dict[Label, list[int]] = defaultdict(list)
    for i, key in enumerate(labels):
        rows[key].append(i)
    if not rows:  # an empty table still has a file, so readers learn its columns
        rows[(UNKNOWN, UNKNOWN)] = []
    for (province, year), indices in sorted(rows.items()):
        folder = target / f"{PARTITION_COLUMNS[0]}={province}" / f"{PARTITION_COLUMNS[1]}={year}"
        folder.mkdir(parents=True)
        path = folder / PART_FILE
        pq.write_table(table.take(pa.array(indices, pa.int64())), path, compression="zstd")
        with open(path, "rb") as fh:
            os.fsync(fh.fileno())


def _swap_link(link: Path, target: Path) -> None:
    tmp = link.parent / f".{link.name}.{uuid.uuid4().hex}.tmp"
    os.symlink(os.path.relpath(target, link.parent), tmp)
    try:
        os.replace(tmp, link)
    finally:
        if tmp.is_symlink():
            tmp.unlink()


def read_partitioned(path: Path, spec: TableSpec[Any]) -> pa.Table:
    """The table of ``spec`` from its partitioned folder; ``__unknown__`` labels of its own columns read as null."""
    import pyarrow.dataset as ds  # here, not at import: it loads pandas, wanted only once tables are read

    file_fields = [f for f in spec.schema if f.name not in PARTITION_COLUMNS]
    dataset = ds.dataset(
        path,
        format="parquet",
        schema=pa.schema(file_fields + list(PARTITION_SCHEMA)),
        partitioning=ds.partitioning(PARTITION_SCHEMA, flavor="hive"),
    )
    table = dataset.to_table()
    for name in PARTITION_COLUMNS:
        if name in spec.schema.names:
            column = table.column(name)
            known = pc.if_else(pc.equal(column, UNKNOWN), pa.scalar(None, pa.string()), column)
            table = table.set_column(table.schema.get_field_index(name), name, known)
    return table.select(spec.schema.names).cast(spec.schema_with_metadata())
