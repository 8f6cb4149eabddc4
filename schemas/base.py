"""Table specs: a frozen record type, its pyarrow schema and a version, with round-trip helpers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import pyarrow as pa

R = TypeVar("R")

VERSION_KEY = b"cchc.schema_version"
TABLE_KEY = b"cchc.table"


def record(cls: type[R]) -> type[R]:
    """``@dataclass(frozen=True)`` for records made by the hundred a page (citations, figures, rows,
    sections, the dates and numbers they are read from), with an ``__init__`` that stores the fields at
    once: a frozen dataclass's own sets each field through ``object.__setattr__`` (3.1 µs for a
    citation's 24 fields, 0.4 µs this way). Same signature, defaults and fields; a type with a
    ``__post_init__``, a default factory or a field outside ``__init__`` keeps the dataclass's own."""
    kind = dataclass(frozen=True)(cls)
    fields = dataclasses.fields(kind)
    plain = all(f.init and f.default_factory is dataclasses.MISSING for f in fields)
    if plain and not hasattr(kind, "__post_init__"):
        kind.__init__ = _stores_at_once(kind, fields)  # type: ignore[misc]
    return kind


def _stores_at_once(kind: type, fields: tuple[dataclasses.Field[Any], ...]) -> Any:
    """An ``__init__`` taking the fields as the dataclass's does (keyword-only ones after ``*``) and
    updating the instance's ``__dict__`` with them in field order."""
    defaults = {f"_default_{f.name}": f.default for f in fields if f.default is not dataclasses.MISSING}
    positional = [f for f in fields if not f.kw_only]
    keyword = [f for f in fields if f.kw_only]

    def parameter(f: dataclasses.Field[Any]) -> str:
        return f.name if f.default is dataclasses.MISSING else f"{f.name}=_default_{f.name}"

    parameters = ["self", *map(parameter, positional), *(["*", *map(parameter, keyword)] if keyword else [])]
    stored = ", ".join(f"{f.name!r}: {f.name}" for f in fields)
    source = f"def __init__({', '.join(parameters)}):\n    self.__dict__.update({{{stored}}})\n"
    namespace: dict[str, Any] = {}
    exec(source, defaults, namespace)  # the source is made of the dataclass's own field names
    init = namespace["__init__"]
    init.__qualname__ = f"{kind.__qualname__}.__init__"
    return init


class SchemaViolation(ValueError):
    """Rows do not fit a table's schema (e.g. a null in a non-nullable column)."""


@dataclass(frozen=True)
class TableSpec(Generic[R]):
    """One Parquet table: its name, record type, pyarrow schema, version and key columns."""

    name: str
    record_type: type[R]
    schema: pa.Schema
    version: str
    key: tuple[str, ...]
    description: str
    column_docs: dict[str, str]

    def schema_with_metadata(self) -> pa.Schema:
        """The schema carrying table name and version in its metadata."""
        meta = {TABLE_KEY: self.name.encode(), VERSION_KEY: self.version.encode()}
        return self.schema.with_metadata(meta)


def replaced(record: R, **changes: Any) -> R:
    """``dataclasses.replace`` for the frozen records: a copy with ``changes``, made without calling
    ``__init__`` over every field again (a sixth of the cost: extraction replaces records by the hundred
    per page). A record type that checks its fields in ``__post_init__`` is replaced the usual way."""
    kind = type(record)
    if hasattr(kind, "__post_init__") or not hasattr(record, "__dict__"):
        return dataclasses.replace(record, **changes)  # type: ignore[type-var]
    unknown = changes.keys() - _field_names(kind)
    if unknown:
        raise TypeError(f"{kind.__name__} has no field {sorted(unknown)}")
    copy = object.__new__(kind)
    copy.__dict__.update(record.__dict__, **changes)
    return copy


@functools.cache
def _field_names(kind: type) -> frozenset[str]:
    return frozenset(field.name for field in dataclasses.fields(kind))


def records_to_table(records: Iterable[Any], spec: TableSpec[Any]) -> pa.Table:
    """Turn frozen dataclass records into a validated pyarrow table of ``spec``."""
    rows = [dataclasses.asdict(r) for r in records]
    columns = {f.name: [row[f.name] for row in rows] for f in spec.schema}
    table = pa.Table.from_pydict(columns, schema=spec.schema_with_metadata())
    validate_table(table, spec)
    return table


def table_to_records(table: pa.Table, spec: TableSpec[R]) -> list[R]:
    """Turn a pyarrow table back into records of ``spec.record_type``. A column added since the table was
    written takes its field's default (so older cached results stay readable); KeyError if it has none."""
    fields = dataclasses.fields(spec.record_type)  # type: ignore[arg-type]
    missing = [f.name for f in fields if f.name not in table.column_names]
    no_default = [n for f in fields if (n := f.name) in missing and _has_no_default(f)]
    if no_default:
        raise KeyError(f"{spec.name}: stored table lacks {no_default}")
    names = [f.name for f in fields if f.name not in missing]
    columns = [_column_values(table.column(name)) for name in names]
    if not missing and not any(f.kw_only is True for f in fields):  # positional arguments: fastest
        return [spec.record_type(*values) for values in zip(*columns, strict=True)]
    return [
        spec.record_type(**dict(zip(names, values, strict=True))) for values in zip(*columns, strict=True)
    ]


def _column_values(column: pa.ChunkedArray) -> list[Any]:
    """A column as Python values, read column by column (several times faster than row dicts); list
    values as tuples (records are frozen)."""
    values = column.to_pylist()
    if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
        return [tuple(v) if v is not None else None for v in values]
    return values


def conform_table(table: pa.Table, spec: TableSpec[Any]) -> pa.Table:
    """``table`` (as stored, maybe by an older schema) in ``spec``'s schema: columns in order, cast to their
    types; a column added since it was written takes its record field's default (KeyError if none)."""
    defaults = {f.name: f for f in dataclasses.fields(spec.record_type)}  # type: ignore[arg-type]
    columns = []
    for field in spec.schema:
        if field.name in table.column_names:
            columns.append(table.column(field.name).cast(field.type))
            continue
        record_field = defaults[field.name]
        if _has_no_default(record_field):
            raise KeyError(f"{spec.name}: stored table lacks {field.name!r}")
        value = (
            record_field.default
            if record_field.default_factory is dataclasses.MISSING
            else record_field.default_factory()
        )
        columns.append(pa.array([value] * table.num_rows, field.type))
    conformed = pa.Table.from_arrays(columns, schema=spec.schema_with_metadata())
    validate_table(conformed, spec)
    return conformed


def _has_no_default(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def validate_table(table: pa.Table, spec: TableSpec[Any]) -> None:
    """Raise SchemaViolation when a non-nullable column holds nulls (pyarrow checks this only on write)."""
    for field in spec.schema:
        if not field.nullable and table.column(field.name).null_count:
            raise SchemaViolation(f"{spec.name}.{field.name} is not nullable but holds nulls")


def utc_now() -> dt.datetime:
    """Current time, timezone-aware UTC, to the microsecond."""
    return dt.datetime.now(dt.UTC)


def field(name: str, type_: pa.DataType, doc: str, *, nullable: bool = True) -> tuple[pa.Field, str]:
    """A schema field with its one-line meaning (collected into the README table)."""
    return pa.field(name, type_, nullable=nullable), doc


def provenance_fields(what: str) -> list[tuple[pa.Field, str]]:
    """doc_id, page, start, end, raw: where a record was found (``pages.text[start:end] == raw``)."""
    return [
        field("doc_id", pa.string(), "document id (sha256 of the file)", nullable=False),
        field("page", pa.int32(), "1-based page", nullable=False),
        field("start", pa.int32(), "offset of raw in pages.text", nullable=False),
        field("end", pa.int32(), "end offset (exclusive) of raw in pages.text", nullable=False),
        field("raw", pa.string(), what, nullable=False),
    ]


def box_fields() -> list[tuple[pa.Field, str]]:
    """x0, y0, x1, y1: the box of a record's words on the page (PDF points, origin top-left; null on pages
    without word boxes: text files, Word documents, legacy-encoded text layers)."""
    return [
        field("x0", pa.float64(), "left edge of the words' box, PDF points from the page's left"),
        field("y0", pa.float64(), "top edge of the words' box, PDF points from the page's top"),
        field("x1", pa.float64(), "right edge of the words' box (points)"),
        field("y1", pa.float64(), "bottom edge of the words' box (points)"),
    ]


def make_spec(
    name: str,
    record_type: type[R],
    version: str,
    key: Sequence[str],
    description: str,
    fields: Sequence[tuple[pa.Field, str]],
) -> TableSpec[R]:
    """Build a TableSpec, checking that the record type and the schema name the same columns
    (the schema sets the column order; inherited keyword-only record fields may come first)."""
    schema = pa.schema([f for f, _ in fields])
    record_fields = [f.name for f in dataclasses.fields(record_type)]  # type: ignore[arg-type]
    if sorted(record_fields) != sorted(schema.names) or len(record_fields) != len(schema.names):
        raise TypeError(f"{name}: record fields {record_fields} != schema {schema.names}")
    docs = {f.name: d for f, d in fields}
    return TableSpec(name, record_type, schema, version, tuple(key), description, docs)
