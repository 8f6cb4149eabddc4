"""Scale-out: the flow on a real Dask cluster (2 worker processes) gives the same tables as a local run."""

from __future__ import annotations

from pathlib import Path

import pytest
from distributed import LocalCluster

from flows.ingest import run_ingest, task_runner
from tests.ingest_helpers import copy_sample, table_rows

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


def test_dask_cluster_run_equals_local_run(batch: Path, tmp_path: Path) -> None:
    local = run_ingest([batch], tmp_path / "local", workers=2)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_dask = run_ingest(
            [batch], tmp_path / "dask", workers=2, runner="dask", dask_address=cluster.scheduler_address
        )
    assert (on_dask.documents_ok, on_dask.documents_failed) == (local.documents_ok, local.documents_failed)
    assert on_dask.documents_ok == len(SMALL_BATCH) and on_dask.cached == 0
    assert table_rows(tmp_path / "dask") == table_rows(tmp_path / "local")


RUNNERS = [("process", None, "ProcessPoolTaskRunner"), ("dask", None, "DaskTaskRunner")]


@pytest.mark.parametrize(("runner", "address", "kind"), RUNNERS, ids=[r[0] for r in RUNNERS])
def test_task_runner_by_name(runner: str, address: str | None, kind: str) -> None:
    assert type(task_runner(2, runner, address)).__name__ == kind


def test_unknown_runner_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown runner"):
        task_runner(2, "threads")
