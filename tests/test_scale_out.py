"""Scale-out: the flow on a real Dask cluster (2 worker processes), or in threads, gives the same tables as a
run in local worker processes; workers share one Prefect server and are gone before the write."""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import psutil
import pytest
from distributed import LocalCluster

import flows.ingest
from extractors.inputs import InputDocument
from flows.ingest import IngestSummary, chosen_runner, ingest_flow, run_ingest, task_runner
from flows.options import IngestOptions
from flows.prefect_env import shared_prefect_api
from flows.prefect_server import SERVER_MARKERS
from tests.conftest import ROOT
from tests.ingest_helpers import cli_command, cli_env, copy_sample, ingest_in_process, table_rows

SMALL_BATCH = (
    "hagiang_stp_bc_quy3_2024.pdf",  # digital
    "laichau_syt_bc_6thang_2023.pdf",  # digital
    "backan_syt_bc_6thang_2023.txt",  # text
    "quangninh_syt_cv_quy3_2024.png",  # one page of OCR
)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_sample(tmp_path_factory.mktemp("batch"), SMALL_BATCH)
    (folder / "rỗng.pdf").write_bytes(b"")  # a failure row must come out the same too
    return folder


WORKER = "multiprocessing.spawn"  # a process pool's worker


def matching_processes(*markers: str) -> dict[int, bool]:
    """The processes in this process's tree whose command line holds one of ``markers`` now: pid -> whether
    a process pool's worker started it."""
    found = {}
    for child in psutil.Process().children(recursive=True):
        try:
            if any(marker in " ".join(child.cmdline()) for marker in markers):
                parent = child.parent()
                found[child.pid] = parent is not None and WORKER in " ".join(parent.cmdline())
        except psutil.Error:
            continue
    return found


@dataclass(frozen=True)
class Sampled:
    """The processes a run started that match some markers (sampled every 50 ms)."""

    pids: set[int]  # every one seen
    most_at_once: int  # the most seen alive in one sample
    by_workers: set[int]  # those a process pool's worker started


def sample_processes(run: Callable[[], object], *markers: str) -> Sampled:
    """The processes in this process's tree whose command line holds one of ``markers`` while ``run`` runs,
    but for those that were there before."""
    before = set(matching_processes(*markers))
    seen: dict[int, bool] = {}
    most = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal most
        while not done.is_set():
            now = {
                pid: by_worker for pid, by_worker in matching_processes(*markers).items() if pid not in before
            }
            seen.update(now)
            most = max(most, len(now))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        run()
    finally:
        done.set()
        sampler.join()
    return Sampled(set(seen), most, {pid for pid, by_worker in seen.items() if by_worker})


def processes_during(run: Callable[[], object], *markers: str) -> set[int]:
    """Pids of every process in this process's tree whose command line holds one of ``markers`` while
    ``run`` runs (sampled every 50 ms), but for those that were there before."""
    return sample_processes(run, *markers).pids


def live_workers() -> int:
    """Worker processes of a process pool in this process's tree that have not exited."""
    children = psutil.Process().children(recursive=True)
    return sum(WORKER in " ".join(c.cmdline()) and c.status() != psutil.STATUS_ZOMBIE for c in children)


@dataclass(frozen=True)
class ObservedRun:
    """A run in local worker processes, with the worker processes seen while it ran and how many of them
    were alive at each table write."""

    summary: IngestSummary
    out: Path
    workers: set[int]
    workers_at_write: list[int]


@pytest.fixture(scope="module")
def process_run(batch: Path, tmp_path_factory: pytest.TempPathFactory) -> ObservedRun:
    """The batch read by 2 local worker processes: the run the others are compared with."""
    out = tmp_path_factory.mktemp("local")
    workers_at_write: list[int] = []
    real_upsert = flows.ingest.upsert

    def observed_upsert(*args: object, **kwargs: object) -> object:
        workers_at_write.append(live_workers())
        return real_upsert(*args, **kwargs)

    done: list[IngestSummary] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flows.ingest, "upsert", observed_upsert)
        workers = processes_during(
            lambda: done.append(run_ingest([batch], out, IngestOptions(workers=2, runner="process"))), WORKER
        )
    return ObservedRun(done[0], out, workers, workers_at_write)


@pytest.fixture(scope="module")
def thread_run(batch: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[IngestSummary, Path]:
    """The batch read by 2 threads of this process."""
    out = tmp_path_factory.mktemp("threads")
    return ingest_in_process([batch], out, workers=2), out


def test_dask_cluster_and_thread_runs_equal_a_process_run(
    batch: Path, tmp_path: Path, process_run: ObservedRun, thread_run: tuple[IngestSummary, Path]
) -> None:
    local = process_run.summary
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_dask = run_ingest(
            [batch],
            tmp_path / "dask",
            IngestOptions(workers=2, runner="dask", dask_address=cluster.scheduler_address),
        )
    assert (on_dask.documents_ok, on_dask.documents_failed) == (local.documents_ok, local.documents_failed)
    assert on_dask.documents_ok == len(SMALL_BATCH) and on_dask.cached == 0
    assert table_rows(tmp_path / "dask") == table_rows(process_run.out)
    threads, threads_out = thread_run
    assert threads.documents_ok == local.documents_ok
    assert table_rows(threads_out) == table_rows(process_run.out)


def test_worker_processes_share_the_flows_prefect_server(tmp_path: Path) -> None:
    """A CLI ingest with no Prefect server configured starts one, and its workers report to it: without that
    each worker would boot a server of its own (≈3 s, 230 MB). Two documents without OCR keep both workers
    busy."""
    batch = copy_sample(tmp_path / "batch", SMALL_BATCH[:2])
    (batch / "rỗng.pdf").write_bytes(b"")
    env = {k: v for k, v in cli_env().items() if k != "PREFECT_API_URL"}
    command = cli_command("ingest", str(batch), "--out", str(tmp_path / "out"), "--workers", "2")
    done: list[subprocess.CompletedProcess[bytes]] = []
    run = partial(subprocess.run, command, env=env, cwd=ROOT, capture_output=True, timeout=600)
    servers = sample_processes(lambda: done.append(run()), *SERVER_MARKERS)
    assert done[0].returncode == 3, done[0].stderr[-2000:]  # every document read; the empty file failed
    # one server at a time (a server whose port another process took as it started is launched again on
    # another port: two pids, one after the other, on a busy machine), none of them a worker's
    assert servers.pids and servers.most_at_once == 1, f"{servers.most_at_once} Prefect servers at once"
    assert not servers.by_workers, "a worker process started a Prefect server of its own"


def test_workers_have_exited_before_the_tables_are_written(process_run: ObservedRun) -> None:
    """The write is the memory peak of a big batch: the workers' memory is released before it."""
    assert len(process_run.workers) == 2, "the documents were read by 2 worker processes"
    assert process_run.workers_at_write and set(process_run.workers_at_write) == {0}


def test_a_batch_with_nothing_to_read_starts_no_workers(
    batch: Path, tmp_path: Path, process_run: ObservedRun
) -> None:
    out = tmp_path / "out"
    shutil.copytree(process_run.out, out, symlinks=True)  # every document of the batch already read into it
    again: list[IngestSummary] = []
    workers = processes_during(
        lambda: again.append(run_ingest([batch], out, IngestOptions(workers=2))), WORKER
    )
    assert workers == set() and again[0].cached == len(SMALL_BATCH)


def test_a_window_of_one_document_in_flight_still_reads_the_whole_batch(
    batch: Path, tmp_path: Path, thread_run: tuple[IngestSummary, Path]
) -> None:
    """Documents are submitted in a bounded window (memory stays flat on huge batches); the smallest
    window gives the same tables as a local run with the default one."""
    shared_prefect_api()
    narrow = ingest_flow(
        [str(batch)], str(tmp_path / "narrow"), IngestOptions(workers=2, runner="thread", in_flight=1)
    )
    wide, wide_out = thread_run
    assert narrow.documents_ok == wide.documents_ok == len(SMALL_BATCH)
    assert table_rows(tmp_path / "narrow") == table_rows(wide_out)


RUNNERS = [
    ("process", None, "ProcessPoolTaskRunner"),
    ("thread", None, "ThreadPoolTaskRunner"),
    ("dask", None, "DaskTaskRunner"),
]


@pytest.mark.parametrize(("runner", "address", "kind"), RUNNERS, ids=[r[0] for r in RUNNERS])
def test_task_runner_by_name(runner: str, address: str | None, kind: str) -> None:
    assert type(task_runner(2, runner, address)).__name__ == kind


def test_unknown_runner_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown runner"):
        task_runner(2, "threading")


SAMPLE = ROOT / "data" / "raw" / "sample"
SCAN, DIGITAL, PHOTO, TEXT = (
    ("caobang_ubnd_bc_2024.pdf", "pdf"),
    ("hoabinh_syt_kh_2024.pdf", "pdf"),
    ("quangninh_syt_cv_quy3_2024.png", "image"),
    ("backan_syt_bc_6thang_2023.txt", "text"),
)


@pytest.mark.parametrize(
    ("runner", "workers", "files", "expected"),
    [
        ("auto", 2, [SCAN, PHOTO, SCAN], "thread"),  # a few scans: no worker process to start
        ("auto", 1, [SCAN], "thread"),
        ("auto", 2, [SCAN, DIGITAL], "process"),  # a text layer is Python work: processes
        ("auto", 2, [TEXT], "process"),
        ("auto", 4, [SCAN, SCAN], "process"),  # four threads would queue on the GIL
        ("auto", 2, [SCAN] * 51, "process"),  # a long batch pays the start-up back
        ("auto", 2, [], "process"),
        ("process", 2, [SCAN], "process"),  # a runner named is the runner used
        ("thread", 8, [DIGITAL], "thread"),
        ("dask", 2, [SCAN], "dask"),
    ],
)
def test_the_auto_runner_reads_a_few_scans_in_threads(
    runner: str, workers: int, files: list[tuple[str, str]], expected: str
) -> None:
    todo = [InputDocument(f"doc{i}", media, (SAMPLE / name,)) for i, (name, media) in enumerate(files)]
    assert chosen_runner(runner, workers, todo) == expected
