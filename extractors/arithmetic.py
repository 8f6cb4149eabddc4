"""Arithmetic audit of a document's figures: conflicting ratios, percentages that do not match their
x/y, and periods that end before they start. Tolerances are stated as constants."""

from __future__ import annotations

import functools
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Sequence

import regex
from rapidfuzz import fuzz

from extractors.audit import make_finding
from extractors.dates import NUMERIC_DATE, parse_date_at
from extractors.row_codes import code_tuple, unplaced_row, unplaced_row_under
from extractors.table_arithmetic import Equation
from extractors.table_arithmetic import mismatches as table_mismatches
from extractors.tables import load_table, phrase_tree
from schemas.facts import Fact
from schemas.findings import Finding
from schemas.score_rows import ScoreRow
from schemas.table_cells import TableCell

PERCENT_TOLERANCE = (
    0.1  # percentage points: "96,39%" for 15.920/16.139 = 98,64 % is off; 73 % for 227/310 is not
)
SAME_SUBJECT = 80  # rapidfuzz token-set ratio above which two subjects name the same measure
NEAR = 80  # characters: a percentage this close after a ratio, in the same clause, states that ratio
SCORE_TOLERANCE = 0.01  # points: cells carry up to 3 decimals, so sums of exact cells never drift more
PARTS_REACH = 160  # characters: a total's first part, and each next part, must follow this closely
MONEY_TOLERANCE = 0.001  # share of a money total its parts may miss it by (amounts rounded to thousands)
PARTS_OPEN = re.compile(r"trong\s+đó|bao\s+gồm|\bgồm\b|:", re.IGNORECASE)  # words that open a total's parts
SCORE_COLUMNS = ("max_points", "points_achieved", "target", "change", "appraised_points")
DATE_RANGE = regex.compile(r"\b[Tt]ừ\s+(?:ngày\s+)?(?P<a>\S+)\s+đến\s+(?:ngày\s+)?(?P<b>\S+)")


def _quote(text: str, start: int, end: int) -> str:
    return f"…{' '.join(text[max(0, start - 60) : start].split())} «{' '.join(text[start:end].split())}» " + (
        f"{' '.join(text[end : end + 60].split())}…"
    )


def audit_figures(
    facts: Sequence[Fact], texts: dict[int, str], doc_id: str, cells: Sequence[TableCell] = ()
) -> list[Finding]:
    """Every figure check over one document's facts (texts: page -> page text; cells: its tables' cells,
    so that figures side by side in two cells of a table are not read as one statement)."""
    return (
        ratio_conflicts(facts, texts)
        + percent_mismatches(facts, texts, cells)
        + sum_mismatches(facts, texts)
        + reversed_date_ranges(texts, doc_id)
    )


def ratio_conflicts(facts: Sequence[Fact], texts: dict[int, str]) -> list[Finding]:
    """One measure (same unit, same denominator) stated as different x/y in the same report."""
    groups: dict[tuple[str | None, float | None], list[Fact]] = defaultdict(list)
    for f in facts:
        if f.kind == "ratio" and f.unit and f.denominator and f.denominator > 1:
            groups[(f.unit, f.denominator)].append(f)
    out = []
    for (unit, denominator), group in groups.items():
        pair = _same_measure_other_count(group, texts)
        if pair:
            shown = " and ".join(f"{f.numerator:g}/{denominator:g}" for f in pair)
            first = pair[0]
            evidence = " | ".join(f"p{f.page}: " + _quote(texts[f.page], f.start, f.end) for f in pair)
            out.append(
                make_finding(
                    "ratio_conflict",
                    f"{unit}: given as {shown}",
                    first.doc_id,
                    first.page,
                    first.start,
                    first.end,
                    first.raw,
                    evidence,
                )
            )
    return out


def _same_measure_other_count(group: list[Fact], texts: dict[int, str]) -> tuple[Fact, Fact] | None:
    """Two ratios with the same unit and denominator whose subjects say the same thing
    ('đã hoàn thành 26/52 nhiệm vụ' … 'đã hoàn thành 20/52 nhiệm vụ'), but other numerators; not two of one
    sentence, the parts of a breakdown ('07/13 cơ quan xếp loại Xuất sắc, 05/13 cơ quan xếp loại Tốt')."""
    for i, a in enumerate(group):
        for b in group[i + 1 :]:
            same_subject = (
                fuzz.token_set_ratio((a.subject or "").lower(), (b.subject or "").lower()) >= SAME_SUBJECT
            )
            if a.numerator != b.numerator and same_subject and not _one_sentence(a, b, texts):
                return a, b
    return None


def _one_sentence(a: Fact, b: Fact, texts: dict[int, str]) -> bool:
    """Whether two figures stand in one sentence of one page (no '. ' or '; ' between them)."""
    if a.page != b.page:
        return False
    first, second = sorted((a, b), key=lambda f: f.start)
    return re.search(r"[.;]\s", texts[a.page][first.end : second.start]) is None


def percent_mismatches(
    facts: Sequence[Fact], texts: dict[int, str], cells: Sequence[TableCell] = ()
) -> list[Finding]:
    """A percentage right after a ratio in the same clause ('15.920/16.139 hồ sơ, đạt 96,39%') must equal it;
    not when a table holds them in two cells ('12/63' a rank, '99,5%' an index beside it)."""
    out = []
    ordered = sorted(facts, key=lambda f: (f.page, f.start))
    cell_at = _cell_locator(cells)
    for ratio, percent in itertools.pairwise(ordered):
        if (
            ratio.kind != "ratio"
            or percent.kind != "percent"
            or ratio.page != percent.page
            or percent.is_target
        ):
            continue  # a target after a ratio ('38/124 …, chỉ tiêu tối thiểu 20%') states no ratio
        if cell_at(ratio) != cell_at(percent):
            continue
        between = texts[ratio.page][ratio.end : percent.start]
        if len(between) > NEAR or re.search(r"[;.]\s", between):
            continue
        expected = 100 * ratio.value
        if abs(expected - percent.value) > _percent_tolerance(percent.raw):
            message = f"{percent.raw.strip()} stated for {ratio.raw.split()[0]}, which is {expected:.2f}%"
            evidence = f"p{ratio.page}: " + _quote(texts[ratio.page], ratio.start, percent.end)
            out.append(
                make_finding(
                    "percent_mismatch",
                    message,
                    percent.doc_id,
                    percent.page,
                    percent.start,
                    percent.end,
                    percent.raw,
                    evidence,
                )
            )
    return out


def _percent_tolerance(raw: str) -> float:
    """How far a stated percentage may be from its ratio: PERCENT_TOLERANCE, or half a unit of its last
    written digit when that is wider ('30%' for 42/139 = 30,22 % is rounded, not wrong)."""
    decimals = re.search(r"[.,](\d+)\s*%", raw)
    return max(PERCENT_TOLERANCE, 0.5 * 10 ** -(len(decimals.group(1)) if decimals else 0) + 1e-9)


def _cell_locator(cells: Sequence[TableCell]) -> Callable[[Fact], tuple[int, int, int] | None]:
    """A function giving the table cell (table, row, col) a figure lies in, None outside tables."""
    by_page: dict[int, list[TableCell]] = defaultdict(list)
    for cell in cells:
        if cell.end > cell.start and "\n" not in cell.raw:  # a wrapped text-layer cell's span is not its own
            by_page[cell.page].append(cell)

    def locate(fact: Fact) -> tuple[int, int, int] | None:
        for cell in by_page.get(fact.page, ()):
            if cell.start <= fact.start < cell.end:
                return cell.table_id, cell.row, cell.col
        return None

    return locate


def reversed_date_ranges(texts: dict[int, str], doc_id: str) -> list[Finding]:
    """'từ 15/12/2022 đến 14/03/2022': a period that ends before it starts."""
    out = []
    for page, text in texts.items():
        for m in DATE_RANGE.finditer(text):
            a, b = parse_date_at(text, m.start("a")), parse_date_at(text, m.start("b"))
            if not (a and b and a.value and b.value and NUMERIC_DATE.match(m["a"])) or a.value <= b.value:
                continue
            message = f"period from {a.value:%d/%m/%Y} to {b.value:%d/%m/%Y} ends before it starts"
            out.append(
                make_finding(
                    "date_range_reversed",
                    message,
                    doc_id,
                    page,
                    m.start(),
                    m.end(),
                    m.group(0),
                    f"p{page}: " + _quote(text, m.start(), m.end()),
                )
            )
    return out


def says_total_before(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends with a total's words ('Tổng số thủ tục hành chính:') and at most
    60 characters after them, no stop, digit or line break among those (but a line break ending the
    window, as '$' allows). Matched once on the window read backwards (a search tried every character of
    the window; tests compare the two)."""
    return _total_backwards().match(text[start:end][::-1]) is not None


@functools.cache
def _total_backwards() -> re.Pattern[str]:
    """`says_total_before`'s pattern for the window read backwards: a line break ending it, up to 60
    characters, then the total's words spelled backwards."""
    words = phrase_tree((row["phrase"][::-1] for row in load_table("total_words")), ignore_case=True)
    return re.compile(rf"\n?[^.;\n\d]{{0,60}}(?<!\w)(?:{words})(?!\w)", re.I)


def _same_unit(total: Fact, part: Fact) -> bool:
    """'thủ tục' counts add up to 'thủ tục hành chính': one unit is the other's first words."""
    a, b = (total.unit or "").lower(), (part.unit or "").lower()
    return bool(a and b) and (a.startswith(b) or b.startswith(a))


def sum_mismatches(facts: Sequence[Fact], texts: dict[int, str]) -> list[Finding]:
    """A stated total ('Tổng số thủ tục hành chính: 169 thủ tục') followed by its parts in the same unit
    ('1. Lĩnh vực …: 61 thủ tục; 2. …: 24 thủ tục; …'). Flagged only when no run of the first parts adds
    up to the total (a list may go on with other figures of the same unit). Counts must add up exactly;
    money ('tổng kinh phí 546.489.887 đồng, trong đó …') within MONEY_TOLERANCE, and only when a 'trong
    đó / gồm' opens the parts (a money total is often followed by other years' totals, not its parts)."""
    out = []
    for kind in ("count", "money"):
        figures = sorted((f for f in facts if f.kind == kind and f.unit), key=lambda f: (f.page, f.start))
        for i, total in enumerate(figures):
            text = texts[total.page]
            if not says_total_before(text, max(0, total.start - 80), total.start):
                continue
            parts = _parts_after(total, figures[i + 1 :], text)
            if kind == "money" and parts and not PARTS_OPEN.search(text[total.end : parts[0].start]):
                continue
            tolerance = MONEY_TOLERANCE * total.value if kind == "money" else 0.0
            if len(parts) < 2 or any(
                _sums_to(parts[:n], total.value, tolerance) for n in range(2, len(parts) + 1)
            ):
                continue
            out.append(_sum_finding(total, parts, text))
    return out


def _parts_after(total: Fact, following: Sequence[Fact], text: str) -> list[Fact]:
    """Counts in the total's unit that follow it closely on its page, up to the first other figure or the
    first that is a total of its own ('Tổng số … loại I: 00 đơn vị. - Tổng số … loại II: 01 đơn vị': a
    list of totals, not a total and its parts)."""
    parts: list[Fact] = []
    previous_end = total.end
    for fact in following:
        if fact.page != total.page or fact.start - previous_end > PARTS_REACH or not _same_unit(total, fact):
            break
        if says_total_before(text, previous_end, fact.start):
            break
        parts.append(fact)
        previous_end = fact.end
    return parts


def _sums_to(parts: Sequence[Fact], total: float, tolerance: float = 0.0) -> bool:
    return abs(sum(p.value for p in parts) - total) <= tolerance + 1e-9


def _sum_finding(total: Fact, parts: list[Fact], text: str) -> Finding:
    stated = sum(p.value for p in parts)
    shown = " + ".join(f"{p.value:,.0f}" if p.kind == "money" else f"{p.value:g}" for p in parts)
    sum_shown = f"{stated:,.0f}" if total.kind == "money" else f"{stated:g}"
    message = (
        f"total {' '.join(total.raw.split())} but its {len(parts)} parts add up to {sum_shown} ({shown})"
    )
    if any(p.value == total.value for p in parts):  # the total copied into one of its parts
        message += "; one part equals the whole total while the others are not zero"
    evidence = f"p{total.page}: " + _quote(text, total.start, parts[-1].end)
    return make_finding(
        "sum_mismatch", message, total.doc_id, total.page, total.start, total.end, total.raw, evidence
    )


def score_total_mismatches(rows: Sequence[ScoreRow], texts: dict[int, str]) -> list[Finding]:
    """Scoring-table rows that differ from the sum of their sub-criteria, and total rows that differ
    from the sum of the level-1 rows, column by column (tolerance SCORE_TOLERANCE)."""
    out = []
    for table_rows in _by_table(rows):
        for parent, children in _parents_and_children(table_rows):
            diffs = _column_differences(parent, children)
            if diffs:
                out.append(_score_finding(parent, children, diffs, texts[parent.page]))
    return out


def _by_table(rows: Sequence[ScoreRow]) -> list[list[ScoreRow]]:
    tables: dict[int, list[ScoreRow]] = defaultdict(list)
    for row in rows:
        tables[row.table_id].append(row)
    return list(tables.values())


def _parents_and_children(rows: list[ScoreRow]) -> list[tuple[ScoreRow, list[ScoreRow]]]:
    children: dict[str, list[ScoreRow]] = defaultdict(list)
    for row in rows:
        if row.parent_code:
            children[row.parent_code].append(row)
    pairs = [
        (row, children[row.criterion_code])
        for k, row in enumerate(rows)
        if row.criterion_code
        and children.get(row.criterion_code)
        and _every_part(children[row.criterion_code])
        and not unplaced_row_under(rows, k)
    ]
    totals = [row for row in rows if row.is_total]
    top = [row for row in rows if row.level == 1]
    unplaced = any(unplaced_row(row) for row in rows)
    return pairs + [(total, top) for total in totals if top and _every_part(top) and not unplaced]


def _every_part(parts: list[ScoreRow]) -> bool:
    """Whether the parts of a sum are all there: numbered 1 to n without a gap (a row OCR could not place
    leaves one, and a sum without it would be a false alarm)."""
    numbers = [code_tuple(str(part.criterion_code))[-1] for part in parts]
    return numbers == list(range(1, len(parts) + 1))


def _column_differences(parent: ScoreRow, children: list[ScoreRow]) -> list[tuple[str, float, float]]:
    """(column, stated, sum of parts) for every column where all cells are given and they disagree."""
    diffs = []
    for column in SCORE_COLUMNS:
        stated = getattr(parent, column)
        parts = [getattr(child, column) for child in children]
        if stated is None or any(p is None for p in parts):
            continue
        total = round(sum(parts), 6)
        if abs(total - stated) > SCORE_TOLERANCE + 1e-9:
            diffs.append((column, stated, total))
    return diffs


def _score_finding(
    parent: ScoreRow, children: list[ScoreRow], diffs: list[tuple[str, float, float]], text: str
) -> Finding:
    name = (
        f"total row ({parent.criterion})"
        if parent.is_total
        else f"row {parent.criterion_code} ({parent.criterion[:50]})"
    )
    parts = (
        f"{children[0].criterion_code}–{children[-1].criterion_code}"
        if len(children) > 1
        else str(children[0].criterion_code)
    )
    shown = "; ".join(f"{column} {stated:g} ≠ {total:g}" for column, stated, total in diffs)
    message = f"table {parent.table_id}, {name}: {shown}, the sum of {parts}"
    evidence = f"p{parent.page}: " + _quote(text, parent.start, parent.end)
    pages = tuple(sorted({parent.page, *(c.page for c in children)}))
    return make_finding(
        "score_total_mismatch", message, parent.doc_id, parent.page, parent.start, parent.end, parent.raw,
        evidence, pages,
    )  # fmt: skip


def table_total_mismatches(
    cells: Sequence[TableCell], texts: dict[int, str], skip: frozenset[int] = frozenset()
) -> list[Finding]:
    """Ruled tables (other than the score tables in ``skip``, checked as score rows) whose total row or
    parent row differs from the sum of the rows it adds up, column by column; OCR'd tables say so (a
    misread cell is as likely as a wrong sum)."""
    tables: dict[int, list[TableCell]] = defaultdict(list)
    for cell in cells:
        if cell.table_id not in skip:
            tables[cell.table_id].append(cell)
    return [_table_finding(e, texts) for table in tables.values() for e in table_mismatches(table)]


def _table_finding(equation: Equation, texts: dict[int, str]) -> Finding:
    total, parts = equation.total, equation.parts
    stated, added = total.value or 0.0, round(sum(p.value or 0.0 for p in parts), 6)
    row = total.row_label or "total row"
    column = total.header or f"column {total.col + 1}"
    message = (
        f"table {total.table_id}, {' '.join(row.split())[:60]}: {column} states {stated:g} but its "
        f"{len(parts)} rows add up to {added:g}"
    )
    if any(c.text_source == "ocr" for c in (total, *parts)):
        message += " (read by OCR: check the scan)"
    shown = " + ".join(p.text for p in parts[:12]) + (" + …" if len(parts) > 12 else "")
    evidence = f"p{total.page}: " + _quote(texts.get(total.page, ""), total.start, total.end) + f" = {shown}"
    pages = tuple(sorted({total.page, *(p.page for p in parts)}))
    return make_finding(
        "table_total_mismatch", message, total.doc_id, total.page, total.start, total.end, total.raw, evidence,
        pages,
    )  # fmt: skip
