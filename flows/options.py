"""How an ingest runs, in one object from the command line to the flow to a served deployment.

`cchc ingest` and `cchc serve` build it from their options, `run_ingest` and the flow take it, and a
deployment stores it as JSON among its parameters (Prefect requires JSON there) and gets it back
validated. Where a batch comes from and where its tables go (sources, output, publication URL) are the
run's arguments, not options.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from extractors.ocr import OcrSettings
from extractors.routing import OcrMode

Runner = Literal["auto", "process", "thread", "dask"]
RUNNERS: tuple[str, ...] = get_args(Runner)


class IngestOptions(BaseModel):
    """Options of an ingest run (defaults: one worker process, OCR where a page needs it)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ocr: OcrMode = OcrMode.AUTO
    settings: OcrSettings = Field(default_factory=OcrSettings)
    registry: str | None = None  # a user's CSV of known documents, merged over the shipped registry
    workers: int = Field(1, ge=1)
    runner: Runner = "auto"  # threads for a small batch of scans, worker processes otherwise (flows.ingest)
    dask_address: str | None = None  # a running Dask scheduler (runner "dask"); none: a local cluster
    in_flight: int | None = Field(None, ge=1)  # documents submitted ahead; none: 4 per worker
    page_cache: str | None = None  # a folder of read pages shared by outputs; none: each output's own cache

    def as_parameters(self) -> dict[str, object]:
        """The options as JSON values, as a deployment stores its parameters."""
        return self.model_dump(mode="json")
