"""Sentences and headings around an offset, computed on the page text itself (offsets stay exact)."""

from __future__ import annotations

import bisect
import functools
import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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


@functools.cache
def underthesea_sent_tokenize() -> Callable[[str], list[str]]:
    """underthesea's ``sent_tokenize``, loaded from its own module file.

    ``import underthesea`` runs every pipeline's import (word segmentation, NER, text normalization,
    joblib, numpy: about 60 MB in each worker process) though only this pure-Python splitter (the json
    and string modules and its punkt_params.json) is used here. Loaded alone it costs under 1 MB; if the
    package's layout ever changes, the package import is used instead.
    """
    spec = importlib.util.find_spec("underthesea")
    folders = spec.submodule_search_locations if spec is not None else None
    module_file = Path(next(iter(folders or [])), *SENT_TOKENIZE_MODULE) if folders else None
    if module_file is None or not module_file.is_file():
        from underthesea import sent_tokenize

        return sent_tokenize
    module_spec = importlib.util.spec_from_file_location("_underthesea_sent_tokenize", module_file)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module.sent_tokenize


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
