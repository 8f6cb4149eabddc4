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


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence around text[start:end]: from the last break before to the first after."""
    left = 0
    for match in SENTENCE_END.finditer(text, 0, start):
        left = match.end()
    right_match = SENTENCE_END.search(text, end)
    right = right_match.start() if right_match else len(text)
    return left, right


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], whitespace collapsed."""
    left, right = sentence_bounds(text, start, end)
    return " ".join(text[left:right].split())
