"""Prefect API servers started and stopped around a block, on a free port of 127.0.0.1, through Prefect's
public entry points (no private ``PREFECT__*`` switches):

* ``ServerProcess(env, api_command, new_session=False)``: API only (no UI, no background services, no
  analytics), Prefect's default PREFECT_HOME: what a run needs when no PREFECT_API_URL is configured
  (``flows.prefect_env.shared_prefect_api``); the app of Prefect's ``create_app`` run by uvicorn
  (``flows.prefect_api``: what `prefect server start --no-services` serves, without its command line);
* ``standing_prefect_server``: Prefect's command `prefect server start`, with its services and its own
  PREFECT_HOME and SQLite database (the tests of `cchc serve`, the benchmark's standing-server runs, a test
  session's server).

Either runs the server in one process (uvicorn), so stopping that process stops the server.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

START_TIMEOUT_SECONDS = 90
START_ATTEMPTS = 3  # a port taken between choosing it and binding it: try another
SERVER_COMMAND = ("server", "start")
API_MODULE = "flows.prefect_api"
SERVER_MARKERS = (" ".join(SERVER_COMMAND), API_MODULE)  # how a server process is told in a process tree
OFFLINE_SERVER_ENV = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_SERVER_UI_ENABLED": "false"}


@contextmanager
def standing_prefect_server(home: Path, timeout: float = START_TIMEOUT_SECONDS) -> Iterator[dict[str, str]]:
    """A Prefect server with its services and its state in ``home``, in a session of its own; yields the
    environment for its clients (PREFECT_HOME and PREFECT_API_URL set), stops the server on exit."""
    base = {**os.environ, "PREFECT_HOME": str(home), "OMP_THREAD_LIMIT": "1"}
    server = ServerProcess(base, server_command, new_session=True)
    try:
        yield server.wait(timeout)
    finally:
        server.stop()


class ServerProcess:
    """``command(port)`` (``server_command`` or ``api_command``) on a free port, launched at once; ``wait``
    returns the clients' environment once it answers (so a caller can do other work while it starts). An
    early exit is a port taken meanwhile: it is launched again on another port, up to START_ATTEMPTS times."""

    def __init__(
        self, base_env: dict[str, str], command: Callable[[int], list[str]], new_session: bool
    ) -> None:
        self.base_env, self.command, self.new_session = base_env, command, new_session
        self.exits: list[str] = []
        self._launch()

    def _launch(self) -> None:
        port = free_port()
        self.env = {**self.base_env, **OFFLINE_SERVER_ENV, "PREFECT_API_URL": f"http://127.0.0.1:{port}/api"}
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115  (the server's stderr, read if it exits early)
        self.proc = subprocess.Popen(
            self.command(port), env=self.env, stdout=subprocess.DEVNULL, stderr=self.errors,
            start_new_session=self.new_session,
        )  # fmt: skip

    def wait(self, timeout: float = START_TIMEOUT_SECONDS) -> dict[str, str]:
        """The clients' environment (PREFECT_API_URL set) once the server answers its health check."""
        while True:
            up = _answers_or_exits(self.proc, self.env["PREFECT_API_URL"], timeout)
            if up and self.proc.poll() is None:
                return self.env
            if not up:
                self.stop()
                raise TimeoutError(f"the Prefect API server did not answer within {timeout:.0f} s")
            self.errors.seek(0)  # it exited: why, before its stderr file is closed
            self.exits.append(
                f"exit {self.proc.returncode}: {self.errors.read().decode(errors='replace')[-1000:]}"
            )
            self.stop()
            if len(self.exits) >= START_ATTEMPTS:
                raise RuntimeError(f"the Prefect API server did not start ({'; '.join(self.exits)})")
            self._launch()

    def stop(self) -> None:
        """Stop the server (its process group when it has a session of its own)."""
        if self.new_session:
            stop(self.proc)
        else:
            _terminate(self.proc)
        self.errors.close()


def server_command(port: int) -> list[str]:
    """The `prefect server start` command line of this interpreter's Prefect, serving the API on ``port``
    with its services (run through ``flows.prefect_command``: Prefect's CLI, without its import's grammar
    build)."""
    return [sys.executable, "-m", "flows.prefect_command", *SERVER_COMMAND, "--host", "127.0.0.1", "--port", str(port),
            "--no-ui", "--analytics-off", "--log-level", "ERROR"]  # fmt: skip


def api_command(port: int) -> list[str]:
    """The command line serving Prefect's REST API alone on ``port`` (``flows.prefect_api``)."""
    return [
        sys.executable,
        "-m",
        API_MODULE,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "error",
    ]


def _answers_or_exits(server: subprocess.Popen, api_url: str, timeout: float) -> bool:
    """Wait until the server answers its health check or exits; False if it does neither in time."""
    return wait_until(lambda: healthy(api_url) or server.poll() is not None, timeout, "", every=0.02)


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check: Callable[[], bool], timeout: float, what: str, every: float = 0.5) -> bool:
    """Poll ``check`` every ``every`` seconds until it holds (True); after ``timeout`` seconds,
    TimeoutError(what), or False when ``what`` is empty."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    if what:
        raise TimeoutError(what)
    return False


def healthy(api_url: str) -> bool:
    """True when the API at ``api_url`` answers its health check."""
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _terminate(proc: subprocess.Popen) -> None:
    """SIGTERM ``proc`` (if still running), SIGKILL after 5 s."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM the server's process group, SIGKILL after 20 s."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
