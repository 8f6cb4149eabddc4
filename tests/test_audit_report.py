"""`cchc audit` over a real ingest: summary, JSON, exit codes by --fail-on, registry checks, and an HTML
report that holds every finding with its document, page, highlighted evidence and source path."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cchc.audit_html import highlight
from schemas import CITATIONS, DOCUMENTS, FINDINGS, table_to_records
from storage.store import read_table, upsert
from tests.conftest import ROOT


def cchc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cchc.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def audit_json(data: Path, *args: str) -> dict:
    done = cchc("audit", str(data), "--json", *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def report(analyst_corpus: Path) -> dict:
    return audit_json(analyst_corpus)


def test_every_stored_finding_is_reported(analyst_corpus: Path, report: dict) -> None:
    stored = {
        (f.doc_id, f.type, f.message)
        for f in table_to_records(read_table(analyst_corpus, FINDINGS), FINDINGS)
    }
    assert {(f["doc_id"], f["type"], f["message"]) for f in report["findings"]} == stored
    assert report["findings_total"] == len(stored) > 0


def test_findings_carry_their_document(analyst_corpus: Path, report: dict) -> None:
    documents = {d["doc_id"]: d for d in read_table(analyst_corpus, DOCUMENTS).to_pylist()}
    for f in report["findings"]:
        doc = documents[f["doc_id"]]
        assert (f["file_name"], f["source_path"]) == (doc["file_name"], doc["source_path"])
        assert f["province_current"] == (doc["province_current"] or "(unknown)")


def test_summary_counts_add_up(report: dict) -> None:
    for key in ("by_severity", "by_type", "by_province"):
        assert sum(report[key].values()) == report["findings_total"], key
    assert len(report["by_province"]) >= 4


def test_terminal_summary_lists_types_and_provinces(analyst_corpus: Path, report: dict) -> None:
    done = cchc("audit", str(analyst_corpus))
    assert done.returncode == 0, done.stderr
    assert f"{report['findings_total']} findings in {report['documents']} documents" in done.stdout
    for name in [*report["by_type"], *report["by_province"]]:
        assert name in done.stdout


@pytest.mark.parametrize("fail_on", ["info", "warning", "error"])
def test_exit_code_gates_on_severity(analyst_corpus: Path, report: dict, fail_on: str) -> None:
    rank = ["info", "warning", "error"].index(fail_on)
    severe = [f for f in report["findings"] if ["info", "warning", "error"].index(f["severity"]) >= rank]
    done = cchc("audit", str(analyst_corpus), "--fail-on", fail_on)
    assert done.returncode == (5 if severe else 0), done.stderr


def test_a_clean_corpus_passes_every_gate(analyst_corpus: Path, tmp_path: Path) -> None:
    documents = read_table(analyst_corpus, DOCUMENTS)
    upsert(tmp_path, DOCUMENTS, documents, {"doc_id": set()})
    done = cchc("audit", str(tmp_path), "--fail-on", "info")
    assert done.returncode == 0, done.stderr
    assert f"0 findings in {documents.num_rows} documents" in done.stdout


def test_no_tables_is_exit_6(tmp_path: Path) -> None:
    done = cchc("audit", str(tmp_path))
    assert done.returncode == 6 and "cchc ingest" in done.stderr


def test_registry_mismatches_are_reported_and_nothing_is_written(
    analyst_corpus: Path, tmp_path: Path
) -> None:
    citations = table_to_records(read_table(analyst_corpus, CITATIONS), CITATIONS)
    national = next(c for c in citations if c.issuer == "CP" and c.issue_date and c.role == "cited")
    wrong = national.issue_date + dt.timedelta(days=1)
    registry = tmp_path / "registry.csv"
    with open(registry, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["number", "date", "title"], [national.number, wrong.isoformat(), ""]])
    before = read_table(analyst_corpus, FINDINGS)
    got = audit_json(analyst_corpus, "--registry", str(registry))
    mismatches = [
        f for f in got["findings"] if f["type"] == "registry_mismatch" and national.number in f["numbers"]
    ]
    dated = {
        c.doc_id for c in citations if c.number == national.number and c.issue_date and c.issue_date != wrong
    }
    assert {f["doc_id"] for f in mismatches} == dated
    assert all(f"the registry (registry.csv) says {wrong:%d/%m/%Y}" in f["message"] for f in mismatches)
    assert got["registry"].startswith("national (5824 documents") and got["registry"].endswith(str(registry))
    assert read_table(analyst_corpus, FINDINGS).equals(before)


class FindingRows(HTMLParser):
    """The report's finding rows: data attributes and the text of their highlighted <mark>s."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self._in_mark = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data = dict(attrs)
        if tag == "tr" and "finding" in (data.get("class") or "").split():
            self.rows.append({**data, "marks": [], "text": ""})
        self._in_mark = tag == "mark" or self._in_mark

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data: str) -> None:
        if self.rows:
            self.rows[-1]["text"] += data
            if self._in_mark:
                self.rows[-1]["marks"].append(data)


def test_html_report_holds_every_finding_with_its_evidence(
    analyst_corpus: Path, report: dict, tmp_path: Path
) -> None:
    path = tmp_path / "report.html"
    done = cchc("audit", str(analyst_corpus), "--html", str(path))
    assert done.returncode == 0, done.stderr
    page = path.read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page and "<link" not in page  # self-contained
    parser = FindingRows()
    parser.feed(page)
    assert len(parser.rows) == report["findings_total"]
    for row, finding in zip(parser.rows, report["findings"], strict=True):
        assert row["data-type"] == finding["type"] and row["data-province"] == finding["province_current"]
        assert finding["message"] in row["text"] and finding["source_path"] in row["text"]
        if finding["raw"]:
            assert " ".join(finding["raw"].split()) in row["marks"]


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        ("p1: …số «24/KH-SYT» ngày…", "p1: …số <mark>24/KH-SYT</mark> ngày…"),
        ("p2: «a<b» | p3: «c»", "p2: <mark>a&lt;b</mark> | p3: <mark>c</mark>"),
        ("no quote & more", "no quote &amp; more"),
    ],
)
def test_evidence_quotes_are_escaped_and_highlighted(evidence: str, expected: str) -> None:
    assert str(highlight(evidence)) == expected


def test_evidence_on_pdf_pages_has_its_box_and_the_html_its_crop(
    analyst_corpus: Path, report: dict, tmp_path: Path
) -> None:
    """Findings on PDF pages (text layers, TCVN3-decoded ones included) carry the box of their evidence;
    the HTML shows the page around it for the first --crops findings, and only for those."""
    on_pdf = [f for f in report["findings"] if f["file_name"].endswith(".pdf") and f["start"] is not None]
    assert on_pdf
    for f in on_pdf:
        box = f["box"]
        assert box is not None, f
        assert 0 <= box["x0"] < box["x1"] <= 842 and 0 <= box["y0"] < box["y1"] <= 842, box
    assert all(f["box"] is None for f in report["findings"] if f["file_name"].endswith(".txt"))
    path = tmp_path / "audit.html"
    done = cchc("audit", str(analyst_corpus), "--html", str(path), "--crops", "2")
    assert done.returncode == 0, done.stderr
    assert path.read_text(encoding="utf-8").count('src="data:image/jpeg;base64,') == min(2, len(on_pdf))


def test_html_groups_findings_by_document_with_links_to_the_rows(
    analyst_corpus: Path, report: dict, tmp_path: Path
) -> None:
    import re

    path = tmp_path / "grouped.html"
    assert cchc("audit", str(analyst_corpus), "--html", str(path), "--crops", "0").returncode == 0
    html = path.read_text(encoding="utf-8")
    rows = set(re.findall(r'<tr id="(f\d+)" class="finding', html))
    assert len(rows) == report["findings_total"]
    section = html[html.index('id="by-document"') : html.index("</table>", html.index('id="by-document"'))]
    links = re.findall(r'<a href="#(f\d+)"><code>([a-z_]+)</code> (\d+)</a>', section)
    assert {anchor for anchor, _, _ in links} <= rows
    assert sum(int(n) for _, _, n in links) == report["findings_total"]


def test_audit_reads_the_ingests_corpus_findings_which_a_recomputation_confirms(
    analyst_corpus: Path, tmp_path: Path
) -> None:
    """With the registries of the ingest and unchanged tables, `cchc audit` reads the stored corpus
    findings; computing them again over the stored citations gives the same ones."""
    from extractors.audit import corpus_finding_types
    from flows.corpus_audit import audit_stored_corpus
    from flows.written import stored_corpus_audit_is_current

    assert stored_corpus_audit_is_current(analyst_corpus, None)
    other = tmp_path / "own.csv"
    other.write_text("number,date,title\n61/2018/NĐ-CP,2018-04-23,\n", encoding="utf-8")
    assert not stored_corpus_audit_is_current(analyst_corpus, other)
    stored = {
        (f.doc_id, f.type, f.message)
        for f in table_to_records(read_table(analyst_corpus, FINDINGS), FINDINGS)
        if f.type in corpus_finding_types()
    }
    documents = {d["doc_id"]: d for d in read_table(analyst_corpus, DOCUMENTS).to_pylist()}
    provinces = {doc_id: d["province_current"] for doc_id, d in documents.items()}
    again = {(f.doc_id, f.type, f.message) for f in audit_stored_corpus(analyst_corpus, provinces, None)}
    assert again == stored
