"""Hive-partitioned tables: province_current=<name>/period_year=<year>/part-0.parquet, swapped in atomically.

A partitioned table is a symlink ``out/<table>.parquet`` to a version folder under ``out/_tables/``. A
write builds a complete new version beside the current one, then replaces the symlink with
``os.replace`` (atomic), so pandas, pyarrow and DuckDB readers see the old table or the new one, never a
mix. The previous version is kept (a reader may still be listing it); older ones are removed.

An upsert writes only the partitions whose rows change: the others are hard links to the current
version's files (a copy where the filesystem has no hard links), so a one-document batch into a large
corpus costs its own partition, not the corpus.

Null partition values are written as ``__unknown__``: pyarrow (hence pandas) cannot read a
``__HIVE_DEFAULT_PARTITION__`` null beside other values, and every reader reads a plain label.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from schemas.base import VERSION_KEY, TableSpec

PARTITION_COLUMNS = ("province_current", "period_year")
UNKNOWN = "__unknown__"
FLAT_TABLES = frozenset({"failures"})  # a failure may have no document (an empty file has no id)
VERSIONS_DIR = "_tables"
PART_FILE = "part-0.parquet"
PARTITION_SCHEMA = pa.schema([pa.field(c, pa.string()) for c in PARTITION_COLUMNS])

Label = tuple[str, str]


def is_partitioned(spec: TableSpec[Any]) -> bool:
    """Every table about documents is partitioned (failures are not: they may have no document)."""
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
    _new_version(link, spec, lambda target: _write_partitions(_file_rows(table), labels, target))


def _new_version(link: Path, spec: TableSpec[Any], build: Callable[[Path], None]) -> None:
    """Build a version folder with ``build``, swap ``link`` to it, remove versions older than the previous
    one."""
    versions = link.parent / VERSIONS_DIR
    versions.mkdir(parents=True, exist_ok=True)
    target = Path(tempfile.mkdtemp(prefix=f"{spec.name}.", dir=versions))
    previous = os.readlink(link) if link.is_symlink() else None
    aside: Path | None = None
    try:
        build(target)
        if link.is_dir() and not link.is_symlink():  # an output copied with its links followed: the copy
            aside = _set_aside(link, versions, spec)  # becomes the previous version
            previous = aside.name
        _swap_link(link, target)
    except BaseException:
        if aside is not None and not os.path.lexists(link):
            os.replace(aside, link)  # the copy back where it stood
        shutil.rmtree(target, ignore_errors=True)
        raise
    keep = {target.name} | ({Path(previous).name} if previous else set())
    for old in versions.glob(f"{spec.name}.*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


def upsert_partitioned(
    link: Path,
    spec: TableSpec[Any],
    rows: pa.Table,
    labels: list[Label],
    replace: Mapping[str, Collection[str]],
) -> int:
    """Drop the stored rows whose ``column`` value is in ``replace[column]``, add ``rows`` (in partitions
    ``labels``), and swap in the new version atomically; returns the table's row count. Only partitions
    that gain or lose rows are read in full and rewritten; every other file is linked unchanged, and a
    table in which nothing changes keeps its version."""
    stored = _partition_files(link)
    rows = _file_rows(rows)
    incoming: dict[Label, list[int]] = defaultdict(list)
    for i, key in enumerate(labels):
        incoming[key].append(i)
    none = rows.slice(0, 0)
    plan = {
        key: _partition_plan(
            stored.get(key),
            rows.take(pa.array(incoming[key], pa.int64())) if key in incoming else none,
            replace,
            spec,
        )
        for key in sorted(set(stored) | set(incoming))
    }
    counts = {key: _row_count(part) for key, part in plan.items()}
    kept = {key: part for key, part in plan.items() if counts[key]}
    if not kept:  # an empty table still has a file, so readers learn its columns
        empty = plan.get((UNKNOWN, UNKNOWN))
        kept = {(UNKNOWN, UNKNOWN): empty if isinstance(empty, Path) else none}
    unchanged = kept.keys() == stored.keys() and all(
        isinstance(part, Path) and part == stored[key] for key, part in kept.items()
    )
    if link.is_symlink() and unchanged:
        return sum(counts.values())  # nothing changed: no new version

    def build(target: Path) -> None:
        for key, part in kept.items():
            path = _partition_file(target, key)
            if isinstance(part, Path):
                _link_or_copy(part, path)
            else:
                _write_file(part, path)

    _new_version(link, spec, build)
    return sum(counts.values())


Part = Path | pa.Table  # a stored file kept as it is, or the rows to write


def _partition_plan(
    old: Path | None, added: pa.Table, replace: Mapping[str, Collection[str]], spec: TableSpec[Any]
) -> Part:
    """One partition of the new version: its old file when no row changes and it was written by the current
    schema, else its rows (maybe none; an older schema's file is read into the current one and rewritten,
    so a table never mixes schema versions)."""
    current = old is not None and _written_by(old, spec)
    if current and not added.num_rows and not _holds_any(old, replace):
        return old
    before = _read_partition(old, added.schema) if old is not None else added.slice(0, 0)
    merged = merge_rows(before, added, replace, spec)
    return old if current and merged.num_rows and merged.equals(before) else merged


def merge_rows(
    stored: pa.Table, added: pa.Table, replace: Mapping[str, Collection[str]], spec: TableSpec[Any]
) -> pa.Table:
    """``stored`` without its rows whose ``column`` value is in ``replace[column]``, plus ``added``, in key
    order (one partition, or a whole single-file table)."""
    kept = stored.filter(pc.invert(_matches(stored, replace))) if stored.num_rows else stored
    return pa.concat_tables([kept, added]).combine_chunks().sort_by([(k, "ascending") for k in spec.key])


def _written_by(path: Path, spec: TableSpec[Any]) -> bool:
    """True when the file carries the current schema version of ``spec``."""
    metadata = pq.ParquetFile(path).schema_arrow.metadata or {}
    return metadata.get(VERSION_KEY) == spec.version.encode()


def _read_partition(path: Path, schema: pa.Schema) -> pa.Table:
    """A partition file in ``schema``: its columns cast, a column added since it was written null."""
    table = pq.ParquetFile(path).read()
    columns = [
        table.column(f.name).cast(f.type)
        if f.name in table.column_names
        else pa.nulls(table.num_rows, f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema)


def _row_count(part: Part) -> int:
    return pq.ParquetFile(part).metadata.num_rows if isinstance(part, Path) else part.num_rows


def _holds_any(path: Path, replace: Mapping[str, Collection[str]]) -> bool:
    """True when the partition file has a row to replace (reads only the replace columns)."""
    columns = [c for c, values in replace.items() if values]
    if not columns:
        return False
    return bool(pc.any(_matches(pq.ParquetFile(path).read(columns=columns), replace)).as_py())


def _matches(table: pa.Table, replace: Mapping[str, Collection[str]]) -> pa.ChunkedArray:
    """Rows whose value in a replace column is one of that column's values."""
    hit = pa.chunked_array([pa.array([False] * table.num_rows, pa.bool_())])
    for column, values in replace.items():
        if values:
            found = pc.is_in(table.column(column), value_set=pa.array(sorted(values), pa.string()))
            hit = pc.or_(hit, pc.fill_null(found, False))
    return hit


def _partition_files(link: Path) -> dict[Label, Path]:
    """The current version's partition files by label (none when the table is not there yet); ``link`` may
    also be a folder (an output copied with its links followed)."""
    if not link.is_dir():
        return {}
    found = {}
    for path in Path(os.path.realpath(link)).glob(
        f"{PARTITION_COLUMNS[0]}=*/{PARTITION_COLUMNS[1]}=*/{PART_FILE}"
    ):
        found[(path.parent.parent.name.split("=", 1)[1], path.parent.name.split("=", 1)[1])] = path
    return found


def _partition_file(target: Path, key: Label) -> Path:
    return target / f"{PARTITION_COLUMNS[0]}={key[0]}" / f"{PARTITION_COLUMNS[1]}={key[1]}" / PART_FILE


def _file_rows(table: pa.Table) -> pa.Table:
    """The columns a partition file holds (the partition values are in its folder names)."""
    return table.drop_columns([c for c in PARTITION_COLUMNS if c in table.column_names])


def _write_file(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd")
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _link_or_copy(source: Path, path: Path) -> None:
    """The unchanged file in the new version: a hard link (no bytes written), else a copy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, path)
    except OSError:
        shutil.copy2(source, path)


def _write_partitions(table: pa.Table, labels: list[Label], target: Path) -> None:
    rows: dict[Label, list[int]] = defaultdict(list)
    for i, key in enumerate(labels):
        rows[key].append(i)
    if not rows:  # an empty table still has a file, so readers learn its columns
        rows[(UNKNOWN, UNKNOWN)] = []
    for key, indices in sorted(rows.items()):
        _write_file(table.take(pa.array(indices, pa.int64())), _partition_file(target, key))


def _set_aside(folder: Path, versions: Path, spec: TableSpec[Any]) -> Path:
    """Move a table folder that stands where its link should be among the versions; where it went."""
    aside = versions / f"{spec.name}.copied-{uuid.uuid4().hex[:8]}"
    os.replace(folder, aside)
    return aside


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
