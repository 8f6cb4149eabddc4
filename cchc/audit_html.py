"""One self-contained HTML file for an audit report: inline CSS and JS, no network, works offline.

The template, style sheet and script are files in ``cchc/templates/``; rows are rendered on the server
side, so the report reads without JavaScript (the script only filters and sorts).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from cchc.audit_report import SEVERITIES, AuditReport
from extractors.audit import finding_types
from storage.store import write_text_atomic

TEMPLATES = Path(__file__).parent / "templates"
QUOTED = re.compile(r"«([^«»]*)»")  # the audit writes each quoted citation or figure as «raw»


def highlight(evidence: str) -> Markup:
    """Escape an evidence string and mark each «quoted» citation or figure."""
    return Markup(QUOTED.sub(r"<mark>\1</mark>", str(escape(evidence))))


def render_html(report: AuditReport, generated_at: dt.datetime | None = None) -> str:
    """The report as one HTML document."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["j2"]))
    env.filters["highlight"] = highlight
    return env.get_template("audit_report.html.j2").render(
        report=report,
        severities=SEVERITIES,
        types=finding_types(),
        by_severity=dict(report.counts(lambda f: f.finding.severity)),
        by_type=report.counts(lambda f: f.finding.type),
        by_province=counts_by_province(report),
        by_document=counts_by_document(report),
        first_of_type=first_rows(report, lambda row: row.finding.type),
        generated_at=f"{generated_at or dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        css=(TEMPLATES / "audit_report.css").read_text(encoding="utf-8"),
        js=(TEMPLATES / "audit_report.js").read_text(encoding="utf-8"),
    )


def first_rows(report: AuditReport, key) -> dict:
    """key -> the anchor ('f<n>', 1-based) of the first finding row with that key."""
    anchors: dict = {}
    for n, row in enumerate(report.findings, start=1):
        anchors.setdefault(key(row), f"f{n}")
    return anchors


def counts_by_document(report: AuditReport) -> list[tuple[str, str, list[tuple[str, int, str]]]]:
    """(document, province, [(type, findings, anchor of its first row)]) per document, most findings first;
    corpus-wide findings without a document under '(corpus)'."""
    per: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    province: dict[str, str] = {}
    for n, row in enumerate(report.findings, start=1):
        name = row.file_name or "(corpus)"
        per[name][row.finding.type].append(n)
        province.setdefault(name, row.province)
    out = [
        (
            name,
            province[name],
            sorted(((t, len(ns), f"f{ns[0]}") for t, ns in types.items()), key=lambda x: -x[1]),
        )
        for name, types in per.items()
    ]
    return sorted(out, key=lambda item: (-sum(n for _, n, _ in item[2]), item[0]))


def counts_by_province(report: AuditReport) -> list[tuple[str, dict[str, int]]]:
    """province -> findings per severity, provinces with the most findings first."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(SEVERITIES, 0))
    for row in report.findings:
        counts[row.province][row.finding.severity] += 1
    return sorted(counts.items(), key=lambda item: (-sum(item[1].values()), item[0]))


def write_html(report: AuditReport, path: Path) -> None:
    """Write the report to ``path`` atomically (temp file beside it, then rename)."""
    write_text_atomic(path, render_html(report))
