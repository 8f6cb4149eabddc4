"""An unruled table on a scanned page: its header from a reading by columns, its numbers read again cell by
cell.

Read as a block (tesseract psm 6), an unruled table keeps its rows as lines, which is what the score-row
and fact readers need; but its short numbers, alone between wide white gaps on a noisy scan, lose their
decimal commas or turn into garbage ('15D' for 15,5, '¡Ì' for 1, 'b5' for 1,5). Here the table's number
columns are found from where the numbers stand (the x-centres of number-like words, clustered), every
line's words inside such a column make one cell, and each cell is cut out and read again as a number,
the readings (those of ruled tables, and one through a median filter) voting with the first one as in
ruled tables (extractors/table_ocr). The TSV is rewritten so
the page text and the word boxes carry the voted numbers.

The header, a few short lines per column ('Điểm tối / đa', 'Điểm tự / đánh giá / năm 2020') that psm 6
runs together into one garbled line, reads well when tesseract finds the columns itself (psm 3): the few
lines above the table's first row of numbers are taken from that reading (``with_header_from``)."""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

from extractors.crop_sheet import read_stacked
from extractors.ruled_tables import flatten_background
from extractors.table_ocr import INK, NUMBER_LIKE, NUMBER_PSM, NUMBER_READINGS, WORD, voted_number

MIN_COLUMN_NUMBERS = 5  # a column of numbers holds at least this many number-like words
ROW_CODE = re.compile(r"^\d{1,2}(?:[.:]\d{1,2})+[.:]?$")  # '1.3', '1.3.1': criterion codes, not numbers
MIN_ROW_COLUMNS = 2  # a table's first row has numbers in at least this many number columns
HEADER_LINES = 5  # a header spans at most this many line heights
HEADER_BLOCKS = 10_000  # added to the block numbers of the header's words taken from the other reading
CODE_COLUMN_SHARE = 0.5  # a column this many of whose numbers are such codes is the row codes' column (the
# numbers' decimal mark is a comma: a number read with a dot is a misread, not most of a column)
COLUMN_SPLIT = 1.5  # x-centres further apart than this many word heights start another column
COLUMN_PAD = 0.6  # a column reaches this many word heights past its outermost numbers
CROP_PAD = 3  # pixels of margin around a cell's ink
MEDIAN_PIXELS = 3  # one more reading of the cells through a median filter (a speck on a comma): measured on
# the scanned unruled score table, one wrong value fewer than with the two readings of ruled tables alone


@dataclass(frozen=True)
class _Word:
    index: int  # row of the TSV
    text: str
    left: int
    top: int
    right: int
    bottom: int
    line: tuple[int, int, int]  # tesseract's (block, paragraph, line)

    @property
    def middle(self) -> float:
        return (self.left + self.right) / 2

    @property
    def centre_y(self) -> float:
        return (self.top + self.bottom) / 2


def reread_table_numbers(gray: Image.Image, data: dict[str, list], lang: str, dpi: float) -> dict[str, list]:
    """``data`` (tesseract's TSV of ``gray``) with every cell of the table's number columns read again as a
    number; the other words as they were. A page without number columns comes back unchanged."""
    words = _words(data)
    columns = number_columns(words)
    cells = [cell for cell in _cells(words, columns) if not WORD.search(" ".join(w.text for w in cell))]
    flat = flatten_background(np.asarray(gray), dpi)  # grey paper white, as for ruled tables' cells
    crops = [_ink_crop(flat, cell) for cell in cells]
    kept = [(cell, crop) for cell, crop in zip(cells, crops, strict=True) if crop is not None]
    if not kept:
        return data
    crops = [crop for _, crop in kept]
    readings = [read_stacked(crops, reading or lang, NUMBER_PSM) for reading in NUMBER_READINGS]
    despeckled = [crop.filter(ImageFilter.MedianFilter(MEDIAN_PIXELS)) for crop in crops]
    readings.append(read_stacked(despeckled, NUMBER_READINGS[0] or lang, NUMBER_PSM))
    rewritten = {key: list(values) for key, values in data.items()}
    for k, (cell, _) in enumerate(kept):
        first = " ".join(w.text for w in cell)
        number, _ = voted_number([first, *(" ".join(reading[k]) for reading in readings)])
        if number is not None and number != first:
            _replace(rewritten, cell, number)
    return rewritten


def with_header_from(rows: dict[str, list], columns_reading: dict[str, list]) -> dict[str, list]:
    """``rows`` (psm 6) with the words of its header band (``header_band``) replaced by
    ``columns_reading``'s (psm 3) words in that band, in that reading's order (a band by columns); unchanged
    without a header band."""
    words = _words(rows)
    band = header_band(words, number_columns(words))
    if band is None:
        return rows
    header = [w.index for w in _words(columns_reading) if band[0] <= w.centre_y < band[1]]
    if not header:
        return rows
    above = [w.index for w in words if w.centre_y < band[0]]
    below = [w.index for w in words if w.centre_y >= band[1]]
    composed = {
        key: [rows[key][i] for i in above]
        + [columns_reading[key][i] for i in header]
        + [rows[key][i] for i in below]
        for key in rows
    }
    for k in range(len(above), len(above) + len(header)):  # blocks of their own: no line runs on into them
        composed["block_num"][k] += HEADER_BLOCKS
    return composed


def header_band(words: Sequence[_Word], columns: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """The rows of pixels of the table's header: the lines above its first row that have words (not
    numbers: a row's cells OCR did not read as a row) in MIN_ROW_COLUMNS number columns or more (the
    column names), within HEADER_LINES line heights of the lowest of them; half a line height around. Its
    first row: the first line of numbers in those columns, or a line under the header's first line opening
    with a criterion code, whatever OCR made of its cells ('4.1.1 … LỆ) 1D')."""
    top = first_number_row_top(words, columns)
    if top is None:
        return None
    named = _named_lines(words, columns, top)
    if not named:
        return None
    header_top = min(w.top for w in words if w.line in named)
    top = min(top, _first_coded_line_top(words, header_top, top))
    named = _named_lines(words, columns, top)
    if not named:
        return None
    lines = [w for w in words if w.line in named]
    height = statistics.median(w.bottom - w.top for w in words)
    lowest = max(w.bottom for w in lines)
    upper = min(w.top for w in lines if w.top >= lowest - HEADER_LINES * height)
    return upper - height / 2, min(lowest + height / 2, top)


def _named_lines(
    words: Sequence[_Word], columns: Sequence[tuple[float, float]], top: int
) -> list[tuple[int, int, int]]:
    """The lines above ``top`` with words (a column's name is words, not numbers) in MIN_ROW_COLUMNS
    number columns or more."""
    spread: dict[tuple[int, int, int], set[int]] = {}
    for word in words:
        column = _column_of(word, columns)
        if column is not None and word.bottom <= top and not NUMBER_LIKE.match(word.text):
            spread.setdefault(word.line, set()).add(column)
    return [line for line, found in spread.items() if len(found) >= MIN_ROW_COLUMNS]


def _first_coded_line_top(words: Sequence[_Word], below: int, limit: int) -> int:
    """The top of the first line under ``below`` opening with a criterion code ('4.1.1'), or ``limit``."""
    first: dict[tuple[int, int, int], _Word] = {}
    for word in words:
        if word.line not in first or word.left < first[word.line].left:
            first[word.line] = word
    coded = [w.top for w in first.values() if w.top > below and ROW_CODE.match(w.text)]
    return min(coded, default=limit)


def _column_of(word: _Word, columns: Sequence[tuple[float, float]]) -> int | None:
    return next((k for k, (x0, x1) in enumerate(columns) if x0 <= word.middle <= x1), None)


def first_number_row_top(words: Sequence[_Word], columns: Sequence[tuple[float, float]]) -> int | None:
    """The top (pixels) of the first line with a number-like word in MIN_ROW_COLUMNS number columns."""
    filled: dict[tuple[int, int, int], set[int]] = {}
    tops: dict[tuple[int, int, int], int] = {}
    for word in words:
        column = _column_of(word, columns)
        if column is not None and NUMBER_LIKE.match(word.text):
            filled.setdefault(word.line, set()).add(column)
            tops[word.line] = min(tops.get(word.line, word.top), word.top)
    rows = [tops[line] for line, found in filled.items() if len(found) >= MIN_ROW_COLUMNS]
    return min(rows) if rows else None


def number_columns(words: Sequence[_Word]) -> list[tuple[float, float]]:
    """The x-ranges (pixels) of the columns of numbers: number-like words' x-centres clustered, a cluster
    of MIN_COLUMN_NUMBERS or more widened by COLUMN_PAD word heights on each side; not the column of row
    codes ('1.3.1'), which a number's reading would spoil ('1:3.' is a code, not 1,3)."""
    numbers = sorted((w for w in words if NUMBER_LIKE.match(w.text)), key=lambda w: w.middle)
    if len(numbers) < MIN_COLUMN_NUMBERS:
        return []
    height = statistics.median(w.bottom - w.top for w in numbers)
    clusters: list[list[_Word]] = [[numbers[0]]]
    for word in numbers[1:]:
        if word.middle - clusters[-1][-1].middle > COLUMN_SPLIT * height:
            clusters.append([])
        clusters[-1].append(word)
    return [
        (min(w.left for w in c) - COLUMN_PAD * height, max(w.right for w in c) + COLUMN_PAD * height)
        for c in clusters
        if len(c) >= MIN_COLUMN_NUMBERS
        and sum(bool(ROW_CODE.match(w.text)) for w in c) < CODE_COLUMN_SHARE * len(c)
    ]


def _words(data: dict[str, list]) -> list[_Word]:
    found = []
    for i, text in enumerate(data["text"]):
        if text and text.strip():
            left, top = int(data["left"][i]), int(data["top"][i])
            found.append(
                _Word(
                    i, text.strip(), left, top, left + int(data["width"][i]), top + int(data["height"][i]),
                    (data["block_num"][i], data["par_num"][i], data["line_num"][i]),
                )
            )  # fmt: skip
    return found


def _cells(words: Sequence[_Word], columns: Sequence[tuple[float, float]]) -> list[list[_Word]]:
    """Per line and number column, the words whose centre falls in the column."""
    cells: dict[tuple[tuple[int, int, int], int], list[_Word]] = {}
    for word in words:
        column = _column_of(word, columns)
        if column is not None:
            cells.setdefault((word.line, column), []).append(word)
    return list(cells.values())


def _ink_crop(gray: np.ndarray, cell: Sequence[_Word]) -> Image.Image | None:
    """The cell's words' box trimmed to its ink, with CROP_PAD pixels of margin; None without ink."""
    left, top = min(w.left for w in cell), min(w.top for w in cell)
    right, bottom = max(w.right for w in cell), max(w.bottom for w in cell)
    inside = gray[max(0, top - CROP_PAD) : bottom + CROP_PAD, max(0, left - CROP_PAD) : right + CROP_PAD]
    ys, xs = np.nonzero(inside < INK)
    if len(xs) == 0:
        return None
    trimmed = inside[int(ys.min()) : int(ys.max()) + 1, int(xs.min()) : int(xs.max()) + 1]
    return Image.fromarray(np.pad(trimmed, CROP_PAD, constant_values=255))


def _replace(data: dict[str, list], cell: Sequence[_Word], number: str) -> None:
    """The cell's first word becomes ``number`` with the box of the whole cell; its other words are
    emptied (tesseract's own way of writing a row without a word)."""
    first, *rest = sorted(cell, key=lambda w: w.left)
    data["text"][first.index] = number
    data["left"][first.index] = min(w.left for w in cell)
    data["top"][first.index] = min(w.top for w in cell)
    data["width"][first.index] = max(w.right for w in cell) - data["left"][first.index]
    data["height"][first.index] = max(w.bottom for w in cell) - data["top"][first.index]
    for word in rest:
        data["text"][word.index] = ""
