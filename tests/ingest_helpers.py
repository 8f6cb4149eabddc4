"""Helpers for tests that run whole ingests: the tables as comparable rows, the CLI as a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from flows.ingest import IngestSummary, run_ingest
from flows.options import IngestOptions
from schemas import CITATIONS, DOCUMENTS, FAILURES, FINDINGS, PAGES
from storage.store import read_table
from tests.conftest import ROOT, SAMPLE

# Columns that record when a row was made, not what it holds.
TIMESTAMP_COLUMNS = {"ingested_at", "at"}
COMPARED_TABLES = (DOCUMENTS, PAGES, CITATIONS, FINDINGS, FAILURES)


def table_rows(out: Path) -> dict[str, list[dict]]:
    """Every compared table as rows, without timestamps and page timings (which differ run to run)."""
    rows = {}
    for spec in COMPARED_TABLES:
        drop = TIMESTAMP_COLUMNS | {"seconds"}
        rows[spec.name] = [
            {k: v for k, v in row.items() if k not in drop} for row in read_table(out, spec).to_pylist()
        ]
    return rows


def copy_sample(folder: Path, names: Iterable[str]) -> Path:
    """Copy files of the bundled sample corpus into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(SAMPLE / name, folder / name)
    return folder


IN_PROCESS = ("--runner", "thread")  # `cchc ingest` options for a test that is not about worker processes


def ingest_in_process(
    sources: list[Path], out: Path | str, workers: int = 2, work: Path | None = None, **options: Any
) -> IngestSummary:
    """The ingest flow with its documents read by ``workers`` threads of this process: for tests that are not
    about worker processes (no pool to start; the session's Prefect server, see conftest)."""
    if options.get("registry") is not None:
        options["registry"] = str(options["registry"])
    return run_ingest(sources, out, IngestOptions(workers=workers, runner="thread", **options), work=work)


def cli_command(*args: str) -> list[str]:
    """`cchc ARGS` as run by a user (the installed CLI module, this interpreter)."""
    return [sys.executable, "-m", "cchc.cli", *args]


def cli_env() -> dict[str, str]:
    """The test process environment for CLI subprocesses (tesseract single-threaded)."""
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def run_cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run `cchc ARGS` to completion from the project root."""
    return subprocess.run(
        cli_command(*args), capture_output=True, text=True, cwd=ROOT, timeout=timeout, env=cli_env()
    )
