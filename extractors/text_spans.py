"""Sentences and headings around an offset, computed on the page text itself (offsets stay exact)."""

from __future__ import annotations

import bisect
import functools
import importlib.util
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SENTENCE_END = re.compile(
    r"(?<=[.;:!?])\s+(?=[A-ZĐÀ-Ỹ\-+*(“\"])|\n[ \t]*\n(?=[ \t]*(?:[-+*]|[IVX]+\.|\d+\.))"
)
HEADING_LINE = (
    r"[ \t]*(?P<label>(?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2}){0,3}|[a-zđ])[.)])[ \t]+(?P<text>[^\n]{3,160})$"
)
HEADING = re.compile("^" + HEADING_LINE, re.MULTILINE)
# the same after a line break: the engine finds a pattern's literal first character fast, while '^' it tries
# at every character of the page
HEADING_AFTER_BREAK = re.compile("\n" + HEADING_LINE, re.MULTILINE)


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
    """Lines that look like numbered section headings, in order (the matches of ``HEADING``)."""
    first = HEADING.match(text)
    found = [Heading(0, first["label"], first["text"])] if first else []
    return found + [Heading(m.start() + 1, m["label"], m["text"]) for m in HEADING_AFTER_BREAK.finditer(text)]


def heading_at(headings: list[Heading], offset: int) -> Heading | None:
    """The last heading that starts before ``offset``."""
    index = bisect.bisect_right(headings, offset, key=_heading_start) - 1
    return headings[index] if index >= 0 else None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets from underthesea's sentence splitter, aligned back onto ``text``.

    underthesea returns sentence strings; each is found again in ``text`` after the previous one, so
    offsets refer to the original text. A sentence that cannot be aligned is merged into its neighbour.
    """
    spans: list[tuple[int, int]] = []
    position = 0
    for sentence in underthesea_sent_tokenize()(text):
        found = text.find(sentence, position)
        if found < 0:
            continue
        spans.append((found, found + len(sentence)))
        position = found + len(sentence)
    return _fill_gaps(spans, len(text))


SENT_TOKENIZE_MODULE = ("pipeline", "sent_tokenize", "__init__.py")  # inside the underthesea package
WHITESPACE = " \t\n\r"


@functools.cache
def underthesea_sent_tokenize() -> Callable[[str], list[str]]:
    """underthesea's sentence splitter: its Punkt tokenizer (abbreviations and boundary rules), loaded from
    its own module file, stepping only between sentence-ending characters.

    ``import underthesea`` runs every pipeline's import (word segmentation, NER, text normalization,
    joblib, numpy: about 60 MB in each worker process) though only this pure-Python splitter (the json
    and string modules and its punkt_params.json) is used here. Loaded alone it costs under 1 MB.
    underthesea's own loop visits every character in Python, which took half of the extraction time;
    `_punkt_sentences` asks the same tokenizer the same questions at the only characters where it decides
    anything. If the package's layout ever changes, its ``sent_tokenize`` is used as it is.
    """
    module = _sent_tokenize_module()
    tokenizer = _loaded_tokenizer(module) if module is not None else None
    if tokenizer is None:
        from underthesea import sent_tokenize

        return sent_tokenize
    return functools.partial(_punkt_sentences, tokenizer)


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
    needed = ("_is_sentence_boundary", "SENT_END_CHARS")
    return tokenizer if tokenizer is not None and all(hasattr(tokenizer, n) for n in needed) else None


def _punkt_sentences(tokenizer: Any, text: str) -> list[str]:
    """The sentences underthesea's ``sentences_from_text`` gives: an ellipsis ends a sentence before a
    capital or at the end; another ending character ends one where the tokenizer says it is a boundary."""
    if not text.strip():
        return []
    end_chars: frozenset[str] = tokenizer.SENT_END_CHARS
    next_end = _end_char_finder(end_chars)
    sentences: list[str] = []
    start, n = 0, len(text)
    found = next_end.search(text)
    while found:
        i = found.start()
        if text[i] == "." and (dots := _skip(text, i, ".")) - i >= 3:
            after = _skip(text, dots, " \t")
            if after >= n or text[after].isupper():
                sentences.append(text[start:dots].strip())
                dots = start = _skip(text, dots, WHITESPACE)
            found = next_end.search(text, dots)
        elif tokenizer._is_sentence_boundary(text, i):
            end = _skip(text, i + 1, end_chars)
            sentences.append(text[start:end].strip())
            start = _skip(text, end, WHITESPACE)
            found = next_end.search(text, start)
        else:
            found = next_end.search(text, i + 1)
    sentences.append(text[start:].strip())
    return [sentence for sentence in sentences if sentence]


@functools.cache
def _end_char_finder(end_chars: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(sorted(end_chars))) + "]")


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


def sentence_at(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """The sentence(s) covering text[start:end], whitespace collapsed, at most ~MAX_SENTENCE characters."""
    first = max(bisect.bisect_right(spans, (start, math.inf)) - 1, 0)  # the last span starting at or before
    last = max(bisect.bisect_right(spans, (max(end - 1, start), math.inf)) - 1, first)
    left, right = spans[first][0], spans[last][1]
    half = MAX_SENTENCE // 2
    cut_left, cut_right = max(left, start - half), min(right, end + half)
    sentence = " ".join(text[cut_left:cut_right].split())
    return ("…" if cut_left > left else "") + sentence + ("…" if cut_right < right else "")


def _heading_start(heading: Heading) -> int:
    return heading.start
