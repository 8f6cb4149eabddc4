"""Figures in a page's text: `text_to_facts(text) -> list[Fact]` (counts, percentages, money, ratios).

Units, money multipliers and target words are tables in extractors/data; numbers are parsed by
`numbers.parse_vietnamese_number`. Dates, document numbers (passed in as spans to skip), section
labels and years are not facts.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.number_scan import finditer_from, number_starts
from extractors.numbers import NUMBER, parse_vietnamese_number
from extractors.tables import load_table, phrase_tree
from extractors.text_spans import Heading, PageSentences, find_headings, heading_at
from schemas.facts import Fact

INTEGER = r"\d{1,3}(?:\.\d{3})+|\d+"
LEAD = r"(?<![\w.,/:-])"  # not inside a word, another number, a date or a document number
CLAUSE_BREAK = re.compile(r"[;:(]|,(?!\d)|\s[-+*]\s|=|\.\s")  # line breaks are mostly wraps, not breaks
GENERIC_SUBJECT = re.compile(
    r"^(?:tỷ lệ|đạt|chiếm|bằng|thiếu|trong đó|\d[\d.,]*(?:\s+\S+){0,2})?$", re.IGNORECASE
)
SUBJECT_TAIL = re.compile(
    r"(?:\s+(?:đạt|là|chiếm|bằng|được|với|gồm|có|khoảng|tỷ lệ|mức|trên|dưới|từ|tối thiểu|tối đa|ít nhất))+\s*$",
    re.IGNORECASE,
)
NOT_RATIO_BEFORE = re.compile(r"(?:ngày|tháng|năm|từ|đến|số|mức độ|điều|khoản|quý)\s*$", re.IGNORECASE)
MAX_SUBJECT_WORDS = 14
SUBJECT_WINDOW = 240  # characters before a figure its subject is looked for in
TARGET_HEADING = re.compile(r"mục tiêu|chỉ tiêu", re.IGNORECASE)  # a section whose figures are targets


@dataclass(frozen=True)
class _Patterns:
    percent: re.Pattern[str]
    money: re.Pattern[str]
    ratio: re.Pattern[str]
    count: re.Pattern[str]
    multipliers: dict[str, float]
    targets: re.Pattern[str]
    comparators: dict[str, str]


@functools.cache
def patterns() -> _Patterns:
    """Compile the figure patterns from count_units.csv, money_units.csv and target_words.csv."""
    units = [row["unit"] for row in load_table("count_units")]
    money = {row["unit"]: float(row["multiplier"]) for row in load_table("money_units")}
    targets = {row["phrase"]: row["comparator"] for row in load_table("target_words")}
    end = r"(?![^\W\d_])"
    return _Patterns(
        percent=re.compile(rf"(?<![\w.,/:])(?P<num>{NUMBER})[ \t]?%"),  # '25%-35%': a range of two
        money=re.compile(
            rf"{LEAD}(?P<num>{NUMBER})[ \t]+(?P<unit>{phrase_tree(money, ignore_case=True)}){end}",
            re.IGNORECASE,
        ),
        ratio=re.compile(
            rf"{LEAD}(?P<a>{INTEGER})[ \t]?/[ \t]?(?P<b>{INTEGER})(?![\d/.,])"
            rf"(?:\s{{0,6}}(?P<unit>{phrase_tree(units, ignore_case=True)}){end})?",
            re.IGNORECASE,
        ),
        count=re.compile(
            rf"{LEAD}(?P<num>{INTEGER})\s{{0,6}}(?P<unit>{phrase_tree(units, ignore_case=True)}){end}",
            re.IGNORECASE,
        ),
        multipliers={k.lower(): v for k, v in money.items()},
        targets=re.compile(
            rf"(?<!\w)(?P<phrase>{phrase_tree(targets, ignore_case=True)})(?!\w)", re.IGNORECASE
        ),
        comparators=targets,
    )


def text_to_facts(
    text: str,
    doc_id: str = "",
    page: int = 1,
    headings: list[Heading] | None = None,
    skip: Sequence[tuple[int, int]] = (),
    sentences: PageSentences | None = None,
    starts: list[int] | None = None,
) -> list[Fact]:
    """Every figure in one page's text, not overlapping ``skip`` spans (e.g. citations); ``sentences``:
    the page's sentences (`PageSentences`), ``starts``: where its runs of digits begin, when already known."""
    found = _find_all(text, list(skip), number_starts(text) if starts is None else starts)
    if not found:
        return []
    in_page = sentences if sentences is not None else PageSentences(text)
    in_page.expect(len(found))
    headings = find_headings(text) if headings is None else headings
    return [_to_fact(text, m, kind, doc_id, page, headings, in_page) for kind, m in found]


def _find_all(text: str, skip: list[tuple[int, int]], starts: list[int]) -> list[tuple[str, re.Match[str]]]:
    p = patterns()
    by_kind = starts_by_kind(text, figure_starts(text, starts))
    taken = _merged(skip)
    found = []
    for kind, pattern in (("percent", p.percent), ("money", p.money), ("ratio", p.ratio), ("count", p.count)):
        for match in finditer_from(pattern, text, by_kind[kind]):
            if _overlaps(match.span(), taken) or not _plausible(kind, match, text):
                continue
            bisect.insort(taken, match.span())
            found.append((kind, match))
    return sorted(found, key=lambda item: item[1].start())


def figure_starts(text: str, starts: list[int]) -> list[int]:
    """The runs of digits where a figure may begin: not right after a word character or '.,/:' (every
    figure pattern opens with a lookbehind that refuses them)."""
    return [s for s in starts if s == 0 or not (text[s - 1].isalnum() or text[s - 1] in "_.,/:")]


# a figure's number and the one space it may have before '%' or '/'
NUMBER_TOKEN = re.compile(r"[\d.,]*[ \t]?")


def starts_by_kind(text: str, starts: list[int]) -> dict[str, list[int]]:
    """The starts each figure pattern is tried at, told by the character after the number: '%' for a
    percentage, '/' for a ratio, a letter or a space (the unit) for money and counts."""
    by_kind: dict[str, list[int]] = {"percent": [], "money": [], "ratio": [], "count": []}
    for start in starts:
        end = NUMBER_TOKEN.match(text, start).end()  # type: ignore[union-attr]
        after = text[end : end + 1]
        if after == "%":
            by_kind["percent"].append(start)
        elif after == "/":
            by_kind["ratio"].append(start)
        elif after.isalpha() or after.isspace():
            by_kind["money"].append(start)
            by_kind["count"].append(start)
    return by_kind


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` sorted, overlapping ones joined: disjoint spans, so one neighbour decides an overlap."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    """Whether ``span`` overlaps one of the sorted, disjoint ``taken`` spans."""
    after = bisect.bisect_left(taken, (span[1],))  # the first span starting at or after span's end
    return after > 0 and taken[after - 1][1] > span[0]


def _not_money_after(match: re.Match[str], text: str) -> bool:
    """The unit opens another word: 'tỷ lệ', 'tỷ trọng' ('1 Tỷ lệ TTHC …': a table row's number before a
    rate), or a capitalised unit names a place with the word after it ('2025 Đồng Nai')."""
    return RATE_AFTER.match(text, match.end()) is not None or _opens_a_name(match, text)


def _opens_a_name(match: re.Match[str], text: str) -> bool:
    """A capitalised unit that opens names (extractors/data/name_heads.csv) with a capitalised word after it
    is a name ('Đồng Nai', 'Xã Lạc Dương', 'Tổ chức Cán bộ'), not the unit of the number before it; other
    units keep their number ('01 Vị trí Phó Giám đốc')."""
    unit = match["unit"]
    return (
        unit[:1].isupper()
        and " ".join(unit.lower().split()) in _name_heads()
        and PLACE_AFTER.match(text, match.end()) is not None
    )


@functools.cache
def _name_heads() -> frozenset[str]:
    return frozenset(row["word"] for row in load_table("name_heads"))


NOT_COUNT_BEFORE = re.compile(
    r"(?:năm|giai đoạn|tháng|ngày|quý|(?<!tổng\s)số|điều|khoản|mức độ)\s*$", re.IGNORECASE
)


RATE_AFTER = re.compile(
    r"[ \t]*(?:lệ|trọng)(?![^\W\d_])", re.IGNORECASE
)  # 'tỷ lệ', 'tỷ trọng': a rate, a share
PLACE_AFTER = re.compile(
    r"[ \t]+[A-ZĐ][^\W\d_]"
)  # 'Đồng Nai', 'Xã Lạc Dương': a capitalised word after the unit


LOST_SEPARATOR = re.compile(r"0\d{2,}")  # '=0331%' for 0,331 %: no figure is written with a leading zero


def _plausible(kind: str, match: re.Match[str], text: str) -> bool:
    if LOST_SEPARATOR.fullmatch(match["num"] if kind != "ratio" else match["a"]):
        return False
    if kind == "count":
        if _opens_a_name(match, text):  # '2\tXã Lạc Dương': a list's number before a commune's name
            return False
        return NOT_COUNT_BEFORE.search(text[max(0, match.start() - 12) : match.start()]) is None
    if kind == "money":
        return not _not_money_after(match, text)
    if kind != "ratio":
        return True
    a, b = (int(match[g].replace(".", "")) for g in ("a", "b"))
    before = text[max(0, match.start() - 12) : match.start()]
    is_month_year = a <= 12 and 1900 <= b <= 2100
    return b > 0 and a <= b and not is_month_year and NOT_RATIO_BEFORE.search(before) is None


def _to_fact(
    text: str,
    m: re.Match[str],
    kind: str,
    doc_id: str,
    page: int,
    headings: list[Heading],
    sentences: PageSentences,
) -> Fact:
    value, unit, numerator, denominator = _value(kind, m)
    heading = heading_at(headings, m.start())
    is_target, comparator = _target(text, m, heading)
    return Fact(
        doc_id=doc_id,
        page=page,
        start=m.start(),
        end=m.end(),
        raw=m.group(0),
        kind=kind,
        value=value,
        unit=unit,
        numerator=numerator,
        denominator=denominator,
        subject=unit if kind == "count" else (subject_of(text, m.start(), m.end()) or unit),
        is_target=is_target,
        comparator=comparator,
        section=heading.label_and_text if heading else None,
        sentence=sentences.at(m.start(), m.end()),
    )


def _value(kind: str, m: re.Match[str]) -> tuple[float, str | None, float | None, float | None]:
    if kind == "percent":
        return parse_vietnamese_number(m["num"], percent=True), "%", None, None
    if kind == "money":
        multiplier = patterns().multipliers[" ".join(m["unit"].lower().split())]
        return parse_vietnamese_number(m["num"]) * multiplier, "đồng", None, None
    if kind == "ratio":
        a, b = parse_vietnamese_number(m["a"]), parse_vietnamese_number(m["b"])
        return a / b, _unit(m["unit"]), a, b
    return parse_vietnamese_number(m["num"]), _unit(m["unit"]), None, None


def _unit(unit: str | None) -> str | None:
    return " ".join(unit.split()) if unit else None


SUBJECT_AFTER_END = re.compile(
    r"[,;.:()\n]|\s(?:được|đạt|phải|có|là|so với|trên tổng|theo|tại|trong)\s", re.IGNORECASE
)


def subject_of(text: str, start: int, end: int) -> str | None:
    """The clause before the figure, unless the figure opens its clause ('- 100% thủ tục hành chính được
    công bố'), where the words after it say what is measured."""
    window = text[max(0, start - SUBJECT_WINDOW) : start]
    bounds = [0, *(b.end() for b in CLAUSE_BREAK.finditer(window))]
    immediate = " ".join(window[bounds[-1] :].split()).strip(" -+*")
    if len(immediate.split()) <= 2:
        after = text[end : end + 120]
        stop = SUBJECT_AFTER_END.search(after)
        words = after[: stop.start() if stop else len(after)].split()
        if len(words) >= 2:
            return " ".join(words[:MAX_SUBJECT_WORDS])
    return _subject_before(window, bounds)


def _subject_before(window: str, bounds: list[int]) -> str | None:
    """What a figure measures: the clause before it ('Tỷ lệ hài lòng chung: 92,03%'), verbs trimmed;
    when that clause says nothing ('…: 11, tỷ lệ 18,3%', '227 hồ sơ = 73 %') the clause before it
    (``window``: the text before the figure; ``bounds``: 0 and the ends of its clause breaks)."""
    for left, right in zip(reversed(bounds), [len(window), *reversed(bounds[1:])], strict=False):
        clause = SUBJECT_TAIL.sub("", " ".join(window[left:right].split())).strip(" -+*.:;,=(")
        if clause and not GENERIC_SUBJECT.match(clause):
            return " ".join(clause.split()[-MAX_SUBJECT_WORDS:])
    return None


def _phrase(match: re.Match[str]) -> str:
    return " ".join(match["phrase"].lower().split())


def _clause_end(window: str) -> str:
    """The end of ``window`` from its last clause break on (a break ends on a mark or a space, so target
    words found there are the window's: the window is searched first, its clause only when they are)."""
    return window[max((b.end() for b in CLAUSE_BREAK.finditer(window)), default=0) :]


def _target(text: str, m: re.Match[str], heading: Heading | None) -> tuple[bool, str | None]:
    """Target wording around the figure ('tối thiểu 95%', 'từ 80% trở lên'), or a 'Mục tiêu' section."""
    p = patterns()
    window = text[max(0, m.start() - 60) : m.start()]
    after = text[m.end() : m.end() + 12]
    phrases = (
        [_phrase(x) for x in p.targets.finditer(_clause_end(window))] if p.targets.search(window) else []
    )
    phrases += [_phrase(x) for x in p.targets.finditer(after) if _phrase(x) == "trở lên"]
    if phrases:
        comparator = next((p.comparators[ph] for ph in reversed(phrases) if p.comparators[ph] != "="), "=")
        return True, comparator
    if heading and TARGET_HEADING.search(heading.text):
        return True, "="
    return False, None
