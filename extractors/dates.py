"""Vietnamese dates as written in reports: 14/5/2016, 14-5-2016, 14 tháng 5 năm 2016, and broken ones."""

from __future__ import annotations

import datetime as dt
import re

from schemas.base import record

MIN_YEAR, MAX_YEAR = 1945, 2100
# Years corrupted by text extraction: "21.06" for 2016 ("201" became "21.0").
CORRUPT_YEAR = r"2?1\.0\d"
YEAR = rf"(?:1[89]\d\d|20\d\d)(?!\d)|{CORRUPT_YEAR}(?!\d)|\d{{1,3}}(?![\d.,/])"
# a day of 10-19 whose 1 OCR read as a letter ('ngày l6 tháng 4', 'I8'), not a word's last letter
# ('|' is not taken: a table's rule stands before a cell's date)
DAY = r"(?:(?<![^\W\d_])[lI]\d|\d{1,2})"
# letters OCR reads for digits, as those digits (dates' days here; the citation grammar's numbers too)
LOOKALIKE_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "L": "1", "i": "1"})
# a month whose two digits OCR set apart ('25/1 1/2025'): read as one number, repaired
MONTH = r"(?:1 [0-2](?=[ \t]*/)|\d{1,2})"
NUMERIC_DATE = re.compile(
    rf"(?P<d>{DAY})[ \t]*(?P<sep>[/.-])[ \t]*(?P<m>{MONTH})[ \t]*(?P=sep)[ \t]*(?P<y>{YEAR})"
)
WORDED_DATE = re.compile(rf"(?P<d>{DAY})\s*tháng\s*(?P<m>\d{{1,2}})\s*năm\s*(?P<y>{YEAR})", re.IGNORECASE)
HANDWRITING_FILLER = re.compile(r"[….·_ \t]*")  # "ngày …27  /8/2021": dots left for a hand-filled day
BLANKS = re.compile(r"[ \t]*")
WHOLE_CORRUPT_YEAR = re.compile(CORRUPT_YEAR)


@record
class ParsedDate:
    """A date as found: the value when it is a real date, the raw text, and what is wrong with it."""

    value: dt.date | None
    raw: str
    start: int
    end: int
    problem: str | None  # truncated, impossible, repaired, or None


def repair_year(year: str) -> tuple[int | None, bool]:
    """The year as an int (corrupted '21.06' -> 2016, repaired=True); None for truncated years."""
    if WHOLE_CORRUPT_YEAR.fullmatch(year):
        return 2010 + int(year[-1]), True
    if len(year) != 4:
        return None, False
    return int(year), False


def parse_date_at(text: str, pos: int) -> ParsedDate | None:
    """The date starting at ``pos`` (after optional hand-fill dots), or None if no date is there."""
    start = HANDWRITING_FILLER.match(text, pos).end()
    match = NUMERIC_DATE.match(text, start) or WORDED_DATE.match(text, start)
    if match is None:
        return None
    return _to_parsed(match, text[pos : match.end()].strip(), pos + _leading_space(text, pos), match.end())


def _leading_space(text: str, pos: int) -> int:
    return BLANKS.match(text, pos).end() - pos  # type: ignore[union-attr]


def _to_parsed(match: re.Match[str], raw: str, start: int, end: int) -> ParsedDate:
    year, repaired = repair_year(match["y"])
    if year is None:
        return ParsedDate(None, raw, start, end, "truncated")
    day, month = match["d"].translate(LOOKALIKE_DIGITS), match["m"].replace(" ", "")
    repaired = repaired or day != match["d"] or month != match["m"]
    try:
        value = dt.date(year, int(month), int(day))
    except ValueError:
        return ParsedDate(None, raw, start, end, "impossible")
    if not MIN_YEAR <= year <= MAX_YEAR:
        return ParsedDate(None, raw, start, end, "impossible")
    return ParsedDate(value, raw, start, end, "repaired" if repaired else None)


def find_dates(text: str) -> list[ParsedDate]:
    """Every date in ``text`` (numeric or worded), in order."""
    found = []
    for pattern in (NUMERIC_DATE, WORDED_DATE):
        found += [_to_parsed(m, m.group(0), m.start(), m.end()) for m in pattern.finditer(text)]
    return sorted(found, key=lambda d: d.start)
