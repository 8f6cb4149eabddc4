"""Scheduled batch ingestion: the ingest flow served as a Prefect deployment with a cron schedule."""

from __future__ import annotations

from pathlib import Path

from extractors.version import compute_versions_now
from flows.ingest import ingest_flow
from flows.options import IngestOptions
from flows.prefect_env import wait_for_local_api
from storage.remote import resolve_output

DEFAULT_CRON = "0 2 * * *"  # daily at 02:00, when nobody is reading the tables
DEFAULT_NAME = "scheduled"


def serve_ingest(
    watch: Path,
    out: str | Path,
    options: IngestOptions | None = None,
    cron: str = DEFAULT_CRON,
    name: str = DEFAULT_NAME,
) -> None:
    """Register `cchc-ingest/<name>` on the Prefect API and run its scheduled (or manual) runs until stopped.

    Each run ingests the whole watched folder with ``options`` (stored as JSON among the deployment's
    parameters); unchanged files come from the cache, so only new or changed files are read (and OCR'd)."""
    target = resolve_output(out)
    compute_versions_now()  # before Prefect's threads start (see its docstring)
    wait_for_local_api()
    parameters = {
        "sources": [str(watch.resolve())],
        "out": str(target.local.resolve()),
        "options": (options or IngestOptions()).as_parameters(),
        "publish_to": target.remote,
    }
    ingest_flow.serve(
        name=name,
        cron=cron,
        parameters=parameters,
        description=f"Ingest {watch} into {out} ({cron}); unchanged files come from the cache.",
        tags=["cchc", "ingest"],
        print_starting_message=True,
    )
