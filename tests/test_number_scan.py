"""Patterns tried only where a number begins find what scanning every character finds."""

from __future__ import annotations

import random
import re

import pytest

from extractors.citation_grammar import LOOKALIKE_LETTERS, grammar
from extractors.citations import find_numbers, starts_by_separator
from extractors.facts import figure_starts, patterns, starts_by_kind
from extractors.number_scan import finditer_from, number_starts
from tests.conftest import seed_files


def _number_patterns() -> dict[str, tuple[object, str, bool]]:
    """Each pattern, the letters OCR reads for digits it accepts, and whether it is a figure's."""
    figures, numbers = patterns(), grammar()
    return {
        "percent": (figures.percent, "", True),
        "money": (figures.money, "", True),
        "ratio": (figures.ratio, "", True),
        "count": (figures.count, "", True),
        "standard": (numbers.standard, LOOKALIKE_LETTERS, False),
        "party": (numbers.party, LOOKALIKE_LETTERS, False),
    }


def _same_matches(name: str, text: str) -> None:
    pattern, lookalikes, figure = _number_patterns()[name]
    if figure:
        starts = starts_by_kind(text, figure_starts(text, number_starts(text)))[name]
    else:
        by_separator = starts_by_separator(text, number_starts(text))
        starts = by_separator[0] if name == "standard" else by_separator[1]
    fast = finditer_from(pattern, text, starts, lookalikes)  # type: ignore[arg-type]
    expected = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]  # type: ignore[attr-defined]
    assert [(m.span(), m.groupdict()) for m in fast] == expected


NAMES = ["percent", "money", "ratio", "count", "standard", "party"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("seed", seed_files(), ids=lambda p: p.stem)
def test_number_led_patterns_find_the_same_on_the_seeds(seed, name) -> None:
    _same_matches(name, seed.read_text(encoding="utf-8"))


PIECES = ["12", "2024", "/", "-", "QĐ", "UBND", "NQ", "TW", "l5", "O4", "o1", "Số", "số", "%", " %", ".",
          ",", "5.000", "đồng", "triệu đồng", "hồ sơ", " ", "\n", "10:21", "x", "ngày", "12,5", ":"]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("seed", range(40))
def test_number_led_patterns_find_the_same_on_random_text(seed, name) -> None:
    rng = random.Random(seed)
    _same_matches(name, "".join(rng.choice(PIECES) for _ in range(400)))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "7",
        "a 12 b345 l5/O 7",
        "١٢/٣ ４５% ߁߂ ৭x",  # Arabic-Indic, fullwidth, N'Ko and Bengali digits are digits to \\d too
        "𝟘𝟙 plane 1 digits 𝟠",
        "𠀀 12 beyond the table 3𠀀4",  # a character past the digit table: the regex scan
        "lone \ud800 surrogate 12 \udfff3",
        "²³ ½ Ⅻ are no decimal digits 9",
    ],
)
def test_number_starts_are_where_the_regex_finds_runs_of_digits(text: str) -> None:
    assert number_starts(text) == [m.start() for m in re.finditer(r"\d+", text)]


def test_number_starts_are_where_runs_of_digits_begin() -> None:
    assert number_starts("a 12 b345 l5/O 7") == [2, 6, 11, 15]
    assert figure_starts("a 12 b345 l5/O 7", [2, 6, 11, 15]) == [2, 15]


@pytest.mark.parametrize(
    ("text", "blank"),
    [
        ("Số: /KH-SYT", True),
        ("  Số :\t/BC-UBND", True),
        ("SỞ Y TẾ\nSố: /KH-SYT", True),
        ("theo Số: /KH-SYT", False),
    ],
)
def test_a_blank_own_number_opens_its_line(text: str, blank: bool) -> None:
    assert any(not number.seq for number in find_numbers(text)) == blank
