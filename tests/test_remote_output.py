"""Output to fsspec URLs: local paths and file:// used as folders; other filesystems published via a manifest.

The remote runs use fsspec's in-memory filesystem (a real fsspec implementation, in this process), so the
whole path — build locally, upload the versions, write the manifest last, read back with DuckDB — runs
as it would against s3:// or gs://.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import fsspec
import pytest

from cchc.dataset import open_dataset
from schemas import TABLES
from storage.remote import MANIFEST, OutputTarget, default_work_folder, is_remote, resolve_output
from tests.ingest_helpers import IN_PROCESS, copy_sample, ingest_in_process, run_cli

DIGITAL = ("hagiang_stp_bc_quy3_2024.pdf", "laichau_syt_bc_6thang_2023.pdf", "backan_syt_bc_6thang_2023.txt")

OUTPUTS = [
    ("data/parquet", False),
    ("/srv/cchc/parquet", False),
    ("file:///srv/cchc/parquet", False),
    ("s3://bucket/cchc", True),
    ("gs://bucket/cchc/2025", True),
    ("memory://cchc/out", True),
]


@pytest.mark.parametrize(("out", "remote"), OUTPUTS)
def test_which_outputs_are_remote(out: str, remote: bool) -> None:
    assert is_remote(out) is remote


def test_local_outputs_are_their_own_working_folder() -> None:
    assert resolve_output("file:///srv/cchc/parquet") == OutputTarget(Path("/srv/cchc/parquet"))
    assert resolve_output(Path("data/parquet")) == OutputTarget(Path("data/parquet"))


def test_remote_output_builds_in_a_working_folder(tmp_path: Path) -> None:
    assert resolve_output("memory://b/x", tmp_path) == OutputTarget(tmp_path, "memory://b/x")
    default = resolve_output("memory://b/x").local
    assert default == default_work_folder("memory://b/x") and default != default_work_folder("memory://b/y")


@pytest.fixture()
def memory_url(request: pytest.FixtureRequest) -> Iterator[str]:
    url = f"memory://cchc-tests/{request.node.name}"
    yield url
    memory, root = fsspec.filesystem("memory"), url.removeprefix("memory://")
    if memory.exists(root):
        memory.rm(root, recursive=True)


def manifest_of(url: str) -> dict:
    return json.loads(fsspec.filesystem("memory").cat_file(f"{url.removeprefix('memory://')}/{MANIFEST}"))


def rows(con, table: str) -> list[tuple]:
    return con.sql(f"SELECT * EXCLUDE (ingested_at) FROM {table} ORDER BY ALL").fetchall()


def test_published_tables_equal_the_local_ones(tmp_path: Path, memory_url: str) -> None:
    batch = copy_sample(tmp_path / "batch", DIGITAL)
    summary = ingest_in_process([batch], memory_url, workers=1, work=tmp_path / "work")
    assert summary.out == memory_url and summary.documents_ok == len(DIGITAL)
    assert set(manifest_of(memory_url)["tables"]) == set(TABLES)
    published, local = open_dataset(memory_url), open_dataset(tmp_path / "work")
    assert rows(published, "documents") == rows(local, "documents") and len(rows(local, "documents")) == 3
    for table in ("pages", "citations", "facts", "findings", "failures"):
        count = f"SELECT count(*) FROM {table}"
        assert published.sql(count).fetchall() == local.sql(count).fetchall(), table


def published_versions(url: str) -> set[str]:
    stored = fsspec.filesystem("memory").ls(f"{url.removeprefix('memory://')}/_tables", detail=False)
    return {f"_tables/{p.rsplit('/', 1)[-1]}" for p in stored}


def test_republishing_sends_only_what_changed_and_drops_stale_versions(
    tmp_path: Path, memory_url: str
) -> None:
    batch, work = copy_sample(tmp_path / "batch", DIGITAL[:2]), tmp_path / "work"
    ingest_in_process([batch], memory_url, workers=1, work=work)
    first = manifest_of(memory_url)["tables"]
    ingest_in_process([batch], memory_url, workers=1, work=work)
    assert manifest_of(memory_url)["tables"] == first  # unchanged inputs: the same versions, nothing re-sent
    copy_sample(batch, DIGITAL[2:])
    ingest_in_process([batch], memory_url, workers=1, work=work)
    second = manifest_of(memory_url)["tables"]
    assert second["documents"] != first["documents"]
    assert open_dataset(memory_url).sql("SELECT count(*) FROM documents").fetchall() == [(3,)]
    copy_sample(batch, ["hagiang_syt_bc_quy1_2025.pdf"])
    ingest_in_process([batch], memory_url, workers=1, work=work)
    third = manifest_of(memory_url)["tables"]
    # the current and the previous publication stay readable; the first one's own versions are gone
    assert published_versions(memory_url) == {e["path"] for e in [*second.values(), *third.values()]}
    assert first["documents"]["path"] not in published_versions(memory_url)


def test_cli_takes_a_file_url_as_a_plain_folder(tmp_path: Path) -> None:
    batch = copy_sample(tmp_path / "batch", DIGITAL[:1])
    url = (tmp_path / "out").as_uri()
    done = run_cli("ingest", str(batch), "--out", url, "--workers", "1", *IN_PROCESS)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "out" / "documents.parquet").is_dir()
    query = run_cli("sql", "SELECT count(*) AS n FROM documents", "--data", url)
    assert query.returncode == 0 and "1" in query.stdout


def test_nothing_published_is_a_clear_error(memory_url: str) -> None:
    with pytest.raises(FileNotFoundError, match="nothing published"):
        open_dataset(memory_url)


@pytest.mark.parametrize("url", ["nosuchfs://bucket/cchc", "s3://bucket/cchc"])
def test_an_unusable_url_is_refused_before_any_work(url: str, tmp_path: Path) -> None:
    """Refused up front (unknown protocol; s3fs not installed here), not after the batch is read."""
    try:
        fsspec.filesystem(fsspec.utils.get_protocol(url))
    except (ImportError, ValueError):
        pass
    else:
        pytest.skip(f"{url}: its filesystem is installed here")
    done = run_cli("ingest", str(tmp_path), "--out", url, "--work", str(tmp_path / "work"), *IN_PROCESS)
    assert done.returncode == 2 and "cannot write to" in done.stderr
    assert not (tmp_path / "work").exists()
