"""Crash safety: a real `cchc ingest` killed with SIGKILL mid-run resumes without redoing finished documents
and ends with the tables of an uninterrupted run; a second ingest into a held output folder is refused."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.ingest_helpers import (
    IN_PROCESS,
    cli_command,
    cli_env,
    copy_sample,
    ingest_in_process,
    run_cli,
    table_rows,
)

BATCH = (
    "hagiang_stp_bc_quy3_2024.pdf",
    "hagiang_syt_bc_quy1_2025.pdf",
    "hoabinh_syt_kh_2024.pdf",
    "laichau_syt_bc_6thang_2023.pdf",
    "laichau_ubnd_bc_quy2_2024.pdf",
    "quangninh_snv_bc_2023.pdf",
    "sonla_snv_bc_2024.pdf",
    "quangninh_syt_cv_quy3_2024.png",
)
KILL_AFTER = 2  # documents finished (in the cache) before the kill


def finished_documents(out: Path) -> int:
    """Documents whose whole result is in the cache (the extraction part is written last)."""
    return len(list(out.glob("_cache/*/*/extracted/meta.json")))


def kill_mid_run(folder: Path, out: Path, timeout: float = 300) -> int:
    """Start `cchc ingest` (1 worker), SIGKILL its whole process group once KILL_AFTER documents are done."""
    command = cli_command("ingest", str(folder), "--out", str(out), "--workers", "1")
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    try:
        while finished_documents(out) < KILL_AFTER and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the CLI, its worker and Prefect's server: a hard crash
        proc.wait()
    return finished_documents(out)


@pytest.mark.slow
def test_killed_ingest_resumes_and_ends_like_an_uninterrupted_run(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "lô 1", BATCH)
    done_before_kill = kill_mid_run(folder, tmp_path / "resumed")
    assert KILL_AFTER <= done_before_kill < len(BATCH), "the kill must land mid-run"

    resumed = run_cli("ingest", str(folder), "--out", str(tmp_path / "resumed"), *IN_PROCESS)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    from_cache = int(re.search(r"from cache (\d+)", resumed.stderr).group(1))
    assert from_cache >= done_before_kill  # finished documents were not read again

    fresh = ingest_in_process([folder], tmp_path / "fresh", workers=1)  # an uninterrupted run
    assert fresh.documents_ok == len(BATCH)
    assert table_rows(tmp_path / "resumed") == table_rows(tmp_path / "fresh")


LOCK_HOLDER = """
import sys, time
from pathlib import Path
from flows.lock import output_lock
with output_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(120)
"""


def test_second_ingest_into_a_held_output_is_refused(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "lô", BATCH[:1])
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(out)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        refused = run_cli("ingest", str(folder), "--out", str(out))
    finally:
        holder.kill()
        holder.wait()
    assert refused.returncode == 4
    assert "another ingest is writing to" in " ".join(refused.stderr.split())
    assert not (out / "documents.parquet").exists()
