"""The `cchc` command line: ingest batches into Parquet, extract one document as JSON."""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import json
import os
import sys
import threading
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from extractors.errors import IngestError
from extractors.routing import OcrMode

if TYPE_CHECKING:  # the extractors are imported by the commands that need them: `cchc ingest` launches its
    # Prefect server before paying for them (the server's boot is the batch's critical path)
    from extractors.document import DocumentResult
    from flows.options import IngestOptions
    from schemas.base import TableSpec

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
err = Console(stderr=True)

EXIT_FAILURES = 3  # ingest completed, but some inputs ended in the failures table
EXIT_LOCKED = 4  # another ingest holds the output folder
EXIT_FINDINGS = 5  # cchc audit: findings at or above --fail-on
EXIT_NO_DATA = 6  # cchc audit / sql: the folder holds no ingested tables
EXIT_QUERY = 7  # cchc sql: the query failed
EXIT_USAGE = 2  # a bad argument (typer's own code for usage errors)
EXIT_INTERNAL = 70

OcrOption = Annotated[OcrMode, typer.Option("--ocr", help="auto: OCR pages without a sound text layer.")]
PageCacheOption = Annotated[
    Path | None,
    typer.Option(
        envvar="CCHC_PAGE_CACHE",
        help="Folder of read pages (OCR) shared by outputs: a scan already read into it is not read again.",
    ),
]
RegistryOption = Annotated[
    Path | None,
    typer.Option(
        help="CSV of known documents (number,date,title) merged over the shipped national registry."
    ),
]
OutOption = Annotated[
    str,
    typer.Option(
        "--out", "-o", help="Output folder, or an fsspec URL (s3://bucket/cchc …) to publish tables to."
    ),
]


def ingest_options(registry: Path | None, page_cache: Path | None = None, **values: object) -> IngestOptions:
    """The command line's options as the one options object of an ingest (the registry and the page cache as
    absolute paths: a served deployment runs elsewhere); a value it refuses ends the command with its
    reason."""
    from pydantic import ValidationError

    from flows.options import IngestOptions

    try:
        return IngestOptions(
            registry=str(registry.resolve()) if registry else None,
            page_cache=str(page_cache.resolve()) if page_cache else None,
            **values,
        )
    except ValidationError as exc:
        problem = exc.errors()[0]
        err.print(
            f"cchc: --{'-'.join(map(str, problem['loc'])).replace('_', '-')}: {problem['msg']}", markup=False
        )
        raise typer.Exit(EXIT_USAGE) from None


@app.command()
def ingest(
    sources: Annotated[list[Path], typer.Argument(help="PDF/TXT/image files or folders (recursive).")],
    out: OutOption = "data/parquet",
    workers: Annotated[int, typer.Option(help="Worker processes (default: all cores).")] = os.cpu_count()
    or 1,
    ocr: OcrOption = OcrMode.AUTO,
    work: Annotated[
        Path | None,
        typer.Option(help="Local working folder (cache, tables) for a URL --out; default ~/.cache/cchc/…"),
    ] = None,
    registry: RegistryOption = None,
    page_cache: PageCacheOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs.")] = False,
    runner: Annotated[
        str,
        typer.Option(
            help="auto: threads for a few scans on at most 2 workers, else processes; process: worker "
            "processes here; thread: threads of this process (no worker start-up, for small batches and "
            "scans); dask: a Dask cluster (local or --dask-address)."
        ),
    ] = "auto",
    dask_address: Annotated[
        str | None, typer.Option(help="Scheduler of a running Dask cluster, e.g. tcp://10.0.0.5:8786.")
    ] = None,
) -> None:
    """Ingest a batch: every input ends as a `documents` row or a `failures` row."""
    options = ingest_options(
        ocr=ocr, registry=registry, workers=workers, runner=runner, dask_address=dask_address,
        page_cache=page_cache,
    )  # fmt: skip
    from flows.prefect_env import configure_prefect, start_prefect_api_early

    configure_prefect(verbose)
    start_prefect_api_early()  # the server boots while the pipeline is imported
    from cchc.progress import IngestProgress
    from flows.ingest import progress_listener, run_ingest
    from flows.lock import OutputLocked
    from storage.remote import OutputUnavailable

    with ExitStack() as stack:
        bar = stack.enter_context(IngestProgress(err))
        stack.enter_context(progress_listener(bar))
        try:
            summary = run_ingest(sources, out, options, work=work)
        except OutputLocked as exc:
            err.print(f"[red]cchc: {exc}[/red]")
            raise typer.Exit(EXIT_LOCKED) from None
        except OutputUnavailable as exc:
            err.print(f"cchc: {exc}", markup=False, highlight=False)
            raise typer.Exit(EXIT_USAGE) from None
    from cchc.progress import print_summary

    print_summary(err, summary)
    if summary.failures:
        raise typer.Exit(EXIT_FAILURES)


@app.command()
def serve(
    watch: Annotated[Path, typer.Argument(help="Folder to ingest on every run (new or changed files).")],
    out: OutOption = "data/parquet",
    cron: Annotated[
        str, typer.Option(help="Cron schedule of the runs (default: daily at 02:00).")
    ] = "0 2 * * *",
    workers: Annotated[int, typer.Option(help="Worker processes per run.")] = os.cpu_count() or 1,
    ocr: OcrOption = OcrMode.AUTO,
    name: Annotated[str, typer.Option(help="Deployment name: runs show as cchc-ingest/NAME.")] = "scheduled",
    runner: Annotated[
        str,
        typer.Option(
            help="auto: threads for a few scans, else processes; process: worker processes per run; "
            "thread: threads of the run's process."
        ),
    ] = "auto",
    registry: RegistryOption = None,
    page_cache: PageCacheOption = None,
) -> None:
    """Serve the ingest flow as a Prefect deployment on a cron schedule (needs PREFECT_API_URL: a server)."""
    from flows.prefect_env import configure_prefect

    configure_prefect(verbose=True)
    if not os.environ.get("PREFECT_API_URL"):
        err.print("cchc: set PREFECT_API_URL to a Prefect server (`prefect server start`), e.g.")
        err.print("      export PREFECT_API_URL=http://127.0.0.1:4200/api", highlight=False)
        raise typer.Exit(EXIT_USAGE)
    if not watch.is_dir():
        err.print(f"cchc: {watch} is not a folder")
        raise typer.Exit(EXIT_USAGE)
    from flows.serve import serve_ingest

    options = ingest_options(
        ocr=ocr, registry=registry, page_cache=page_cache, workers=workers, runner=runner
    )
    serve_ingest(watch, out, options, cron, name)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="One PDF, TXT or image file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object to stdout.")] = False,
    ocr: OcrOption = OcrMode.AUTO,
    workers: Annotated[int, typer.Option(help="Processes for OCR pages.")] = os.cpu_count() or 1,
    debug_html: Annotated[
        Path | None,
        typer.Option(
            help="Write an HTML page showing each page's citations and its layout regions drawn over the page."
        ),
    ] = None,
    tables: Annotated[
        Path | None,
        typer.Option(
            help="Also write each table as a CSV for Excel into this folder (<file>_table_<id>.csv)."
        ),
    ] = None,
) -> None:
    """Extract one document without writing Parquet: pages, citations, audit findings."""
    from extractors.document import file_to_document
    from extractors.ocr import OcrSettings

    try:
        with ProcessPoolExecutor(max_workers=max(1, workers), initializer=_single_thread_ocr) as pool:
            result = file_to_document(file, ocr, OcrSettings(), map_fn=pool.map)
    except IngestError as exc:
        err.print(f"cchc: {exc.error_type}: {exc}", markup=False, highlight=False)
        raise typer.Exit(exc.exit_code) from None
    if debug_html is not None:
        from cchc.layout_html import layout_overlay_html
        from extractors.nlp import page_to_doc, render_citations_html

        docs = [page_to_doc(p.text, p.doc_id, p.page) for p in result.pages]
        page = render_citations_html(docs)
        page = page.replace("</body>", f"{layout_overlay_html(result, file)}</body>", 1)
        debug_html.write_text(page, encoding="utf-8")
    if tables is not None:
        from cchc.table_export import write_table_csvs

        for path in write_table_csvs(result.table_cells, tables, file.stem):
            err.print(f"cchc: wrote {path}", markup=False, highlight=False)
    if as_json:
        json.dump(result_to_json(result), sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
    else:
        print_document(result)


@app.command()
def registry(
    data: Annotated[Path, typer.Argument(help="Output folder of `cchc ingest` (holds citations.parquet).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Registry CSV to write.")] = Path("registry.csv"),
    min_documents: Annotated[int, typer.Option(help="Documents that must agree on a date.")] = 2,
    add: Annotated[
        Path | None, typer.Option(help="Your own registry CSV (number,date,title) to merge in; it wins.")
    ] = None,
    national: Annotated[
        bool, typer.Option(help="Start from the shipped national registry (5,824 documents, Bộ pháp điển).")
    ] = True,
) -> None:
    """Write a registry CSV for `--registry`: the national documents the corpus dates consistently, the
    shipped national registry over them, and --add's entries over both (for the same number)."""
    from extractors.audit import consistent_registry
    from extractors.registry import (
        Registry,
        load_registry,
        merge_registries,
        national_registry,
        write_registry,
    )
    from schemas import CITATIONS, table_to_records
    from storage.store import read_table

    citations = table_to_records(read_table(data, CITATIONS), CITATIONS)
    parts = [Registry.of(consistent_registry(citations, min_documents))]
    if national:  # a number both know keeps the national entry (more evidence)
        parts.append(national_registry())
    if add is not None:
        parts.append(load_registry(add))
    merged = merge_registries(*parts)
    write_registry(merged.entries, out)
    counts = ", ".join(f"{n} {name}" for name, n in Counter(e.registry for e in merged.entries).items())
    err.print(f"{len(merged)} documents written to {out} ({counts})")


@app.command()
def schema() -> None:
    """Print every table's columns, types and meaning (Markdown, as in the README)."""
    from schemas.docs import tables_markdown

    sys.stdout.write(tables_markdown())


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


DataArgument = Annotated[Path, typer.Argument(help="Output folder of `cchc ingest`.")]


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="SQL over the tables; each table is a view by its name.")],
    data: Annotated[
        str, typer.Option("--data", "-d", help="Output folder of `cchc ingest`, or the URL it published to.")
    ] = "data/parquet",
    csv: Annotated[Path | None, typer.Option(help="Also write the result as CSV.")] = None,
    parquet: Annotated[Path | None, typer.Option(help="Also write the result as Parquet.")] = None,
    max_rows: Annotated[int, typer.Option(help="Rows printed (files get all).")] = 100,
) -> None:
    """Run DuckDB SQL over the tables (documents, citations, facts, findings, ...) and print the result."""
    import duckdb

    from cchc.console_tables import print_query_result
    from cchc.dataset import run_query

    try:
        result = run_query(data, query, csv, parquet)
    except FileNotFoundError as exc:
        err.print(f"cchc: {exc}", markup=False, highlight=False)
        raise typer.Exit(EXIT_NO_DATA) from None
    except duckdb.Error as exc:
        err.print(f"cchc: {exc}", markup=False, highlight=False)
        raise typer.Exit(EXIT_QUERY) from None
    print_query_result(Console(), result, max_rows)


@app.command()
def audit(
    data: DataArgument,
    html: Annotated[Path | None, typer.Option(help="Write a self-contained HTML report.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as one JSON object.")] = False,
    registry: Annotated[
        Path | None,
        typer.Option(
            help="CSV of known documents (number,date,title) merged over the shipped national registry."
        ),
    ] = None,
    fail_on: Annotated[
        Severity | None, typer.Option(help=f"Exit {EXIT_FINDINGS} when findings this severe or worse exist.")
    ] = None,
    crops: Annotated[
        int,
        typer.Option(help="HTML: page images around the evidence of this many findings, most severe first."),
    ] = 300,
) -> None:
    """Audit an ingested corpus: every finding, corpus-wide checks recomputed, a summary or an HTML report."""
    from cchc.audit_report import build_report, report_to_json
    from cchc.console_tables import print_audit_summary

    try:
        report = build_report(data, registry, crops if html is not None else 0)
    except FileNotFoundError as exc:
        err.print(f"cchc: {exc}", markup=False, highlight=False)
        raise typer.Exit(EXIT_NO_DATA) from None
    if html is not None:
        from cchc.audit_html import write_html

        write_html(report, html)
        err.print(f"report written to {html}")
    if as_json:
        json.dump(report_to_json(report), sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
    else:
        print_audit_summary(Console(), report)
    if fail_on is not None and report.at_or_above(fail_on.value):
        raise typer.Exit(EXIT_FINDINGS)


def _single_thread_ocr() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"


def result_to_json(result: DocumentResult) -> dict[str, object]:
    """The extract contract: document, pages, citations, facts, score_rows, findings, layout and table_cells
    (Parquet column names; pages without their per-word boxes and cells, which table_cells carries)."""
    out: dict[str, object] = {"document": None, "pages": []}
    for name, (spec, records) in result.tables().items():
        rows = [_json_row(r, spec) for r in records]
        out[name] = rows[0] if name == "documents" else rows
    out["document"] = out.pop("documents")
    for name in ("citations", "facts", "score_rows", "findings"):
        out.setdefault(name, [])
    return out


JSON_LEFT_OUT = {"pages": ("words", "cells")}  # stay in Parquet; layout and table_cells carry the boxes


def _json_row(record: object, spec: TableSpec) -> dict[str, object]:
    left_out = JSON_LEFT_OUT.get(spec.name, ())
    row = {name: getattr(record, name) for name in spec.schema.names if name not in left_out}
    return {k: (_json_list(v) if isinstance(v, tuple) else v) for k, v in row.items()}


def _json_list(items: tuple) -> list:
    """A tuple column as JSON: records (a document's field evidence) as objects."""
    return [dataclasses.asdict(item) if dataclasses.is_dataclass(item) else item for item in items]


def print_document(result: DocumentResult) -> None:
    """A human summary of one extracted document: its row, then a line per page."""
    console = Console()
    doc = result.document
    console.print(f"[bold]{doc.file_name}[/bold]  {doc.pages} pages, {doc.text_source}, status {doc.status}")
    console.print(f"doc_id {doc.doc_id}")
    table = Table("page", "source", "reason", "chars", "ocr conf", "seconds", "first line")
    for page in result.pages:
        first = next((line.strip() for line in page.text.splitlines() if line.strip()), "")
        conf = f"{page.ocr_confidence:.1f}" if page.ocr_confidence is not None else ""
        table.add_row(
            str(page.page),
            page.text_source,
            page.route_reason,
            str(page.chars),
            conf,
            f"{page.seconds:.2f}",
            first[:60],
        )
    console.print(table)
    console.print(f"[bold]citations[/bold] {len(result.citations)}")
    if result.findings:
        findings = Table("severity", "type", "page", "message", title="audit findings")
        for f in result.findings:
            findings.add_row(f.severity, f.type, str(f.page or ""), f.message)
        console.print(findings)


def main() -> None:
    """The `cchc` command (spawned workers import this module without running it). It ends without the
    interpreter's teardown (``exit_now``): once the atexit hooks have run (the Prefect server this process
    started is stopped there) and the streams are flushed, freeing a batch's heap and modules object by
    object only delays the shell's prompt (0.6 s measured after an ingest of 20 scanned pages)."""
    try:
        app()
        code: object = 0
    except SystemExit as done:
        code = done.code
    exit_now(code)


def exit_now(code: object) -> NoReturn:
    """Exit with SystemExit's ``code`` after what a normal exit does that anyone can see: atexit hooks run
    (``atexit._run_exitfuncs``, CPython's own call for them), stdout and stderr flushed. With a non-daemon
    thread still alive (a normal exit would wait for it) it is a normal exit."""
    if any(t is not threading.main_thread() and not t.daemon for t in threading.enumerate()):
        sys.exit(code)
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`cchc extract --json | head`)
            stream.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    main()
