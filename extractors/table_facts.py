"""Numbers in statistical tables -> facts: each numeric body cell of a ruled table (score tables aside,
they are score rows) becomes a `Fact` whose subject is its row's label (the unit or field the row is
about, its STT code left out) and whose unit is its column's header path, so that analysts can line
up 'Số hồ sơ tiếp nhận / Tổng số' for 'Sở Tư pháp' across provinces. A percentage column gives
percents, a money column ('triệu đồng') money in đồng, every other column counts."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from extractors.indicators import indicator_of_words
from extractors.table_cells import READINGS_DISAGREE, cell_value
from extractors.tables import kind_phrase_list, load_table, phrase_pattern
from schemas.facts import Fact
from schemas.score_rows import ScoreRow
from schemas.table_cells import TableCell

CODE_PREFIX = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,5}\.|[a-zđ]\))\s+")


@functools.cache
def _money_units() -> tuple[tuple[re.Pattern[str], float], ...]:
    rows = sorted(
        (r for r in load_table("money_units") if "đồng" in r["unit"]), key=lambda r: -len(r["unit"])
    )
    # a bare 'tỷ' in a header is 'tỷ lệ' (a rate) far more often than billions
    return tuple((phrase_pattern([r["unit"]]), float(r["multiplier"])) for r in rows)


@functools.cache
def _count_units() -> re.Pattern[str]:
    return phrase_pattern([r["unit"] for r in load_table("count_units")])


@functools.cache
def _target_words() -> re.Pattern[str]:
    """Header words naming a plan's column (kế hoạch, mục tiêu, chỉ tiêu …), anywhere in the header path."""
    return phrase_pattern(kind_phrase_list("score_table_words", "target_header"))


def without_row_numbers(facts: Sequence[Fact], cells: Sequence[TableCell]) -> list[Fact]:
    """The page text's figures but those opening in a table row's number cell (its STT: '1' before 'Thủ
    tục hành chính …' read as '1 thủ tục'): a row's number counts nothing."""
    numbers: dict[int, list[tuple[int, int]]] = {}
    for cell in cells:
        if _row_number(cell):
            numbers.setdefault(cell.page, []).append((cell.start, cell.end))
    return [f for f in facts if not any(start <= f.start < end for start, end in numbers.get(f.page, ()))]


SCORE_ROW_SHARE = 0.5  # more than this share of a table's numbers in score rows: a score table's cells


def tables_read_as_score_rows(cells: Sequence[TableCell], rows: Sequence[ScoreRow]) -> frozenset[int]:
    """The tables most of whose numbers lie within score rows read from the page's lines (an unruled
    score table whose codes OCR lost reads as cells too): their numbers are those rows' points, no facts."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for row in rows:
        spans.setdefault(row.page, []).append((row.start, row.end))
    numbers: dict[int, list[bool]] = {}
    for cell in cells:
        if not cell.is_header and cell.value is not None:
            inside = any(start <= cell.start < end for start, end in spans.get(cell.page, ()))
            numbers.setdefault(cell.table_id, []).append(inside)
    return frozenset(t for t, inside in numbers.items() if sum(inside) > SCORE_ROW_SHARE * len(inside))


def _row_number(cell: TableCell) -> bool:
    """A body cell of the first column holding a number that is no value (the table's code column; not a
    number whose OCR readings disagreed, which says so in its note)."""
    return (
        not cell.is_header
        and cell.col == 0
        and cell.value is None
        and cell.value_note != READINGS_DISAGREE
        and cell_value(cell.text) is not None
    )


def table_cells_to_facts(cells: Sequence[TableCell], skip_tables: frozenset[int] = frozenset()) -> list[Fact]:
    """A fact for every number in the body of the tables not in ``skip_tables``."""
    facts = []
    for cell in cells:
        if cell.is_header or cell.value is None or cell.table_id in skip_tables:
            continue
        facts.append(cell_to_fact(cell))
    return facts


def cell_to_fact(cell: TableCell) -> Fact:
    header = " ".join((cell.header or "").split())
    subject = CODE_PREFIX.sub("", cell.row_label or "").strip() or None
    kind, unit, value = "count", header or None, float(cell.value or 0.0)
    if cell.unit == "%":
        kind, unit = "percent", "%"
    elif (money := _money_scale(header)) is not None:
        kind, unit, value = "money", "đồng", value * money
    words = _count_units().search(header)
    indicator = indicator_of_words(
        kind, "%" if kind == "percent" else words.group() if words else None, header
    )
    sentence = f"{subject or ''} | {header}: {cell.text}".strip(" |")
    return Fact(
        cell.doc_id, cell.page, cell.start, cell.end, cell.raw, kind, value, unit, None, None, subject,
        bool(_target_words().search(header)), None, None, sentence, indicator=indicator,
        x0=cell.x0, y0=cell.y0, x1=cell.x1, y1=cell.y1,
    )  # fmt: skip


def _money_scale(header: str) -> float | None:
    """The multiplier of the money unit a column header names ('triệu đồng'), None when it names none (a
    province's name is no unit: 'Lâm Đồng / Điểm số')."""
    unnamed = _province_names().sub(" ", header)
    for pattern, multiplier in _money_units():
        if pattern.search(unnamed):
            return multiplier
    return None


@functools.cache
def _province_names() -> re.Pattern[str]:
    return phrase_pattern([row["province"] for row in load_table("provinces_2025")])
