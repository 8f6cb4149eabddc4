"""Ruled tables -> `TableCell` records: each cell with its column's header path, its row's label and the
number it holds.

The cells come from the pages (`pages.cells`: pdfplumber's table finder on text layers, the ruled grid on
scans, extractors/table_ocr). Here they become a table an analyst can read: the header rows (leading rows
without numbers, and a row that only numbers the columns) name each column top to bottom; the row label is
the text before the row's first numeric column; numbers are read as Vietnamese reports write them. A table
that goes on over the next page (same columns, at the top of the page, no new header or the same header
repeated) keeps its id and its row numbering.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extractors.numbers import parse_vietnamese_number
from extractors.row_codes import is_code_column, repaired_codes
from extractors.table_arithmetic import GROUP_CODE, PERCENT_HEADER, repaired_by_sums, total_words
from extractors.tables import kind_phrases
from extractors.unruled_tables import WORDLIKE, unruled_table_grid
from extractors.words import cells_with_words, row_numbers_unglued, words_in
from schemas.base import replaced
from schemas.layout import PageCell
from schemas.pages import PageText
from schemas.table_cells import TableCell

CELL_NUMBER = re.compile(r"^\(?[-+]?\d{1,3}(?:\.\d{3})+(?:,\d+)?\)?\s?%?$|^\(?[-+]?\d+(?:[.,]\d+)?\)?\s?%?$")
CODE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[._]?|[IVXLC]{1,5}\.?|[a-zđ]\)|[-+*])$")  # '30_': a speck
YEAR = re.compile(r"^(?:19|20)\d\d$")
MAX_HEADER_ROWS = 4  # more leading rows without numbers: a text table, whose first row is its header
MAX_NUMBERED_HEADER = 8  # … unless a row numbering the columns closes them (an OCR'd unruled header's lines
# fall into rows of their own: 'Số hồ sơ / nhận giải / quyết' over three columns took six)
NUMERIC_SHARE = 0.5  # a column is numeric when this share of its filled body cells hold numbers
SAME_COLUMNS = 0.03  # column widths (share of the table's width) this close: the same table's columns
NUMBERING_SHARE = 0.6  # this share of a row's cells numbering their column (1, 2, 3 …) makes it a header row
SAME_HEADER = 70  # rapidfuzz ratio (0-100) of two header rows' text: the same header repeated (OCR noise)
MAJORITY = 0.5  # an OCR'd number fewer than half the readings gave is no value
READINGS_DISAGREE = "OCR readings disagree"  # the note of a number left without a value so


@dataclass
class _Table:
    """A table being read: its id, where its rows go on, its columns' headers and header rows' text."""

    table_id: int
    page: int
    next_row: int
    widths: tuple[float, ...]
    headers: dict[int, str]
    header_texts: tuple[str, ...]
    code_col: int | None
    numeric: set[int] = field(default_factory=set)


def pages_to_table_cells(pages: Sequence[PageText]) -> list[TableCell]:
    """Every cell of every table in the document (ruled, or unruled: `page_table_cells`), tables continued
    over pages joined."""
    found: list[TableCell] = []
    last: _Table | None = None
    count = 0
    carried: tuple[float, ...] = ()
    for page in pages:
        page_cells = page_table_cells(page, carried)
        carried = last_table_edges(page_cells) if page.text_source == "ocr" else ()
        for number in sorted({cell.table for cell in page_cells}):
            cells = [cell for cell in page_cells if cell.table == number]
            texts = {id(cell): cell_text(page, cell) for cell in cells}
            table = _continued(last, page, cells, texts, first=number == min(c.table for c in page_cells))
            if table is None:
                count += 1
                table = _new_table(count, page, cells, texts)
            found += _records(page, table, cells, texts)
            last = table
    tables: dict[int, list[TableCell]] = {}
    for cell in found:
        tables.setdefault(cell.table_id, []).append(cell)
    return [
        cell
        for table in tables.values()
        for cell in repaired_by_sums(
            with_codes_repaired(with_group_numerals_repaired(with_lost_commas(table)))
        )
    ]


def page_table_cells(page: PageText, carried: Sequence[float] = ()) -> tuple[PageCell, ...]:
    """The cells of the page's ruled tables (found when its text was read), or, on a page without one,
    of its unruled tables, placed from its words (extractors/unruled_tables.py); ``carried``: the column
    edges of the table an OCR'd page before ended with, for the rows of it this OCR'd page goes on with."""
    if page.cells or not page.words:
        return page.cells
    if page.text_source != "ocr":
        return cells_with_words(unruled_table_grid(page.text, page.words), page.words)
    words = row_numbers_unglued(page.text, page.words)
    return cells_with_words(unruled_table_grid(page.text, words, carried), words)


def last_table_edges(cells: Sequence[PageCell]) -> tuple[float, ...]:
    """The column edges (left to right) of the last table among a page's cells; () when its columns are
    not all there."""
    last = [c for c in cells if c.table == max((c.table for c in cells), default=0) and c.col_span == 1]
    spans: dict[int, tuple[float, float]] = {}
    for cell in last:
        x0, x1 = spans.get(cell.col, (cell.x0, cell.x1))
        spans[cell.col] = (min(x0, cell.x0), max(x1, cell.x1))
    if not spans or sorted(spans) != list(range(len(spans))):
        return ()
    return (spans[0][0], *(spans[k][1] for k in range(len(spans))))


DECIMAL_SHARE = 0.5  # of a column's numbers written with a decimal comma: a column of decimals
MIN_DECIMALS = 4  # numbers a column needs before one far larger than the others stands out
MIN_LOST_COMMA = 100  # … and of three digits at least ('172' for 17,2; a score table's '7' is its own)
LOST_COMMA_FACTOR = 3  # a whole number this many times the column's largest other number lost its comma
LOST_COMMA_NOTE = "OCR may have lost this number's decimal comma: far larger than its column's others"


def with_lost_commas(table: list[TableCell]) -> list[TableCell]:
    """The table with the OCR'd whole numbers of its columns of decimals left unsure where a number is far
    larger than every other of its column ('172' among '16,3', '-5', '38,7': 17,2 with its comma lost);
    the sums may settle it again (`repaired_by_sums`)."""
    columns: dict[int, list[TableCell]] = {}
    for cell in table:
        if not cell.is_header and cell.value is not None:
            columns.setdefault(cell.col, []).append(cell)
    unsure: set[int] = set()
    for column in columns.values():
        if sum("," in c.text for c in column) < DECIMAL_SHARE * len(column) or len(column) < MIN_DECIMALS:
            continue
        largest, second = sorted((abs(c.value or 0.0) for c in column), reverse=True)[:2]
        for cell in column:
            size = abs(cell.value or 0.0)
            others = second if size == largest else largest  # the largest of the column's other numbers
            whole = cell.text_source == "ocr" and not re.search(r"[.,]", cell.text)
            if whole and size >= MIN_LOST_COMMA and size > LOST_COMMA_FACTOR * others:
                unsure.add(id(cell))
    return [replaced(c, value=None, value_note=LOST_COMMA_NOTE) if id(c) in unsure else c for c in table]


def with_codes_repaired(table: list[TableCell]) -> list[TableCell]:
    """The table with its OCR'd row codes put right by their neighbours (extractors/row_codes)."""
    column = sorted((c for c in table if c.col == 0 and not c.is_header), key=lambda c: c.row)
    if not is_code_column(column):
        return table
    totals = frozenset(c.row for c in table if c.col > 0 and total_words().match(c.text))
    stops = totals | _group_rows(table, column)
    fixed = {id(old): new for old, new in zip(column, repaired_codes(column, stops), strict=True)}
    return [fixed.get(id(cell), cell) for cell in table]


def _group_rows(table: list[TableCell], column: list[TableCell]) -> frozenset[int]:
    """The rows heading a group of rows ('B | CẤP XÃ', 'II | CẢI CÁCH TÀI CHÍNH CÔNG'): a letter or Roman
    numeral for code and no number in the row. The codes of the rows under them run on across them (1 …
    14, B, 15 …): a group row is no code of that chain, it ends a run as a total row does."""
    valued = {c.row for c in table if c.value is not None}
    return frozenset(c.row for c in column if GROUP_CODE.match(c.text) and c.row not in valued)


ROMAN_LOOKALIKES = {"H": "II", "l": "I", "|": "I", "!": "I", "1": "I"}  # what OCR reads for 'I's
ROMAN_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
GROUP_NUMERAL = re.compile(r"^[IVXLC]{1,5}$")


def with_group_numerals_repaired(table: list[TableCell]) -> list[TableCell]:
    """The table with the Roman numerals of its OCR'd group rows put right where OCR read them as letters
    ('H' for II, 'Il' for II): a first-column cell that is no number, whose letters read as the numeral
    after the group row above it (I before any) and whose row is named in capitals ('CẤP XÃ') takes it,
    and the cell says so. A cell of digits alone ('11') may be a row's number and is left as read."""
    column = sorted((c for c in table if c.col == 0 and not c.is_header and c.text), key=lambda c: c.row)
    in_capitals = {c.row for c in table if c.col == 1 and _capitals(c.text)}
    fixed: dict[int, TableCell] = {}
    expected = ROMAN_NUMERALS[0]
    for cell in column:
        text = cell.text.strip(" .")
        if GROUP_NUMERAL.match(text) and text in ROMAN_NUMERALS:
            expected = _numeral_after(text)
            continue
        if cell.text_source != "ocr" or text.isdigit() or expected is None or cell.row not in in_capitals:
            continue
        if "".join(ROMAN_LOOKALIKES.get(ch, ch) for ch in text) == expected:
            note = f"OCR read {cell.text!r}; the group numbered before it makes it {expected}"
            fixed[id(cell)] = replaced(cell, text=expected, value_note=note)
            expected = _numeral_after(expected)
    return [fixed.get(id(cell), cell) for cell in table]


def _capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def _numeral_after(numeral: str) -> str | None:
    index = ROMAN_NUMERALS.index(numeral) + 1
    return ROMAN_NUMERALS[index] if index < len(ROMAN_NUMERALS) else None


def cell_text(page: PageText, cell: PageCell) -> str:
    """The cell's own words: its text span, or, where a text layer interleaves a wrapped cell's lines with
    its neighbours', the words of the span whose centre lies in the cell."""
    raw = page.text[cell.start : cell.end]
    if "\n" not in raw or not page.words:
        return " ".join(raw.split())
    own = [
        page.text[w.start : w.end]
        for w in words_in(page.words, cell.start, cell.end)
        if cell.x0 <= (w.x0 + w.x1) / 2 < cell.x1 and cell.y0 <= (w.y0 + w.y1) / 2 < cell.y1
    ]
    return " ".join(own)


# a column of changes, where a number may be negative
SIGNED = re.compile(r"tăng|giảm|chênh|so với|±", re.IGNORECASE)
UNSIGNED_NOTE = "OCR read a minus sign in a column of no changes: a speck, maybe"
SEMICOLON_COMMA = re.compile(r"(?<=\d);(?=\d)")
UNGROUPED = re.compile(r"[-+]?\d{4,}")  # '6172': reports group thousands ('6.172'); OCR ran tokens together
UNGROUPED_NOTE = "OCR read a number of four digits or more without the dots that group thousands"
# marks OCR leaves beside a number, a blank between ('40.555 „', '.. 3.354', "¬'° 66,07", '__ 20.116,2'); not a
# sign or a bracket before it, nor a bracket or '%' after it
OCR_DEBRIS = re.compile(r"^(?:[^\w\s(+\-–—]|_)+\s+|\s+(?:[^\w\s)%]|_)+$")


def cell_value(text: str, ocr: bool = False) -> float | None:
    """The number a cell holds when it holds only a number ('1.234', '92,03%', '(5)'), else None; ``ocr``:
    the cell was OCR'd, and marks OCR left beside its number, a blank between, are passed over."""
    if ocr:
        text = SEMICOLON_COMMA.sub(",", OCR_DEBRIS.sub("", text))  # '82;83': OCR's ';' for a decimal comma
    if not CELL_NUMBER.match(text):
        return None
    digits = text.strip("()% ").replace(" ", "")
    try:
        return parse_vietnamese_number(digits, percent=text.endswith("%"))
    except ValueError:
        return None


def _header_rows(cells: Sequence[PageCell], texts: dict[int, str]) -> int:
    """How many leading rows are header rows: the rows down to one that numbers the columns ('1 2 3 4',
    '(1) (2) (3)'; within MAX_NUMBERED_HEADER rows, none above it mostly numbers); else rows without a
    number and rows of years naming the columns ('2023 2024'), up to MAX_HEADER_ROWS; a table with no
    number in them has its first row as header."""
    rows = sorted({cell.row for cell in cells})
    leading = [
        [texts[id(c)] for c in cells if c.row == row and texts[id(c)]]
        for row in rows[: MAX_NUMBERED_HEADER + 1]
    ]
    numbering = next((i for i, in_row in enumerate(leading) if _numbers_columns(in_row)), None)
    if numbering is not None and not any(_mostly_numbers(in_row) for in_row in leading[:numbering]):
        return numbering + 1  # a speck OCR read as a digit among the header's words ('9') opens no body
    for i, in_row in enumerate(leading[: MAX_HEADER_ROWS + 1]):
        if any(cell_value(t) is not None for t in in_row) and not _years(in_row):
            return i
        if i and _section_row(cells, texts, rows[i]):
            return i
    above_group = _rows_above_group(cells, texts, rows, leading)
    return above_group if above_group else 1 if len(rows) > 1 else 0


def _rows_above_group(
    cells: Sequence[PageCell], texts: dict[int, str], rows: list[int], leading: list[list[str]]
) -> int | None:
    """The rows above a group row ('A | CẤP TỈNH') that the first row with numbers follows: a header of
    more lines than MAX_HEADER_ROWS (an OCR'd unruled header's lines fall into rows of their own)."""
    first = next(
        (i for i, in_row in enumerate(leading) if any(cell_value(t) is not None for t in in_row)), None
    )
    if first is None or first < 2:
        return None
    by_col = _row_texts(cells, texts, rows[first - 1])
    group = GROUP_CODE.match(by_col.get(0, "")) and WORDLIKE.search(by_col.get(1, ""))
    return first - 1 if group and by_col.get(1, "").isupper() else None


SECTION_CODE = re.compile(r"^(?:[IVXLC]{1,5}|\d{1,2})\.?$")  # 'II', 'III.', '2': a section's number


def _section_row(cells: Sequence[PageCell], texts: dict[int, str], row: int) -> bool:
    """A section's heading row ('I | CẢI CÁCH THỦ TỤC HÀNH CHÍNH'): its first cell numbers it, the next
    names it; a body row without numbers, not one more header row."""
    by_col = _row_texts(cells, texts, row)
    return bool(SECTION_CODE.match(by_col.get(0, ""))) and bool(WORDLIKE.search(by_col.get(1, "")))


def _row_texts(cells: Sequence[PageCell], texts: dict[int, str], row: int) -> dict[int, str]:
    """The filled cells' texts of one row, by column."""
    return {c.col: texts[id(c)] for c in cells if c.row == row and texts[id(c)]}


def _mostly_numbers(texts: list[str]) -> bool:
    """At least half of a row's filled cells hold numbers: a body row, not a header's words."""
    return bool(texts) and sum(cell_value(t) is not None for t in texts) >= NUMERIC_SHARE * len(texts)


def _years(texts: list[str]) -> bool:
    """A row of years only ('2023', '2024'): column names, not counts."""
    return len(texts) >= 2 and all(YEAR.match(t) for t in texts)


COLUMN_LETTER = re.compile(r"^[A-Z]$")  # 'A', 'B': statistics forms letter the label columns before numbering


def _numbers_columns(texts: list[str]) -> bool:
    """A row that numbers the columns: 1, 2, 3 … or (1), (2), (3) … (most of them: OCR reads '(@2)'), the
    label columns lettered first and sums written out ('A', 'B', '1', '2=3+4', '3' …)."""
    letters = numbers = hits = 0
    for text in texts:
        if COLUMN_LETTER.match(text):
            letters += 1
            hits += text == chr(ord("A") + letters - 1)
        else:
            numbers += 1
            hits += re.sub(r"\D", "", text.split("=")[0]) == str(numbers)
    return len(texts) >= 3 and hits >= NUMBERING_SHARE * len(texts)


def _widths(cells: Sequence[PageCell]) -> tuple[float, ...]:
    """Each grid column's width as a share of the table's width (from single-column cells)."""
    edges: dict[int, tuple[float, float]] = {}
    for cell in cells:
        if cell.col_span == 1:
            x0, x1 = edges.get(cell.col, (cell.x0, cell.x1))
            edges[cell.col] = (min(x0, cell.x0), max(x1, cell.x1))
    if not edges:
        return ()
    left, right = min(e[0] for e in edges.values()), max(e[1] for e in edges.values())
    span = max(right - left, 1e-6)
    return tuple(round((edges[c][1] - edges[c][0]) / span, 3) for c in sorted(edges))


def _new_table(table_id: int, page: PageText, cells: Sequence[PageCell], texts: dict[int, str]) -> _Table:
    header_rows = _header_rows(cells, texts)
    rows = sorted({c.row for c in cells})[:header_rows]
    header_cells = [c for c in cells if c.row in rows]
    headers = _header_paths(header_cells, texts)
    table = _Table(
        table_id, page.page, 0, _widths(cells), headers, _header_signature(header_cells, texts), None
    )
    body = [c for c in cells if c.row not in rows]
    table.code_col = _code_column(body, texts, headers)
    table.numeric = _numeric_columns(body, texts, table.code_col)
    return table


def _continued(
    last: _Table | None, page: PageText, cells: Sequence[PageCell], texts: dict[int, str], first: bool
) -> _Table | None:
    """``last`` when this page's table goes on with it: the page after it, the page's first table, the
    same columns, and either no header or the same header again."""
    if last is None or not first or page.page != last.page + 1:
        return None
    widths = _widths(cells)
    if len(widths) != len(last.widths) or any(
        abs(a - b) > SAME_COLUMNS for a, b in zip(widths, last.widths, strict=True)
    ):
        return None
    header_rows = _header_rows(cells, texts)
    top_rows = sorted({c.row for c in cells})[:header_rows]
    signature = _header_signature([c for c in cells if c.row in top_rows], texts)
    same = fuzz.ratio(" ".join(signature), " ".join(last.header_texts)) >= SAME_HEADER
    if header_rows and not same and not _all_numbering(cells, texts, top_rows):
        return None
    last.page = page.page
    return last


def _all_numbering(cells: Sequence[PageCell], texts: dict[int, str], rows: list[int]) -> bool:
    return all(_numbers_columns([texts[id(c)] for c in cells if c.row == r and texts[id(c)]]) for r in rows)


def _header_signature(cells: Sequence[PageCell], texts: dict[int, str]) -> tuple[str, ...]:
    return tuple(
        re.sub(r"\W+", "", texts[id(c)].lower()) for c in sorted(cells, key=lambda c: (c.row, c.col))
    )


HEADER_DEBRIS = re.compile(r"^[^\w\s(]+\s+|\s+[^\w\s)%]+$")  # OCR's specks at a header's ends ('- Tổng số ~')


def _header_paths(cells: Sequence[PageCell], texts: dict[int, str]) -> dict[int, str]:
    """Each column's header: the header cells over it, top to bottom, joined by ' / ' (a cell spanning
    several columns heads each of them; a row numbering the columns and cells of marks alone are left
    out)."""
    paths: dict[int, list[str]] = {}
    for row in sorted({c.row for c in cells}):
        in_row = [c for c in cells if c.row == row]
        if _numbers_columns([texts[id(c)] for c in in_row if texts[id(c)]]):
            continue
        for cell in in_row:
            text = HEADER_DEBRIS.sub("", texts[id(cell)])
            for col in range(cell.col, cell.col + cell.col_span):
                parts = paths.setdefault(col, [])
                if _names_something(text) and (not parts or parts[-1] != text):
                    parts.append(text)
    return {col: " / ".join(parts) for col, parts in paths.items() if parts}


def _names_something(text: str) -> bool:
    """A header cell's text holds a letter, a digit or '%' (marks alone, ':' or '…', are what OCR made of a
    rule)."""
    return any(ch.isalnum() or ch == "%" for ch in text)


def _code_column(body: Sequence[PageCell], texts: dict[int, str], headers: dict[int, str]) -> int | None:
    """The column of row codes (STT: 1, 1.1, I, a)), numbers that name rows rather than count: the first
    column, when its header says so, most of its filled cells are codes, or its numbers rise row by row."""
    first = [texts[id(c)] for c in sorted(body, key=lambda c: c.row) if c.col == 0 and texts[id(c)]]
    if not first:
        return None
    if _stt_header().match(headers.get(0, "")) or sum(bool(CODE.match(t)) for t in first) >= 0.6 * len(first):
        return 0
    return 0 if _rises_row_by_row(first) else None


MIN_RISING_ROWS = 4
MAX_ROW_STEP = 3  # rows OCR lost between two row numbers still read in a column of row numbers


def _rises_row_by_row(texts: list[str]) -> bool:
    """Numbers that go up by one (or a few, rows OCR lost) from row to row: row numbers whose dots and
    specks OCR garbled ('3.4' for 34, '36.', '39'), not counts, on 0.6 of the steps or more."""
    numbers = [int(digits) for t in texts if (digits := re.sub(r"\D", "", t.split()[0]))]
    steps = [b - a for a, b in itertools.pairwise(numbers)]
    return len(numbers) >= MIN_RISING_ROWS and sum(0 < s <= MAX_ROW_STEP for s in steps) >= 0.6 * len(steps)


def _numeric_columns(body: Sequence[PageCell], texts: dict[int, str], code_col: int | None) -> set[int]:
    filled: dict[int, int] = {}
    numbers: dict[int, int] = {}
    for cell in body:
        text = texts[id(cell)]
        if cell.col == code_col or not text or cell.col_span > 1:
            continue
        filled[cell.col] = filled.get(cell.col, 0) + 1
        numbers[cell.col] = numbers.get(cell.col, 0) + (cell_value(text) is not None)
    return {col for col, n in filled.items() if numbers[col] >= NUMERIC_SHARE * n}


def _records(
    page: PageText, table: _Table, cells: Sequence[PageCell], texts: dict[int, str]
) -> list[TableCell]:
    header_rows = set(sorted({c.row for c in cells})[: _header_rows(cells, texts)])
    first_numeric = min(table.numeric, default=None)
    labels: dict[int, str] = {}
    for cell in sorted(cells, key=lambda c: (c.row, c.col)):
        in_label = first_numeric is None or cell.col < first_numeric
        if cell.row not in header_rows and in_label and texts[id(cell)]:
            labels[cell.row] = f"{labels.get(cell.row, '')} {texts[id(cell)]}".strip()
    records = []
    base = table.next_row - min((c.row for c in cells), default=0)
    unsure = page.text_source == "ocr" and _columns_lost(cells, texts, header_rows)
    for cell in cells:
        text = texts[id(cell)]
        is_header = cell.row in header_rows
        header = table.headers.get(cell.col)
        value = (
            None if is_header or cell.col == table.code_col else cell_value(text, page.text_source == "ocr")
        )
        note = None
        if cell.readings and (cell.confidence or 0.0) < MAJORITY and not is_header:
            value, note = None, READINGS_DISAGREE
        if page.text_source == "ocr" and value is not None and UNGROUPED.fullmatch(text):
            value, note = None, UNGROUPED_NOTE
        if page.text_source == "ocr" and value is not None and value < 0 and not SIGNED.search(header or ""):
            value, note = None, UNSIGNED_NOTE
        if unsure and value is not None:
            value, note = None, COLUMNS_LOST
        percent = value is not None and (text.endswith("%") or bool(header and PERCENT_HEADER.search(header)))
        records.append(
            TableCell(
                page.doc_id, page.page, cell.start, cell.end, page.text[cell.start : cell.end], table.table_id,
                base + cell.row, cell.col, cell.row_span, cell.col_span, is_header, header,
                None if is_header else labels.get(cell.row), text, value, "%" if percent else None, note,
                cell.readings, cell.x0, cell.y0, cell.x1, cell.y1, page.text_source, cell.confidence,
            )
        )  # fmt: skip
    table.next_row = base + max((c.row + c.row_span for c in cells), default=0)
    return records


SMALL_TABLE = 5  # body rows at most: too few for the columns to show where a lost one stood
NUMBERS_IN_A_CELL = re.compile(r"\d[\d.,]*\s+\S*\d")  # '159 29': two numbers where one stands
COLUMNS_LOST = "two numbers in one cell of this short table: a column was lost, the columns are unsure"


def _columns_lost(cells: Sequence[PageCell], texts: dict[int, str], header_rows: set[int]) -> bool:
    """Whether an OCR'd table of a few rows holds two numbers in one body cell ('159 29'): the numbers'
    columns were not all found, so every number after the lost column stands one column left of its own
    (its values are left empty rather than read into the wrong columns)."""
    body = [c for c in cells if c.row not in header_rows]
    if len({c.row for c in body}) > SMALL_TABLE:
        return False
    return any(
        cell_value(texts[id(c)], ocr=True) is None and NUMBERS_IN_A_CELL.search(texts[id(c)]) for c in body
    )


def _stt_header() -> re.Pattern[str]:
    return kind_phrases("score_table_words", "code_column")
