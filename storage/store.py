"""Parquet on disk: atomic table writes, upserts by key, and a per-document result cache.

Layout under an output directory ``out``:
  out/<table>.parquet                 the tables analysts read (replaced atomically, never half-written):
                                      failures is a single file; every other table is a
                                      hive-partitioned dataset, a symlink to
  out/_tables/<table>.<version>/province_current=<name>/period_year=<year>/part-0.parquet
                                      (partition values from the documents table, joined on doc_id;
                                      __unknown__ where the province or year is null)
  out/_cache/<id[:2]>/<id>/<part>/    per-document results ('pages': text and OCR; 'extracted':
                                      citations, findings ...), each reused while its key is unchanged
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.base import TableSpec, conform_table, records_to_table, table_to_records, validate_table
from schemas.documents import DOCUMENTS
from schemas.pages import PAGES
from storage.partitions import (
    is_partitioned,
    merge_rows,
    read_partitioned,
    row_labels,
    upsert_partitioned,
    write_partitioned_atomic,
)

CACHE_DIR = "_cache"
PLACE_ATTEMPTS = 20  # renames of a cached document into place while other writers replace it
META_FILE = "meta.json"


def table_path(out: Path, spec: TableSpec[Any]) -> Path:
    """Where table ``spec`` lives under ``out`` (a file, or a symlink to a partitioned dataset folder)."""
    return out / f"{spec.name}.parquet"


def write_table_atomic(table: pa.Table, path: Path) -> None:
    """Write ``table`` to a temp file beside ``path``, fsync it, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temp file beside ``path``, then rename over it (readable by all: 0o644)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it private
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def read_table(out: Path, spec: TableSpec[Any]) -> pa.Table:
    """The table as stored (an empty table of the schema when absent)."""
    path = table_path(out, spec)
    if not path.exists():
        return spec.schema_with_metadata().empty_table()
    if path.is_dir():
        return read_partitioned(path, spec)
    return pq.read_table(path, schema=spec.schema_with_metadata())


def write_stored_table(out: Path, spec: TableSpec[Any], table: pa.Table) -> None:
    """Replace table ``spec`` under ``out`` atomically: one file, or a partitioned dataset swapped in."""
    if not is_partitioned(spec):
        write_table_atomic(table, table_path(out, spec))
        return
    documents = table if spec is DOCUMENTS else read_table(out, DOCUMENTS)
    write_partitioned_atomic(table, row_labels(table, documents), table_path(out, spec), spec)


def read_page_texts(out: Path, doc_ids: Collection[str]) -> dict[tuple[str, int], str]:
    """(doc_id, page) -> text for the given documents only (reads just those rows)."""
    table = read_document_rows(out, PAGES, ["doc_id", "page", "text"], doc_ids)
    return {(r["doc_id"], r["page"]): r["text"] for r in table.to_pylist()} if table is not None else {}


def read_document_rows(
    out: Path, spec: TableSpec[Any], columns: Sequence[str], doc_ids: Collection[str]
) -> pa.Table | None:
    """``columns`` of the stored rows of ``doc_ids`` (a filter pushed down to the files); None when the
    table is absent, no document is asked for, or the stored table lacks a column (an older version)."""
    path = table_path(out, spec)
    if not doc_ids or not path.exists():
        return None
    try:
        return pq.read_table(path, columns=list(columns), filters=[("doc_id", "in", sorted(doc_ids))])
    except (pa.ArrowInvalid, KeyError):
        return None


def upsert(
    out: Path,
    spec: TableSpec[Any],
    rows: pa.Table,
    replace: Mapping[str, Collection[str]],
    documents: pa.Table | None = None,
) -> int:
    """Drop stored rows whose ``column`` value is in ``replace[column]``, add ``rows``, write atomically;
    the table's row count. A partitioned table rewrites only the partitions whose rows change; a row's
    partition is its document's, from ``documents`` (the batch's documents rows; default: the stored
    documents table)."""
    rows = rows.cast(spec.schema_with_metadata())
    validate_table(rows, spec)
    path = table_path(out, spec)
    if is_partitioned(spec) and (path.is_dir() or not path.exists()):  # else: an old single file
        if spec is DOCUMENTS:
            documents = rows
        elif documents is None:
            documents = read_table(out, DOCUMENTS)
        return upsert_partitioned(path, spec, rows, row_labels(rows, documents), replace)
    merged = merge_rows(read_table(out, spec), rows, replace, spec)
    write_stored_table(out, spec, merged)
    return merged.num_rows


class TableBatches:
    """Per-table Arrow tables of many documents, concatenated into one every ``compact_every`` documents:
    thousands of one-document tables cost far more memory than their rows (measured: 1,000 documents,
    42 MB of rows, +290 MB as records, +190 MB as one-document tables, +135 MB compacted)."""

    def __init__(self, specs: Sequence[TableSpec[Any]], compact_every: int = 100) -> None:
        self.specs = {spec.name: spec for spec in specs}
        self.compact_every = compact_every
        self.doc_ids: set[str] = set()
        self._parts: dict[str, list[pa.Table]] = {name: [] for name in self.specs}

    def add(self, doc_id: str, tables: Mapping[str, pa.Table]) -> None:
        """One document's tables (in the specs' schemas)."""
        self.doc_ids.add(doc_id)
        for name, table in tables.items():
            self._parts[name].append(table)
        if len(self.doc_ids) % self.compact_every == 0:
            self._compact()

    def tables(self) -> dict[str, pa.Table]:
        """Every table with all documents added (an empty table of its schema when none had rows)."""
        self._compact()
        return {
            name: parts[0] if parts else self.specs[name].schema_with_metadata().empty_table()
            for name, parts in self._parts.items()
        }

    def _compact(self) -> None:
        for name, parts in self._parts.items():
            if len(parts) > 1:
                self._parts[name] = [pa.concat_tables(parts).combine_chunks()]


class DocumentCache:
    """Per-document results keyed by doc_id and part ('pages', 'extracted'), valid only for their key."""

    def __init__(self, out: Path, part: str) -> None:
        self.root = out / CACHE_DIR
        self.part = part

    def _dir(self, doc_id: str) -> Path:
        return self.root / doc_id[:2] / doc_id / self.part

    def load(self, doc_id: str, key: str, specs: Sequence[TableSpec[Any]]) -> dict[str, list[Any]] | None:
        """The cached records per table, or None when missing, unreadable or made with another key."""
        tables = self.load_arrow(doc_id, key, specs)
        return {s.name: table_to_records(tables[s.name], s) for s in specs} if tables is not None else None

    def load_arrow(
        self, doc_id: str, key: str, specs: Sequence[TableSpec[Any]]
    ) -> dict[str, pa.Table] | None:
        """The cached tables as Arrow in the current schemas (what bulk writes read), or None when missing,
        unreadable, made with another key or lacking a column that has no default."""
        return self.read_arrow(doc_id, specs) if self.has(doc_id, key) else None

    def read_arrow(self, doc_id: str, specs: Sequence[TableSpec[Any]]) -> dict[str, pa.Table] | None:
        """``load_arrow`` for a part already checked with ``has`` (its key is not read again)."""
        folder = self._dir(doc_id)
        try:
            return {
                s.name: conform_table(pq.ParquetFile(folder / f"{s.name}.parquet").read(), s) for s in specs
            }
        except (OSError, KeyError, pa.ArrowException):  # KeyError: made by an older schema
            return None

    def _place(self, tmp: Path, folder: Path, doc_id: str, key: str) -> None:
        """Rename the written ``tmp`` into place over what is there. Ingests sharing a page cache may place
        the same document at once: a rename that finds another writer's folder in place (made with the same
        key: the same content) is done; one that finds a folder being replaced tries again."""
        for attempt in range(PLACE_ATTEMPTS):
            shutil.rmtree(folder, ignore_errors=True)
            try:
                os.replace(tmp, folder)
                return
            except OSError:
                if self.has(doc_id, key):
                    return
                if attempt == PLACE_ATTEMPTS - 1:
                    raise

    def has(self, doc_id: str, key: str) -> bool:
        """True when the document's part is complete and was written with ``key``."""
        return self._meta(doc_id, key) is not None

    def load_about(self, doc_id: str, key: str) -> dict[str, Any] | None:
        """What ``save`` was told about the document (counts, say), without reading its tables; None when
        missing, made with another key or saved without it."""
        meta = self._meta(doc_id, key)
        return meta.get("about") if meta is not None else None

    def _meta(self, doc_id: str, key: str) -> dict[str, Any] | None:
        """The document's meta file when it exists and was written with ``key`` (the part is complete)."""
        try:
            meta = json.loads((self._dir(doc_id) / META_FILE).read_text())
        except (OSError, ValueError):
            return None
        return meta if isinstance(meta, dict) and meta.get("key") == key else None

    def save(
        self,
        doc_id: str,
        key: str,
        tables: Mapping[str, tuple[TableSpec[Any], Sequence[Any]]],
        about: Mapping[str, Any] | None = None,
    ) -> None:
        """Write all tables of one document into a temp folder, then rename it into place. ``about`` (small,
        JSON) is kept beside them for ``load_about``; the folder is valid only once its meta file exists."""
        folder = self._dir(doc_id)
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{doc_id}.", dir=folder.parent))
        try:
            for name, (spec, records) in tables.items():
                pq.write_table(records_to_table(records, spec), tmp / f"{name}.parquet")
            (tmp / META_FILE).write_text(json.dumps({"key": key, "about": dict(about or {})}))
            self._place(tmp, folder, doc_id, key)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
