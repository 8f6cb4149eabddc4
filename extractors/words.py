"""Words with their boxes: from pdfplumber's text map or tesseract's TSV, tied to offsets of the page text.

The page text is made from the same words in the same order, then normalized (NFC, Đ look-alikes), so
each word is found again in it by a forward search; a word that cannot be found keeps no box rather than
a wrong one."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from schemas.layout import Box, PageCell, PlacedWord

if TYPE_CHECKING:
    from extractors.ruled_tables import GridCell

SEARCH_WINDOW = 200  # characters ahead of the last word a word may stand (line breaks, dropped marks)


class RawWord(NamedTuple):
    """A word as a reader gave it: text and box (PDF points, origin top-left), tesseract confidence."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float | None = None


def textmap_words(tuples: Iterable[tuple[str, Any]]) -> list[RawWord]:
    """Words of a pdfplumber TextMap (its ``tuples``: each output character with its char object, or None
    for the spaces and line breaks the layout adds): runs of visible characters, their boxes joined."""
    words: list[RawWord] = []
    text: list[str] = []
    box: list[float] = []
    for piece, char in tuples:
        if char is None or not piece.strip():
            _close(words, text, box)
            text, box = [], []
            continue
        x0, y0, x1, y1 = float(char["x0"]), float(char["top"]), float(char["x1"]), float(char["bottom"])
        box = (
            [min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1)] if box else [x0, y0, x1, y1]
        )
        text.append(piece)
    _close(words, text, box)
    return words


def _close(words: list[RawWord], text: list[str], box: list[float]) -> None:
    if text:
        words.append(RawWord("".join(text), *box))


def tsv_words(
    data: dict[str, list], to_page: Callable[[float, float, float, float], tuple[float, float, float, float]]
) -> list[RawWord]:
    """Words of tesseract's TSV (pytesseract's dict), in reading order, boxes mapped by ``to_page``."""
    words = []
    for i, word in enumerate(data["text"]):
        if not word or not word.strip():
            continue
        left, top = float(data["left"][i]), float(data["top"][i])
        x0, y0, x1, y1 = to_page(left, top, left + float(data["width"][i]), top + float(data["height"][i]))
        conf = float(data["conf"][i])
        words.append(RawWord(word.strip(), x0, y0, x1, y1, conf if conf >= 0 else None))
    return words


def pixel_to_page(
    dpi: float, skew: float = 0.0, read_size: tuple[int, int] = (0, 0), upright_size: tuple[int, int] = (0, 0)
) -> Callable[[float, float, float, float], tuple[float, float, float, float]]:
    """A map from a box in the image tesseract read (turned ``skew`` degrees counter-clockwise, canvas
    grown, size ``read_size``) to PDF points on the upright page (size ``upright_size`` in pixels at
    ``dpi``): the corners are turned back and the box around them kept."""
    scale = 72.0 / dpi
    if not skew:
        return lambda x0, y0, x1, y1: (x0 * scale, y0 * scale, x1 * scale, y1 * scale)
    cos, sin = math.cos(math.radians(skew)), math.sin(math.radians(skew))
    (rw, rh), (uw, uh) = read_size, upright_size

    def back(x: float, y: float) -> tuple[float, float]:
        dx, dy = x - rw / 2, y - rh / 2
        return dx * cos - dy * sin + uw / 2, dx * sin + dy * cos + uh / 2

    def to_page(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        corners = [back(x, y) for x in (x0, x1) for y in (y0, y1)]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        return min(xs) * scale, min(ys) * scale, max(xs) * scale, max(ys) * scale

    return to_page


def align_words(
    text: str, words: Sequence[RawWord], normalize: Callable[[str], str] = lambda s: s, any_case: bool = False
) -> tuple[PlacedWord, ...]:
    """Each word (normalized like the page text) found in ``text`` after the previous one, with its box;
    a word not found within SEARCH_WINDOW characters is left out (no box is better than a wrong one).
    ``any_case``: compared in lower case (a decoded legacy word whose capitals came from its context)."""
    placed: list[PlacedWord] = []
    cursor = 0
    lowered = text.lower() if any_case else text
    haystack = lowered if len(lowered) == len(text) else text  # offsets must stay the page's
    for word in words:
        needle = normalize(word.text).lower() if any_case else normalize(word.text)
        if not needle:
            continue
        at = haystack.find(needle, cursor, cursor + SEARCH_WINDOW + len(needle))
        if at < 0:
            continue
        end = at + len(needle)
        placed.append(PlacedWord(at, end, *(round(v, 2) for v in word[1:5]), word.confidence))
        cursor = end
    return tuple(placed)


def words_in(words: Sequence[PlacedWord], start: int, end: int) -> list[PlacedWord]:
    """The words overlapping ``text[start:end]`` (words are in text order)."""
    found = []
    for word in words:
        if word.start >= end:
            break
        if word.end > start:
            found.append(word)
    return found


def span_box(words: Sequence[PlacedWord], start: int, end: int) -> Box | None:
    """The box of the words overlapping ``text[start:end]``, None without any. A span over several lines
    gets the box around all of them."""
    box: Box | None = None
    for word in words_in(words, start, end):
        box = word.box if box is None else box.union(word.box)
    return box


def cells_with_words(
    cells: Sequence[tuple[GridCell, tuple[float, ...]]], words: Sequence[PlacedWord]
) -> tuple[PageCell, ...]:
    """Each table cell with the span of the page text its words occupy (the words whose centre lies in
    it: from the first one's start to the last one's end; an empty cell sits, empty, where the one before
    it ended)."""
    placed, cursor = [], 0
    for cell, (x0, y0, x1, y1) in cells:
        inside = [w for w in words if x0 <= (w.x0 + w.x1) / 2 < x1 and y0 <= (w.y0 + w.y1) / 2 < y1]
        start = min((w.start for w in inside), default=cursor)
        end = max((w.end for w in inside), default=cursor)
        cursor = end
        placed.append(
            PageCell(
                cell.table, cell.row, cell.col, cell.row_span, cell.col_span, start, end,
                round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2),
            )
        )  # fmt: skip
    return tuple(placed)


# a row's number OCR glued to its label by a speck or a stroke ('22_UBND xã …', "2'_Sở Tư pháp")
GLUED_ROW_NUMBER = re.compile(r"(?P<number>\d{1,3})(?P<glue>[_'’.,:\-]{1,2})(?=[^\W\d_]{2})")


def row_numbers_unglued(text: str, words: Sequence[PlacedWord]) -> tuple[PlacedWord, ...]:
    """``words`` with each word that opens with a row number glued to a label ('22_UBND') cut in two: the
    number and the label, each with its share of the box by characters; the glue between is no word."""
    found: list[PlacedWord] = []
    for word in words:
        glued = GLUED_ROW_NUMBER.match(text, word.start, word.end)
        if glued is None:
            found.append(word)
            continue
        share = (word.x1 - word.x0) / max(word.end - word.start, 1)
        number_end, label_start = glued.end("number"), glued.end("glue")
        found.append(
            PlacedWord(word.start, number_end, word.x0, word.y0, word.x0 + share * (number_end - word.start),
                       word.y1, word.confidence)
        )  # fmt: skip
        found.append(
            PlacedWord(label_start, word.end, word.x0 + share * (label_start - word.start), word.y0, word.x1,
                       word.y1, word.confidence)
        )  # fmt: skip
    return tuple(found)
