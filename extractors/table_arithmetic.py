"""Sums inside tables: a parent row against its sub-rows (1 = 1.1 + 1.2 + …), a total row ('Tổng cộng',
'Tổng số') against the rows it adds up, column by column.

Two uses. On OCR'd tables the sums are a second witness for numbers OCR was unsure of: when a sum fails and
exactly one reading of one unsure cell (its readings, or a reading with the decimal comma OCR dropped put
back: '15' -> '1,5') makes it hold without breaking the other sum the cell is in, that reading is taken and
the cell says so. What still does not add up is a finding with the cells as evidence.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from extractors.numbers import parse_vietnamese_number
from extractors.row_codes import CODE
from extractors.tables import kind_phrases
from schemas.table_cells import TableCell

NOT_ADDITIVE = re.compile(r"%|tỷ\s+lệ|bình\s+quân|trung\s+bình|xếp\s+hạng|thứ\s+hạng|ghi\s+chú", re.I)
MAX_PASSES = 3  # rounds of settling numbers by sums (one settled number can settle another)
TOLERANCE = 0.011  # numbers are written to two decimals at most
READING_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
THOUSANDS_LOOKALIKE = re.compile(r"^\d{1,3}[.,]\d{3}$")  # '3,035' or '3.035': thousands or decimals?
SWAP_SEPARATORS = str.maketrans(",.", ".,")
COMMA_THOUSANDS = re.compile(r"^\d{1,3},\d{3}$")
# 'II', 'B', 'A..', 'A_:': a group of rows, no row
GROUP_CODE = re.compile(r"^(?:[IVXLC]{1,5}|[A-ZĐ])[\W_]*$")
WHOLE_COLUMN = 3  # whole numbers a column needs before a lone '4,295' in it is read as 4295


@dataclass(frozen=True)
class Equation:
    """``total`` should equal the sum of ``parts`` (cells of one column of one table)."""

    total: TableCell
    parts: tuple[TableCell, ...]
    kind: str  # "sub_rows" (a parent and its sub-rows), "group_row" (a group and its rows) or "total_row"

    def holds(self, values: dict[int, float | None]) -> bool | None:
        """Whether it adds up with ``values`` (by cell id); None when a value is missing."""
        numbers = [values.get(id(c)) for c in (self.total, *self.parts)]
        if any(n is None for n in numbers):
            return None
        return abs(numbers[0] - sum(numbers[1:])) <= TOLERANCE  # type: ignore[operator, arg-type]


def total_words() -> re.Pattern[str]:
    """'Tổng cộng', 'Tổng số', 'Cộng' … opening a row's label."""
    return kind_phrases("score_table_words", "total")


def table_equations(cells: Sequence[TableCell]) -> list[Equation]:
    """The sums one table's rows state, for each of its additive numeric columns."""
    body = [c for c in cells if not c.is_header]
    by_row: dict[int, dict[int, TableCell]] = {}
    for cell in body:
        by_row.setdefault(cell.row, {})[cell.col] = cell
    codes = {row: m.group(1) for row, cols in by_row.items() if 0 in cols and (m := CODE.match(cols[0].text))}
    totals = [row for row, cols in by_row.items() if row not in codes and _is_total_row(cols)]
    groups = [row for row, cols in by_row.items() if 0 in cols and GROUP_CODE.match(cols[0].text)]
    equations = []
    for col in _additive_columns([c for c in body if not (codes and c.col == 0)]):
        equations += _sub_row_equations(by_row, codes, col)
        equations += _group_equations(by_row, codes, sorted(groups), totals, col)
        equations += _total_equations(by_row, codes, totals, col)
    return equations


def _is_total_row(cols: dict[int, TableCell]) -> bool:
    label = " ".join(cell.text for _, cell in sorted(cols.items()) if cell.value is None and cell.text)
    return bool(total_words().match(label))


def _additive_columns(body: Sequence[TableCell]) -> list[int]:
    columns: dict[int, list[TableCell]] = {}
    for cell in body:
        columns.setdefault(cell.col, []).append(cell)
    additive = []
    for col, column in sorted(columns.items()):
        header = next((c.header for c in column if c.header), "") or ""
        with_values = [c for c in column if c.value is not None or c.readings]
        if len(with_values) < 2 or NOT_ADDITIVE.search(header) or any(c.unit == "%" for c in column):
            continue
        additive.append(col)
    return additive


def _sub_row_equations(
    by_row: dict[int, dict[int, TableCell]], codes: dict[int, str], col: int
) -> list[Equation]:
    found = []
    for row, code in codes.items():
        children = [r for r, c in codes.items() if c.rsplit(".", 1)[0] == code and "." in c and c != code]
        total = by_row[row].get(col)
        parts = [by_row[r].get(col) for r in sorted(children)]
        if children and total is not None and all(p is not None for p in parts):
            found.append(Equation(total, tuple(p for p in parts if p is not None), "sub_rows"))
    return found


def _group_equations(
    by_row: dict[int, dict[int, TableCell]],
    codes: dict[int, str],
    groups: list[int],
    totals: list[int],
    col: int,
) -> list[Equation]:
    """A group row with numbers ('II | CẤP XÃ | 882 | …') against the numbered rows under it, down to the
    next group or total row."""
    found = []
    ends = sorted([*groups, *totals, max(by_row) + 1])
    for row in groups:
        total = by_row[row].get(col)
        end = next(e for e in ends if e > row)
        rows = [r for r, c in codes.items() if row < r < end and "." not in c]
        parts = [by_row[r][col] for r in sorted(rows) if col in by_row[r]]
        if total is not None and len(parts) >= 2:
            found.append(Equation(total, tuple(parts), "group_row"))
    return found


def _total_equations(
    by_row: dict[int, dict[int, TableCell]], codes: dict[int, str], totals: list[int], col: int
) -> list[Equation]:
    found = []
    for row in totals:
        total = by_row[row].get(col)
        if total is None:
            continue
        if codes:
            rows = [r for r, c in codes.items() if "." not in c]
        else:  # a total on top adds the rows below it, a total at the bottom the rows above it
            before = [r for r in by_row if r < row and r not in totals]
            rows = before or [r for r in by_row if r > row and r not in totals]
        parts = [by_row[r][col] for r in sorted(rows) if col in by_row[r]]
        if len(parts) >= 2:
            found.append(Equation(total, tuple(parts), "total_row"))
    return found


def repaired_by_sums(cells: Sequence[TableCell]) -> list[TableCell]:
    """``cells`` (one table) with OCR'd numbers the sums settle (see the module's docstring), repeated
    while a settled number lets another sum settle one more; then those a rate column settles
    (``repaired_by_rates``)."""
    return repaired_by_rates(_repaired_by_sums(cells))


def _repaired_by_sums(cells: Sequence[TableCell]) -> list[TableCell]:
    cells = _whole_number_columns(cells)
    equations = table_equations(cells)
    values: dict[int, float | None] = {id(c): c.value for c in cells}
    repaired: dict[int, tuple[float, Equation]] = {}
    for _ in range(MAX_PASSES):
        settled = 0
        for equation in equations:
            holds = equation.holds(values)
            fix = (
                _solved(equation, values)
                if holds is None
                else _single_fix(equation, equations, values)
                if not holds
                else None
            )
            if fix is not None:
                values[fix[0]] = fix[1]
                repaired[fix[0]] = (fix[1], equation)
                settled += 1
        if not settled:
            break
    return [_with_repair(c, *repaired[id(c)]) if id(c) in repaired else c for c in cells]


RATE_ROWS = 3  # rows a rate column must be the quotient of two others in before it witnesses a number
RATE_SHARE = 0.8  # … and this share of the rows holding all three numbers
PERCENT_HEADER = re.compile(r"%|tỷ\s+lệ", re.I)


@dataclass(frozen=True)
class Rate:
    """Column ``rate`` holds ``numerator / denominator × 100`` on each row of one table, as written (to the
    decimals the rate shows: 73,75 for 6.340 / 8.597)."""

    rate: int
    numerator: int
    denominator: int

    def holds(self, row: dict[int, float | None], texts: dict[int, str]) -> bool | None:
        rate, a, b = (row.get(col) for col in (self.rate, self.numerator, self.denominator))
        if rate is None or a is None or not b:
            return None
        written = texts.get(self.rate, "")
        decimals = len(re.sub(r"\D", "", written.split(",")[1])) if "," in written else 0  # '73,75%': 2
        return abs(a / b * 100 - rate) <= 0.5 * 10**-decimals + 1e-9


def repaired_by_rates(cells: Sequence[TableCell]) -> list[TableCell]:
    """``cells`` (one table) with an OCR'd count the table's rate column settles: where a column of rates
    is the quotient of two other columns on nearly every row (RATE_ROWS, RATE_SHARE) and one row's rate does
    not hold, the one other reading of its two counts that makes it hold ('6,340' read for 6.340: a comma
    for the thousands dot) is taken, and the cell says so."""
    rows: dict[int, dict[int, TableCell]] = {}
    for cell in cells:
        if not cell.is_header:
            rows.setdefault(cell.row, {})[cell.col] = cell
    fixed: dict[int, TableCell] = {}
    for rate in _rates(rows):
        for row in rows.values():
            values = {col: cell.value for col, cell in row.items()}
            texts = {col: cell.text for col, cell in row.items()}
            if rate.holds(values, texts) is not False:
                continue
            fixes = [
                (row[col], value)
                for col in (rate.numerator, rate.denominator)
                for value in _alternatives(row[col])
                if rate.holds({**values, col: value}, texts) and _nearer_its_column(row[col], value, rows)
            ]
            if len(fixes) == 1:
                cell, value = fixes[0]
                note = f"OCR read {cell.text!r}; {_number(value)} makes the rate {texts[rate.rate]} hold"
                fixed[id(cell)] = dataclasses.replace(cell, value=value, value_note=note)
    return [fixed.get(id(cell), cell) for cell in cells]


def _nearer_its_column(cell: TableCell, value: float, rows: dict[int, dict[int, TableCell]]) -> bool:
    """Whether ``value`` is nearer than the cell's own value to the size of its column's other numbers (a
    quotient holds with both counts scaled alike: '6,340' / '8.597' is 6.340 / 8.597 or 6,34 / 8,597)."""
    column = [r[cell.col].value for r in rows.values() if cell.col in r and r[cell.col] is not cell]
    sizes = sorted(math.log10(abs(v)) for v in column if v)
    if not sizes or not value or not cell.value:
        return False
    typical = statistics.median(sizes)
    return abs(math.log10(abs(value)) - typical) < abs(math.log10(abs(cell.value)) - typical)


def _rates(rows: dict[int, dict[int, TableCell]]) -> list[Rate]:
    """The rate columns of a table that are the quotient of two of its other numeric columns."""
    headers = {col: cell.header or "" for row in rows.values() for col, cell in row.items()}
    numeric = sorted({col for row in rows.values() for col, cell in row.items() if cell.value is not None})
    written = [
        ({c: cell.value for c, cell in row.items()}, {c: cell.text for c, cell in row.items()})
        for row in rows.values()
    ]  # each row's values and texts, read once for every pair of columns tried
    found = []
    for rate_col in (col for col in numeric if PERCENT_HEADER.search(headers.get(col, ""))):
        others = [
            col for col in numeric if col != rate_col and not PERCENT_HEADER.search(headers.get(col, ""))
        ]
        for a, b in itertools.permutations(others, 2):
            rate = Rate(rate_col, a, b)
            held = [rate.holds(values, texts) for values, texts in written]
            complete = [h for h in held if h is not None]
            if sum(complete) >= RATE_ROWS and sum(complete) >= RATE_SHARE * len(complete):
                found.append(rate)
    return found


def _whole_number_columns(cells: Sequence[TableCell]) -> list[TableCell]:
    """OCR'd '4,295' in a column of whole numbers ('2.407', '83', '1.091') read as 4295: a comma OCR saw
    for the thousands dot (a count has no three decimals); the cell says so."""
    columns: dict[tuple[int, int], list[TableCell]] = {}
    for cell in cells:
        if not cell.is_header and cell.value is not None:
            columns.setdefault((cell.table_id, cell.col), []).append(cell)
    whole = {
        key
        for key, column in columns.items()
        if sum(c.value.is_integer() and not COMMA_THOUSANDS.match(c.text) for c in column) >= WHOLE_COLUMN  # type: ignore[union-attr]
        and all(c.value.is_integer() or COMMA_THOUSANDS.match(c.text) for c in column)  # type: ignore[union-attr]
    }
    fixed = []
    for cell in cells:
        if (
            (cell.table_id, cell.col) in whole
            and cell.text_source == "ocr"
            and COMMA_THOUSANDS.match(cell.text)
        ):
            value = float(cell.text.replace(",", ""))
            note = f"OCR read {cell.text!r}: a comma for the thousands dot in a column of whole numbers"
            cell = dataclasses.replace(cell, value=value, value_note=note)
        fixed.append(cell)
    return fixed


def _solved(equation: Equation, values: dict[int, float | None]) -> tuple[int, float] | None:
    """The one OCR'd cell of ``equation`` without a value, when the sum gives a number a reading of it
    nearly spells (at most one digit off, numbers of three digits or more; shorter ones exactly)."""
    members = (equation.total, *equation.parts)
    unknown = [c for c in members if values.get(id(c)) is None]
    if len(unknown) != 1 or unknown[0].text_source != "ocr":
        return None
    cell = unknown[0]
    value = _implied(equation, cell, values)
    if value is None:
        return None
    if re.sub(r"\D", "", _number(value)) in _reading_digits(cell) or _one_digit_off(cell, value):
        return id(cell), value
    return None


def _single_fix(
    equation: Equation, equations: Sequence[Equation], values: dict[int, float | None]
) -> tuple[int, float] | None:
    """The one (cell, value) that makes ``equation`` hold and breaks no other sum the cell is in: among the
    unsure OCR cells' other readings, or the value the sum asks of a cell when a reading of it is that
    number with one digit lost, added or misread (three digits or more); None when there is no such fix or
    more than one."""
    fixes = []
    for cell in (equation.total, *equation.parts):
        implied = _implied(equation, cell, values)
        near = [implied] if implied is not None and _one_digit_off(cell, implied) else []
        for value in dict.fromkeys([*_alternatives(cell), *near]):
            trial = {**values, id(cell): value}
            if not equation.holds(trial):
                continue
            others = [e for e in equations if e is not equation and cell in (e.total, *e.parts)]
            if all(e.holds(trial) is not False for e in others):
                fixes.append((id(cell), value))
    return fixes[0] if len(fixes) == 1 else None


def _implied(equation: Equation, cell: TableCell, values: dict[int, float | None]) -> float | None:
    """The value ``cell`` must hold for ``equation`` to hold with the others' values as they are."""
    others = [values.get(id(c)) for c in (equation.total, *equation.parts) if c is not cell]
    if any(v is None for v in others):
        return None
    known = [v for v in others if v is not None]
    value = round(sum(known) if cell is equation.total else known[0] - sum(known[1:]), 3)
    return value if value >= 0 else None


def _one_digit_off(cell: TableCell, value: float) -> bool:
    """A reading of the OCR'd cell spells ``value`` (three digits or more) with one digit off."""
    digits = re.sub(r"\D", "", _number(value))
    if cell.text_source != "ocr" or len(digits) < 3:
        return False
    return any(Levenshtein.distance(seen, digits) == 1 for seen in _reading_digits(cell))


def _reading_digits(cell: TableCell) -> list[str]:
    """The digits of the cell's text and of each of its other readings (those with any)."""
    readings = (cell.text, *(r.strip() for r in (cell.readings or "").split("|")))
    return [seen for seen in (re.sub(r"\D", "", r) for r in readings) if seen]


def _alternatives(cell: TableCell) -> Iterator[float]:
    """Other values an OCR'd cell may hold: its other readings, and each reading with the separator OCR
    confuses most put right: a decimal comma it dropped after the first digit ('15' -> 1.5, '175' -> 1.75),
    a comma read for a thousands dot or the reverse ('3,035' -> 3035); nothing for a text-layer cell."""
    if cell.text_source != "ocr":
        return
    readings = [r.strip() for r in cell.readings.split("|")] if cell.readings else []
    seen = {cell.value}
    for reading in [cell.text, *readings]:
        reading = reading.replace(";", ",").replace(":", ",").replace("/", ",")  # '/' for a comma only here
        for candidate in _separator_forms(reading):
            try:
                value = parse_vietnamese_number(candidate)
            except ValueError:
                continue
            if value not in seen:
                seen.add(value)
                yield value


def _separator_forms(reading: str) -> list[str]:
    if not READING_NUMBER.match(reading):
        return []
    forms = [reading]
    if reading.isdigit() and 2 <= len(reading) <= 3:
        forms.append(f"{reading[0]},{reading[1:]}")
    if THOUSANDS_LOOKALIKE.match(reading):
        forms.append(reading.translate(SWAP_SEPARATORS))
    return forms


def _with_repair(cell: TableCell, value: float, equation: Equation) -> TableCell:
    others = ", ".join(c.text for c in (equation.total, *equation.parts) if c is not cell)
    note = f"OCR read {cell.text!r}; {_number(value)} makes the sum hold (with {others})"
    return dataclasses.replace(cell, value=value, value_note=note)


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def mismatches(cells: Sequence[TableCell]) -> list[Equation]:
    """The sums of one table that do not hold."""
    values = {id(c): c.value for c in cells}
    return [e for e in table_equations(cells) if e.holds(values) is False]
