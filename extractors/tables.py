"""Pattern tables shipped as CSV files in extractors/data (data, not code), loaded once."""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Iterator
from importlib import resources


@functools.cache
def load_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``extractors/data/<name>.csv`` as dicts (cached)."""
    text = resources.files("extractors").joinpath("data", f"{name}.csv").read_text(encoding="utf-8")
    return tuple(csv.DictReader(text.splitlines()))


def kind_phrase_list(name: str, kind: str) -> list[str]:
    """The phrases of ``kind`` in table ``name`` (columns kind, phrases: 'Tổng cộng|Tổng số')."""
    return next(row["phrases"] for row in load_table(name) if row["kind"] == kind).split("|")


@functools.cache
def kind_phrases(name: str, kind: str) -> re.Pattern[str]:
    """The phrases of ``kind`` in table ``name``, matched at the start of a line or cell, case-insensitive."""
    phrases = phrase_tree(kind_phrase_list(name, kind), ignore_case=True)
    return re.compile(rf"^[ \t]*(?:{phrases})(?!\w)", re.IGNORECASE)


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Any of the phrases as whole words, case-insensitive (a table's keyword list as one regex)."""
    return re.compile(rf"(?<!\w)(?:{phrase_tree(phrases, ignore_case=True)})(?!\w)", re.IGNORECASE)


def phrase_tree(phrases: Iterable[str], ignore_case: bool = False) -> str:
    """A regex matching any of the table phrases, the longest that fits, each space allowing any whitespace
    (reports wrap lines inside phrases: 'Quyết \\n\\nđịnh', 'tối \\n\\nthiểu'): a tree of the phrases'
    characters ('bà rịa' and 'bắc ninh' share 'b'), where the engine tries one branch per character; an
    alternation of the phrases, longest first, had it try every phrase (a list of a hundred names was
    searched three times slower; tests compare the two). Longer phrases are tried first at every
    branching (two phrases matching at one place are one and its continuation). ``ignore_case``: for a
    case-insensitive pattern, phrases that differ in case only share their branch."""
    tree: dict[str, dict] = {}
    for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):  # longest first, ties in a fixed order
        node = tree
        for unit in _units(phrase.lower() if ignore_case else phrase):
            node = node.setdefault(unit, {})
        node[""] = {}  # a phrase ends here
    return _branches(tree)


def _units(phrase: str) -> Iterator[str]:
    """The phrase's characters escaped, any whitespace where it has a space."""
    for k, word in enumerate(phrase.split()):
        if k:
            yield r"\s+"
        yield from map(re.escape, word)


def _branches(node: dict[str, dict]) -> str:
    branches = [unit + _branches(child) for unit, child in node.items() if unit]
    if not branches:
        return ""
    either = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if "" not in node:
        return either
    return f"(?:{either})?" if len(branches) == 1 and len(branches[0]) > 1 else f"{either}?"


def whole_word_matches(
    pattern: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None
) -> Iterator[re.Match[str]]:
    """What ``(?<!\\w)`` before ``pattern`` would find with ``finditer``: its matches that do not begin
    inside a word, a match that does tried again a character later. A pattern that opens with a
    lookbehind is tried at every character of the page; without one the engine skips to the characters
    the pattern can begin with."""
    end = len(text) if endpos is None else endpos
    found = pattern.search(text, pos, end)
    while found is not None:
        start = found.start()
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            yield found
            pos = max(found.end(), start + 1)
        else:
            pos = start + 1
        found = pattern.search(text, pos, end)
