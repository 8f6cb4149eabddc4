"""`cchc audit`: the findings of an ingested corpus, with their documents and quoted evidence.

The findings are read from the findings table. The corpus-wide checks (cross-document date conflicts,
registry mismatches) are computed again over the stored citations only when the tables changed since the
ingest recorded them or another ``--registry`` is given (against the shipped national registry merged
with it).
Nothing is written back to the tables.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cchc.evidence_crops import PageGeometry, crop_data_uri, evidence_box, page_image, read_page_geometry
from extractors.audit import Coverage, corpus_finding_types
from extractors.registry import national_registry, national_registry_version
from flows.corpus_audit import check_stored_corpus
from flows.written import stored_corpus_audit_is_current
from schemas import DOCUMENTS, FINDINGS, Finding, table_to_records
from schemas.layout import Box
from storage.store import read_page_texts, read_table, table_path

SEVERITIES = ("info", "warning", "error")  # increasing
QUOTE_CONTEXT = 160  # characters of page text shown on each side of the highlighted evidence
NO_PROVINCE = "(unknown)"
WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Quote:
    """Page text around the first piece of evidence, with that piece cut out to be highlighted."""

    page: int
    before: str
    highlighted: str
    after: str


@dataclass(frozen=True)
class ReportFinding:
    """One finding with what an auditor needs beside it: its document, province and quoted evidence."""

    finding: Finding
    province: str
    period_year: int | None
    file_name: str | None
    source_path: str | None
    quote: Quote | None
    box: Box | None = None  # where the first piece of evidence stands on its page (points, origin top-left)
    crop: str | None = None  # that part of the page image with the box drawn (JPEG data URI), for the HTML

    @property
    def severity_rank(self) -> int:
        """0 info, 1 warning, 2 error."""
        return severity_rank(self.finding.severity)


@dataclass(frozen=True)
class AuditReport:
    """The findings of one output folder, most severe first."""

    data_dir: str
    documents: int
    registry: str | None
    findings: tuple[ReportFinding, ...]
    coverage: Coverage | None = None  # of the corpus's national citations by the registry used

    @property
    def registry_label(self) -> str:
        """The registries the corpus was checked against."""
        shipped = f"national ({len(national_registry())} documents, {national_registry_version()})"
        return f"{shipped} + {self.registry}" if self.registry else shipped

    @property
    def coverage_line(self) -> str:
        """'registry knows 39 of 69 national citations (27 of 41 numbers)'."""
        c = self.coverage
        if c is None:
            return ""
        return (
            f"registry knows {c.known} of {c.national_citations} national citations "
            f"({c.known_numbers} of {c.national_numbers} numbers)"
        )

    def counts(self, key: Callable[[ReportFinding], str]) -> list[tuple[str, int]]:
        """Finding counts per ``key`` (type, province, severity), largest first."""
        return Counter(key(f) for f in self.findings).most_common()

    def at_or_above(self, severity: str) -> int:
        """How many findings are at least as severe as ``severity``."""
        return sum(f.severity_rank >= severity_rank(severity) for f in self.findings)


def severity_rank(severity: str) -> int:
    """Position of ``severity`` in info < warning < error."""
    return SEVERITIES.index(severity)


def build_report(data: Path, registry: Path | None = None, crops: int = 0) -> AuditReport:
    """Read the tables under ``data``, recompute the corpus-wide checks, attach documents, quotes and the
    evidence boxes; the page images around the first ``crops`` pieces of evidence (most severe first)."""
    if not table_path(data, DOCUMENTS).exists():
        raise FileNotFoundError(f"{data}: no documents table (run `cchc ingest … --out {data}` first)")
    documents = {d["doc_id"]: d for d in read_table(data, DOCUMENTS).to_pylist()}
    current = stored_corpus_audit_is_current(
        data, registry
    )  # the ingest's own corpus audit: read, not redone
    provinces = {doc_id: d["province_current"] for doc_id, d in documents.items()}
    corpus = check_stored_corpus(data, provinces, registry, findings=not current)
    if current:
        findings = table_to_records(read_table(data, FINDINGS), FINDINGS)
    else:
        findings = stored_document_findings(data) + corpus.findings
    on_pages = {f.doc_id for f in findings if f.doc_id and f.page is not None}
    texts = read_page_texts(data, on_pages)
    geometry = read_page_geometry(data, on_pages)
    rows = [report_finding(f, documents.get(f.doc_id or ""), texts, geometry) for f in findings]
    rows.sort(
        key=lambda r: (-r.severity_rank, r.province, r.file_name or "", r.finding.page or 0, r.finding.type)
    )
    rows = with_crops(rows, geometry, crops)
    return AuditReport(
        str(data), len(documents), str(registry) if registry else None, tuple(rows), corpus.coverage
    )


def with_crops(
    rows: list[ReportFinding], geometry: dict[tuple[str, int], PageGeometry], limit: int
) -> list[ReportFinding]:
    """The first ``limit`` rows with a box get the page image around it (each page rendered once); a
    source that moved or cannot be rendered gets none."""
    images: dict[tuple[str, int], Any] = {}
    out, made = [], 0
    for row in rows:
        key = (row.finding.doc_id or "", row.finding.page or 0)
        if made < limit and row.box is not None and row.source_path:
            if key not in images:
                images[key] = _page_image(row.source_path, key[1], geometry[key].rotation)
            if images[key] is not None:
                row = dataclasses.replace(row, crop=crop_data_uri(images[key], row.box))
                made += 1
        out.append(row)
    return out


def _page_image(source: str, page: int, rotation: int) -> Any:
    try:
        return page_image(Path(source), page, rotation)
    except Exception:  # a moved or damaged source: the finding keeps its quote, without an image
        return None


def stored_document_findings(data: Path) -> list[Finding]:
    """The per-document findings of the findings table (corpus-wide ones are recomputed)."""
    corpus_types = corpus_finding_types()
    return [f for f in table_to_records(read_table(data, FINDINGS), FINDINGS) if f.type not in corpus_types]


def report_finding(
    finding: Finding,
    document: dict[str, Any] | None,
    texts: dict[tuple[str, int], str],
    geometry: dict[tuple[str, int], PageGeometry] | None = None,
) -> ReportFinding:
    """A finding with its document's province, year, file, the page text around its evidence and the
    evidence's box on the page."""
    document = document or {}
    key = (finding.doc_id or "", finding.page or 0)
    box = None
    if finding.start is not None and finding.end is not None:
        box = evidence_box((geometry or {}).get(key), finding.start, finding.end)
    return ReportFinding(
        finding,
        document.get("province_current") or NO_PROVINCE,
        document.get("period_year"),
        document.get("file_name"),
        document.get("source_path"),
        quote_evidence(finding, texts.get(key)),
        box,
    )


def quote_evidence(finding: Finding, text: str | None) -> Quote | None:
    """The page text around ``finding``'s first piece of evidence (None when offsets or text are missing)."""
    if text is None or finding.page is None or finding.start is None or finding.end is None:
        return None
    start, end = finding.start, finding.end
    before = ("…" if start > QUOTE_CONTEXT else "") + _collapse(text[max(0, start - QUOTE_CONTEXT) : start])
    after = _collapse(text[end : end + QUOTE_CONTEXT]) + ("…" if end + QUOTE_CONTEXT < len(text) else "")
    return Quote(finding.page, before, _collapse(text[start:end]), after)


def _collapse(text: str) -> str:
    """Runs of whitespace (line breaks of the page) as one space."""
    return WHITESPACE.sub(" ", text)


def report_to_json(report: AuditReport) -> dict[str, object]:
    """The report as one JSON object: totals, counts by severity/type/province, every finding."""
    return {
        "data_dir": report.data_dir,
        "documents": report.documents,
        "registry": report.registry_label,
        "registry_coverage": dataclasses.asdict(report.coverage) if report.coverage else None,
        "findings_total": len(report.findings),
        "by_severity": dict(report.counts(lambda f: f.finding.severity)),
        "by_type": dict(report.counts(lambda f: f.finding.type)),
        "by_province": dict(report.counts(lambda f: f.province)),
        "findings": [_finding_json(f) for f in report.findings],
    }


def _finding_json(row: ReportFinding) -> dict[str, object]:
    finding = {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(row.finding).items()}
    extra = {
        "province_current": row.province,
        "period_year": row.period_year,
        "file_name": row.file_name,
        "source_path": row.source_path,
        "box": dataclasses.asdict(row.box) if row.box else None,
    }
    return {**finding, **extra}
