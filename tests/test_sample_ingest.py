"""End to end, as a new user runs it: `cchc ingest data/raw/sample` -> Parquet, checked against the manifest."""

from __future__ import annotations

import json
import re
from functools import partial

import pyarrow.parquet as pq
import pytest

from extractors.quality import character_error_rate, comparable_text
from tests.conftest import ROOT, SAMPLE, run_readme_command

MANIFEST = ROOT / "data" / "sample_manifest.json"
EXPECTED_SOURCE = {
    "digital": "text_layer",
    "scanned": "ocr",
    "garbage_layer": "ocr",
    "text": "text",
    "image": "ocr",
}
DECODED = {"dienbien_syt_bc_2024.pdf": "text_layer"}  # its TCVN3 layer decodes (extractors/legacy.py)
MAX_CER = 0.03  # full body pages; where columns sit side by side (header and signature blocks, tables)
# OCR may read them in another order, and the sample's grey seal (real seals are red and fade in the red
# channel) adds debris, so short pages and pages with those blocks are checked by word recall only
MIN_BODY_CHARS = 1000
MIN_WORD_RECALL = 0.95
# Scanned ruled tables are read cell by cell (extractors/table_ocr): measured 0.998 word recall on the
# sample's scanned score-table page (0.75 when it was read as a whole page)
MIN_TABLE_WORD_RECALL = 0.95


def manifest() -> list[dict]:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))["documents"]


@pytest.fixture(scope="module")
def sample_run(analyst_run: dict) -> dict:
    """The sample as the README's first analyst command ingests it (`cchc ingest data/raw/sample --out
    data/parquet`, in a folder laid out like a fresh clone)."""
    out = analyst_run["out"]
    command, first = analyst_run["results"][0]
    tables = {
        name: pq.read_table(out / f"{name}.parquet").to_pylist()
        for name in ("documents", "pages", "failures", "citations", "findings")
    }
    again = partial(run_readme_command, command, analyst_run["workspace"])
    return {"out": out, "first": first, "tables": tables, "again": again}


@pytest.mark.slow
def test_cli_run_succeeds_and_says_where_the_tables_are(sample_run: dict) -> None:
    done = sample_run["first"]
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"documents ok {len(manifest())} (from cache 0), failed 0" in done.stderr
    assert "tables data/parquet/documents.parquet" in " ".join(done.stderr.split())


@pytest.mark.slow
def test_every_sample_file_is_a_document_routed_by_its_kind(sample_run: dict) -> None:
    docs = {d["file_name"]: d for d in sample_run["tables"]["documents"]}
    assert sample_run["tables"]["failures"] == []
    assert sorted(docs) == sorted(p.name for p in SAMPLE.iterdir())
    for entry in manifest():
        doc = docs[entry["file"]]
        expected = DECODED.get(entry["file"], EXPECTED_SOURCE[entry["kind"]])
        assert doc["text_source"] == expected, entry["file"]
        assert doc["pages"] == entry["n_pages"] and doc["status"] == "ok"


@pytest.mark.slow
def test_page_text_matches_what_was_printed(sample_run: dict) -> None:
    docs = {d["file_name"]: d["doc_id"] for d in sample_run["tables"]["documents"]}
    pages = {(p["doc_id"], p["page"]): p for p in sample_run["tables"]["pages"]}
    for entry in manifest():
        for number, printed in enumerate(entry["pages"], start=1):
            page = pages[(docs[entry["file"]], number)]
            where = f"{entry['file']} p{number} ({page['text_source']})"
            floor = MIN_TABLE_WORD_RECALL if is_scanned_table(printed, page) else MIN_WORD_RECALL
            assert word_recall(printed, page["text"]) >= floor, where
            body_only = "\t" not in printed and "Nơi nhận" not in printed
            if body_only and len(comparable_text(printed)) >= MIN_BODY_CHARS:
                assert character_error_rate(printed, page["text"]) <= MAX_CER, where


def printed_score_rows(entry: dict) -> dict[str | None, tuple[float, float]]:
    """code -> (maximum, points) of the score table as the generator printed it (tab-separated cells)."""
    rows = {}
    for line in "\n".join(entry["pages"]).splitlines():
        cells = line.split("\t")
        code = re.fullmatch(r"\d(?:\.\d)?", cells[0])
        if len(cells) >= 4 and (code or cells[0].startswith("Tổng")):
            numbers = [float(c.replace(",", ".")) for c in cells[-3:-1]] if cells[0].startswith("Tổng") else [
                float(c.replace(",", ".")) for c in cells[2:4]]  # fmt: skip
            rows[cells[0] if code else None] = (numbers[0], numbers[1])
    return rows


def is_scanned_table(printed: str, page: dict) -> bool:
    return page["text_source"] == "ocr" and printed.count("\t") > 20


def word_recall(reference: str, hypothesis: str) -> float:
    ref = re.findall(r"\w+", comparable_text(reference).lower())
    hyp = set(re.findall(r"\w+", comparable_text(hypothesis).lower()))
    return sum(w in hyp for w in ref) / max(len(ref), 1)


# Errors the generator planted (manifest code) and the audit finding that must report them.
PLANTED_CITATION_ERRORS = {
    "truncated_date": "truncated_date",
    "impossible_date": "impossible_date",
    "same_number_different_dates": "same_number_different_dates",
    "cited_after_report": "date_after_report",
    "number_year_mismatch": "year_mismatch",
    "percent_mismatch": "percent_mismatch",
    "misprinted_number": "misprinted_number",
    "party_number_in_state_form": "party_number_in_state_form",
    "number_without_year": "number_without_year",
    "same_number_different_titles": "same_number_different_titles",
}


@pytest.mark.slow
def test_a_blank_own_number_is_found_typed_and_scanned(sample_run: dict) -> None:
    """'Số: /BC-SYT': a document filed before it was numbered, in a typed plan and a scanned report."""
    docs = {d["file_name"]: d["doc_id"] for d in sample_run["tables"]["documents"]}
    found = {(f["doc_id"], f["type"]) for f in sample_run["tables"]["findings"]}
    blank = [entry for entry in manifest() if entry["doc_number"].startswith("/")]
    assert {entry["kind"] for entry in blank} >= {"digital", "scanned"}
    assert [e["file"] for e in blank if (docs[e["file"]], "blank_own_number") not in found] == []


@pytest.mark.slow
def test_planted_citation_errors_are_found_in_digital_and_scanned_documents(sample_run: dict) -> None:
    docs = {d["file_name"]: d["doc_id"] for d in sample_run["tables"]["documents"]}
    found = {(f["doc_id"], f["type"]) for f in sample_run["tables"]["findings"]}
    expected = [
        (entry["file"], PLANTED_CITATION_ERRORS[code])
        for entry in manifest()
        for code in (error.split(":")[0] for error in entry["planted_errors"])
        if code in PLANTED_CITATION_ERRORS
    ]
    assert len(expected) >= 15
    kinds = {
        (type_, entry["kind"]) for entry in manifest() for name, type_ in expected if name == entry["file"]
    }
    for type_ in ("misprinted_number", "party_number_in_state_form", "number_without_year",
                  "same_number_different_titles", "date_after_report"):  # fmt: skip
        assert {(type_, "digital"), (type_, "scanned")} <= kinds  # each kind planted in both forms
    missed = [(name, type_) for name, type_ in expected if (docs[name], type_) not in found]
    assert missed == []


@pytest.mark.slow
def test_citations_hold_their_raw_text(sample_run: dict) -> None:
    pages = {(p["doc_id"], p["page"]): p["text"] for p in sample_run["tables"]["pages"]}
    assert len(sample_run["tables"]["citations"]) > 100
    for c in sample_run["tables"]["citations"]:
        assert pages[(c["doc_id"], c["page"])][c["start"] : c["end"]] == c["raw"]


@pytest.mark.slow
def test_second_run_is_served_from_cache_and_changes_nothing(sample_run: dict) -> None:
    again = sample_run["again"]()
    assert again.returncode == 0
    assert f"documents ok {len(manifest())} (from cache {len(manifest())})" in again.stderr
    out = sample_run["out"]
    for name in ("documents", "pages", "citations", "findings"):
        assert pq.read_table(out / f"{name}.parquet").to_pylist() == sample_run["tables"][name]


@pytest.mark.slow
def test_score_tables_are_rows_and_the_planted_score_error_is_found(sample_run: dict) -> None:
    """Every sample scoring table, digital or scanned, lands in score_rows with its total row and every
    row's code, maximum and points as printed, and the domain the generator made not add up is reported
    as score_total_mismatch."""
    from schemas.findings import FINDINGS
    from schemas.score_rows import SCORE_ROWS
    from storage.store import read_table

    out = sample_run["out"]
    docs = {d["file_name"]: d["doc_id"] for d in sample_run["tables"]["documents"]}
    rows = read_table(out, SCORE_ROWS).to_pylist()
    findings = read_table(out, FINDINGS).to_pylist()
    tables = [e for e in manifest() if e["has_score_table"]]
    assert len(tables) >= 4 and any(e["kind"] == "scanned" for e in tables)
    for entry in tables:
        mine = [r for r in rows if r["doc_id"] == docs[entry["file"]]]
        assert sum(r["is_total"] for r in mine) == 1, entry["file"]
        assert len({r["criterion_code"] for r in mine if r["level"] == 1}) == 7, entry["file"]
        read = {r["criterion_code"]: (r["max_points"], r["points_achieved"]) for r in mine}
        assert read == printed_score_rows(entry), entry["file"]
        planted = [e for e in entry["planted_errors"] if e.startswith("score_sum_mismatch")]
        flagged = [
            f for f in findings if f["doc_id"] == docs[entry["file"]] and f["type"] == "score_total_mismatch"
        ]
        for error in planted:
            domain = re.search(r"domain (\d+)", error)[1]  # type: ignore[index]
            assert any(f"row {domain} " in f["message"] for f in flagged), (entry["file"], error)


@pytest.mark.slow
def test_every_sample_documents_findings_are_the_golden_list(sample_run: dict) -> None:
    """Per-document findings of the README's sample ingest, each pinned (tests/gold/findings)."""
    from extractors.audit import corpus_finding_types

    gold = json.loads((ROOT / "tests" / "gold" / "findings" / "findings.json").read_text(encoding="utf-8"))
    names = {d["doc_id"]: d["file_name"] for d in sample_run["tables"]["documents"]}
    found: dict[str, list] = {name: [] for name in names.values()}
    for f in sample_run["tables"]["findings"]:
        if f["type"] not in corpus_finding_types():
            row = [
                f["type"],
                f["numbers"][0] if f["numbers"] else None,
                f["page"],
                " ".join((f["raw"] or "").split()),
            ]
            found[names[f["doc_id"]]].append(row)
    assert {name: sorted(rows) for name, rows in found.items()} == {name: gold[name] for name in found}
