"""Sentences and headings around an offset, computed on the page text itself (offsets stay exact)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

SENTENCE_END = re.compile(
    r"(?<=[.;:!?])\s+(?=[A-ZĐÀ-Ỹ\-+*(“\"])|\n[ \t]*\n(?=[ \t]*(?:[-+*]|[IVX]+\.|\d+\.))"
)
HEADING = re.compile(
    r"^[ \t]*(?P<label>(?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2}){0,3}|[a-zđ])[.)])[ \t]+(?P<text>[^\n]{3,160})$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Heading:
    """A section heading line: its label (I., 1., 1.1., a)), text and offset."""

    start: int
    label: str
    text: str

    @property
    def label_and_text(self) -> str:
        """'II. KẾT QUẢ THỰC HIỆN' as one string."""
        return f"{self.label} {self.text.strip()}"


def find_headings(text: str) -> list[Heading]:
    """Lines that look like numbered section headings, in order."""
    return [Heading(m.start(), m["label"], m["text"]) for m in HEADING.finditer(text)]


def heading_at(headings: list[Heading], offset: int) -> Heading | None:
    """The last heading that starts before ``offset``."""
    starts = [h.start for h in headings]
    index = bisect.bisect_right(starts, offset) - 1
    return headings[index] if index >= 0 else None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets from underthesea's sentence splitter, aligned back onto ``text``.

    underthesea returns sentence strings; each is found again in ``text`` after the previous one, so
    offsets refer to the original text. A sentence that cannot be aligned is merged into its neighbour.
    """
    from underthesea import sent_tokenize  # here, not at import: the flow's parent process never needs it

    spans: list[tuple[int, int]] = []
    position = 0
    for sentence in sent_tokenize(text):
        found = text.find(sentence, position)
        if found < 0:
            continue
        spans.append((found, found + len(sentence)))
        position = found + len(sentence)
    return _fill_gaps(spans, len(text))


def _fill_gaps(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Stretch spans so they tile the text: text between two sentences joins the earlier one."""
    if not spans:
        return [(0, length)]
    starts = [0] + [s for s, _ in spans[1:]]
    ends = [*starts[1:], length]
    return list(zip(starts, ends, strict=True))


MAX_SENTENCE = 400  # a "sentence" running through a table is cut to this many characters around the span


def sentence_at(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """The sentence(s) covering text[start:end], whitespace collapsed, at most ~MAX_SENTENCE characters."""
    starts = [s for s, _ in spans]
    first = max(bisect.bisect_right(starts, start) - 1, 0)
    last = max(bisect.bisect_right(starts, max(end - 1, start)) - 1, first)
    left, right = spans[first][0], spans[last][1]
    half = MAX_SENTENCE // 2
    cut_left, cut_right = max(left, start - half), min(right, end + half)
    sentence = " ".join(text[cut_left:cut_right].split())
    return ("…" if cut_left > left else "") + sentence + ("…" if cut_right < right else "")
