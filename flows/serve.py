"""Scheduled batch ingestion: the ingest flow served as a Prefect deployment with a cron schedule."""

from __future__ import annotations

from pathlib import Path

from flows.ingest import ingest_flow
from storage.remote import resolve_output

DEFAULT_CRON = "0 2 * * *"  # daily at 02:00, when nobody is reading the tables
DEFAULT_NAME = "scheduled"


def serve_ingest(
    watch: Path,
    out: str | Path,
    cron: str = DEFAULT_CRON,
    workers: int = 1,
    ocr: str = "auto",
    name: str = DEFAULT_NAME,
    runner: str = "process",
) -> None:
    """Register `cchc-ingest/<name>` on the Prefect API and run its scheduled (or manual) runs until stopped.

    Each run ingests the whole watched folder; unchanged files come from the cache, so only new or changed
    files are read (and OCR'd)."""
    target = resolve_output(out)
    parameters = {
        "sources": [str(watch.resolve())],
        "out": str(target.local.resolve()),
        "ocr": ocr,
        "publish_to": target.remote,
        "workers": workers,
        "runner": runner,
    }
    ingest_flow.serve(
        name=name,
        cron=cron,
        parameters=parameters,
        description=f"Ingest {watch} into {out} ({cron}); unchanged files come from the cache.",
        tags=["cchc", "ingest"],
        print_starting_message=True,
    )
