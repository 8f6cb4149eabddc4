"""Re-ingesting an unchanged batch rewrites nothing; any change to what the tables depend on rewrites them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from flows.ingest import IngestSummary
from flows.written import STATE_FILE, table_versions
from schemas import DOCUMENTS, FAILURES
from storage.store import read_table
from tests.conftest import SAMPLE
from tests.ingest_helpers import copy_sample, ingest_in_process, table_rows

BATCH = ("hagiang_stp_bc_quy3_2024.pdf", "laichau_syt_bc_6thang_2023.pdf", "backan_syt_bc_6thang_2023.txt")


@pytest.fixture(scope="module")
def first_ingest(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, IngestSummary, Path]:
    """The batch ingested once, and a copy of the batch and output folders as the ingest left them."""
    root = tmp_path_factory.mktemp("reingest")
    batch = copy_sample(root / "batch", BATCH)
    (batch / "rỗng.pdf").write_bytes(b"")
    out = root / "out"
    first = ingest_in_process([batch], out, workers=1)
    snapshot = tmp_path_factory.mktemp("snapshot")
    for folder in (batch, out):
        shutil.copytree(folder, snapshot / folder.name, symlinks=True)  # links, times and all
    return batch, out, first, snapshot


@pytest.fixture()
def ingested(first_ingest: tuple[Path, Path, IngestSummary, Path]) -> tuple[Path, Path, IngestSummary]:
    """The batch and its output as the first ingest left them (put back at the same paths for each test:
    the tables hold the batch's paths)."""
    batch, out, first, snapshot = first_ingest
    for folder in (batch, out):
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(snapshot / folder.name, folder, symlinks=True)
    return batch, out, first


def test_unchanged_batch_keeps_every_table_version(ingested: tuple[Path, Path, IngestSummary]) -> None:
    batch, out, first = ingested
    before, rows = table_versions(out), table_rows(out)
    again = ingest_in_process([batch], out, workers=1)
    assert again.tables_unchanged and again.cached == first.documents_ok == len(BATCH)
    assert (again.documents_failed, again.corpus_findings) == (first.documents_failed, first.corpus_findings)
    assert table_versions(out) == before and table_rows(out) == rows


CHANGES = {
    "a copy under another name": lambda batch, out: shutil.copy(batch / BATCH[0], batch / "bản sao.pdf"),
    "a new document": lambda batch, out: copy_sample(batch, ["hagiang_syt_bc_quy1_2025.pdf"]),
    "a file renamed": lambda batch, out: os.rename(batch / BATCH[1], batch / "đổi tên.pdf"),
    "a failed file fixed": lambda batch, out: shutil.copy(
        SAMPLE / "hagiang_syt_bc_quy1_2025.pdf", batch / "rỗng.pdf"
    ),
    "a table removed by hand": lambda batch, out: shutil.rmtree((out / "documents.parquet").resolve()),
    "the state lost (a run killed mid-write)": lambda batch, out: (out / STATE_FILE).unlink(),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_any_change_rewrites_the_tables(ingested: tuple[Path, Path, IngestSummary], change: str) -> None:
    batch, out, _ = ingested
    CHANGES[change](batch, out)
    again = ingest_in_process([batch], out, workers=1)
    assert not again.tables_unchanged
    paths = {p for d in read_table(out, DOCUMENTS).to_pylist() for p in [d["source_path"], *d["other_paths"]]}
    failed = {f["source_path"] for f in read_table(out, FAILURES).to_pylist()}
    assert {str(p) for p in batch.iterdir()} <= paths | failed  # the tables hold the folder as it is now
    assert ingest_in_process([batch], out, workers=1).tables_unchanged  # ... and then stay put


def test_another_registry_reruns_the_corpus_audit(
    ingested: tuple[Path, Path, IngestSummary], tmp_path: Path
) -> None:
    batch, out, _ = ingested
    registry = tmp_path / "registry.csv"
    registry.write_text("number,date,title\n61/2018/NĐ-CP,2018-04-23,Nghị định\n", encoding="utf-8")
    assert not ingest_in_process([batch], out, workers=1, registry=registry).tables_unchanged
    assert ingest_in_process([batch], out, workers=1, registry=registry).tables_unchanged
