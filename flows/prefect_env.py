"""Prefect settings for offline, server-less runs; import this module before importing prefect."""

from __future__ import annotations

import os

OFFLINE_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",  # no telemetry calls on a machine without internet
    "PREFECT_SERVER_UI_ENABLED": "false",  # the ephemeral server serves no UI
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_LOGGING_LEVEL": "WARNING",  # the CLI shows its own progress; --verbose turns logs on
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
}


def configure_prefect(verbose: bool = False) -> None:
    """Set offline defaults (a user's own environment wins) before prefect is imported."""
    for name, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(name, value)
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
