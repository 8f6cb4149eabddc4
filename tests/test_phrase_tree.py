"""Phrase lists as a tree of their characters (`tables.phrase_tree`) match what the flat alternation,
longest first, matched; `tables.whole_word_matches` finds what a leading ``(?<!\\w)`` found."""

from __future__ import annotations

import random
import re

import pytest

from extractors.tables import load_table, phrase_tree, whole_word_matches
from tests.conftest import seed_files


def phrase_alternation(phrases: list[str]) -> str:
    """The alternation the extractors compiled before the tree: the phrases longest first, each space
    allowing any whitespace."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)


CASES = [
    # (name, phrases, ignore_case, expected pattern)
    ("one_phrase", ["tổng số"], False, r"tổng\s+số"),
    ("shared_start", ["bà rịa", "bắc ninh"], False, r"b(?:ắc\s+ninh|à\s+rịa)"),
    ("a_phrase_and_its_continuation", ["ab", "abc"], False, r"abc?"),
    ("continued_by_words", ["thông tư", "thông tư liên tịch"], False, r"thông\s+tư(?:\s+liên\s+tịch)?"),
    ("case_kept_apart", ["Ab", "ab"], False, r"(?:Ab|ab)"),
    ("case_shared_when_ignored", ["Tổng số", "tổng số"], True, r"tổng\s+số"),
    ("escaped", ["a.b", "a-b"], False, r"a(?:\-b|\.b)"),
]


@pytest.mark.parametrize(("case", "phrases", "ignore_case", "expected"), CASES, ids=[c[0] for c in CASES])
def test_phrase_tree(case: str, phrases: list[str], ignore_case: bool, expected: str) -> None:
    assert phrase_tree(phrases, ignore_case=ignore_case) == expected


def _phrase_lists() -> list[tuple[str, list[str]]]:
    """Every phrase list the extractors compile (one column of a data table, or one kind of it)."""
    lists = [
        ("agencies", [r["agency"] for r in load_table("agencies")]),
        ("provinces", [r["province"] for r in load_table("provinces_2025")]),
        ("count_units", [r["unit"] for r in load_table("count_units")]),
        ("money_units", [r["unit"] for r in load_table("money_units")]),
        ("target_words", [r["phrase"] for r in load_table("target_words")]),
        ("total_words", [r["phrase"] for r in load_table("total_words")]),
        ("doc_kinds", [r["words"] for r in load_table("doc_kinds")]),
    ]
    lists += [(f"par_domain_{r['code']}", r["keywords"].split("|")) for r in load_table("par_domains")]
    lists += [(f"score_column_{r['role']}", r["keywords"].split("|")) for r in load_table("score_columns")]
    kinds = sorted({r["kind"] for r in load_table("title_words")})
    lists += [
        (f"title_{k}", [r["phrase"] for r in load_table("title_words") if r["kind"] == k]) for k in kinds
    ]
    return lists


def _texts() -> list[str]:
    """The seeds, and the seeds with every phrase of every list written in upper and in title case."""
    seeds = [path.read_text(encoding="utf-8") for path in seed_files()]
    every = "\n".join(p for _, phrases in _phrase_lists() for p in phrases)
    return [*seeds, every, every.upper(), every.title(), every.replace(" ", " \n ")]


@pytest.mark.parametrize(("name", "phrases"), _phrase_lists(), ids=[n for n, _ in _phrase_lists()])
@pytest.mark.parametrize("flags", [0, re.IGNORECASE], ids=["case", "any_case"])
def test_the_tree_matches_what_the_alternation_matched(name: str, phrases: list[str], flags: int) -> None:
    """Whole words, any whitespace between them: the same spans in the seeds and in every phrase."""
    ignore_case = bool(flags & re.IGNORECASE)
    flat = re.compile(rf"(?<!\w)(?:{phrase_alternation(phrases)})(?!\w)", flags)
    tree = re.compile(rf"(?<!\w)(?:{phrase_tree(phrases, ignore_case=ignore_case)})(?!\w)", flags)
    for text in _texts():
        assert [m.span() for m in tree.finditer(text)] == [m.span() for m in flat.finditer(text)]


WORD_ALPHABET = ["hà", "nam", "định", " ", "\n", "x", "_", "1", "-", "hànam", "nam định"]


@pytest.mark.parametrize("seed", range(30))
def test_whole_word_matches_find_what_a_lookbehind_found(seed: int) -> None:
    """A match that begins inside a word is tried again a character later ('xhà nam định': 'nam định'
    stands inside the rejected 'hà nam …')."""
    rng = random.Random(seed)
    text = "".join(rng.choice(WORD_ALPHABET) for _ in range(400))
    tree = phrase_tree(["hà nam", "nam định", "hà"])
    behind = re.compile(rf"(?<!\w)(?:{tree})(?!\w)")
    ahead = re.compile(rf"(?:{tree})(?!\w)")
    start, end = rng.randrange(0, 50), rng.randrange(300, len(text) + 1)
    found = [m.span() for m in whole_word_matches(ahead, text, start, end)]
    assert found == [m.span() for m in behind.finditer(text, start, end)]


def test_a_phrase_inside_a_rejected_match_is_found() -> None:
    ahead = re.compile(rf"(?:{phrase_tree(['hà nam', 'nam định'])})(?!\w)")
    assert [m.group() for m in whole_word_matches(ahead, "xhà nam định")] == ["nam định"]
