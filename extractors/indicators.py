"""Facts -> indicator codes analysts compare across provinces (catalogue: extractors/data/indicators.csv).

A figure gets the first catalogue indicator whose kind and unit it has and whose keywords appear in its
clause (the words before it back to the previous sentence or semicolon, and those right after it),
unless an exclusion word appears there too. Figures that match nothing keep indicator null.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from extractors.tables import load_table, phrase_pattern
from schemas.facts import Fact

BEFORE = 140  # characters of context before a figure
AFTER = 60  # characters after it
CLAUSE_START = re.compile(r"[.;!?]\s|\n\s*\n|\n\s*[-+•]\s")
CLAUSE_END = re.compile(r"[.;,(\n]")


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    kinds: frozenset[str]
    units: frozenset[str]
    keywords: re.Pattern[str]
    exclude: re.Pattern[str] | None


def _words(phrases: str) -> re.Pattern[str]:
    return phrase_pattern(phrases.split("|"))


@functools.cache
def catalogue() -> tuple[Indicator, ...]:
    """The indicators in catalogue order (more specific ones first)."""
    return tuple(_indicator(row) for row in load_table("indicators"))


def _indicator(row: dict[str, str]) -> Indicator:
    units = frozenset(u.lower() for u in row["units"].split("|") if u)
    exclude = _words(row["exclude"]) if row["exclude"] else None
    return Indicator(
        row["code"], row["label"], frozenset(row["kinds"].split("|")), units, _words(row["keywords"]), exclude
    )


def figure_clause(text: str, start: int, end: int) -> str:
    """The words a figure belongs to: back to the clause start, and on to the next comma or stop."""
    before = text[max(0, start - BEFORE) : start]
    starts = list(CLAUSE_START.finditer(before))
    before = before[starts[-1].end() :] if starts else before
    after = text[end : end + AFTER]
    stop = CLAUSE_END.search(after)
    return " ".join((before + text[start:end] + after[: stop.start() if stop else len(after)]).split())


def indicator_of(fact: Fact, text: str) -> str | None:
    """The catalogue code of ``fact`` (found in page ``text``), or None."""
    return indicator_of_words(fact.kind, fact.unit, figure_clause(text, fact.start, fact.end))


def indicator_of_words(kind: str, unit: str | None, clause: str) -> str | None:
    """The catalogue code of a figure of ``kind`` and ``unit`` that ``clause`` describes, or None."""
    for indicator in _applicable(kind, (unit or "").lower()):
        if indicator.keywords.search(clause) and not (indicator.exclude and indicator.exclude.search(clause)):
            return indicator.code
    return None


@functools.lru_cache(maxsize=256)
def _applicable(kind: str, unit: str) -> tuple[Indicator, ...]:
    """The indicators, in catalogue order, that a figure of ``kind`` and (lower-cased) ``unit`` can be."""
    return tuple(i for i in catalogue() if kind in i.kinds and (not i.units or unit in i.units))
