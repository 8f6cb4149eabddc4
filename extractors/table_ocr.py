"""Reading a scanned page that holds ruled tables, cell by cell.

Read as a whole, a ruled table is a trap for OCR: the rules become '|' and '_', one line of text runs
across every column, and short numbers in their own boxes lose their decimal commas. So the page is read
with its rules erased on white paper (extractors/ruled_tables), every word is put into the cell its centre
falls in, and the page text is rebuilt: the text around the tables line by line, each table row as one line
of tab-separated cells. Numeric cells are cut out and read twice more, in one run per reading mode (numbers
stacked on a sheet, extractors/crop_sheet); a number is kept when two of the three readings agree, and an
unsure cell keeps every reading for the record.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image

from extractors.crop_sheet import read_stacked
from extractors.normalize import normalize_text
from extractors.ruled_tables import GridCell, RuledGrid
from extractors.words import RawWord
from schemas.layout import PageCell

ToPage = Callable[[float, float, float, float], tuple[float, float, float, float]]
# A cell that reads like a number (OCR's usual confusions included) is read again as a number.
NUMBER_LIKE = re.compile(r"^[\s\d.,:;%/()|lIoO-]*\d[\s\d.,:;%/()|lIoO-]*$")
NUMBER = re.compile(r"^-?\(?\d[\d.,]*%?\)?$")  # '-3,1': a change may be negative
WORD = re.compile(r"[^\W\d_]{4,}")  # a run of letters as long as a word: a text cell, not misread digits
SHORT_GARBLE = 8  # a cell this short without a word in it is read again as a number wherever it is
NUMERIC_COLUMN_SHARE = 0.5  # a column is numeric when this share of its filled cells reads like numbers
NUMBER_READINGS = ("eng", None)  # languages numbers are read in again (None: the page's); measured on a
# scanned score table: each alone 92-97 % of cells exact, two agreeing readings of three: no wrong cell
NUMBER_PSM = "--psm 6"
COLUMN_GAP = 60  # white pixels between the table columns stacked on one sheet
CELL_MARGIN = 3  # pixels kept clear of the erased rules when a cell is cut out
INK = 128  # gray level under which a pixel is ink
MIN_INK_PIXELS = 12  # an empty-looking cell with this much ink is read again


@dataclass(frozen=True)
class _Word:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    confidence: float | None
    line: tuple[int, int, int]  # tesseract's (block, paragraph, line)

    @property
    def center(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2


@dataclass
class _CellText:
    grid: int
    cell: GridCell
    words: list[_Word]
    text: str
    confidence: float | None = None
    readings: str | None = None


@dataclass(frozen=True)
class RuledReading:
    """A ruled page read cell by cell: its text, the words in text order (boxes in page points), the mean
    word confidence, and the cells (offsets into ``text``)."""

    text: str
    words: tuple[RawWord, ...]
    confidence: float | None
    cells: tuple[PageCell, ...]


Reader = Callable[[Image.Image], dict[str, list]]  # an image -> tesseract's TSV as columns


def read_ruled_page(
    clean: np.ndarray, grids: Sequence[RuledGrid], read: Reader, lang: str, to_page: ToPage
) -> RuledReading:
    """The page ``clean`` (rules erased) read by ``read``: the text around the tables once with the tables
    blanked out, each table column by column (one block of text per column: read across the page, lines
    of neighbouring cells at other heights break each other's words), cells spanning several columns
    together on one sheet; then numeric cells again (see the module's docstring)."""
    cells = [_CellText(g, cell, [], "") for g, grid in enumerate(grids) for cell in grid.cells]
    outside = _tsv(read(Image.fromarray(_blanked(clean, [grid.box for grid in grids]))))
    columns = [
        (grid, col, [c for c in cells if c.grid == g and c.cell.col == col and c.cell.col_span == 1])
        for g, grid in enumerate(grids)
        for col in range(len(grid.xs) - 1)
    ]
    _read_columns(clean, [column for column in columns if column[2]], read)
    for g, grid in enumerate(grids):
        _read_spanning(clean, grid, [c for c in cells if c.grid == g and c.cell.col_span > 1], lang)
    for cell in cells:
        cell.text = cell.text or " ".join(w.text for w in _reading_order(cell.words))
    _read_numbers_again(clean, grids, cells, lang)
    return _compose(outside, grids, cells, to_page)


def _blanked(image: np.ndarray, boxes: Sequence[tuple[float, float, float, float]]) -> np.ndarray:
    """``image`` with the boxes painted white."""
    blank = image.copy()
    for x0, y0, x1, y1 in boxes:
        blank[max(0, round(y0)) : round(y1) + 1, max(0, round(x0)) : round(x1) + 1] = 255
    return blank


def _read_columns(
    clean: np.ndarray, columns: list[tuple[RuledGrid, int, list[_CellText]]], read: Reader
) -> None:
    """Every table column cut out (other cells over it, spanning ones, painted out) and stacked one below
    the other on one sheet, read in one run: each column is a block of its own (read across the page,
    lines of neighbouring cells at other heights break each other's words) and a run costs its start-up
    once. Each word goes to the cell its centre falls in."""
    if not columns:
        return
    strips, bands, top = [], [], COLUMN_GAP
    for grid, col, cells in columns:
        x0, x1 = round(grid.xs[col]), round(grid.xs[col + 1])
        y0, y1 = round(grid.ys[0]), round(grid.ys[-1])
        strip = np.full((y1 - y0, x1 - x0), 255, dtype=np.uint8)
        for cell in cells:
            _, upper, _, lower = (round(v) for v in grid.cell_box(cell.cell))
            strip[upper - y0 : lower - y0] = clean[upper:lower, x0:x1]
        strips.append((strip, top))
        bands.append((top, top + strip.shape[0], x0, y0))
        top += strip.shape[0] + COLUMN_GAP
    sheet = np.full((top, max(strip.shape[1] for strip, _ in strips) + 2 * COLUMN_GAP), 255, dtype=np.uint8)
    for strip, at in strips:
        sheet[at : at + strip.shape[0], COLUMN_GAP : COLUMN_GAP + strip.shape[1]] = strip
    for word in _tsv(read(Image.fromarray(sheet))):
        middle = word.center[1]
        k = next((k for k, (upper, lower, _, _) in enumerate(bands) if upper <= middle < lower), None)
        if k is None:
            continue
        (upper, _, x0, y0), (grid, _, cells) = bands[k], columns[k]
        dx, dy = x0 - COLUMN_GAP, y0 - upper
        word = dataclasses.replace(
            word, left=word.left + dx, right=word.right + dx, top=word.top + dy, bottom=word.bottom + dy
        )
        middle = word.center[1]
        owner = next(
            (c for c in cells if grid.ys[c.cell.row] <= middle < grid.ys[c.cell.row + c.cell.row_span]), None
        )
        if owner is not None:
            owner.words.append(word)


def _read_spanning(clean: np.ndarray, grid: RuledGrid, cells: list[_CellText], lang: str) -> None:
    """Cells spanning several columns (merged headers, total labels) cut out and read on one sheet."""
    crops = [
        (cell, crop) for cell in cells if (crop := _ink_crop(clean, grid.cell_box(cell.cell))) is not None
    ]
    readings = read_stacked([crop for _, crop in crops], lang, "--psm 6")
    for (cell, _), words in zip(crops, readings, strict=True):
        cell.text = normalize_text(" ".join(words))


def _tsv(data: dict[str, list]) -> list[_Word]:
    found = []
    for i, text in enumerate(data["text"]):
        if not text or not text.strip():
            continue
        left, top = int(data["left"][i]), int(data["top"][i])
        conf = float(data["conf"][i])
        found.append(
            _Word(
                normalize_text(text.strip()), left, top, left + int(data["width"][i]),
                top + int(data["height"][i]), conf if conf >= 0 else None,
                (data["block_num"][i], data["par_num"][i], data["line_num"][i]),
            )
        )  # fmt: skip
    return found


def _reading_order(words: list[_Word]) -> list[_Word]:
    """A cell's words line by line (a word whose centre lies within the current line's height joins it),
    each line left to right."""
    lines: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: w.top):
        line = lines[-1] if lines else None
        if line and word.center[1] < max(w.bottom for w in line):
            line.append(word)
        else:
            lines.append([word])
    return [word for line in lines for word in sorted(line, key=lambda w: w.left)]


def _read_numbers_again(
    clean: np.ndarray, grids: Sequence[RuledGrid], cells: list[_CellText], lang: str
) -> None:
    """Numeric-looking cells, and every cell of a numeric column that holds ink but no word (OCR garbage
    like 'Kì' or 'VỆ)' for '3' or '2,5'), cut out and read by every NUMBER_READINGS mode; the first
    reading and these vote."""
    numeric = _numeric_columns(cells)
    groups: tuple[list[tuple[_CellText, Image.Image]], ...] = ([], [])
    for cell in cells:
        looks_numeric = bool(NUMBER_LIKE.match(cell.text))
        garbled = not WORD.search(cell.text) and (
            (cell.grid, cell.cell.col) in numeric or len(cell.text) <= SHORT_GARBLE
        )  # 'Kì', 'VỆ)', 'g1': a number OCR could not read
        if not looks_numeric and not garbled:
            continue
        crop = _ink_crop(clean, grids[cell.grid].cell_box(cell.cell))
        if crop is not None:
            groups[0 if looks_numeric else 1].append((cell, crop))
    for group in groups:  # apart: one odd crop at the top of a sheet measured 107 -> 89 of 112 cells right
        if not group:
            continue
        readings = [
            read_stacked([crop for _, crop in group], reading or lang, NUMBER_PSM)
            for reading in NUMBER_READINGS
        ]
        for k, (cell, _) in enumerate(group):
            _vote(cell, [cell.text, *(" ".join(reading[k]) for reading in readings)])


def _numeric_columns(cells: list[_CellText]) -> set[tuple[int, int]]:
    """(grid, column) pairs most of whose filled cells read like numbers."""
    filled: Counter[tuple[int, int]] = Counter()
    numbers: Counter[tuple[int, int]] = Counter()
    for cell in cells:
        if cell.text and cell.cell.col_span == 1:
            key = (cell.grid, cell.cell.col)
            filled[key] += 1
            numbers[key] += bool(NUMBER_LIKE.match(cell.text))
    return {key for key, count in filled.items() if numbers[key] >= NUMERIC_COLUMN_SHARE * count}


def _vote(cell: _CellText, votes: list[str]) -> None:
    """The number at least two of the readings give (compared as numbers are written: ';' and ':' read
    for a decimal comma); without one the cell's text is the first reading that is a number (else its
    first reading). A cell the readings did not all agree on keeps every reading."""
    number, count = voted_number(votes)
    cell.confidence = round(count / len(votes), 2)
    if count < len(votes) and any(v.strip() for v in votes):
        cell.readings = " | ".join(v or "∅" for v in votes)
    if number is not None and number != cell.text:
        cell.text, cell.words = number, []  # the voted number replaces the first reading's words


def voted_number(votes: Sequence[str]) -> tuple[str | None, int]:
    """The number at least two of the readings give (as numbers are written: ';' and ':' read for a
    decimal comma), else the first reading that is a number, else None; with how many readings gave the
    most given one."""
    canonical = [_canonical(v) for v in votes]
    counted = Counter(c for c in canonical if c)
    best, count = counted.most_common(1)[0] if counted else ("", 0)
    if count >= 2:
        return _with_its_mark(best, [c for c, n in counted.items() if n == count]), count
    return next((c for c in canonical if c), None), count


def _with_its_mark(best: str, tied: Sequence[str]) -> str:
    """Of readings as many as ``best``'s, the one that is ``best`` with a decimal mark ('1,5' against '15':
    OCR loses a comma's few pixels far more often than it makes one up)."""
    marked = [c for c in tied if "," in c and c.replace(",", "") == best]
    return marked[0] if "," not in best and marked else best


def _canonical(text: str) -> str:
    text = text.strip().replace(";", ",").replace(":", ",").rstrip("._-, ")
    if text.count("(") != text.count(")"):  # a parenthesis OCR saw in a rule or a speck
        text = text.strip("()")
    return text if NUMBER.match(text) else ""


def _ink_crop(clean: np.ndarray, box: tuple[float, float, float, float]) -> Image.Image | None:
    """The cell's inside trimmed to its ink (a few pixels of margin), None for an empty cell."""
    x0, y0, x1, y1 = (round(v) for v in box)
    inside = clean[y0 + CELL_MARGIN : y1 - CELL_MARGIN, x0 + CELL_MARGIN : x1 - CELL_MARGIN]
    ys, xs = np.nonzero(inside < INK)
    if len(xs) < MIN_INK_PIXELS:
        return None
    top, left = max(0, int(ys.min()) - 3), max(0, int(xs.min()) - 3)
    return Image.fromarray(inside[top : int(ys.max()) + 4, left : int(xs.max()) + 4])


def _compose(
    outside: list[_Word], grids: Sequence[RuledGrid], cells: list[_CellText], to_page: ToPage
) -> RuledReading:
    """Lines outside the tables in tesseract's order, each table where it stands (by its top edge)."""
    lines: list[list[_Word]] = []
    for word in outside:
        if lines and lines[-1][0].line == word.line:
            lines[-1].append(word)
        else:
            lines.append([word])
    pieces: list[tuple[float, int, object]] = [(min(w.top for w in line), 0, line) for line in lines]
    pieces += [(grid.ys[0], 1, g) for g, grid in enumerate(grids)]
    builder = _TextBuilder(to_page)
    for _, kind, item in sorted(pieces, key=lambda p: (p[0], p[1])):
        if kind == 0:
            builder.line(item)  # type: ignore[arg-type]
        else:
            builder.table(item, grids[item], [c for c in cells if c.grid == item])  # type: ignore[arg-type, index]
    return builder.reading()


class _TextBuilder:
    """Appends lines and table rows to the page text, keeping each word's and each cell's offsets."""

    def __init__(self, to_page: ToPage) -> None:
        self.to_page = to_page
        self.parts: list[str] = []
        self.length = 0
        self.words: list[RawWord] = []
        self.cells: list[PageCell] = []
        self.confidences: list[float] = []

    def _add(self, text: str) -> int:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start

    def _word(self, word: _Word) -> None:
        box = self.to_page(word.left, word.top, word.right, word.bottom)
        self.words.append(RawWord(word.text, *box, word.confidence))
        if word.confidence is not None:
            self.confidences.append(word.confidence)

    def line(self, words: list[_Word]) -> None:
        for i, word in enumerate(words):
            self._add(" " * bool(i) + word.text)
            self._word(word)
        self._add("\n")

    def table(self, number: int, grid: RuledGrid, cells: list[_CellText]) -> None:
        for row in range(len(grid.ys) - 1):
            in_row = sorted((c for c in cells if c.cell.row == row), key=lambda c: c.cell.col)
            for i, cell in enumerate(in_row):
                if i:
                    self._add("\t")
                self._cell(number, grid, cell)
            self._add("\n")

    def _cell(self, number: int, grid: RuledGrid, cell: _CellText) -> None:
        start = self._add(cell.text)
        x0, y0, x1, y1 = self.to_page(*grid.cell_box(cell.cell))
        if cell.words:
            for word in _reading_order(cell.words):
                self._word(word)
        elif cell.text:  # a number read again: one word over the cell's ink
            self.words.append(RawWord(cell.text, x0, y0, x1, y1, None))
        c = cell.cell
        self.cells.append(
            PageCell(
                number + 1, c.row, c.col, c.row_span, c.col_span, start, start + len(cell.text),
                round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2), cell.confidence, cell.readings,
            )
        )  # fmt: skip

    def reading(self) -> RuledReading:
        mean = sum(self.confidences) / len(self.confidences) if self.confidences else None
        return RuledReading("".join(self.parts), tuple(self.words), mean, tuple(self.cells))
