"""normalize_text: NFC, Đ look-alikes, line endings, control characters (table-driven); today's tone placement."""

from __future__ import annotations

import random
import unicodedata

import pytest

from extractors.normalize import _OLD_TONE, SCANNED_FROM, _new_tone, new_tone_placement, normalize_text
from tests.conftest import seed_files

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


TONE_ALPHABET = [
    "o",
    "u",
    "O",
    "U",
    "q",
    "Q",
    "à",
    "á",
    "ạ",
    "ỷ",
    "Ỳ",
    "À",
    "ẻ",
    "a",
    "h",
    " ",
    "\n",
    "1",
    "_",
    "²",
    "𝟘",
]


@pytest.mark.parametrize("seed", range(40))
def test_tone_placement_of_a_page_is_the_patterns_substitution(seed: int) -> None:
    """A long text's pairs are found among its code points at once: the result is the pattern's own
    substitution (glides in both cases, q before them, letters, digits and others after the pair, code
    points past the table: '𝟘')."""
    rng = random.Random(seed)
    text = "".join(rng.choice(TONE_ALPHABET[: -1 if seed % 4 else None]) for _ in range(SCANNED_FROM + 500))
    assert new_tone_placement(text) == _OLD_TONE.sub(_new_tone, text)


@pytest.mark.parametrize("seed", seed_files(), ids=lambda p: p.stem)
def test_tone_placement_of_a_seed_is_the_patterns_substitution(seed) -> None:
    text = seed.read_text(encoding="utf-8")
    assert new_tone_placement(text) == _OLD_TONE.sub(_new_tone, text)
