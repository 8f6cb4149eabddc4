"""What the stored tables were last written from, so re-ingesting an unchanged batch rewrites nothing.

``out/_state/written.json`` records, after every successful write: the code that wrote the tables, the
registry the corpus audit used and the cache key, each table's current version, every document's paths
and every input failure. A batch is unchanged when all its documents come from the cache under the
recorded key, with the recorded paths, its failures are the recorded ones, and the tables are the versions written then (nobody
replaced them since). Any doubt — no state, a killed run, another version of the code — means write.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors.inputs import Identified, InputDocument
from extractors.registry import national_registry_version
from schemas import TABLES
from schemas.failures import FailureRecord
from storage.store import table_path, write_text_atomic

STATE_FILE = Path("_state") / "written.json"


@dataclass(frozen=True)
class BatchInputs:
    """What a write depends on besides the documents: the code version, cache key and registry."""

    code: str
    cache_key: str
    registry: str | None


def batch_inputs(cache_key: str, registry: Path | None) -> BatchInputs:
    """The code signature (every table's schema version) and the registry's digest for this run."""
    code = ";".join(f"{name}={spec.version}" for name, spec in sorted(TABLES.items()))
    return BatchInputs(code, cache_key, registry_digest(registry))


def registry_digest(registry: Path | None) -> str:
    """The registries a corpus audit uses: the shipped one's version, plus the digest of a user's CSV."""
    user = hashlib.sha256(registry.read_bytes()).hexdigest() if registry and registry.is_file() else None
    return f"national:{national_registry_version()}" + (f"+{user}" if user else "")


def stored_corpus_audit_is_current(out: Path, registry: Path | None) -> bool:
    """True when the findings table's corpus findings were computed by the last write of ``out``, against
    these registries, and no table changed since: they can be read instead of computed again."""
    state = read_state(out)
    recorded = state.get("inputs", {}).get("registry")
    return (
        bool(state) and recorded == registry_digest(registry) and state.get("tables") == table_versions(out)
    )


def table_versions(out: Path) -> dict[str, str]:
    """Each stored table's current version: the folder its link points to, or its file's mtime and size."""
    versions = {}
    for spec in TABLES.values():
        path = table_path(out, spec)
        if not path.exists():  # also a link whose version folder is gone
            continue
        if path.is_symlink():
            versions[spec.name] = os.readlink(path)
        else:
            stat = path.stat()
            versions[spec.name] = f"{stat.st_mtime_ns}:{stat.st_size}"
    return versions


def read_state(out: Path) -> dict[str, Any]:
    """The recorded state ({} when there is none or it cannot be read)."""
    try:
        return json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def batch_unchanged(out: Path, identified: Identified, inputs: BatchInputs) -> int | None:
    """The recorded count of corpus findings when writing this batch would change nothing, else None.
    (Call only when every document of the batch came from the cache.)"""
    state = read_state(out)
    if not state or state.get("inputs") != _inputs_json(inputs) or state.get("tables") != table_versions(out):
        return None
    documents, failures = state.get("documents", {}), state.get("failures", {})
    if any(documents.get(d.doc_id) != _document_json(d) for d in identified.documents):
        return None
    if any(failures.get(f.source_path) != _failure_json(f) for f in identified.failures):
        return None
    return int(state.get("corpus_findings", 0))


def record_state(
    out: Path,
    identified: Identified,
    failures: Sequence[FailureRecord],
    inputs: BatchInputs,
    corpus_findings: int,
) -> None:
    """Merge this batch into the recorded state (its paths replace what they held before), atomically."""
    state = read_state(out)
    if state.get("inputs") != _inputs_json(inputs):  # written by other code or under another key
        state = {}
    failed_ids = {f.doc_id for f in failures if f.doc_id}
    paths = {str(p) for d in identified.documents for p in d.paths} | {f.source_path for f in failures}
    documents = {
        doc_id: entry
        for doc_id, entry in state.get("documents", {}).items()
        if not paths.intersection(entry["paths"])
    }
    documents.update(
        {d.doc_id: _document_json(d) for d in identified.documents if d.doc_id not in failed_ids}
    )
    kept = {p: f for p, f in state.get("failures", {}).items() if p not in paths}
    kept.update({f.source_path: _failure_json(f) for f in failures})
    new_state = {
        "inputs": _inputs_json(inputs),
        "tables": table_versions(out),
        "documents": documents,
        "failures": kept,
        "corpus_findings": corpus_findings,
    }
    write_text_atomic(out / STATE_FILE, json.dumps(new_state, ensure_ascii=False))


def forget_state(out: Path) -> None:
    """Drop the record (before tables are rewritten: a run killed mid-write must not look unchanged)."""
    (out / STATE_FILE).unlink(missing_ok=True)


def _inputs_json(inputs: BatchInputs) -> dict[str, Any]:
    return {"code": inputs.code, "cache_key": inputs.cache_key, "registry": inputs.registry}


def _document_json(doc: InputDocument) -> dict[str, Any]:
    return {"paths": [str(p) for p in doc.paths]}


def _failure_json(failure: FailureRecord) -> list[str | None]:
    return [failure.error_type, failure.message, failure.doc_id]
