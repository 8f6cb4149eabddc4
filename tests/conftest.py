"""Shared fixtures: paths to ../shared, fonts, and builders of small test PDFs and page images."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

from flows.prefect_server import ServerProcess, server_command

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
REAL = SHARED / "real"
SAMPLE = ROOT / "data" / "raw" / "sample"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SERIF = FONT_DIR / "DejaVuSerif.ttf"

# OCR tests run tesseract single-threaded, like the pipeline's workers.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

_session_server: ServerProcess | None = None


def pytest_configure(config: pytest.Config) -> None:
    """One Prefect server for the whole test session (its own PREFECT_HOME), launched before any test module
    imports Prefect: every in-process flow and every CLI subprocess reports to it through PREFECT_API_URL
    instead of booting a server of its own (≈3 s each). It is not waited for here: it boots (≈13 s, most of
    it creating its database) while the xdist workers start and collect, and the first run that needs it
    waits for it (``flows.prefect_env.wait_for_local_api``). A PREFECT_API_URL already set is used as it is."""
    global _session_server
    if os.environ.get("PREFECT_API_URL") or _session_server is not None:
        return
    home = Path(tempfile.mkdtemp(prefix="cchc-test-prefect-"))
    _session_server = ServerProcess(
        {**os.environ, "PREFECT_HOME": str(home), "OMP_THREAD_LIMIT": "1"}, server_command, True
    )
    os.environ.update({"PREFECT_HOME": str(home), "PREFECT_API_URL": _session_server.env["PREFECT_API_URL"]})


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the session's Prefect server and remove its home."""
    global _session_server
    if _session_server is not None:
        _session_server.stop()
        shutil.rmtree(os.environ["PREFECT_HOME"], ignore_errors=True)
        _session_server = None


MODULE_SECONDS = Path(__file__).with_name("module_seconds.json")  # each test module's measured seconds
_measured: dict[str, float] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--record-module-seconds", action="store_true",
        help=f"write each test module's seconds (setup + call + teardown) to {MODULE_SECONDS.name}",
    )  # fmt: skip


def recorded_module_seconds() -> dict[str, float]:
    """Each test module's seconds as last recorded ({} when the file is missing or unreadable)."""
    try:
        return json.loads(MODULE_SECONDS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest modules first (as last measured, see --record-module-seconds): xdist hands modules out in
    this order (addopts: --no-loadscope-reorder), so the two workers end close together instead of one
    finishing a long module alone. Modules not measured yet go last; tests keep their order in a module."""
    seconds = recorded_module_seconds()
    items.sort(key=lambda item: -seconds.get(item.nodeid.split("::")[0], 0.0))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if not os.environ.get("PYTEST_XDIST_WORKER"):  # the controller (or a run without xdist) sees them all
        module = report.nodeid.split("::")[0]
        _measured[module] = _measured.get(module, 0.0) + report.duration


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if session.config.getoption("--record-module-seconds") and not os.environ.get("PYTEST_XDIST_WORKER"):
        measured = {
            **recorded_module_seconds(),
            **{m: round(s, 1) for m, s in _measured.items()},
        }  # a partial
        ordered = dict(
            sorted(measured.items(), key=lambda kv: -kv[1])
        )  # run keeps the other modules' seconds
        MODULE_SECONDS.write_text(json.dumps(ordered, indent=1) + "\n", encoding="utf-8")


def seed_files() -> list[Path]:
    """The five real reports as text (the reference every extractor is built against)."""
    files = sorted(SEEDS.glob("*.txt"))
    assert files, f"no seeds in {SEEDS}: tests expect ../shared beside the project"
    return files


def real_pdfs() -> list[Path]:
    """The eleven real PDFs of ../shared/real."""
    files = sorted(REAL.glob("*.pdf"))
    assert files, f"no real PDFs in {REAL}"
    return files


@pytest.fixture(scope="session")
def serif_font() -> Path:
    """A TTF with Vietnamese glyphs (fonts-dejavu-core, installed by scripts/setup.sh)."""
    assert SERIF.exists(), f"{SERIF} missing: run scripts/setup.sh"
    return SERIF


DIGITAL_SAMPLE = (
    "laichau_syt_bc_6thang_2023.pdf", "hoabinh_syt_kh_2024.pdf", "quangninh_snv_bc_2023.pdf",
    "hagiang_stp_bc_quy3_2024.pdf", "laichau_ubnd_bc_quy2_2024.pdf", "sonla_snv_bc_2024.pdf",
    "hagiang_syt_bc_quy1_2025.pdf", "backan_syt_bc_6thang_2023.txt",
)  # fmt: skip


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """A folder that ``build`` fills once per test session and every xdist worker shares: the first worker
    to ask builds it while the others wait on a lock (pytest-xdist's documented pattern), so an expensive
    ingest is not paid once per worker."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the base temp the workers share
    folder = root / name
    with FileLock(str(root / f"{name}.lock")):
        if not (folder / BUILT).exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder / BUILT).touch()
    return folder


BUILT = ".built"


def ingest_analyst_corpus(folder: Path) -> None:
    batch = folder / "batch"
    batch.mkdir()
    for path in [*seed_files(), *(SAMPLE / name for name in DIGITAL_SAMPLE)]:
        shutil.copy(path, batch / path.name)
    command = [sys.executable, "-m", "cchc.cli", "ingest", str(batch), "--out", str(folder / "out")]
    done = subprocess.run(
        [*command, "--runner", "thread"], capture_output=True, text=True, cwd=ROOT, timeout=900
    )
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.fixture(scope="session")
def analyst_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder of a real `cchc ingest` of the seeds and the sample's documents that need no OCR
    (13 documents, several provinces): what the analyst and auditor commands are tested on."""
    return built_once(tmp_path_factory, "analyst_corpus", ingest_analyst_corpus) / "out"


README = ROOT / "README.md"
VENV_BIN = ".venv/bin/"


def readme_commands(section: str) -> list[str]:
    """The command lines of the first ```bash block under the README's ``## section`` (comments dropped)."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"## {section}\n")
    block = text[text.index("```bash\n", start) + len("```bash\n") :]
    lines = block[: block.index("```")].splitlines()
    return [line.split("  #")[0].strip() for line in lines if line.strip() and not line.startswith("#")]


def run_readme_command(line: str, cwd: Path, timeout: float = 1800) -> subprocess.CompletedProcess[str]:
    """Run one README command line as written in ``cwd`` (its .venv/bin/ is this interpreter's bin folder)."""
    command = line.replace(VENV_BIN, f"{Path(sys.executable).parent}/")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env
    )


RESULTS = "readme_results.json"


def run_analyst_commands(workspace: Path) -> None:
    """The README's "For analysts" commands run as written, in order, in ``workspace`` laid out like a fresh
    clone (pyproject.toml, data/raw/sample, notebooks/); what each printed is kept in RESULTS."""
    shutil.copy(ROOT / "pyproject.toml", workspace / "pyproject.toml")
    shutil.copytree(SAMPLE, workspace / "data" / "raw" / "sample")
    shutil.copytree(
        ROOT / "notebooks", workspace / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    results = []
    for line in readme_commands("For analysts"):
        done = run_readme_command(line, workspace)
        results.append(
            {"line": line, "returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr}
        )
    (workspace / RESULTS).write_text(json.dumps(results), encoding="utf-8")


@pytest.fixture(scope="session")
def analyst_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The README's "For analysts" commands run as written (ingest the sample, query it, run the notebook),
    once per session: (line, completed process) per command, the workspace and its output folder."""
    workspace = built_once(tmp_path_factory, "clone", run_analyst_commands)
    results = [
        (r["line"], subprocess.CompletedProcess(r["line"], r["returncode"], r["stdout"], r["stderr"]))
        for r in json.loads((workspace / RESULTS).read_text(encoding="utf-8"))
    ]
    return {"workspace": workspace, "out": workspace / "data" / "parquet", "results": results}
