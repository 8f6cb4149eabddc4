"""`cchc serve`: the ingest flow as a Prefect deployment with a cron schedule, against a real Prefect server
started on 127.0.0.1; a run triggered by hand completes, and the next one ingests only the new file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows.prefect_env import wait_for_local_api
from flows.prefect_server import stop, wait_until
from schemas import DOCUMENTS
from storage.store import read_table
from tests.conftest import ROOT
from tests.ingest_helpers import cli_command, copy_sample

DEPLOYMENT = "cchc-ingest/test-watch"
CRON = "30 3 * * *"


@pytest.fixture(scope="module")
def prefect_env() -> dict[str, str]:
    """The environment of a client of the test session's Prefect server (a standing server with its own
    PREFECT_HOME and SQLite database, started by conftest)."""
    assert os.environ.get("PREFECT_API_URL"), "conftest starts a Prefect server for the session"
    wait_for_local_api()  # conftest launches it without waiting; the client below asks it at once
    return {**os.environ, "OMP_THREAD_LIMIT": "1", "PREFECT_RUNNER_POLL_FREQUENCY": "1"}  # runs start at once


def prefect_cli(env: dict[str, str], *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    prefect = Path(sys.executable).with_name("prefect")
    return subprocess.run(
        [str(prefect), *args], env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )


def deployment_crons(name: str) -> list[str] | None:
    """The cron schedules of deployment ``name`` on the session's server, None while it is not registered
    (Prefect's client in this process: each `prefect` command line costs 3.5 s of start-up)."""
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            deployment = client.read_deployment_by_name(name)
        except ObjectNotFound:
            return None
    return [getattr(s.schedule, "cron", None) for s in deployment.schedules]


def documents(out: Path) -> list[str]:
    return sorted(Path(d["source_path"]).name for d in read_table(out, DOCUMENTS).to_pylist())


@pytest.mark.slow
def test_served_deployment_runs_on_demand_and_picks_up_new_files(
    prefect_env: dict[str, str], tmp_path: Path
) -> None:
    watch = copy_sample(tmp_path / "thư mục theo dõi", ["hagiang_stp_bc_quy3_2024.pdf"])
    out = tmp_path / "out"
    log = (tmp_path / "serve.log").open("w")
    command = cli_command(
        "serve", str(watch), "--out", str(out), "--cron", CRON, "--workers", "1", "--runner", "thread"
    )
    served = subprocess.Popen(
        [*command, "--name", "test-watch"], env=prefect_env, cwd=ROOT, stdout=log, stderr=log,
        start_new_session=True,
    )  # fmt: skip
    try:
        wait_until(lambda: deployment_crons(DEPLOYMENT) is not None, 90, "deployment was not registered")
        assert deployment_crons(DEPLOYMENT) == [CRON]

        first = prefect_cli(
            prefect_env, "deployment", "run", DEPLOYMENT, "--watch"
        )  # by hand, as a user would
        assert first.returncode == 0 and "Completed" in first.stdout, first.stdout + first.stderr
        assert documents(out) == ["hagiang_stp_bc_quy3_2024.pdf"]

        copy_sample(watch, ["backan_syt_bc_6thang_2023.txt"])
        second = prefect_cli(prefect_env, "deployment", "run", DEPLOYMENT, "--watch")
        assert second.returncode == 0 and "Completed" in second.stdout, second.stdout + second.stderr
        assert documents(out) == ["backan_syt_bc_6thang_2023.txt", "hagiang_stp_bc_quy3_2024.pdf"]
    finally:
        stop(served)
        log.close()


def test_serve_without_a_server_explains_what_to_set(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    done = subprocess.run(
        cli_command("serve", str(tmp_path), "--out", str(tmp_path / "out")),
        env=env, capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2 and "PREFECT_API_URL" in done.stderr
