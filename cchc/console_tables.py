"""Rich tables for the terminal: query results (`cchc sql`) and the audit summary (`cchc audit`)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from cchc.audit_report import SEVERITIES, AuditReport
from cchc.dataset import QueryResult


def print_query_result(console: Console, result: QueryResult, max_rows: int) -> None:
    """The result as a table (at most ``max_rows`` rows, then how many were left out)."""
    table = Table(
        *(f"{name}\n[dim]{type_}[/dim]" for name, type_ in zip(result.columns, result.types, strict=True))
    )
    for row in result.rows[:max_rows]:
        table.add_row(*("NULL" if v is None else str(v) for v in row))
    console.print(table)
    left_out = len(result.rows) - max_rows
    console.print(
        f"{len(result.rows)} rows" + (f" ({left_out} not shown; --max-rows or --csv)" if left_out > 0 else "")
    )


def print_audit_summary(console: Console, report: AuditReport) -> None:
    """Totals, findings by type and by province (with severities)."""
    console.print(
        f"[bold]{len(report.findings)} findings[/bold] in {report.documents} documents under {report.data_dir}"
    )
    console.print(f"registry {report.registry_label}: {report.coverage_line}", markup=False, highlight=False)
    severity_of = {row.finding.type: row.finding.severity for row in report.findings}
    by_type = Table("type", "severity", "findings", title="by type")
    for type_, n in report.counts(lambda f: f.finding.type):
        by_type.add_row(type_, severity_of[type_], str(n))
    console.print(by_type)
    by_province = Table("province", *reversed(SEVERITIES), "total", title="by province")
    for province, _ in report.counts(lambda f: f.province):
        rows = [r for r in report.findings if r.province == province]
        per = [str(sum(r.finding.severity == s for r in rows)) for s in reversed(SEVERITIES)]
        by_province.add_row(province, *per, str(len(rows)))
    console.print(by_province)
