"""``python -m flows.prefect_api --port PORT``: Prefect's REST API alone (no UI, no background services), as
``prefect server start --no-services`` serves it: the app of Prefect's public factory
``prefect.server.api.server.create_app(webserver_only=True, final=True)`` run by uvicorn.

`prefect server start` imports Prefect's whole command line first (every command's module: ≈ 0.5 s of the
≈ 3.5 s a server takes to answer, on the critical path of every `cchc ingest` that starts its own server).
Settings come from the environment as for any Prefect process (PREFECT_SERVER_UI_ENABLED,
PREFECT_SERVER_ANALYTICS_ENABLED, the database URL, …). ``flows`` is imported first: see flows/__init__.py.
"""

from __future__ import annotations

import argparse

import flows  # noqa: F401  (skips a grammar build Prefect's import would pay: see flows/__init__.py)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log-level", default="error")
    args = parser.parse_args(argv)
    import uvicorn
    from prefect.server.api.server import create_app

    app = create_app(webserver_only=True, final=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)


if __name__ == "__main__":
    main()
