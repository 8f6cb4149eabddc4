"""Prefect servers through `prefect server start`: a server whose port was taken between choosing it and
binding it exits at once, and is launched again on another port (its error read before it is closed)."""

from __future__ import annotations

import os
import socket

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
