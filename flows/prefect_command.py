"""``python -m flows.prefect_command ARGS``: Prefect's own command line (``python -m prefect ARGS``, its
public entry point) in a process that has imported ``flows`` first, so the Prefect server it starts skips
the grammar build described in ``flows/__init__.py`` (≈ 1 s of the server's start-up)."""

import runpy

runpy.run_module("prefect", run_name="__main__", alter_sys=True)
