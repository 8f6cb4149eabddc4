"""Audit of cited numbers: each finding type from a small text (table-driven), corpus checks, seed 001 golden."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extractors.audit import (
    audit_corpus,
    audit_document,
    check_repairs,
    finding_types,
    report_date,
)
from extractors.citations import text_to_citations
from extractors.document import file_to_document
from extractors.normalize import normalize_text
from extractors.registry import load_registry
from schemas.pages import PageText
from tests.conftest import SEEDS

HEADER = "SỞ Y TẾ\nSố: 45/BC-SYT\tLai Châu, ngày 14 tháng 6 năm 2021\nBÁO CÁO\n"

CASES = [
    ("clean_report", HEADER + "Thực hiện Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ.", []),
    ("same_number_different_dates",
     "Kế hoạch số 24/KH-SYT ngày 28/01/2023 về tuyên truyền. Kế hoạch số 24/KH-SYT ngày 29/01/2023 về tuyên truyền.",
     ["same_number_different_dates"]),
    ("same_number_different_titles",
     "Quyết định số 03/2023/QĐ-UBND về việc quy định chức năng của Chi cục An toàn vệ sinh thực phẩm; "
     "Quyết định số 03/2023/QĐ-UBND về việc quy định chức năng của Chi cục Dân số.",
     ["same_number_different_titles"]),
    ("date_after_report", HEADER + "Quyết định số 2686/QĐ-UBND ngày 21/12/2021 của UBND tỉnh.", ["date_after_report"]),
    ("year_mismatch", "Nghị định số 34/2016/NĐ-CP ngày 14/5/2017 của Chính phủ.", ["year_mismatch"]),
    ("impossible_date", "Kế hoạch số 12/KH-UBND ngày 31/4/2023 của UBND tỉnh.", ["impossible_date"]),
    ("leap_day_of_a_common_year", "Kế hoạch số 12/KH-UBND ngày 29/02/2023.", ["impossible_date"]),
    ("truncated_date", "văn bản số 222/SNV-XDCQ ngày 22/02/202 của Sở Nội vụ", ["truncated_date"]),
    ("missing_date", "Thông tư 56/2022/TT-BTC ngày  của Bộ Tài chính", ["missing_date"]),
    ("malformed_number", "Nghị quyết số 35/NQCP và các nghị quyết của Chính phủ", ["malformed_number"]),
    ("self_citation_mismatch", HEADER + "Báo cáo số 45/BC-SYT ngày 15/6/2021 được gửi Sở Nội vụ.",
     ["self_citation_mismatch"]),
    ("repaired_year_is_consistent_but_misprinted", "Nghị định số 34/21.06/NĐ-CP ngày 14/5/21.06 của Chính phủ",
     ["misprinted_number"]),
    ("decree_without_year", "Nghị định số 120/NĐ-CP ngày 12/5/2023 của Chính phủ", ["number_without_year"]),
    ("circular_without_year", "Thông tư số 05/TT-BNV ngày 01/02/2022 của Bộ Nội vụ", ["number_without_year"]),
    ("old_decree_had_no_year", "Nghị định số 73-CP ngày 25/10/1993 của Chính phủ", []),
    ("pm_decision_needs_no_year", "Quyết định số 1847/QĐ-TTg ngày 27/12/2018", []),
    ("politburo_state_style", "Nghị quyết số 57/NQ-TW ngày 22/12/2024 của Bộ Chính trị",
     ["party_number_in_state_form"]),
    ("party_committee_state_style", "Kết luận số 05/KL-TU ngày 01/02/2021 của Tỉnh ủy",
     ["party_number_in_state_form"]),
    ("party_form_is_right", "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị", []),
    ("ascii_type_code_is_a_misprint", "Quyết định số 2705/QD-UBND ngày 12/10/2020 của UBND tỉnh",
     ["misprinted_number"]),
]  # fmt: skip


def audit_text(text: str) -> list[str]:
    text = normalize_text(text)
    page = PageText("d", 1, "text", "text_file", text, len(text), None, 0.0, None)
    citations = text_to_citations(text, "d", 1)
    return [f.type for f in audit_document(citations, {1: text}, report_date([page], citations))]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_document_checks(case: str, text: str, expected: list[str]) -> None:
    assert audit_text(text) == expected


def test_every_finding_type_has_a_severity_and_meaning() -> None:
    for type_, row in finding_types().items():
        assert row["severity"] in {"error", "warning", "info"} and row["meaning"], type_


def test_report_date_falls_back_to_the_signature_time() -> None:
    text = "BÁO CÁO ...\n\t2023-03-14T14:47:39+0700\n\tSở Y tế đã ký lên văn bản này!"
    page = PageText("d", 1, "text", "text_file", text, len(text), None, 0.0, None)
    assert report_date([page], []) == dt.date(2023, 3, 14)


def corpus_citations(dates: dict[str, str], number_text: str) -> tuple[list, dict]:
    citations, texts = [], {}
    for doc_id, date in dates.items():
        text = f"Thực hiện {number_text} ngày {date} của Chính phủ."
        citations += text_to_citations(text, doc_id, 1)
        texts[(doc_id, 1)] = text
    return citations, texts


def test_cross_document_conflict_names_the_majority_and_who_disagrees() -> None:
    dates = {"a": "23/4/2018", "b": "23/4/2018", "c": "24/4/2018"}
    citations, texts = corpus_citations(dates, "Nghị định số 61/2018/NĐ-CP")
    findings = audit_corpus(citations, texts, None)
    assert [(f.doc_id, f.type) for f in findings] == [("c", "cross_document_date_conflict")]
    assert "23/04/2018 in 2 documents" in findings[0].message


def test_provincial_numbers_are_compared_only_within_a_province() -> None:
    citations, texts = corpus_citations(
        {"a": "14/12/2020", "b": "25/12/2023", "c": "14/12/2020", "d": "15/12/2020"},
        "Kế hoạch số 244/KH-UBND",
    )
    assert audit_corpus(citations, texts, None) == []  # provinces unknown: never compared
    provinces = {"a": "Lai Châu", "b": "Phú Thọ", "c": "Lai Châu", "d": "Lai Châu"}
    findings = audit_corpus(citations, texts, None, provinces)
    assert [(f.doc_id, f.type) for f in findings] == [("d", "cross_document_date_conflict")]


def test_registry_mismatch(tmp_path: Path) -> None:
    registry = tmp_path / "registry.csv"
    registry.write_text("number,date,title\n61/2018/NĐ-CP,2018-04-23,cơ chế một cửa\n", encoding="utf-8")
    citations, texts = corpus_citations({"a": "23/4/2018", "b": "23/5/2018"}, "Nghị định số 61/2018/NĐ-CP")
    findings = audit_corpus(citations, texts, load_registry(registry))
    assert {(f.doc_id, f.type) for f in findings} >= {("b", "registry_mismatch")}
    assert ("a", "registry_mismatch") not in {(f.doc_id, f.type) for f in findings}


SEED_001_FINDINGS = {
    ("same_number_different_dates", "24/KH-SYT"),
    ("same_number_different_dates", "25/KH-SYT"),
    ("same_number_different_dates", "42/QĐ-SNV"),
    ("same_number_different_dates", "09/CT-UBND"),
    ("same_number_different_titles", "03/2023/QĐ-UBND"),
    ("misprinted_number", "2705/QĐ-UBND"),
    ("same_number_different_titles", "24/KH-SYT"),
    ("same_number_different_titles", "25/KH-SYT"),
    ("same_number_different_titles", "42/QĐ-SNV"),
    ("date_after_report", "2686/QĐ-UBND"),
    ("missing_date", "56/2022/TT-BTC"),
    ("malformed_number", "35/NQCP"),
    ("ratio_conflict", None),
    ("date_range_reversed", None),
    ("sum_mismatch", None),
}


def test_seed_001_findings_golden() -> None:
    result = file_to_document(SEEDS / "001_d76b854a65e5ff62.txt")
    assert {(f.type, f.numbers[0] if f.numbers else None) for f in result.findings} == SEED_001_FINDINGS
    for f in result.findings:
        page_text = result.pages[f.page - 1].text
        assert page_text[f.start : f.end] == f.raw
        assert " ".join(f.raw.split()) in f.evidence


def test_shipped_example_registry_only_states_what_the_corpus_states() -> None:
    """Every entry of data/registry/example_registry.csv is cited with exactly that date somewhere in the
    seeds or the sample's text-layer documents, and never with another date there."""
    from tests.conftest import ROOT, SAMPLE

    registry = load_registry(ROOT / "data" / "registry" / "example_registry.csv")
    files = sorted(SEEDS.glob("*.txt")) + [p for p in sorted(SAMPLE.iterdir()) if p.suffix in {".txt"}]
    files += [SAMPLE / name for name in ("laichau_syt_bc_6thang_2023.pdf", "hagiang_stp_bc_quy3_2024.pdf",
                                         "quangninh_snv_bc_2023.pdf", "sonla_snv_bc_2024.pdf",
                                         "laichau_ubnd_bc_quy2_2024.pdf", "hagiang_syt_bc_quy1_2025.pdf",
                                         "hoabinh_syt_kh_2024.pdf")]  # fmt: skip
    seen: dict[str, set[dt.date]] = {}
    for path in files:
        for c in file_to_document(path).citations:
            if registry.knows(c) and c.issue_date:
                seen.setdefault(c.number, set()).add(c.issue_date)
    assert len(registry) >= 10
    for entry in registry.entries:
        assert seen.get(entry.number, {entry.issue_date}) == {entry.issue_date}, entry.number
    assert sum(1 for e in registry.entries if e.number in seen) >= len(registry) // 2


def test_a_repair_on_a_scanned_page_is_ocr_damage_not_a_misprint() -> None:
    text = normalize_text("Luật số 80/2015/QH13 và Nghị quyết số 1211/2016/UBTVQHI3 ngày 25/5/2016")
    citations = [c for c in text_to_citations(text, "d", 1) if c.repaired]
    assert [c.number for c in citations] == ["1211/2016/UBTVQH13"]
    on_scan = check_repairs(citations, {1: text}, frozenset({1}))
    typed = check_repairs(citations, {1: text}, frozenset())
    assert [(f.type, f.severity) for f in on_scan] == [("ocr_repair", "info")]
    assert [(f.type, f.severity) for f in typed] == [("misprinted_number", "warning")]
    assert "printed '1211/2016/UBTVQHI3', read as 1211/2016/UBTVQH13" in on_scan[0].message


@pytest.mark.parametrize(
    ("printed", "read_as", "on_scan"),
    [
        ("Nghị định số 34/21.06/NĐ-CP ngày 14/5/2016", "34/2016/NĐ-CP", "misprinted_number"),  # print's own
        ("Nghị định số 61/2018/NĐ-CP ngày 23/4/21.08", "61/2018/NĐ-CP", "misprinted_number"),  # in the date
        ("Nghị quyết số 1211/2016/UBTVQHI3 ngày 25/5/2016", "1211/2016/UBTVQH13", "ocr_repair"),  # I for 1
    ],
)
def test_a_year_printed_as_a_date_is_a_misprint_even_on_a_scan(
    printed: str, read_as: str, on_scan: str
) -> None:
    """OCR confuses glyphs; it does not reorder a year's digits around a dot: '21.06' on a scan is printed."""
    text = normalize_text(printed)
    citations = [c for c in text_to_citations(text, "d", 1) if c.repaired]
    assert [c.number for c in citations] == [read_as]
    assert [f.type for f in check_repairs(citations, {1: text}, frozenset({1}))] == [on_scan]
