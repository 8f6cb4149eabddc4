"""Pattern tables shipped as CSV files in extractors/data (data, not code), loaded once."""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable
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
    return re.compile(rf"^[ \t]*(?:{phrase_alternation(kind_phrase_list(name, kind))})(?!\w)", re.IGNORECASE)


def phrase_alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of table phrases, longest first, each space allowing any whitespace
    (reports wrap lines inside phrases: 'Quyết \\n\\nđịnh', 'tối \\n\\nthiểu')."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Any of the phrases as whole words, case-insensitive (a table's keyword list as one regex)."""
    return re.compile(rf"(?<!\w)(?:{phrase_alternation(phrases)})(?!\w)", re.IGNORECASE)
