"""Prefect flows and tasks: orchestration only; the work is done by functions in extractors/.

Importing Prefect imports jsonschema, which imports ``rfc3987_syntax`` when it is installed (JupyterLab's
``jsonschema[format-nongpl]`` brings it in the analyst extra) and that compiles 38 Lark grammars at import:
measured 1.5-3 s in every process that imports Prefect (the CLI, each worker, each served run). Prefect never
checks the IRI formats those grammars serve, so this package's processes skip it: jsonschema treats a None
module as not installed and drops only the "iri" and "iri-reference" format checks.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
