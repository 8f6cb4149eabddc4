"""Patterns that begin with a number, tried only where a number begins.

Python's regular-expression engine scans a pattern that opens with a lookbehind (`(?<![\\w.,/:])\\d…`)
by trying it at every character of the page, which made the figure and document-number patterns most of
the extraction time. A run of digits is found by a fast scan instead, and the pattern is tried where one
begins: the matches are those of ``pattern.finditer(text)`` (tests compare the two on the seeds and on
random text), at a small share of the cost.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

DIGIT_RUN = re.compile(r"\d+")


def number_starts(text: str) -> list[int]:
    """Where each run of digits begins, in order."""
    return [run.start() for run in DIGIT_RUN.finditer(text)]


def finditer_from(
    pattern: re.Pattern[str], text: str, starts: list[int], lookalikes: str = ""
) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` yields, for a pattern that can only match where a run of digits
    begins (``starts``), or one character before, where that character is one of ``lookalikes`` (OCR's
    'l5' or 'O4': a letter read for a digit): each match is the first one at a start after the previous
    match (lookbehinds still see the text before the start)."""
    searched_from = 0
    for digit_start in starts:
        before = digit_start - 1
        tried = (before, digit_start) if before >= 0 and text[before] in lookalikes else (digit_start,)
        for start in tried:
            if start < searched_from:
                continue
            match = pattern.match(text, start)
            if match:
                yield match
                searched_from = max(match.end(), start + 1)
                break
