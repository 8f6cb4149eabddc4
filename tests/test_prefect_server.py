"""Prefect servers through `prefect server start`: a server whose port was taken between choosing it and
binding it exits at once, and is launched again on another port (its error read before it is closed)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from flows import prefect_server
from flows.prefect_server import ServerProcess, healthy


def test_a_server_that_exits_at_once_is_relaunched_on_another_port(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        ports = iter([port, prefect_server.free_port()])
        monkeypatch.setattr(prefect_server, "free_port", lambda: next(ports))
        server = ServerProcess(dict(os.environ), ("--no-services",), new_session=False)
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
