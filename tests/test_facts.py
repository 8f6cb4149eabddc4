"""Figures: counts, percentages, money, ratios, targets and their look-alikes (table-driven)."""

from __future__ import annotations

import json

import pytest

from extractors.citations import text_to_citations
from extractors.facts import text_to_facts
from extractors.normalize import normalize_text
from extractors.numbers import parse_vietnamese_number
from tests.conftest import SEEDS

NUMBERS = [
    ("thousands", "2.771", False, 2771.0),
    ("millions", "546.489.887", False, 546489887.0),
    ("decimal_comma", "92,03", True, 92.03),
    ("decimal_point_percent", "92.03", True, 92.03),
    ("one_decimal", "7,7", True, 7.7),
    ("thousands_with_decimals", "1.234,5", False, 1234.5),
    ("plain", "310", False, 310.0),
]


@pytest.mark.parametrize(("case", "raw", "percent", "expected"), NUMBERS, ids=[n[0] for n in NUMBERS])
def test_parse_vietnamese_number(case: str, raw: str, percent: bool, expected: float) -> None:
    assert parse_vietnamese_number(raw, percent) == pytest.approx(expected)


# (case, text, [(kind, raw, value, unit, is_target, comparator)])
FACTS = [
    ("count_with_thousands", "Tổng số phiếu khảo sát: 2.771 phiếu", [("count", "2.771 phiếu", 2771, "phiếu", False, None)]),
    ("percent_decimal_comma", "Tỷ lệ hài lòng chung: 92,03%", [("percent", "92,03%", 92.03, "%", False, None)]),
    ("percent_decimal_point_space", "Chỉ số hài lòng toàn diện: 75.4 %", [("percent", "75.4 %", 75.4, "%", False, None)]),
    ("money", "tổng kinh phí là 546.489.887 đồng", [("money", "546.489.887 đồng", 546489887, "đồng", False, None)]),
    ("money_billions", "bố trí 2,5 tỷ đồng", [("money", "2,5 tỷ đồng", 2_500_000_000, "đồng", False, None)]),
    ("ratio_with_unit", "đã hoàn thành được 26/52 nhiệm vụ", [("ratio", "26/52 nhiệm vụ", 0.5, "nhiệm vụ", False, None)]),
    ("target_minimum", "Mức độ hài lòng đạt tối thiểu 90%", [("percent", "90%", 90, "%", True, ">=")]),
    ("target_or_more", "tỷ lệ thanh toán trực tuyến đạt từ 80% trở lên", [("percent", "80%", 80, "%", True, ">=")]),
    ("target_above", "- Trên 95% các văn bản được ban hành đúng quy định", [("percent", "95%", 95, "%", True, ">")]),
    ("result_not_target", "số hồ sơ đã giải quyết: 227 hồ sơ = 73 %",
     [("count", "227 hồ sơ", 227, "hồ sơ", False, None), ("percent", "73 %", 73, "%", False, None)]),
    ("money_capitalised", "Tổng kinh phí: 120 Triệu Đồng.", [("money", "120 Triệu Đồng", 120_000_000, "đồng", False, None)]),
    ("billions_then_a_word", "đầu tư 3 tỷ cho dự án", [("money", "3 tỷ", 3_000_000_000, "đồng", False, None)]),
    ("communes_counted", "Toàn tỉnh có 15 xã đạt chuẩn", [("count", "15 xã", 15, "xã", False, None)]),
    ("a_capitalised_unit_that_opens_no_name", "(Thiếu 01 Vị trí Phó Giám đốc Bệnh viện)",
     [("count", "01 Vị trí", 1, "Vị trí", False, None)]),
]  # fmt: skip


@pytest.mark.parametrize(("case", "text", "expected"), FACTS, ids=[f[0] for f in FACTS])
def test_text_to_facts(case: str, text: str, expected: list[tuple]) -> None:
    text = normalize_text(text)
    got = text_to_facts(text)
    assert [(f.kind, f.raw, f.value, f.unit, f.is_target, f.comparator) for f in got] == [
        (k, r, pytest.approx(v), u, t, c) for k, r, v, u, t, c in expected
    ]
    for fact in got:
        assert text[fact.start : fact.end] == fact.raw


SUBJECTS = [
    ("label_before", "+ Tỷ lệ hài lòng chung: 92,03%", "Tỷ lệ hài lòng chung"),
    ("generic_rate_takes_the_clause_before", "Tổng số công chức hoàn thành xuất sắc nhiệm vụ: 11, tỷ lệ 18,3%.",
     "Tổng số công chức hoàn thành xuất sắc nhiệm vụ"),
    ("figure_opens_the_clause", "- 100% thủ tục hành chính được công bố, công khai đúng quy định",
     "thủ tục hành chính"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "text", "subject"), SUBJECTS, ids=[s[0] for s in SUBJECTS])
def test_subject(case: str, text: str, subject: str) -> None:
    assert text_to_facts(normalize_text(text))[-1].subject == subject


NOT_FACTS = [
    ("dates", "ngày 14/5/2021, tháng 01/2023 và từ 15/12/2022 đến 14/03/2022"),
    ("document_numbers", "Kế hoạch số 24/KH-SYT và Nghị định 61/2018/NĐ-CP"),
    ("years_and_periods", "năm 2023, giai đoạn 2021-2025, quý I"),
    ("iso_and_phone", "ISO 9001:2015; Phone: 0212.3750983"),
    ("service_levels", "dịch vụ công trực tuyến mức độ 3/4"),
    ("a_row_number_before_a_rate", "STT Nội dung\n1 Tỷ lệ TTHC công bố đúng hạn\n2 tỷ trọng vốn"),
    ("a_year_before_a_place", "năm 2025 Đồng Nai, năm 2024 Đồng Tháp"),
    ("a_lost_decimal_comma", "(1283*100)/3.872.999 =0331%"),
    ("a_list_number_before_a_communes_name", "1\tPhường Xuân Trường - Đà Lạt\n2\tXã Lạc Dương"),
]


@pytest.mark.parametrize(("case", "text"), NOT_FACTS, ids=[n[0] for n in NOT_FACTS])
def test_look_alikes_are_not_facts(case: str, text: str) -> None:
    text = normalize_text(text)
    skip = [(c.start, c.end) for c in text_to_citations(text)]
    assert text_to_facts(text, skip=skip) == []


def test_every_percent_sign_in_the_seeds_is_a_fact() -> None:
    """Recall floor until the hand-checked gold lands: each '%' in a seed belongs to one percent fact."""
    for seed in sorted(SEEDS.glob("*.txt")):
        text = normalize_text(seed.read_text(encoding="utf-8"))
        skip = [(c.start, c.end) for c in text_to_citations(text)]
        percents = [f for f in text_to_facts(text, skip=skip) if f.kind == "percent"]
        assert len(percents) == text.count("%"), seed.name
        for fact in percents:
            assert text[fact.start : fact.end] == fact.raw


def percent_gold_and_found() -> tuple[dict, dict]:
    from tests.conftest import ROOT

    gold, found = {}, {}
    for path in sorted((ROOT / "tests" / "gold" / "facts").glob("*_*.jsonl")):
        if path.stem.endswith("_other"):
            continue
        text = normalize_text((SEEDS / f"{path.stem}.txt").read_text(encoding="utf-8"))
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            gold[(path.stem, row["start"], row["end"])] = row
        skip = [(c.start, c.end) for c in text_to_citations(text)]
        for f in text_to_facts(text, skip=skip):
            if f.kind == "percent":
                found[(path.stem, f.start, f.end)] = f
    return gold, found


def test_percentages_against_the_hand_checked_gold() -> None:
    gold, found = percent_gold_and_found()
    hits = gold.keys() & found.keys()
    precision, recall = len(hits) / len(found), len(hits) / len(gold)
    values = sum(found[k].value == pytest.approx(gold[k]["value"]) for k in hits) / len(hits)
    targets = sum(found[k].is_target == gold[k]["is_target"] for k in hits) / len(hits)
    comparators = sum(found[k].comparator == gold[k]["comparator"] for k in hits) / len(hits)
    print(f"percentages: precision {precision:.3f} recall {recall:.3f} value {values:.3f} "
          f"target {targets:.3f} comparator {comparators:.3f} (gold {len(gold)})")  # fmt: skip
    assert precision >= 0.98 and recall >= 0.98 and values == 1.0
    assert targets >= 0.9
