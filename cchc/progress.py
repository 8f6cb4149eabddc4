"""Rich progress bar and closing summary for `cchc ingest`."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from flows.ingest import DocumentOutcome, IngestSummary
from schemas import TABLES


class IngestProgress:
    """A documents bar with a running count of pages by text source."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            TextColumn("[bold]documents"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self.task = self.progress.add_task("pages: 0", total=None)
        self.pages: dict[str, int] = {}

    def __enter__(self) -> IngestProgress:
        self.progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.progress.stop()

    def started(self, inputs: int) -> None:
        """The run found ``inputs`` files."""
        self.progress.update(self.task, total=inputs)

    def finished(self, outcome: DocumentOutcome) -> None:
        """One input is done."""
        for source, n in outcome.pages_by_source.items():
            self.pages[source] = self.pages.get(source, 0) + n
        total = sum(self.pages.values())
        detail = ", ".join(f"{k} {v}" for k, v in sorted(self.pages.items()))
        self.progress.update(self.task, advance=1, description=f"pages: {total} ({detail})")


RUNNER_WORDS = {"process": "worker processes", "thread": "threads", "dask": "Dask workers"}


def print_summary(console: Console, summary: IngestSummary) -> None:
    """Documents ok/failed, pages by text source, time, where the tables are, and each failure."""
    pages = ", ".join(f"{k}: {v}" for k, v in sorted(summary.pages_by_source.items())) or "none"
    console.print(
        f"[bold]documents[/bold] ok {summary.documents_ok} (from cache {summary.cached}), "
        f"failed {summary.documents_failed}"
    )
    console.print(f"[bold]pages[/bold] {sum(summary.pages_by_source.values())} ({pages})")
    console.print(
        f"[bold]citations[/bold] {summary.citations}; audit findings: {summary.findings} in these documents, "
        f"{summary.corpus_findings} across the corpus"
    )
    phases = ", ".join(f"{name} {seconds:.1f}" for name, seconds in summary.phase_seconds.items())
    read_by = f"; read in {RUNNER_WORDS.get(summary.runner, summary.runner)}" if summary.runner else ""
    console.print(f"[bold]time[/bold] {summary.seconds:.1f} s ({phases}){read_by}")
    first, *rest = [f"{name}.parquet" for name in TABLES]
    unchanged = " — unchanged: every document from the cache" if summary.tables_unchanged else ""
    console.print(f"[bold]tables[/bold] {summary.out}/{first}, {', '.join(rest)}{unchanged}")
    if summary.failures:
        table = Table("file", "error", "message", title="failures")
        for failure in summary.failures:
            table.add_row(failure.source_path, failure.error_type, failure.message)
        console.print(table)
