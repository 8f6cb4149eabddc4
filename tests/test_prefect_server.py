"""Prefect servers (Prefect's API app, or `prefect server start`): a server whose port was taken between choosing it and
binding it exits at once, and is launched again on another port (its error read before it is closed)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from flows import prefect_server
from flows.prefect_server import ServerProcess, api_command, healthy


def test_a_server_that_exits_at_once_is_relaunched_on_another_port(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        ports = iter([port, prefect_server.free_port()])
        monkeypatch.setattr(prefect_server, "free_port", lambda: next(ports))
        server = ServerProcess(dict(os.environ), api_command, new_session=False)
        try:
            env = server.wait()
            assert healthy(env["PREFECT_API_URL"]) and f":{port}/" not in env["PREFECT_API_URL"]
            assert len(server.exits) == 1 and server.exits[0].startswith("exit ")
        finally:
            server.stop()
    assert server.proc.poll() is not None


@pytest.mark.parametrize(
    ("process", "command"),
    [
        ("the server (Prefect's own CLI)", ["-m", "flows.prefect_command", "version"]),
        ("a worker (its main module, the CLI, first)", ["-c", "import cchc.cli, prefect.task_runners"]),
    ],
)
def test_processes_that_import_prefect_skip_the_iri_grammar_build(process: str, command: list[str]) -> None:
    """jsonschema builds rfc3987_syntax's Lark grammars at import when JupyterLab's extras installed it
    (≈ 1 s a process, see flows/__init__.py): the server and the workers import ``flows`` before Prefect."""
    done = subprocess.run([sys.executable, "-X", "importtime", *command], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-1000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "prefect" in imported  # Prefect was imported ...
    assert not {"rfc3987_syntax.syntax_helpers", "lark"} & imported  # ... and the grammars were not built


@pytest.mark.parametrize(
    ("whose", "heartbeat"),
    [("the server this process started", None), ("a configured server (cchc serve, PREFECT_API_URL)", 180)],
)
def test_flow_runs_send_heartbeats_only_to_a_server_someone_watches(
    whose: str, heartbeat: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Prefect joins its heartbeat thread at the end of every flow run (≈ 1 s): not worth it for the
    server the CLI started for its own run, which stops with it."""
    from types import SimpleNamespace

    from prefect.settings import get_current_settings

    from flows import prefect_env

    url = "http://127.0.0.1:4999/api"
    own = whose.startswith("the server this process")
    monkeypatch.setattr(prefect_env, "_early", SimpleNamespace(env={"PREFECT_API_URL": url}) if own else None)
    monkeypatch.setenv("PREFECT_API_URL", url)
    with prefect_env.own_server_run():
        assert get_current_settings().flows.heartbeat_frequency == heartbeat


@pytest.mark.parametrize(
    ("user_setting", "registers"), [(None, "false"), ("true", "true")], ids=["default", "user's own"]
)
def test_the_clis_own_server_registers_no_block_types_unless_the_user_says(
    user_setting: str | None, registers: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Registering block types at start imports every Prefect collection (Dask with prefect-dask): 0.4-0.6 s
    of the boot a batch waits for. The server a CLI run starts for itself skips it; a user's setting wins."""
    from flows import prefect_env

    monkeypatch.setattr(prefect_env, "_configured_api_url", lambda: None)  # no server configured
    monkeypatch.setattr(prefect_env, "_early", None)
    if user_setting is None:
        monkeypatch.delenv("PREFECT_SERVER_REGISTER_BLOCKS_ON_START", raising=False)
    else:
        monkeypatch.setenv("PREFECT_SERVER_REGISTER_BLOCKS_ON_START", user_setting)
    prefect_env.start_prefect_api_early()
    server = prefect_env._early
    assert server is not None
    server.stop()
    environ = server.env  # what the server process was launched with (its /proc environ races its exec)
    assert environ["PREFECT_SERVER_REGISTER_BLOCKS_ON_START"] == registers
    assert environ["PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION"] == "false"


def test_the_cli_module_leaves_the_extractors_to_the_commands_that_use_them() -> None:
    """`cchc ingest` launches its Prefect server (the batch's critical path) before the extractors load."""
    probe = "import sys, cchc.cli; print(sorted(m for m in sys.modules if m.startswith('extractors.')))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = set(eval(done.stdout))
    assert not {"extractors.document", "extractors.ocr", "extractors.pages"} & loaded


CLI_EXITS = [
    ("normal end", "print('out', end='')", 0, "out", ""),
    ("exit code kept", "print('x', end='')", 3, "x", ""),
    ("message as code", "pass", "'cchc: bad'", "", "cchc: bad\n"),
]


@pytest.mark.parametrize(
    ("case", "body", "code", "stdout", "stderr"), CLI_EXITS, ids=[c[0] for c in CLI_EXITS]
)
def test_the_cli_exits_without_teardown_but_after_its_exit_hooks(
    case: str, body: str, code: object, stdout: str, stderr: str
) -> None:
    """``exit_now``: atexit hooks run (the Prefect server is stopped there) and buffered output is flushed
    before the process ends; the exit status is SystemExit's (a message: printed, status 1)."""
    script = (
        "import atexit, sys\nfrom cchc.cli import exit_now\n"
        "atexit.register(lambda: sys.stdout.write('|hook'))\n"
        f"{body}\nexit_now({code})\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (
        code if isinstance(code, int) else 1,
        f"{stdout}|hook",
        stderr,
    )


def test_the_cli_waits_for_a_live_thread_as_a_normal_exit_does() -> None:
    script = (
        "import threading, time, sys\nfrom cchc.cli import exit_now\n"
        "threading.Thread(target=lambda: (time.sleep(0.3), print('thread done', flush=True))).start()\n"
        "exit_now(0)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "thread done\n")


def test_the_modules_a_run_imports_on_first_use_exist() -> None:
    """``FIRST_USE_IMPORTS`` are imported while the CLI's server boots: a name a Prefect or pyarrow upgrade
    removed fails here, not in every `cchc ingest`."""
    import importlib

    from flows.ingest import FIRST_USE_IMPORTS

    for module in FIRST_USE_IMPORTS:
        importlib.import_module(module)
