"""Page routing: which text layers are sound and which pages must be OCR'd (table-driven)."""

from __future__ import annotations

import pytest

from extractors.normalize import normalize_text
from extractors.routing import OcrMode, is_vietnamese_word, measure_text_layer, page_needs_ocr
from tests.conftest import seed_files

SOUND = (
    "Thực hiện Kế hoạch số 244/KH-UBND ngày 25/12/2023 của Ủy ban nhân dân tỉnh Hòa Bình về việc "
    "Cải cách hành chính tỉnh Hòa Bình năm 2024, Sở Y tế xây dựng Kế hoạch cải cách hành chính."
)
TCVN3 = "Thùc hiÖn KÕ ho¹ch sè 244/KH-UBND ngµy 25/12/2023 cña ñy ban nh©n d©n tØnh Hßa B×nh vÒ viÖc c¶i c¸ch"
VNI = "Thöïc hieän Keá hoaïch soá 244/KH-UBND ngaøy 25/12/2023 cuûa UÛy ban nhaân daân tænh Hoøa Bình"
MOJIBAKE = "Thá»±c hiá»‡n Káº¿ hoáº¡ch sá»‘ 244/KH-UBND ngÃ y 25/12/2023 cá»§a á»¦y ban nhÃ¢n dÃ¢n tá»‰nh"
RANDOM = "qxz wrtp kkvb zzqj plmn xcvb rtyq wqpz mnbv lkjh gfds"
CID = "(cid:12)(cid:45)(cid:7) (cid:88)(cid:3)(cid:19) ngày (cid:44)(cid:45) tháng (cid:1)(cid:2)(cid:3)" * 3
STAMP_ONLY = "Ký bởi: Văn phòng Ủy ban nhân dân tỉnh Quảng Ngãi\nThời gian ký: 13.01.2025"

CASES = [
    # (case, text, image coverage, mode, expected use_ocr, expected reason)
    ("sound_vietnamese", SOUND, 0.0, OcrMode.AUTO, False, "text_layer_ok"),
    ("empty_page", "", 0.0, OcrMode.AUTO, True, "no_text"),
    ("page_number_only", "  12  ", 0.0, OcrMode.AUTO, True, "no_text"),
    ("page_number_over_image", "- 2 - Trang", 1.0, OcrMode.AUTO, True, "little_text_over_image"),
    ("short_digital_page_kept", "Nơi nhận: Sở Nội vụ; Lưu VT", 0.0, OcrMode.AUTO, False, "text_layer_ok"),
    ("scan_with_signature_text", STAMP_ONLY, 0.98, OcrMode.AUTO, True, "scanned_image"),
    ("sound_text_over_image_sandwich", SOUND * 3, 1.0, OcrMode.AUTO, False, "text_layer_ok"),
    ("tcvn3_legacy_encoding", TCVN3, 0.0, OcrMode.AUTO, True, "legacy_encoding"),
    ("vni_legacy_encoding", VNI, 0.0, OcrMode.AUTO, True, "legacy_encoding"),
    ("utf8_read_as_latin1", MOJIBAKE, 0.0, OcrMode.AUTO, True, "legacy_encoding"),
    ("random_letters", RANDOM, 0.0, OcrMode.AUTO, True, "garbage"),
    ("unmapped_glyphs", CID, 0.0, OcrMode.AUTO, True, "broken_glyphs"),
    ("forced_ocr_on_sound_text", SOUND, 0.0, OcrMode.ALWAYS, True, "forced_ocr"),
    ("forced_text_layer_on_empty", "", 1.0, OcrMode.NEVER, False, "forced_text_layer"),
]


@pytest.mark.parametrize(
    ("case", "text", "coverage", "mode", "use_ocr", "reason"), CASES, ids=[c[0] for c in CASES]
)
def test_page_needs_ocr(
    case: str, text: str, coverage: float, mode: OcrMode, use_ocr: bool, reason: str
) -> None:
    decision = page_needs_ocr(measure_text_layer(text, coverage), mode)
    assert (decision.use_ocr, decision.reason) == (use_ocr, reason)


WORDS = [
    ("nghiêng", True),
    ("Quyết", True),
    ("CCHC", True),
    ("TTHC", True),
    ("ĐỒNG", True),
    ("hoạch", True),
    ("khuyến", True),
    ("cña", False),  # TCVN3 'của'
    ("Caûi", False),  # VNI 'Cải'
    ("xqzk", False),
    ("ChÝnh", False),  # mixed case inside a word
    ("ảá", False),  # two tone marks
]


@pytest.mark.parametrize(("word", "expected"), WORDS)
def test_is_vietnamese_word(word: str, expected: bool) -> None:
    assert is_vietnamese_word(word) is expected


@pytest.mark.parametrize("seed", seed_files(), ids=lambda p: p.name[:3])
def test_real_report_text_is_routed_to_text_layer(seed) -> None:
    """The seeds are real text layers (flaws included): every 3,000-character window must pass."""
    text = normalize_text(seed.read_text(encoding="utf-8"))
    for start in range(0, len(text), 3000):
        quality = measure_text_layer(text[start : start + 3000])
        assert not page_needs_ocr(quality).use_ocr, (seed.name, start, quality)
