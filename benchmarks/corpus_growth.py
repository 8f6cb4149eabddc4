"""What a small batch costs as the corpus grows: one new document ingested into an empty output and into a
corpus of N documents (default 10,000), with the time of each stage, beside the time a full rewrite of
every table takes at that size (what every ingest paid before partition-only writes).

    .venv/bin/python -m benchmarks.corpus_growth               # 10,000 documents (~3 min on 2 cores)
    .venv/bin/python -m benchmarks.corpus_growth --documents 2000

The large corpus is made from real results: the sample's digital documents are ingested once, and their
rows are copied under new document ids, spread over the 34 current provinces and seven years (238
partitions), as a corpus of that size would be. Writes ``benchmarks/results/corpus_growth.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from extractors.document import RESULT_TABLES
from extractors.tables import load_table
from flows.ingest import run_ingest
from flows.options import IngestOptions
from schemas.documents import DOCUMENTS
from storage.store import read_table, table_path, upsert, write_stored_table

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "sample"
SEED_DOCUMENTS = (  # digital sample documents: real rows without OCR time
    "laichau_syt_bc_6thang_2023.pdf",
    "hoabinh_syt_kh_2024.pdf",
    "quangninh_snv_bc_2023.pdf",
    "hagiang_stp_bc_quy3_2024.pdf",
    "laichau_ubnd_bc_quy2_2024.pdf",
    "sonla_snv_bc_2024.pdf",
)
NEW_DOCUMENT = "hagiang_syt_bc_quy1_2025.pdf"
YEARS = tuple(range(2019, 2026))
RESULTS = ROOT / "benchmarks" / "results" / "corpus_growth.json"


def ingest_seed_rows(work: Path) -> Path:
    """An output folder with the seed documents ingested for real."""
    batch = work / "seed_batch"
    batch.mkdir()
    for name in SEED_DOCUMENTS:
        shutil.copy(SAMPLE / name, batch / name)
    out = work / "seed_out"
    run_ingest([batch], out, IngestOptions(runner="thread"))
    return out


def grow(seed: Path, out: Path, documents: int) -> dict[str, int]:
    """Write a corpus of ``documents`` copies of the seed's documents, each under a new id, province and
    year, into ``out`` (one bulk write per table); rows per table."""
    seed_documents = read_table(seed, DOCUMENTS)
    seed_ids = seed_documents.column("doc_id").to_pylist()
    provinces = _current_provinces()
    copies = [
        (seed_ids[i % len(seed_ids)], _doc_id(i), provinces[i % len(provinces)], YEARS[i % len(YEARS)])
        for i in range(documents)
    ]
    rows = {}
    for spec in RESULT_TABLES:
        table = _copied(read_table(seed, spec), copies, spec is DOCUMENTS)
        rows[spec.name] = table.num_rows
        if spec is DOCUMENTS:
            write_stored_table(out, spec, table)
        else:
            upsert(out, spec, table, {})
    return rows


def _copied(table: pa.Table, copies: list[tuple[str, str, str, int]], is_documents: bool) -> pa.Table:
    """``table``'s rows of each seed document once per copy, under the copy's doc_id (and, for documents,
    its province and year)."""
    parts = []
    for seed_id, doc_id, province, year in copies:
        part = table.filter(pc.equal(table.column("doc_id"), seed_id))
        part = _set(part, "doc_id", pa.array([doc_id] * part.num_rows, pa.string()))
        if is_documents:
            part = _set(part, "province_current", pa.array([province] * part.num_rows, pa.string()))
            part = _set(
                part, "period_year", pa.array([year] * part.num_rows, part.schema.field("period_year").type)
            )
            part = _set(part, "source_path", pa.array([f"/corpus/{doc_id}.pdf"] * part.num_rows, pa.string()))
        parts.append(part)
    return pa.concat_tables(parts).combine_chunks()


def _set(table: pa.Table, name: str, values: pa.Array) -> pa.Table:
    index = table.schema.get_field_index(name)
    return table.set_column(index, table.schema.field(index), values)


def _doc_id(i: int) -> str:
    return hashlib.sha256(f"synthetic corpus document {i}".encode()).hexdigest()


def _current_provinces() -> list[str]:
    return sorted({row["province_current"] for row in load_table("provinces_2025")})


def ingest_one(out: Path, work: Path) -> dict[str, Any]:
    """Ingest the one new document into ``out``: wall time of the flow and of each stage."""
    batch = work / f"new_{out.name}"
    batch.mkdir()
    shutil.copy(SAMPLE / NEW_DOCUMENT, batch / NEW_DOCUMENT)
    summary = run_ingest([batch], out, IngestOptions(runner="thread"))
    return {"seconds": round(summary.seconds, 2)} | {k: round(v, 2) for k, v in summary.phase_seconds.items()}


def full_rewrite_seconds(out: Path) -> float:
    """Seconds to read and rewrite every result table whole (what each ingest did before)."""
    started = time.perf_counter()
    for spec in RESULT_TABLES:
        write_stored_table(out, spec, read_table(out, spec))
    return round(time.perf_counter() - started, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cchc-growth-") as tmp:
        work = Path(tmp)
        seed = ingest_seed_rows(work)
        corpus = work / "corpus"
        started = time.perf_counter()
        rows = grow(seed, corpus, args.documents)
        grown = round(time.perf_counter() - started, 1)
        partitions = len(list(table_path(corpus, DOCUMENTS).resolve().glob("*/*/*.parquet")))
        into_empty = ingest_one(work / "empty", work)
        into_corpus = ingest_one(corpus, work)
        rewrite = full_rewrite_seconds(corpus)
    result = {
        "documents": args.documents,
        "partitions": partitions,
        "rows": rows,
        "corpus_written_seconds": grown,
        "one_document_into_empty": into_empty,
        "one_document_into_corpus": into_corpus,
        "full_rewrite_of_every_table_seconds": rewrite,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
