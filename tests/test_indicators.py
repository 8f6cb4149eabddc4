"""Facts -> indicator codes (catalogue extractors/data/indicators.csv), one row per case."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.document import file_to_document
from extractors.facts import text_to_facts
from extractors.indicators import catalogue, indicator_of
from extractors.normalize import normalize_text
from tests.conftest import SEEDS

CASES = [
    ("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%", "98,5%", "dossiers_on_time_share"),
    ("đã giải quyết 2.700 hồ sơ đúng và trước hạn, đạt 97,4%", "97,4%", "dossiers_on_time_share"),
    ("giải quyết quá hạn 12 hồ sơ", "12 hồ sơ", "dossiers_late"),
    ("Tỷ lệ hài lòng chung: 92,03%", "92,03%", "satisfaction_rate"),
    ("tỷ lệ không hài lòng 3%", "3%", None),
    ("tỷ lệ hồ sơ trực tuyến đạt 65%", "65%", "online_dossier_share"),
    ("Chỉ số CCHC của tỉnh đạt 85,2%", "85,2%", "par_index_share"),
    ("Trong năm đã bãi bỏ 15 thủ tục hành chính", "15 thủ tục hành chính", "tthc_abolished"),
    ("Chủ tịch UBND tỉnh công bố 120 thủ tục hành chính mới", "120 thủ tục hành chính", "tthc_published"),
    ("Tổng số thủ tục hành chính: 169 thủ tục hành chính.", "169 thủ tục hành chính", "tthc_total"),
    ("1. Lĩnh vực Dược phẩm: 24 thủ tục;", "24 thủ tục", None),
    ("Tổng số hồ sơ đơn vị tiếp nhận: 310 hồ sơ", "310 hồ sơ", "dossiers_received"),
    ("số hồ sơ đã giải quyết: 227 hồ sơ", "227 hồ sơ", "dossiers_resolved"),
    ("Sở đã tổ chức kiểm tra 11/26 đơn vị", "11/26 đơn vị", "inspections"),
    ("Trong quý I đã hoàn thành được 26/52 nhiệm vụ.", "26/52 nhiệm vụ", "tasks_completed"),
    ("còn 4 nhiệm vụ chưa hoàn thành", "4 nhiệm vụ", None),
    ("cử 16 lượt người đi đào tạo, bồi dưỡng", "16 lượt người", "training_participants"),
    ("Tổng số phiếu khảo sát: 2.771 phiếu", "2.771 phiếu", "survey_forms"),
    ("tổng kinh phí thực hiện 546.489.887 đồng", "546.489.887 đồng", "spending"),
    ("tiếp nhận 5 đơn kiến nghị", "5 đơn", "feedback_received"),
    ("bố trí 12 công chức", "12 công chức", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "raw", "expected"), CASES, ids=[c[2] or c[0][:20] for c in CASES])
def test_indicator_of(text: str, raw: str, expected: str | None) -> None:
    text = normalize_text(text)
    fact = next(f for f in text_to_facts(text, "d", 1) if f.raw == raw)
    assert indicator_of(fact, text) == expected


def test_catalogue_codes_are_unique_and_kinds_known() -> None:
    codes = [i.code for i in catalogue()]
    assert len(codes) == len(set(codes))
    assert all(i.kinds <= {"count", "percent", "money", "ratio"} for i in catalogue())


def test_seed_001_indicators() -> None:
    facts = file_to_document(Path(next(SEEDS.glob("001_*.txt")))).facts
    by_raw = {(f.raw, f.indicator) for f in facts}
    assert ("92.03%", "satisfaction_rate") in by_raw
    assert ("310 hồ sơ", "dossiers_received") in by_raw
    assert ("169 thủ tục hành chính", "tthc_total") in by_raw
    assert {f.indicator for f in facts if f.raw in {"26/52 nhiệm vụ", "20/52 nhiệm vụ"}} == {
        "tasks_completed"
    }


def test_readme_lists_every_indicator() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for indicator in catalogue():
        assert f"| `{indicator.code}` | {indicator.label} |" in readme, indicator.code
