"""The corpus-wide audit over an output folder's stored tables (I/O here; the checks are pure functions
in extractors/audit.py)."""

from __future__ import annotations

from dataclasses import dataclass
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
    return check_stored_corpus(out, provinces, registry).findings


@dataclass(frozen=True)
class CorpusCheck:
    """The corpus-wide findings (empty when not asked for) and the registry's coverage of the corpus."""

    findings: list[Finding]
    coverage: Coverage


def check_stored_corpus(
    out: Path, provinces: dict[str, str | None], registry: Path | None, findings: bool = True
) -> CorpusCheck:
    """The stored citations read once and the registries merged once: the corpus-wide findings (unless
    ``findings`` is false: they are stored and current) and the registry's coverage."""
    citations = table_to_records(read_table(out, CITATIONS), CITATIONS)
    known = registry_for(registry)
    found = []
    if findings:
        texts = read_page_texts(out, {c.doc_id for c in citations if c.issue_date})
        found = audit_corpus(citations, texts, known, provinces)
    return CorpusCheck(found, registry_coverage(citations, known))
