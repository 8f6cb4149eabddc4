"""Prefect settings for offline, server-less runs; import this module before importing prefect."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

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


@contextmanager
def shared_prefect_api() -> Iterator[str]:
    """One Prefect API for this process and every worker it spawns, while the context is open.

    Without a PREFECT_API_URL, Prefect starts an ephemeral server on first use — in each process: every
    worker of a process pool (or Dask) would boot its own server (≈5 s and ≈230 MB each). Here the
    ephemeral server is started once, here, and its URL is put in the environment the workers inherit.
    A configured PREFECT_API_URL (a real server, `cchc serve`) is used as it is."""
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    configured = PREFECT_API_URL.value()
    if configured:
        yield configured
        return
    server = SubprocessASGIServer()  # one per process: Prefect's own singleton, stopped at exit
    server.start()
    previous = os.environ.get(API_URL_VARIABLE)
    os.environ[API_URL_VARIABLE] = server.api_url
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield server.api_url
    finally:
        if previous is None:
            os.environ.pop(API_URL_VARIABLE, None)
        else:
            os.environ[API_URL_VARIABLE] = previous
