"""Prefect API servers started and stopped around a block, on a free port on 127.0.0.1:

* ``ephemeral_prefect_server``: what Prefect itself starts when no PREFECT_API_URL is set (uvicorn serving
  Prefect's app, the default PREFECT_HOME), launched without importing Prefect's server package here (that
  import alone costs the calling process ≈ 70 MB: FastAPI, SQLAlchemy, every API route);
* ``standing_prefect_server``: `prefect server start` with its own PREFECT_HOME and SQLite database (the
  tests of `cchc serve`, the benchmark's standing-server runs).
"""

from __future__ import annotations

import importlib.util
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
EPHEMERAL_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}


@contextmanager
def ephemeral_prefect_server(timeout: float = START_TIMEOUT_SECONDS) -> Iterator[str]:
    """Prefect's ephemeral API server (the command Prefect's own SubprocessASGIServer runs) in a child
    process inheriting this environment; yields its API URL, stops it on exit."""
    env = {**os.environ, **EPHEMERAL_ENV}
    exits = []
    for _ in range(START_ATTEMPTS):  # an early exit is a port taken meanwhile: another port
        port = free_port()
        api_url = f"http://127.0.0.1:{port}/api"
        with tempfile.TemporaryFile() as errors:
            server = subprocess.Popen(
                _uvicorn_command(port), env=env, stdout=subprocess.DEVNULL, stderr=errors
            )
            try:
                up = _answers_or_exits(server, api_url, timeout)
                if up and server.poll() is None:
                    yield api_url
                    return
            finally:
                _terminate(server)
            if not up:
                raise TimeoutError(f"the Prefect API server did not answer within {timeout:.0f} s")
            errors.seek(0)
            exits.append(f"exit {server.returncode}: {errors.read().decode(errors='replace')[-1000:]}")
    raise RuntimeError(f"the Prefect API server did not start ({'; '.join(exits)})")


def _answers_or_exits(server: subprocess.Popen, api_url: str, timeout: float) -> bool:
    """Wait until the server answers its health check or exits; False if it does neither in time."""
    return wait_until(lambda: healthy(api_url) or server.poll() is not None, timeout, "", every=0.1)


def _uvicorn_command(port: int) -> list[str]:
    spec = importlib.util.find_spec("prefect")
    if spec is None or spec.origin is None:
        raise RuntimeError("prefect is not installed")
    app_dir = str(Path(spec.origin).parent.parent)
    return [sys.executable, "-m", "uvicorn", "--app-dir", app_dir, "--factory",
            "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "error", "--lifespan", "on"]  # fmt: skip


@contextmanager
def standing_prefect_server(home: Path) -> Iterator[dict[str, str]]:
    """Start `prefect server start` with its state in ``home``; yields the environment for its clients
    (PREFECT_API_URL set), stops the server on exit."""
    port = free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_UI_ENABLED": "false",
        "OMP_THREAD_LIMIT": "1",
    }
    prefect = Path(sys.executable).with_name("prefect")
    server = subprocess.Popen(
        [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        wait_until(
            lambda: healthy(env["PREFECT_API_URL"]), START_TIMEOUT_SECONDS, "prefect server did not start"
        )
        yield env
    finally:
        stop(server)


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
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
