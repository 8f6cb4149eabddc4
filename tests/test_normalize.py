"""normalize_text: NFC, Đ look-alikes, line endings, control characters (table-driven)."""

from __future__ import annotations

import unicodedata

import pytest

from extractors.normalize import normalize_text

CASES = [
    ("nfc_from_decomposed", unicodedata.normalize("NFD", "Cải cách hành chính"), "Cải cách hành chính"),
    ("eth_capital_is_d_stroke", "\u00d0ề án", "Đề án"),
    ("eth_small_is_d_stroke", "\u00f0ồng", "đồng"),
    ("african_d_is_d_stroke", "\u0189ảng", "Đảng"),
    ("crlf_to_lf", "dòng 1\r\ndòng 2\rdòng 3", "dòng 1\ndòng 2\ndòng 3"),
    ("nbsp_to_space", "Số:\u00a045/BC-SYT", "Số: 45/BC-SYT"),
    ("zero_width_removed", "Quyết\u200b định", "Quyết định"),
    ("soft_hyphen_removed", "hành\u00adchính", "hànhchính"),
    ("nul_and_bell_removed", "a\x00b\x07c", "abc"),
    ("tab_lf_ff_kept", "a\tb\nc\fd", "a\tb\nc\fd"),
    ("plain_unchanged", "Nghị định 61/2018/NĐ-CP", "Nghị định 61/2018/NĐ-CP"),
]


@pytest.mark.parametrize(("case", "raw", "expected"), CASES, ids=[c[0] for c in CASES])
def test_normalize_text(case: str, raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_is_idempotent() -> None:
    text = unicodedata.normalize("NFD", "\u00d0ồng ý\r\n92,03%")
    once = normalize_text(text)
    assert normalize_text(once) == once
