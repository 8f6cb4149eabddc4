"""Sentences and headings around an offset, computed on the page text itself (offsets stay exact)."""

from __future__ import annotations

import bisect
import functools
import importlib.util
import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from extractors.number_scan import TABLED_CODE_POINTS, code_points
from schemas.base import record

SENTENCE_END = re.compile(
    r"(?<=[.;:!?])\s+(?=[A-ZĐÀ-Ỹ\-+*(“\"])|\n[ \t]*\n(?=[ \t]*(?:[-+*]|[IVX]+\.|\d+\.))"
)
HEADING_LINE = (
    r"[ \t]*(?P<label>(?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2}){0,3}|[a-zđ])[.)])[ \t]+(?P<text>[^\n]{3,160})$"
)
HEADING_START = operator.attrgetter("start")  # a bisect key the interpreter calls without a frame
HEADING = re.compile("^" + HEADING_LINE, re.MULTILINE)
# the same after a line break: the engine finds a pattern's literal first character fast, while '^' it tries
# at every character of the page
HEADING_AFTER_BREAK = re.compile("\n" + HEADING_LINE, re.MULTILINE)


@record
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
    """Lines that look like numbered section headings, in order (the matches of ``HEADING``)."""
    first = HEADING.match(text)
    found = [Heading(0, first["label"], first["text"])] if first else []
    return found + [Heading(m.start() + 1, m["label"], m["text"]) for m in HEADING_AFTER_BREAK.finditer(text)]


def heading_at(headings: list[Heading], offset: int) -> Heading | None:
    """The last heading that starts before ``offset``."""
    index = bisect.bisect_right(headings, offset, key=HEADING_START) - 1
    return headings[index] if index >= 0 else None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets of underthesea's sentence splitter, tiling ``text``: text between two
    sentences joins the earlier one."""
    splitter = _splitter()
    if splitter is None:  # underthesea's module is not built as expected: its sentences, found again
        return _fill_gaps(_aligned(text, _package_sent_tokenize()(text)), len(text))
    return _fill_gaps(_stripped(text, splitter.pieces(text)), len(text))


def underthesea_sent_tokenize() -> Callable[[str], list[str]]:
    """underthesea's ``sent_tokenize``: the same sentences, from `PunktSplitter` when underthesea's module
    is built as expected (tests compare the two)."""
    splitter = _splitter()
    if splitter is None:
        return _package_sent_tokenize()
    return lambda text: [text[start:end] for start, end in _stripped(text, splitter.pieces(text))]


SENT_TOKENIZE_MODULE = ("pipeline", "sent_tokenize", "__init__.py")  # inside the underthesea package
WHITESPACE = " \t\n\r"


@dataclass(frozen=True)
class PunktSplitter:
    """underthesea's sentence splitter (its Punkt rules, with its abbreviations and sentence-ending
    characters), stepping only between sentence-ending characters.

    ``import underthesea`` runs every pipeline's import (word segmentation, NER, text normalization,
    joblib, numpy: about 60 MB in each worker process) though only this pure-Python splitter (its
    punkt_params.json) is used here; its module loaded alone costs under 1 MB. Its own loop visits every
    character in Python and asks its tokenizer about each ending character; here the ending characters
    are found by ``str.find`` and its tokenizer's rules are asked inline: a '.' between digits
    or after an abbreviation ends nothing, any other ending character ends a sentence (an ellipsis only
    before a capital or at the end). Tests compare the sentences with underthesea's on the seeds and on
    random punctuation, so a change in its rules shows.
    """

    end_chars: frozenset[str]
    abbreviations: frozenset[str]

    def pieces(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) of each piece the splitter cuts ``text`` into, before each is stripped."""
        if not text.strip():
            return []
        ends, pieces = self._ends(text), []
        start = position = 0
        for i in ends:
            if i < position:
                continue
            if text.startswith("...", i):  # an ellipsis
                dots = _skip(text, i, ".")
                after = _skip(text, dots, " \t")
                if after >= len(text) or text[after].isupper():
                    pieces.append((start, dots))
                    dots = start = _skip(text, dots, WHITESPACE)
                position = dots
            elif text[i] != "." or self._ends_sentence(text, i):
                end = _skip(text, i + 1, self.end_chars)
                pieces.append((start, end))
                position = start = _skip(text, end, WHITESPACE)
        pieces.append((start, len(text)))
        return pieces

    def _ends(self, text: str) -> list[int]:
        """Where the ending characters stand, in order (``str.find`` runs through a page for one character
        five times faster than the regex engine for a class of three)."""
        ends = []
        for char in self.end_chars:
            found = text.find(char)
            while found >= 0:
                ends.append(found)
                found = text.find(char, found + 1)
        return sorted(ends)

    def _ends_sentence(self, text: str, i: int) -> bool:
        """The tokenizer's ``_is_sentence_boundary`` for a '.': not between digits ('1.500') or after an
        abbreviation (the word before it, dots included, in lower case)."""
        if i > 0 and text[i - 1].isdigit() and i + 1 < len(text) and text[i + 1].isdigit():
            return False
        word_start = i
        while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] == "."):
            word_start -= 1
        return word_start == i or text[word_start:i].lower() not in self.abbreviations


@functools.cache
def _splitter() -> PunktSplitter | None:
    """underthesea's splitter loaded from its module file alone; None when the package's layout changed
    (then its ``sent_tokenize`` is used as it is)."""
    module = _sent_tokenize_module()
    tokenizer = _loaded_tokenizer(module) if module is not None else None
    if tokenizer is None:
        return None
    return PunktSplitter(frozenset(tokenizer.SENT_END_CHARS), frozenset(tokenizer.abbrev_types))


def _package_sent_tokenize() -> Callable[[str], list[str]]:
    from underthesea import sent_tokenize

    return sent_tokenize


def _sent_tokenize_module() -> Any | None:
    """underthesea's sentence-splitting module, loaded from its file alone; None when it is not there."""
    spec = importlib.util.find_spec("underthesea")
    folders = spec.submodule_search_locations if spec is not None else None
    module_file = Path(next(iter(folders or [])), *SENT_TOKENIZE_MODULE) if folders else None
    if module_file is None or not module_file.is_file():
        return None
    module_spec = importlib.util.spec_from_file_location("_underthesea_sent_tokenize", module_file)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


def _loaded_tokenizer(module: Any) -> Any | None:
    """The module's Punkt tokenizer with its model loaded, or None when it is not built as expected."""
    load = getattr(module, "_load_model", None)
    if load is None:
        return None
    load()
    tokenizer = getattr(module, "sentence_tokenizer", None)
    needed = ("abbrev_types", "SENT_END_CHARS")
    return tokenizer if tokenizer is not None and all(hasattr(tokenizer, n) for n in needed) else None


def _stripped(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pieces without the whitespace around them (what ``str.strip`` leaves), the empty ones left out."""
    return [(start, end) for start, end in (_trimmed(text, *piece) for piece in pieces) if start < end]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``start`` and ``end`` moved inwards past the whitespace at both ends of ``text[start:end]``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _aligned(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    """Each sentence found again in ``text`` after the previous one (one that is not found is left out)."""
    spans: list[tuple[int, int]] = []
    position = 0
    for sentence in sentences:
        found = text.find(sentence, position)
        if found >= 0:
            spans.append((found, found + len(sentence)))
            position = found + len(sentence)
    return spans


def _skip(text: str, position: int, chars: str | frozenset[str]) -> int:
    """The first position at or after ``position`` whose character is not in ``chars``."""
    while position < len(text) and text[position] in chars:
        position += 1
    return position


def _fill_gaps(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Stretch spans so they tile the text: text between two sentences joins the earlier one."""
    if not spans:
        return [(0, length)]
    starts = [0] + [s for s, _ in spans[1:]]
    ends = [*starts[1:], length]
    return list(zip(starts, ends, strict=True))


MAX_SENTENCE = 400  # a "sentence" running through a table is cut to this many characters around the span


def sentence_at(
    text: str,
    spans: list[tuple[int, int]],
    start: int,
    end: int,
    collapse: Callable[[int, int], str] | None = None,
) -> str:
    """The sentence(s) covering text[start:end], whitespace collapsed, at most ~MAX_SENTENCE characters
    (``collapse``: what ``" ".join(text[a:b].split())`` gives, made faster; `PageSentences`)."""
    first = max(bisect.bisect_right(spans, (start, math.inf)) - 1, 0)  # the last span starting at or before
    last = max(bisect.bisect_right(spans, (max(end - 1, start), math.inf)) - 1, first)
    left, right = spans[first][0], spans[last][1]
    half = MAX_SENTENCE // 2
    cut_left, cut_right = max(left, start - half), min(right, end + half)
    sentence = collapse(cut_left, cut_right) if collapse else " ".join(text[cut_left:cut_right].split())
    return ("…" if cut_left > left else "") + sentence + ("…" if cut_right < right else "")


class PageSentences:
    """A page's sentence spans (`sentence_spans`) and the sentence around any span of it (`sentence_at`).

    Collapsing a sentence's whitespace word by word costs 4 µs a record (a cut sentence is 400 characters
    long); collapsing a whole page at once among its code points costs 6 ns a character, after which each
    sentence is a slice (0.7 µs). A page is collapsed at once when the records its extractors announce
    (``expect``) make that the cheaper way (seed 001: 287 records on 60,000 characters); a page with few
    records is joined sentence by sentence (tests compare both ways)."""

    def __init__(self, text: str, spans: list[tuple[int, int]] | None = None) -> None:
        self.text = text
        self.spans = sentence_spans(text) if spans is None else spans
        self._expected = 0
        self._collapsed: _CollapsedText | None = None

    def expect(self, records: int) -> None:
        """Announce that ``records`` more sentences will be asked for."""
        self._expected += records
        if self._collapsed is None and self._expected * CHARACTERS_PER_RECORD >= len(self.text):
            self._collapsed = _CollapsedText.of(self.text)

    def at(self, start: int, end: int) -> str:
        collapse = self._collapsed.window if self._collapsed else None
        return sentence_at(self.text, self.spans, start, end, collapse)


# characters of a page that collapsing at once costs as much as one record's sentence joined word by word
CHARACTERS_PER_RECORD = 600


@dataclass(frozen=True)
class _CollapsedText:
    """A text with each run of whitespace (``str.isspace``) as one space, and where each character went."""

    text: str
    collapsed: str
    position: np.ndarray  # index in ``collapsed`` of each character (a run's first space, for its others)

    @classmethod
    def of(cls, text: str) -> _CollapsedText | None:
        """None when the text has code points past the tables (then sentences are joined word by word)."""
        points = code_points(text)
        if points is None or not points.size:
            return None
        space = _spaces()[points]
        kept = ~space  # every character but a space after a space (and the blanks a page opens with)
        kept[1:] |= space[1:] & ~space[:-1]
        spaced = points.copy()
        spaced[space] = ord(" ")
        collapsed = spaced[kept].tobytes().decode("utf-32-le", "surrogatepass")
        return cls(text, collapsed, np.cumsum(kept, dtype=np.int32) - 1)

    def window(self, start: int, end: int) -> str:
        """``" ".join(text[start:end].split())``: from its first character that is no space to its last."""
        start, end = _trimmed(self.text, start, end)
        if start == end:
            return ""
        return self.collapsed[int(self.position[start]) : int(self.position[end - 1]) + 1]


@functools.cache
def _spaces() -> np.ndarray:
    """A table over the first ``TABLED_CODE_POINTS`` code points: True where ``str.isspace``."""
    table = np.zeros(TABLED_CODE_POINTS, dtype=bool)
    table[[point for point in range(TABLED_CODE_POINTS) if chr(point).isspace()]] = True
    return table
