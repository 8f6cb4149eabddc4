"""Prefect settings for offline, server-less runs; import this module before importing prefect."""

from __future__ import annotations

import atexit
import contextlib
import os

from flows.prefect_server import ephemeral_prefect_server

OFFLINE_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",  # no telemetry calls on a machine without internet
    "PREFECT_SERVER_UI_ENABLED": "false",  # the ephemeral server serves no UI
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_LOGGING_LEVEL": "WARNING",  # the CLI shows its own progress; --verbose turns logs on
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
}
API_URL_VARIABLE = "PREFECT_API_URL"


def configure_prefect(verbose: bool = False) -> None:
    """Set offline defaults (a user's own environment wins) before prefect is imported."""
    for name, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(name, value)
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"


def shared_prefect_api() -> str:
    """The Prefect API of this process and of every worker it spawns: PREFECT_API_URL if configured (a
    real server, `cchc serve`), else an ephemeral server started here once and kept until the process
    exits (what Prefect's own ephemeral mode does, but shared).

    Without it, Prefect starts an ephemeral server on first use in each process, and in each thread that
    lacks the caller's settings: every worker of a process pool (or Dask) would boot its own server (≈5 s
    and ≈230 MB each), and so would the task runner's message-forwarding thread. Here the server's URL
    goes into the environment the workers inherit and into Prefect's process-wide settings."""
    from prefect.context import refresh_global_settings_context
    from prefect.settings import PREFECT_API_URL

    configured = os.environ.get(API_URL_VARIABLE) or PREFECT_API_URL.value()
    if configured:
        return configured
    server = contextlib.ExitStack()
    api_url = server.enter_context(ephemeral_prefect_server())
    atexit.register(server.close)  # runs after Prefect's exit handlers (registered later) have drained
    os.environ[API_URL_VARIABLE] = api_url
    refresh_global_settings_context()  # threads without a settings context of their own see it too
    return api_url
