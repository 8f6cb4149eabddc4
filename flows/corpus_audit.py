"""The corpus-wide audit over an output folder's stored tables (I/O here; the checks are pure functions
in extractors/audit.py)."""

from __future__ import annotations

from pathlib import Path

from extractors.audit import Coverage, audit_corpus, registry_coverage, registry_for
from schemas.base import table_to_records
from schemas.citations import CITATIONS
from schemas.findings import Finding
from storage.store import read_page_texts, read_table


def audit_stored_corpus(out: Path, provinces: dict[str, str | None], registry: Path | None) -> list[Finding]:
    """``audit_corpus`` over every citation stored under ``out`` (reading page text only where needed);
    ``provinces``: doc_id -> province_current; checked against the shipped national registry merged with
    ``registry`` (a user's CSV of known documents, whose entries win)."""
    citations = table_to_records(read_table(out, CITATIONS), CITATIONS)
    texts = read_page_texts(out, {c.doc_id for c in citations if c.issue_date})
    return audit_corpus(citations, texts, registry_for(registry), provinces)


def stored_registry_coverage(out: Path, registry: Path | None) -> Coverage:
    """``registry_coverage`` of every citation stored under ``out`` (shipped registry + ``registry``)."""
    return registry_coverage(table_to_records(read_table(out, CITATIONS), CITATIONS), registry_for(registry))
