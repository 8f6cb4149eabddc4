"""The ingest flow: discover -> identify -> (cached? reuse : read pages in worker processes) -> write Parquet."""

from __future__ import annotations

import importlib
import os
import time
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa

from flows.prefect_env import configure_prefect, own_server_run, shared_prefect_api

configure_prefect()

from prefect import flow, task  # noqa: E402
from prefect.cache_policies import NONE  # noqa: E402
from prefect.futures import PrefectFuture, as_completed  # noqa: E402
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner  # noqa: E402

from extractors.audit import corpus_finding_types  # noqa: E402
from extractors.document import RESULT_TABLES, DocumentResult, extract_from_pages, read_document  # noqa: E402
from extractors.inputs import (  # noqa: E402
    Identified,
    InputDocument,
    discover_inputs,
    failure_from_error,
    identify_inputs,
)
from extractors.pages import looks_scanned  # noqa: E402
from extractors.version import compute_versions_now  # noqa: E402
from flows.cache import ResultCache, result_counts  # noqa: E402
from flows.corpus_audit import audit_stored_corpus  # noqa: E402
from flows.lock import output_lock  # noqa: E402
from flows.options import RUNNERS, IngestOptions  # noqa: E402
from flows.written import batch_inputs, batch_unchanged, forget_state, record_state  # noqa: E402
from schemas import DOCUMENTS, FAILURES, FINDINGS, TABLES, records_to_table  # noqa: E402
from schemas.base import TableSpec  # noqa: E402
from schemas.failures import FailureRecord  # noqa: E402
from storage.remote import publish_tables, resolve_output  # noqa: E402
from storage.store import TableBatches, read_table, upsert  # noqa: E402


@dataclass(frozen=True)
class DocumentOutcome:
    """What one document's processing reports back to the flow (small: the data stays in the cache)."""

    doc_id: str | None
    source_path: str
    pages_by_source: dict[str, int]
    cached: bool
    failure: FailureRecord | None = None
    citations: int = 0
    findings: int = 0


@dataclass
class IngestSummary:
    """Totals of one ingest run, for the CLI's closing summary."""

    out: str
    documents_ok: int = 0
    documents_failed: int = 0
    cached: int = 0
    pages_by_source: dict[str, int] = field(default_factory=dict)
    failures: list[FailureRecord] = field(default_factory=list)
    seconds: float = 0.0
    citations: int = 0
    findings: int = 0
    corpus_findings: int = 0
    tables_unchanged: bool = False  # every document from the cache and the tables as last written
    runner: str = ""  # what read the documents: process, thread or dask (none when none was read)
    phase_seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time one stage of the run (identify, read, write, audit) into ``phase_seconds``."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.phase_seconds[name] = self.phase_seconds.get(name, 0.0) + time.perf_counter() - started

    def add(self, outcome: DocumentOutcome) -> None:
        """Count one finished document (or failed input)."""
        if outcome.failure is not None:
            self.documents_failed += 1
            self.failures.append(outcome.failure)
            return
        self.documents_ok += 1
        self.cached += outcome.cached
        self.citations += outcome.citations
        self.findings += outcome.findings
        for source, n in outcome.pages_by_source.items():
            self.pages_by_source[source] = self.pages_by_source.get(source, 0) + n


class ProgressListener(Protocol):
    """Told how many inputs a run has, then of each finished one (the CLI's progress bar)."""

    def started(self, inputs: int) -> None: ...

    def finished(self, outcome: DocumentOutcome) -> None: ...


_listeners: list[ProgressListener] = []


@contextmanager
def progress_listener(listener: ProgressListener) -> Iterator[None]:
    """Report this run's progress to ``listener`` while the context is open."""
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)


def _report_start(inputs: int) -> None:
    for listener in list(_listeners):
        listener.started(inputs)


def _report(outcome: DocumentOutcome) -> None:
    for listener in list(_listeners):
        listener.finished(outcome)


def init_worker() -> None:
    """Each OCR worker process runs tesseract single-threaded (cores are used by processes instead)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


@task(name="identify-inputs", cache_policy=NONE)
def identify(sources: Sequence[str]) -> Identified:
    """Find the input files and group identical bytes into one document."""
    return identify_inputs(discover_inputs(sources))


@task(name="read-cached", cache_policy=NONE)
def read_cached(cache: ResultCache, documents: Sequence[InputDocument]) -> dict[str, DocumentOutcome]:
    """Outcomes of the documents whose results are in the cache (unchanged files are never re-read); only
    their counts are kept here, so memory does not grow with the corpus."""
    found = {}
    for doc in documents:
        counts = cache.load_counts(doc.doc_id)
        if counts is not None:
            found[doc.doc_id] = _counted(doc.doc_id, str(doc.path), counts, cached=True)
        elif (result := cache.load(doc.doc_id)) is not None:  # cached before counts were kept beside it
            found[doc.doc_id] = _outcome(result, cached=True)
    return found


@task(name="process-document", cache_policy=NONE)
def process_document(doc: InputDocument, cache: ResultCache) -> DocumentOutcome:
    """Read one document's pages (OCR where needed, unless its pages are cached), extract, cache the result."""
    try:
        cached_pages = cache.load_pages(doc.doc_id)
        if cached_pages is not None:
            result = extract_from_pages(cached_pages.document, cached_pages.pages)
        else:
            result = read_document(doc.path, doc.doc_id, doc.media_type, cache.mode, cache.settings)
    except Exception as exc:  # every input ends as a row: typed errors and surprises alike
        failure = failure_from_error(doc.path, exc, doc.doc_id)
        return DocumentOutcome(doc.doc_id, str(doc.path), {}, cached=False, failure=failure)
    cache.save(result, pages_too=cached_pages is None)
    return _outcome(result, cached=False)


def _outcome(result: DocumentResult, cached: bool) -> DocumentOutcome:
    return _counted(result.document.doc_id, result.document.source_path, result_counts(result), cached)


def _counted(doc_id: str, source_path: str, counts: dict[str, Any], cached: bool) -> DocumentOutcome:
    pages, citations, findings = counts["pages_by_source"], counts["citations"], counts["findings"]
    return DocumentOutcome(doc_id, source_path, dict(pages), cached, citations=citations, findings=findings)


@task(name="write-tables", cache_policy=NONE)
def write_tables(
    cache: ResultCache, identified: Identified, failures: Sequence[FailureRecord]
) -> dict[str, int]:
    """Upsert the result tables (by doc_id) and failures (by path) from the cache into Parquet, one table at
    a time (documents first: the other tables' partitions come from it). Each table is read from the cache
    as Arrow document by document and compacted as it comes, so memory holds one table's rows, not all
    seven at once, and no records are built."""
    failed_ids = {f.doc_id for f in failures}
    ready = [d for d in identified.documents if d.doc_id not in failed_ids and cache.current(d.doc_id)]
    doc_ids = {d.doc_id for d in ready} | {f.doc_id for f in failures if f.doc_id}
    paths = {str(p) for d in identified.documents for p in d.paths} | {f.source_path for f in failures}
    counts = {}
    documents = None  # the batch's documents rows: every other table's rows take their partition from them
    for spec in RESULT_TABLES:
        replace: dict[str, set[str]] = {"doc_id": doc_ids}
        if spec is DOCUMENTS:
            replace["source_path"] = paths
        rows = cached_rows(cache, ready, spec)
        counts[spec.name] = upsert(cache.out, spec, rows, replace, documents)
        if spec is DOCUMENTS:
            documents = rows
    failure_rows = records_to_table(failures, FAILURES)
    counts["failures"] = upsert(cache.out, FAILURES, failure_rows, {"source_path": paths})
    return counts


class CacheUnreadable(RuntimeError):
    """A cached table checked as current could not be read back while the tables were written."""


def cached_rows(cache: ResultCache, documents: Sequence[InputDocument], spec: TableSpec[Any]) -> pa.Table:
    """Table ``spec`` of every document in ``documents``, from the cache (documents rows with their paths)."""
    batches = TableBatches((spec,))
    for doc in documents:
        table = cache.load_table(doc.doc_id, spec)
        if table is None:
            raise CacheUnreadable(f"cached {spec.name} of {doc.path} ({doc.doc_id}) could not be read")
        batches.add(doc.doc_id, {spec.name: with_paths(table, doc) if spec is DOCUMENTS else table})
    return batches.tables()[spec.name]


def with_paths(documents: pa.Table, doc: InputDocument) -> pa.Table:
    """The one-row documents table with every path that holds the document's bytes (first: the one read)."""
    paths = [str(p) for p in doc.paths]
    values = {
        "source_path": pa.array([paths[0]], pa.string()),
        "other_paths": pa.array([paths[1:]], pa.list_(pa.string())),
        "file_name": pa.array([unicodedata.normalize("NFC", doc.path.name)], pa.string()),
    }
    for name, value in values.items():
        index = documents.schema.get_field_index(name)
        documents = documents.set_column(index, documents.schema.field(index), value)
    return documents


@task(name="audit-corpus", cache_policy=NONE)
def audit_corpus_tables(out: str, registry: str | None) -> int:
    """Corpus-wide checks over every citation in the tables; replaces the previous corpus findings."""
    documents = read_table(Path(out), DOCUMENTS).select(["doc_id", "province_current"]).to_pylist()
    provinces = {d["doc_id"]: d["province_current"] for d in documents}
    findings = audit_stored_corpus(Path(out), provinces, Path(registry) if registry else None)
    upsert(Path(out), FINDINGS, records_to_table(findings, FINDINGS), {"type": corpus_finding_types()})
    return len(findings)


@task(name="publish-tables", cache_policy=NONE)
def publish(out: str, url: str) -> int:
    """Upload the finished tables to ``url`` (any fsspec filesystem) behind a new manifest."""
    return len(publish_tables(Path(out), url, TABLES.values())["tables"])


@flow(name="cchc-ingest", log_prints=False, validate_parameters=False)
def ingest_flow(
    sources: list[str],
    out: str,
    options: IngestOptions | dict[str, Any] | None = None,
    publish_to: str | None = None,
) -> IngestSummary:
    """discover -> identify -> read (cache, or ``options.workers`` processes of ``options.runner``: at most
    ``options.in_flight`` documents submitted at a time, IN_FLIGHT_PER_WORKER per worker by default) ->
    write Parquet in ``out`` (a local folder) -> publish them to ``publish_to`` (an fsspec URL) if given;
    returns run totals. ``options`` may come as the JSON a deployment stores."""
    started = time.perf_counter()
    options = IngestOptions.model_validate(options or {})
    registry = options.registry
    page_cache = Path(options.page_cache) if options.page_cache else None
    cache = ResultCache(Path(out), options.ocr, options.settings, page_cache)
    summary = IngestSummary(out=publish_to or out)
    inputs = batch_inputs(cache.key(), Path(registry) if registry else None)
    with output_lock(Path(out)):
        with summary.phase("identify"):
            identified = identify(sources)
        _report_start(len(identified.documents) + len(identified.failures))
        failures = list(identified.failures)
        for failure in identified.failures:
            _count(summary, DocumentOutcome(None, failure.source_path, {}, False, failure))
        with summary.phase("read_cached"):
            cached = read_cached(cache, identified.documents)
        for outcome in cached.values():
            _count(summary, outcome)
        todo = largest_first([d for d in identified.documents if d.doc_id not in cached])
        with summary.phase("process"):
            runner = chosen_runner(options.runner, options.workers, todo)
            summary.runner = runner if todo else ""
            workers_runner = task_runner(options.workers, runner, options.dask_address)
            window = options.in_flight or IN_FLIGHT_PER_WORKER * options.workers
            for outcome in process_all(todo, cache, workers_runner, window):
                _count(summary, outcome)
                if outcome.failure is not None:
                    failures.append(outcome.failure)
        unchanged = None if todo else batch_unchanged(Path(out), identified, inputs)
        if unchanged is not None:  # every document cached, tables as last written: nothing to rewrite
            summary.corpus_findings, summary.tables_unchanged = unchanged, True
        else:
            forget_state(Path(out))
            with summary.phase("write_tables"):
                write_tables(cache, identified, failures)
            with summary.phase("audit_corpus"):
                summary.corpus_findings = audit_corpus_tables(out, registry)
            record_state(Path(out), identified, failures, inputs, summary.corpus_findings)
        if publish_to:
            with summary.phase("publish"):
                publish(out, publish_to)
    summary.seconds = time.perf_counter() - started
    return summary


IN_FLIGHT_PER_WORKER = 4  # documents submitted ahead per worker: workers never wait, memory stays flat


def process_all(
    todo: Sequence[InputDocument], cache: ResultCache, runner: TaskRunner, window: int
) -> Iterator[DocumentOutcome]:
    """Outcomes of ``process_document`` over ``todo`` as they finish, run by ``runner``, with at most
    ``window`` documents submitted and not yet collected (a batch of 10,000 files is not 10,000 futures and
    pickled arguments at once; a finished future is dropped as soon as it is read).

    The runner (its worker processes, or its Dask client) starts here and stops once the last outcome is
    read, not at the end of the flow: the tables are then written with the workers' memory already
    released (at 1,000 documents the write is the run's memory peak), and a batch with nothing to read
    starts no workers at all."""
    if not todo:
        return
    pending: set[PrefectFuture[DocumentOutcome]] = set()
    with runner:
        for doc in todo:
            pending.add(runner.submit(process_document, {"doc": doc, "cache": cache}))
            if len(pending) >= window:
                yield _collect_one(pending)
        while pending:
            yield _collect_one(pending)


def _collect_one(pending: set[PrefectFuture[DocumentOutcome]]) -> DocumentOutcome:
    done = next(as_completed(pending))
    pending.discard(done)
    return done.result()


def largest_first(documents: Sequence[InputDocument]) -> list[InputDocument]:
    """Documents by size, largest first: big scans and long PDFs start early, so the run does not end with
    one worker busy on a long document while the others idle (longest-processing-time-first scheduling)."""
    return sorted(documents, key=lambda d: (-d.size_bytes, d.doc_id))


def _count(summary: IngestSummary, outcome: DocumentOutcome) -> None:
    summary.add(outcome)
    _report(outcome)


THREAD_WORKERS = 2  # "auto" reads in threads on at most this many workers ...
THREAD_BATCH = 50  # ... a batch of at most this many documents to read, every one of them scanned


def chosen_runner(runner: str, workers: int, todo: Sequence[InputDocument]) -> str:
    """The runner ``runner`` names; for "auto", threads of this process when the batch is a few scans on
    few workers, worker processes otherwise. A scanned page spends ≈ 80 % of its time in tesseract's own
    process, so two threads leave the GIL mostly free and no worker process pays its start (≈ 2.5 s of
    imports each; the benchmark's 20-page batch, back to back: 25.2-25.6 s in threads, 27.3-28.9 s in
    processes); text layers and extraction are Python, which runs in parallel only in processes."""
    if runner != "auto":
        return runner
    few = workers <= THREAD_WORKERS and 0 < len(todo) <= THREAD_BATCH
    return "thread" if few and all(looks_scanned(d.path, d.media_type) for d in todo) else "process"


def task_runner(workers: int, runner: str = "process", dask_address: str | None = None) -> TaskRunner:
    """Worker processes on this machine; threads of this process (no worker start-up: small batches, and
    tesseract still runs as processes of its own); or Dask: a new local cluster, or the scheduler at
    ``dask_address``."""
    if runner not in RUNNERS:
        raise ValueError(f"unknown runner {runner!r}; choose one of {', '.join(RUNNERS)}")
    if runner == "process":
        return ProcessPoolTaskRunner(max_workers=max(1, workers), initializer=init_worker)
    if runner == "thread":
        init_worker()
        return ThreadPoolTaskRunner(max_workers=max(1, workers))
    from prefect_dask import DaskTaskRunner

    if dask_address:
        return DaskTaskRunner(address=dask_address)
    cluster = {"n_workers": max(1, workers), "threads_per_worker": 1, "processes": True}
    return DaskTaskRunner(cluster_kwargs={**cluster, "dashboard_address": None})


# Modules a run imports on first use in this process, on its critical path: Prefect's flow call (graph
# helpers, FastAPI's encoders) and the corpus audit's table reads (pyarrow.dataset, which loads pandas).
# Imported before the wait for this process's own Prefect server, they cost nothing: measured 0.3-0.4 s off
# the first flow run.
FIRST_USE_IMPORTS = ("prefect.utilities.visualization", "fastapi", "pyarrow.dataset")


def run_ingest(
    sources: Sequence[str | Path],
    out: str | Path,
    options: IngestOptions | None = None,
    work: Path | None = None,
) -> IngestSummary:
    """Run the ingest flow with ``options`` (workers, runner, OCR ...). ``out`` is a folder or an fsspec URL;
    for a remote URL the tables are built in ``work`` and then published."""
    target = resolve_output(out, work)
    compute_versions_now()  # before Prefect's threads start (see its docstring)
    for module in FIRST_USE_IMPORTS:  # while the server boots (`cchc ingest` launched it), not in the run
        importlib.import_module(module)
    shared_prefect_api()  # workers report to this process's API instead of each starting a server
    with own_server_run():
        return ingest_flow(
            [str(s) for s in sources], str(target.local), options or IngestOptions(), target.remote
        )
