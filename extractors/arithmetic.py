"""Arithmetic audit of a document's figures: conflicting ratios, percentages that do not match their
x/y, and periods that end before they start. Tolerances are stated as constants."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz

from extractors.audit import finding_types
from extractors.dates import NUMERIC_DATE, parse_date_at
from schemas.facts import Fact
from schemas.findings import Finding

PERCENT_TOLERANCE = (
    0.1  # percentage points: "96,39%" for 15.920/16.139 = 98,64 % is off; 73 % for 227/310 is not
)
SAME_SUBJECT = 80  # rapidfuzz token-set ratio above which two subjects name the same measure
NEAR = 80  # characters: a percentage this close after a ratio, in the same clause, states that ratio
DATE_RANGE = re.compile(r"\b[Tt]ừ\s+(?:ngày\s+)?(?P<a>\S+)\s+đến\s+(?:ngày\s+)?(?P<b>\S+)")


def _finding(
    type_: str, message: str, doc_id: str, page: int, start: int, end: int, raw: str, evidence: str
) -> Finding:
    severity = finding_types()[type_]["severity"]
    return Finding(doc_id, type_, severity, message, evidence, (page,), (), page, start, end, raw)


def _quote(text: str, start: int, end: int) -> str:
    return f"…{' '.join(text[max(0, start - 60) : start].split())} «{' '.join(text[start:end].split())}» " + (
        f"{' '.join(text[end : end + 60].split())}…"
    )


def audit_figures(facts: Sequence[Fact], texts: dict[int, str], doc_id: str) -> list[Finding]:
    """Every figure check over one document's facts (texts: page -> page text)."""
    return (
        ratio_conflicts(facts, texts) + percent_mismatches(facts, texts) + reversed_date_ranges(texts, doc_id)
    )


def ratio_conflicts(facts: Sequence[Fact], texts: dict[int, str]) -> list[Finding]:
    """One measure (same unit, same denominator) stated as different x/y in the same report."""
    groups: dict[tuple[str | None, float | None], list[Fact]] = defaultdict(list)
    for f in facts:
        if f.kind == "ratio" and f.unit and f.denominator and f.denominator > 1:
            groups[(f.unit, f.denominator)].append(f)
    out = []
    for (unit, denominator), group in groups.items():
        pair = _same_measure_other_count(group)
        if pair:
            shown = " and ".join(f"{f.numerator:g}/{denominator:g}" for f in pair)
            first = pair[0]
            evidence = " | ".join(f"p{f.page}: " + _quote(texts[f.page], f.start, f.end) for f in pair)
            out.append(
                _finding(
                    "ratio_conflict",
                    f"{unit}: given as {shown}",
                    first.doc_id,
                    first.page,
                    first.start,
                    first.end,
                    first.raw,
                    evidence,
                )
            )
    return out


def _same_measure_other_count(group: list[Fact]) -> tuple[Fact, Fact] | None:
    """Two ratios with the same unit and denominator whose subjects say the same thing
    ('đã hoàn thành 26/52 nhiệm vụ' … 'đã hoàn thành 20/52 nhiệm vụ'), but other numerators."""
    for i, a in enumerate(group):
        for b in group[i + 1 :]:
            same_subject = (
                fuzz.token_set_ratio((a.subject or "").lower(), (b.subject or "").lower()) >= SAME_SUBJECT
            )
            if a.numerator != b.numerator and same_subject:
                return a, b
    return None


def percent_mismatches(facts: Sequence[Fact], texts: dict[int, str]) -> list[Finding]:
    """A percentage right after a ratio in the same clause ('15.920/16.139 hồ sơ, đạt 96,39%') must equal it."""
    out = []
    ordered = sorted(facts, key=lambda f: (f.page, f.start))
    for ratio, percent in itertools.pairwise(ordered):
        if ratio.kind != "ratio" or percent.kind != "percent" or ratio.page != percent.page:
            continue
        between = texts[ratio.page][ratio.end : percent.start]
        if len(between) > NEAR or re.search(r"[;.]\s", between):
            continue
        expected = 100 * ratio.value
        if abs(expected - percent.value) > PERCENT_TOLERANCE:
            message = f"{percent.raw.strip()} stated for {ratio.raw.split()[0]}, which is {expected:.2f}%"
            evidence = f"p{ratio.page}: " + _quote(texts[ratio.page], ratio.start, percent.end)
            out.append(
                _finding(
                    "percent_mismatch",
                    message,
                    percent.doc_id,
                    percent.page,
                    percent.start,
                    percent.end,
                    percent.raw,
                    evidence,
                )
            )
    return out


def reversed_date_ranges(texts: dict[int, str], doc_id: str) -> list[Finding]:
    """'từ 15/12/2022 đến 14/03/2022': a period that ends before it starts."""
    out = []
    for page, text in texts.items():
        for m in DATE_RANGE.finditer(text):
            a, b = parse_date_at(text, m.start("a")), parse_date_at(text, m.start("b"))
            if not (a and b and a.value and b.value and NUMERIC_DATE.match(m["a"])) or a.value <= b.value:
                continue
            message = f"period from {a.value:%d/%m/%Y} to {b.value:%d/%m/%Y} ends before it starts"
            out.append(
                _finding(
                    "date_range_reversed",
                    message,
                    doc_id,
                    page,
                    m.start(),
                    m.end(),
                    m.group(0),
                    f"p{page}: " + _quote(text, m.start(), m.end()),
                )
            )
    return out
