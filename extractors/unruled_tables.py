"""Tables drawn without rules, found on a page with word boxes: `unruled_table_grid(text, words)`.

A statistical annex typed as a Word table without borders has no lines to find; its numbers stand in
columns and its rows in lines. Lines holding at least three numbers, close together, are the table's
rows; the numbers' boxes, overlapping from row to row, are its number columns; the words between them
(a unit's name, the row number) are its text columns. Lines without numbers between two rows are a
wrapped label, joined to the nearer row, unless one opens in the row numbers' column: a section's heading
row ('II  CẢI CÁCH TÀI CHÍNH CÔNG'), which may part the rows into blocks of one table; lines just above the
first row are the header, a phrase centred over two columns heading both, a phrase wrapped down its
column one header. The grid comes out as a
ruled table's does, so cells, values, header paths, facts and sum checks follow
(extractors/table_cells.py). Score tables are left to the line reader (extractors/score_tables.py),
which reads their wrapped criteria.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.numbers import parse_vietnamese_number
from extractors.row_codes import is_criterion_code
from extractors.ruled_tables import GridCell
from extractors.score_tables import read_layout
from schemas.layout import PlacedWord

NUMBER_WORD = re.compile(r"^\(?[-+]?\d[\d.,]*%?\)?_?$")  # '2.692', '96,67', '(3)', '12%', '30_' (a speck)
# a number OCR left a mark beside or read a mark into (':15,6' for -15,6, '2:2' for 2.2, '1.2-'): in a number
# column, one of its numbers
NUMBERISH = re.compile(r"^(?:[^\w\s]|_){0,2}\d[\d.,:;]*(?:[^\w\s]|_){0,2}$")
WORDLIKE = re.compile(r"[^\W\d_]{2,}")  # a word of two letters or more (not a speck read as '_.' or "'")
MIN_NUMBER_COLUMNS = 3  # numbers a line holds to be a row, and number columns a table has
MIN_ROWS = 3
COLUMN_SUPPORT = 0.5  # a number column holds a number in at least this share of the rows
NUMBER_SHARE = 0.8  # ... and at least this share of the words standing in it on those rows are numbers
MAX_WRAPPED_LINES = 3  # lines without numbers between two rows (a wrapped label) before the table ends
MAX_SECTION_GAP = 6  # lines between two blocks of rows with the same number columns: one table's sections
MAX_HEADER_LINES = 6
MAX_BESIDE = 2  # words of a header line beyond the table's columns ('Ghi chú' over notes few rows hold)
OVERHANG = 4  # line heights a header's words may reach past the outer columns (wider than their numbers)
LINE_GAP = 2.5  # a gap of this many line heights ends the header upwards
SCORE_HEADER_LINES = 12  # lines above a table's first row searched for score column names
MAX_SCORE = 100  # no score, maximum or achieved, is larger (a rate in % is not either)
CRITERION_SHARE = 0.3  # rows opening with a criterion code that make a table a score table
MIDDLE_TOLERANCE = 0.5  # a phrase this many character heights short of a column's middle still covers it
STRADDLE = 0.3  # of a header phrase's width on each side of a column edge: it heads both columns
TALL_WORD = 1.3  # of the page's median word height: a box taller is OCR's over two lines, no line's measure
FIT_SHARE = 0.9  # of a continued page's words standing inside the page before's columns
PHRASE_GAP = 0.8  # a gap wider than this many character heights between two words starts a new phrase
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class _Line:
    words: tuple[PlacedWord, ...]  # left to right
    texts: tuple[str, ...]

    @property
    def top(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    def numbers(self) -> list[PlacedWord]:
        return [w for w, t in zip(self.words, self.texts, strict=True) if NUMBER_WORD.match(t)]


@dataclass(frozen=True)
class _Column:
    x0: float
    x1: float


def unruled_table_grid(
    text: str, words: Sequence[PlacedWord], carried: Sequence[float] = ()
) -> list[tuple[GridCell, Box]]:
    """The cells of the page's unruled tables (none when no block of lines holds aligned numbers), each
    placed on its table's grid with its box, as `ruled_tables.cells_from_boxes` places a ruled table's.
    ``carried``: the column edges of the table the page before ended with; a table opening the page whose
    words stand inside those columns goes on with it and is read on them (OCR may run a continued page's
    few rows' columns together), with a single row too."""
    lines = _lines(text, words)
    found: list[tuple[GridCell, Box]] = []
    for number, block in enumerate(_sections_joined(lines, _row_blocks(lines, opening=bool(carried)))):
        goes_on = number == 0 and _opens_page(block) and _fits(lines, block, carried)
        if len(block) < MIN_ROWS and not goes_on:
            continue
        table = 1 + max((cell.table for cell, _ in found), default=0)
        found += _table_grid(table, lines, block, carried if goes_on else ())
    return found


def _opens_page(block: list[int]) -> bool:
    """A block of rows with no more lines above it than a repeated header takes (and a page number)."""
    return block[0] <= MAX_HEADER_LINES + 1


def _fits(lines: Sequence[_Line], block: list[int], edges: Sequence[float]) -> bool:
    """Whether the block's words stand inside the columns ``edges`` bound (FIT_SHARE of them, within half
    a character height): rows of the table those columns come from, not prose across them."""
    if len(edges) < 2:
        return False
    words = [w for i in block for w in lines[i].words]
    reach = statistics.median(w.y1 - w.y0 for w in words) / 2
    inside = sum(
        any(edges[k] - reach <= w.x0 and w.x1 <= edges[k + 1] + reach for k in range(len(edges) - 1))
        for w in words
    )
    return inside >= FIT_SHARE * len(words)


def _lines(text: str, words: Sequence[PlacedWord]) -> list[_Line]:
    """Words grouped into lines: a word whose vertical middle lies within the line being built joins it."""
    lines: list[list[PlacedWord]] = []
    tall = TALL_WORD * statistics.median(w.y1 - w.y0 for w in words) if words else 0.0
    for word in sorted(words, key=lambda w: (w.y0, w.x0)):
        middle = (word.y0 + word.y1) / 2
        line = next((line for line in reversed(lines[-3:]) if _joins(line, word, middle, tall)), None)
        if line is None:
            lines.append([word])
        else:
            line.append(word)
    ordered = [tuple(sorted(line, key=lambda w: w.x0)) for line in lines]
    return [_Line(line, tuple(text[w.start : w.end] for w in line)) for line in ordered]


def _joins(line: list[PlacedWord], word: PlacedWord, middle: float, tall: float) -> bool:
    """Whether ``word`` (vertical middle ``middle``) belongs to ``line``: within its first word's height, or
    within the height of its word nearest across the page when that one is of a word's usual height (on a
    scan a little askew a line's far end stands higher or lower than its start; a box OCR drew over two
    lines' letters is no measure)."""
    if line[0].y0 <= middle <= line[0].y1:
        return True
    near = min(line, key=lambda other: abs((other.x0 + other.x1) / 2 - (word.x0 + word.x1) / 2))
    return near.y1 - near.y0 <= tall and near.y0 <= middle <= near.y1


def _row_blocks(lines: Sequence[_Line], opening: bool = False) -> list[list[int]]:
    """Runs of lines holding numbers (indices into ``lines``), at most MAX_WRAPPED_LINES apart, of
    MIN_ROWS rows at least; ``opening``: a table from the page before may go on here, so a shorter run
    opening the page counts too."""
    blocks: list[list[int]] = []
    for i, line in enumerate(lines):
        if len(line.numbers()) < MIN_NUMBER_COLUMNS:
            continue
        if blocks and i - blocks[-1][-1] - 1 <= MAX_WRAPPED_LINES:
            blocks[-1].append(i)
        else:
            blocks.append([i])
    return [b for b in blocks if len(b) >= MIN_ROWS or (opening and b is blocks[0] and _opens_page(b))]


def _sections_joined(lines: Sequence[_Line], blocks: list[list[int]]) -> list[list[int]]:
    """The blocks, each joined to the one before when at most MAX_SECTION_GAP lines stand between them and
    their number columns are the same: one table whose section heading ('III' / 'XÂY DỰNG CHÍNH QUYỀN
    ĐIỆN TỬ, CHÍNH' / 'QUYỀN SỐ') and a wrapped label took more lines than a label alone may."""
    joined: list[list[int]] = []
    for block in blocks:
        if joined and block[0] - joined[-1][-1] - 1 <= MAX_SECTION_GAP:
            before, after = _number_columns(lines, joined[-1]), _number_columns(lines, block)
            if len(before) == len(after) and all(
                a.x0 <= b.x1 and b.x0 <= a.x1 for a, b in zip(before, after, strict=True)
            ):
                joined[-1] = joined[-1] + block
                continue
        joined.append(block)
    return joined


def _number_columns(lines: Sequence[_Line], rows: Sequence[int]) -> list[_Column]:
    """Where the rows' numbers stand: boxes overlapping from row to row merged, kept where at least
    COLUMN_SUPPORT of the rows hold a number."""
    spans: list[tuple[float, float, int]] = sorted(
        (w.x0, w.x1, row) for row in rows for w in lines[row].numbers()
    )
    merged: list[tuple[float, float, set[int]]] = []
    for x0, x1, row in spans:
        if merged and x0 <= merged[-1][1]:
            left, right, members = merged[-1]
            merged[-1] = (left, max(right, x1), members | {row})
        else:
            merged.append((x0, x1, {row}))
    supported = [_Column(x0, x1) for x0, x1, members in merged if len(members) >= COLUMN_SUPPORT * len(rows)]
    return [column for column in supported if _mostly_numbers(column, [lines[row] for row in rows])]


def _mostly_numbers(column: _Column, rows: Sequence[_Line]) -> bool:
    """Whether the words standing in ``column`` on the rows' lines are mostly numbers (prose that happens
    to hold numbers one above the other has words all around them)."""
    inside = [
        t
        for line in rows
        for w, t in zip(line.words, line.texts, strict=True)
        if column.x0 <= (w.x0 + w.x1) / 2 <= column.x1
    ]
    return sum(bool(NUMBER_WORD.match(t) or NUMBERISH.match(t)) for t in inside) >= NUMBER_SHARE * len(inside)


def _table_grid(
    table: int, lines: Sequence[_Line], block: list[int], carried: Sequence[float] = ()
) -> list[tuple[GridCell, Box]]:
    numbers = _number_columns(lines, block)
    if len(numbers) < MIN_NUMBER_COLUMNS and not carried:
        return []
    rows = _rows(lines, block, numbers[0] if numbers else _Column(carried[0], carried[1]))
    if _is_score_table(lines, rows, numbers):
        return []  # its criteria wrap over many lines, which the line reader follows
    columns = _with_text_columns(numbers, [[lines[i] for i in row] for row in rows]) if numbers else []
    on_carried = len(carried) > 1  # the page before's columns (OCR may have run some of these together)
    if on_carried:
        columns = [_Column(a, b) for a, b in itertools.pairwise(carried)]
    elif len(numbers) < MIN_NUMBER_COLUMNS:
        return []
    height = statistics.median(line.bottom - line.top for line in lines) or 1.0  # the page's line height
    header = _header_lines(lines, min(min(row) for row in rows), columns, height)
    edges = list(carried) if on_carried else _column_edges(columns)
    header_words = [w for i in header for w in lines[i].words if _within(w, columns, height)]
    if header_words:  # the outer columns reach their header's widest words (not a body row's specks)
        edges[0] = min(edges[0], min(w.x0 for w in header_words) - 1)
        edges[-1] = max(edges[-1], max(w.x1 for w in header_words) + 1)
    cells = [*_header_cells(table, lines, header, columns, edges, height)]
    cells += _body_cells(table, lines, rows, edges, first_row=len(header))
    return cells


def _is_score_table(lines: Sequence[_Line], rows: list[list[int]], numbers: Sequence[_Column]) -> bool:
    """A PAR score table: its header (or the lines above its first row on the page) names score columns
    ('Điểm tối đa', 'Điểm đạt được'), or its rows open with criterion codes ('1.1', '2.2.1') rather than
    a row number and the numbers in its ``numbers`` columns could be scores (`_score_sized`)."""
    first = min(min(row) for row in rows)
    above = "\n".join(" ".join(line.texts) for line in lines[max(0, first - SCORE_HEADER_LINES) : first])
    if read_layout(above) is not None:
        return True
    anchors = [max(row, key=lambda i: len(lines[i].numbers())) for row in rows]  # each row's line of numbers
    codes = sum(is_criterion_code(lines[i].texts[0]) for i in anchors)
    return codes >= CRITERION_SHARE * len(rows) and _score_sized([lines[i] for i in anchors], numbers[1:])


def _score_sized(rows: Sequence[_Line], columns: Sequence[_Column]) -> bool:
    """Whether every number standing in ``columns`` (the number columns but the first, the row codes')
    could be a score: MAX_SCORE or less. A statistical annex numbering its rows 1, 1.1, 1.2 holds money
    and counts ('4.773,46'); a score table's criteria may name years and documents, outside them."""
    cells = [
        t
        for line in rows
        for w, t in zip(line.words, line.texts, strict=True)
        if NUMBER_WORD.match(t) and any(c.x0 <= (w.x0 + w.x1) / 2 <= c.x1 for c in columns)
    ]
    return all(_number_value(t) <= MAX_SCORE for t in cells)


def _number_value(word: str) -> float:
    """The number a number word spells, its sign, brackets, '%' and specks aside (0 when none)."""
    try:
        return parse_vietnamese_number(word.strip("()%_+-"))
    except ValueError:
        return 0.0


def _rows(lines: Sequence[_Line], block: list[int], first: _Column) -> list[list[int]]:
    """Each row's lines: its line of numbers, and the lines without numbers nearer to it than to another
    row's (a label wrapped above and below numbers centred in their cell). A line without numbers that
    opens in the first number column (the rows' numbers: 'II' over '4', '5') is a row of its own, a
    section's heading row, not a label wrapped from the row above; only a line in capitals, like its
    name, joins it from above."""
    sections = [
        i for i in range(block[0] + 1, block[-1]) if i not in block and _opens_in(lines[i].words[0], first)
    ]
    anchors = sorted([*block, *sections])
    rows = {anchor: [anchor] for anchor in anchors}
    for i in range(block[0] + 1, block[-1]):
        if i in rows:
            continue
        near = [a for a in anchors if a in block or a < i or (_capitals(lines[i]) and _capitals(lines[a]))]
        style = _capitals(lines[i])  # of two rows as near, the one written like it (a section's capitals)
        nearest = min(
            near, key=lambda a: (abs(lines[a].middle - lines[i].middle), _capitals(lines[a]) != style, -a)
        )
        rows[nearest].append(i)
    return [sorted(rows[anchor]) for anchor in anchors]


def _capitals(line: _Line) -> bool:
    """Whether every letter of the line is a capital: a section's name ('XÂY DỰNG CHÍNH QUYỀN') wraps above
    its number as well as below; a label's lower-case tail ('toàn trình') stays with the row above."""
    letters = [ch for text in line.texts for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _opens_in(word: PlacedWord, column: _Column) -> bool:
    """Whether ``word`` stands in ``column``: its middle within half a line height of it, or its start
    inside it ('III' set flush left in the row numbers' column, wider than their digits)."""
    middle = (word.x0 + word.x1) / 2
    reach = (word.y1 - word.y0) / 2
    return column.x0 - reach <= middle <= column.x1 + reach or column.x0 <= word.x0 <= column.x1


def _with_text_columns(numbers: list[_Column], rows: Sequence[Sequence[_Line]]) -> list[_Column]:
    """The number columns and, in each gap before or between them where the rows' other words stand in
    at least COLUMN_SUPPORT of the rows, a text column spanning those words (OCR's specks and strokes
    left in a gap make none)."""
    gaps: dict[int, list[tuple[int, PlacedWord]]] = {}
    for r, row in enumerate(rows):
        for line in row:
            for word, word_text in zip(line.words, line.texts, strict=True):
                middle = (word.x0 + word.x1) / 2
                if NUMBER_WORD.match(word_text) or not WORDLIKE.search(word_text):
                    continue
                if not any(c.x0 <= middle <= c.x1 or _opens_in(word, c) for c in numbers):
                    gaps.setdefault(sum(c.x1 < middle for c in numbers), []).append((r, word))
    supported = [found for found in gaps.values() if len({r for r, _ in found}) >= COLUMN_SUPPORT * len(rows)]
    texts = [column for found in supported for column in _text_columns(found, len(rows))]
    return sorted([*numbers, *texts], key=lambda c: c.x0)


def _text_columns(found: list[tuple[int, PlacedWord]], rows: int) -> list[_Column]:
    """The text columns of one gap's words (row, word): one, or several where a gutter wider than a line
    height runs down every row between them and each holds words in COLUMN_SUPPORT of the rows (a label
    column, then a unit column: 'Kinh phí chi cho …' | 'triệu đồng')."""
    height = statistics.median(w.y1 - w.y0 for _, w in found)
    clusters: list[list[tuple[int, PlacedWord]]] = []
    for row, word in sorted(found, key=lambda item: item[1].x0):
        if clusters and word.x0 - max(w.x1 for _, w in clusters[-1]) <= height:
            clusters[-1].append((row, word))
        else:
            clusters.append([(row, word)])
    if len(clusters) > 1 and all(len({r for r, _ in c}) >= COLUMN_SUPPORT * rows for c in clusters):
        return [_Column(min(w.x0 for _, w in c), max(w.x1 for _, w in c)) for c in clusters]
    return [_Column(min(w.x0 for _, w in found), max(w.x1 for _, w in found))]


def _column_edges(columns: Sequence[_Column]) -> list[float]:
    """Column boundaries: midway between neighbours, a point outside the first and the last."""
    inner = [(a.x1 + b.x0) / 2 for a, b in itertools.pairwise(columns)]
    return [columns[0].x0 - 1, *inner, columns[-1].x1 + 1]


def _header_lines(lines: Sequence[_Line], first: int, columns: Sequence[_Column], height: float) -> list[int]:
    """The lines above the first row that head the columns: close together, inside the table's width,
    and not one phrase across most of it (the table's title)."""
    left, right = columns[0].x0, columns[-1].x1
    header: list[int] = []
    below = lines[first].top
    for i in range(first - 1, max(first - 1 - MAX_HEADER_LINES, -1), -1):
        line = lines[i]
        inside = [w for w in line.words if _within(w, columns, OVERHANG * height)]
        phrases = _phrases(line.words, height)
        titled = len(phrases) == 1 and phrases[0][-1].x1 - phrases[0][0].x0 > (right - left) / 2
        a_row = len(line.numbers()) >= MIN_NUMBER_COLUMNS  # another table's row above: no header line
        beside = len(line.words) - len(inside)  # words beyond the table: a notes column no row fills enough
        if below - line.bottom > LINE_GAP * height or beside > MAX_BESIDE or titled or a_row:
            break
        header.insert(0, i)
        below = line.top
    return header


def _within(word: PlacedWord, columns: Sequence[_Column], margin: float) -> bool:
    """Whether the word's middle stands within the table's columns, ``margin`` beyond them at most."""
    return columns[0].x0 - margin <= (word.x0 + word.x1) / 2 <= columns[-1].x1 + margin


def _phrases(words: Sequence[PlacedWord], height: float) -> list[list[PlacedWord]]:
    """A line's words in runs with no wider gap than PHRASE_GAP character heights."""
    phrases: list[list[PlacedWord]] = []
    for word in words:
        if phrases and word.x0 - phrases[-1][-1].x1 <= PHRASE_GAP * height:
            phrases[-1].append(word)
        else:
            phrases.append([word])
    return phrases


def _header_cells(
    table: int,
    lines: Sequence[_Line],
    header: list[int],
    columns: Sequence[_Column],
    edges: list[float],
    height: float,
) -> list[tuple[GridCell, Box]]:
    """One grid row per header line: a phrase heads the columns whose middles it covers (at least the one
    its own middle falls in); a phrase alone in its column goes on down that column while the lines below
    hold one opening in lower case there ('Đang giải' / 'quyết'); the columns no phrase heads get an empty
    cell."""
    rows = [_header_phrases(lines[i], columns, edges, height) for i in header]
    tops = [lines[i].top - 0.1 for i in header]
    bottoms = [*tops[1:], lines[header[-1]].bottom + 0.1] if header else []
    taken: set[tuple[int, int]] = set()
    cells = []
    for r, phrases in enumerate(rows):
        for first, last, _ in phrases:
            if (r, first) in taken:
                continue  # the lower line of a phrase above
            span = _continued_down(rows, r, first) if first == last else 1
            taken |= {(r + down, k) for down in range(span) for k in range(first, last + 1)}
            box = (edges[first], tops[r], edges[last + 1], bottoms[r + span - 1])
            cells.append((GridCell(table, r, first, span, last - first + 1), box))
        for k in range(len(columns)):
            if (r, k) not in taken:
                taken.add((r, k))
                cells.append((GridCell(table, r, k), (edges[k], tops[r], edges[k + 1], bottoms[r])))
    return cells


def _continued_down(rows: Sequence[list[tuple[int, int, bool]]], r: int, col: int) -> int:
    """How many header lines a phrase alone in column ``col`` of line ``r`` spans: down to the last line
    below holding, alone in that column, a phrase that opens in lower case, across lines empty there."""
    span = 1
    for down in range(1, len(rows) - r):
        here = [p for p in rows[r + down] if p[0] <= col <= p[1]]
        if here == [(col, col, True)]:
            span = down + 1
        elif here:
            break
    return span


def _header_phrases(
    line: _Line, columns: Sequence[_Column], edges: list[float], height: float
) -> list[tuple[int, int, bool]]:
    """A header line's phrases as (first column, last column, opens in lower case), left to right; a
    phrase over columns an earlier one heads is dropped."""
    found: list[tuple[int, int, bool]] = []
    marked = [w for w, t in zip(line.words, line.texts, strict=True) if any(ch.isalnum() for ch in t)]
    for phrase in _phrases(marked, height):  # a speck OCR read as '-' or '~' bridges no gap
        x0, x1 = phrase[0].x0, phrase[-1].x1
        reach = MIDDLE_TOLERANCE * height  # OCR's boxes stop a little short of the letters' ink
        covered = [k for k, c in enumerate(columns) if x0 - reach <= (c.x0 + c.x1) / 2 <= x1 + reach]
        straddled = _straddled(edges, x0, x1)  # OCR's boxes may leave one of the two middles just outside
        if len(covered) <= 1 and set(covered) <= set(straddled):
            covered = straddled or covered
        covered = covered or [_column_at(edges, (x0 + x1) / 2)]
        first, last = min(covered), max(covered)
        if found and first <= found[-1][1]:
            continue
        opening = line.texts[line.words.index(phrase[0])]
        found.append((first, last, opening[:1].islower() and bool(WORDLIKE.match(opening))))
    return found


def _straddled(edges: list[float], x0: float, x1: float) -> list[int]:
    """The two columns a short phrase stands across, centred over the edge between them ('Năm 2024' over
    'Kế hoạch' and 'Thực hiện'): STRADDLE of its width or more on each side; else none."""
    width = max(x1 - x0, 1e-6)
    over = [k for k in range(len(edges) - 1) if min(x1, edges[k + 1]) - max(x0, edges[k]) >= STRADDLE * width]
    return over if len(over) == 2 else []


def _column_at(edges: list[float], x: float) -> int:
    return max(0, min(len(edges) - 2, sum(edge <= x for edge in edges) - 1))


def _body_cells(
    table: int, lines: Sequence[_Line], rows: list[list[int]], edges: list[float], first_row: int
) -> list[tuple[GridCell, Box]]:
    """A cell per row and column, rows reaching midway to their neighbours."""
    tops = [min(lines[i].top for i in row) for row in rows]
    bottoms = [max(lines[i].bottom for i in row) for row in rows]
    cells = []
    for r in range(len(rows)):
        top = tops[r] - 0.1 if r == 0 else (bottoms[r - 1] + tops[r]) / 2
        bottom = bottoms[r] + 0.1 if r + 1 == len(rows) else (bottoms[r] + tops[r + 1]) / 2
        for k in range(len(edges) - 1):
            cells.append((GridCell(table, first_row + r, k), (edges[k], top, edges[k + 1], bottom)))
    return cells
