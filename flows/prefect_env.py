"""Prefect settings for offline, server-less runs; import this module before importing prefect."""

from __future__ import annotations

import atexit
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from flows.prefect_server import START_TIMEOUT_SECONDS, ServerProcess, api_command, healthy, wait_until

OFFLINE_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",  # no telemetry calls on a machine without internet
    "PREFECT_SERVER_UI_ENABLED": "false",  # the ephemeral server serves no UI
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_LOGGING_LEVEL": "WARNING",  # the CLI shows its own progress; --verbose turns logs on
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
}
# The server a CLI run starts for itself registers no block types at start (the flow uses none: results are
# not persisted): that start imports every installed Prefect collection (prefect-dask pulls in Dask):
# 0.4-0.6 s of the 3.5-4 s its boot takes, which a batch waits for. A user's own setting wins.
EPHEMERAL_SERVER_DEFAULTS = {
    "PREFECT_SERVER_REGISTER_BLOCKS_ON_START": "false",
    "PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
}
API_URL_VARIABLE = "PREFECT_API_URL"
# The server this process started runs this installation's Prefect: its clients (here and in the workers,
# which inherit the environment) need not ask it its version before their first call.
OWN_SERVER_VERSION_CHECK = ("PREFECT_CLIENT_SERVER_VERSION_CHECK_ENABLED", "false")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def configure_prefect(verbose: bool = False) -> None:
    """Set offline defaults (a user's own environment wins) before prefect is imported."""
    for name, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(name, value)
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"


_early: ServerProcess | None = None


def start_prefect_api_early() -> None:
    """Launch this process's Prefect server now, without waiting for it, when none is configured: it boots
    (≈ 3 s) while the caller imports the pipeline; ``shared_prefect_api`` then waits for it."""
    global _early
    if _early is None and not _configured_api_url():
        _early = ServerProcess({**EPHEMERAL_SERVER_DEFAULTS, **os.environ}, api_command, new_session=False)
        atexit.register(_early.stop)


def shared_prefect_api() -> str:
    """The Prefect API of this process and of every worker it spawns: PREFECT_API_URL if configured (a
    real server, `cchc serve`), else an ephemeral server started here once (or launched early by
    ``start_prefect_api_early``) and kept until the process exits (what Prefect's own ephemeral mode
    does, but shared).

    Without it, Prefect starts an ephemeral server on first use in each process, and in each thread that
    lacks the caller's settings: every worker of a process pool (or Dask) would boot its own server (≈5 s
    and ≈230 MB each), and so would the task runner's message-forwarding thread. Here the server's URL
    goes into the environment the workers inherit and into Prefect's process-wide settings."""
    from prefect.context import refresh_global_settings_context

    configured = _configured_api_url()
    if configured:
        wait_for_local_api()
        return configured
    start_prefect_api_early()
    assert _early is not None
    api_url = _early.wait()["PREFECT_API_URL"]
    os.environ[API_URL_VARIABLE] = api_url
    os.environ.setdefault(*OWN_SERVER_VERSION_CHECK)
    refresh_global_settings_context()  # threads without a settings context of their own see it too
    return api_url


@contextmanager
def own_server_run() -> Iterator[None]:
    """Around a flow run that reports to the server this process started, which no one else watches and
    which stops with the process: no flow-run heartbeats (Prefect sends them from a thread it joins at the
    end of every flow run, asleep in 1-s steps: ≈ 0.5-1 s a run, measured 0.9 s). A configured server
    (PREFECT_API_URL, `cchc serve`) keeps them: it can mark a run whose heartbeats stop as crashed."""
    if _early is None or os.environ.get(API_URL_VARIABLE) != _early.env["PREFECT_API_URL"]:
        yield
        return
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def wait_for_local_api(timeout: float = START_TIMEOUT_SECONDS) -> None:
    """When PREFECT_API_URL names a server on this machine that does not answer yet (one still starting: a
    test session's, one a service manager launched beside `cchc serve`), wait up to ``timeout`` seconds for
    its health check. A remote API is not waited for: Prefect reports its own errors."""
    url = _configured_api_url()
    if url and urlsplit(url).hostname in LOCAL_HOSTS and not healthy(url):
        wait_until(
            lambda: healthy(url), timeout, f"the Prefect API at {url} did not answer in {timeout:.0f} s"
        )


def _configured_api_url() -> str | None:
    """PREFECT_API_URL from the environment, or from Prefect's settings once Prefect is imported (a
    profile may set it); never imports Prefect itself."""
    if os.environ.get(API_URL_VARIABLE):
        return os.environ[API_URL_VARIABLE]
    if "prefect.settings" not in sys.modules:
        return None
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()
