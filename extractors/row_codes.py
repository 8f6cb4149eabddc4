"""Row codes of hierarchical tables (1, 1.1, 1.1.1 …): which code may come after which, and OCR'd codes
put right by the codes around them.

A PAR score table lists its criteria in order, so the codes before and after a row say what its code can
be: after 2 and before 2.2 only 2.1 fits. OCR drops the dots of short codes ('73' for 7.3, '1.11' for
1.1.1); a code that does not fit between its neighbours takes the one reading (or dotted form of its
digits) that does, or the only code that fits, and the cell says so.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Sequence

from schemas.score_rows import ScoreRow
from schemas.table_cells import TableCell

CODE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?$")
MAX_DEPTH = 4
CODE_SHARE = 0.6  # this share of a column's filled cells being codes makes it the code column


def is_criterion_code(text: str) -> bool:
    """A code below the domains ('1.1', '2.2.1', '1.3.'), not a bare row number ('1', '12')."""
    found = CODE.match(text)
    return found is not None and "." in found.group(1)


@functools.lru_cache(maxsize=4096)  # asked of the same few codes again and again by every table reader
def code_tuple(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split("."))


@functools.lru_cache(maxsize=4096)
def follows(previous: str | None, code: str) -> bool:
    """Whether ``code`` can come right after ``previous``: its first child, its next sibling, or an
    ancestor's next sibling (1.3.3 -> 1.3.3.1, 1.3.4, 1.4 or 2)."""
    if previous is None:
        return True
    prev, new = code_tuple(previous), code_tuple(code)
    if new == (*prev, 1):
        return True
    return any(new == (*prev[:i], prev[i] + 1) for i in range(len(prev)))


def successors(previous: str, depth: int = MAX_DEPTH) -> list[str]:
    """Every code that may come right after ``previous`` in a table of codes at most ``depth`` deep."""
    prev = code_tuple(previous)
    found = [(*prev, 1)] if len(prev) < depth else []
    found += [(*prev[:i], prev[i] + 1) for i in range(len(prev))]
    return [".".join(map(str, code)) for code in found]


def dotted_forms(text: str) -> list[str]:
    """The codes ``text``'s digits can spell with dots put between them ('111' -> 1.1.1, 11.1, 1.11 …)."""
    digits = re.sub(r"\D", "", text)
    if not 1 <= len(digits) <= 2 * MAX_DEPTH:
        return []
    forms = []
    for cuts in itertools.product((False, True), repeat=len(digits) - 1):
        parts, current = [], digits[0]
        for digit, cut in zip(digits[1:], cuts, strict=True):
            if cut:
                parts.append(current)
                current = digit
            else:
                current += digit
        parts.append(current)
        if len(parts) <= MAX_DEPTH and all(len(p) <= 2 and not p.startswith("0") for p in parts):
            forms.append(".".join(parts))
    return forms


def is_code_column(column: Sequence[TableCell]) -> bool:
    """Most filled cells hold hierarchical codes."""
    filled = [cell for cell in column if cell.text]
    return bool(filled) and sum(_code(cell) is not None for cell in filled) >= CODE_SHARE * len(filled)


def repaired_codes(column: Sequence[TableCell], stops: frozenset[int] = frozenset()) -> list[TableCell]:
    """The code column of an OCR'd table (body cells in row order) with the codes that do not fit their
    neighbours put right (module docstring). Each run of rows between ``stops`` (total rows) is read as
    the best chain of codes each following the one before: a cell's own code counts most, then the
    dotted forms of its text and of its other readings; a row none of whose forms fits takes the code of
    the one chain that leads through it, or stays as it is. Empty cells (a row continued from the page
    before, an uncoded sub-heading) are passed over, never given a code."""
    fixed = list(column)
    run: list[int] = []
    for i, cell in enumerate([*column, None]):
        if cell is not None and cell.row not in stops:
            if cell.text:
                run.append(i)
            continue
        if run and any(column[j].text_source == "ocr" for j in run):
            for j, code in zip(run, _best_chain([column[j] for j in run]), strict=True):
                if code is not None and code != _code(column[j]):
                    note = f"OCR read {column[j].text!r}; the codes around it make it {code}"
                    fixed[j] = dataclasses.replace(column[j], text=code, value_note=note)
        run = []
    return fixed


def _code(cell: TableCell) -> str | None:
    m = CODE.match(cell.text)
    return m.group(1) if m else None


OWN, DOTTED, READING = 3, 2, 1  # how much a code counts by where it comes from (0: only fits)


def _candidates(cell: TableCell) -> dict[str, int]:
    found: dict[str, int] = {}
    for reading in (r.strip() for r in (cell.readings or "").split("|") if r.strip()):
        for form in dotted_forms(reading):
            found[form] = READING
    for form in dotted_forms(cell.text):
        found[form] = DOTTED
    if (own := _code(cell)) is not None:
        found[own] = OWN
    return found


def _best_chain(cells: Sequence[TableCell]) -> list[str | None]:
    """The highest-scoring chain of codes (Viterbi over each row's candidates and, at no score, every
    code that may follow the previous row's); a row whose code is settled by neither its own forms nor a
    unique fit is None."""
    start = next((i for i, cell in enumerate(cells) if _candidates(cell)), len(cells))
    if start:  # rows before the first readable code stay as they are
        return [None] * start + _best_chain(cells[start:]) if start < len(cells) else [None] * start
    own = [code for cell in cells if (code := _code(cell)) is not None]
    depth = max((len(code_tuple(code)) for code in own), default=MAX_DEPTH)  # no deeper than the table goes
    layers: list[dict[str, tuple[int, str | None]]] = []  # code -> (score, previous code)
    for cell in cells:
        options = _candidates(cell)
        layer: dict[str, tuple[int, str | None]] = {}
        previous = layers[-1] if layers else {None: (0, None)}  # type: ignore[dict-item]
        for prev, (score, _) in previous.items():
            reachable = set(successors(prev, depth)) if prev is not None else set(options)
            for code in reachable | {c for c in options if prev is None or follows(prev, c)}:
                total = score + options.get(code, 0)
                if code not in layer or total > layer[code][0]:
                    layer[code] = (total, prev)
        layers.append(_pruned(layer))
        if not layers[-1]:
            return [None] * len(cells)
    chain: list[str | None] = [max(layers[-1], key=lambda c: layers[-1][c][0])]
    for layer in reversed(layers[1:]):
        chain.append(layer[chain[-1]][1])  # type: ignore[index]
    chain.reverse()
    return _settled(cells, chain, depth)


def _pruned(layer: dict[str, tuple[int, str | None]], keep: int = 3000) -> dict[str, tuple[int, str | None]]:
    return dict(sorted(layer.items(), key=lambda item: (-item[1][0], item[0]))[:keep])


def _settled(cells: Sequence[TableCell], chain: list[str | None], depth: int) -> list[str | None]:
    """The chain's codes where the rows' own forms hold them; a gap of rows the chain filled with codes
    none of their forms give is kept only when it is the one way to go from the code before the gap to
    the code after it, else left unsettled (None)."""
    backed = [code is not None and code in _candidates(cell) for cell, code in zip(cells, chain, strict=True)]
    settled: list[str | None] = [code if ok else None for code, ok in zip(chain, backed, strict=True)]
    i = 0
    while i < len(cells):
        if backed[i]:
            i += 1
            continue
        j = i
        while j < len(cells) and not backed[j]:
            j += 1
        if i > 0 and j < len(cells) and _paths(chain[i - 1], chain[j], j - i + 1, depth) == 1:  # type: ignore[arg-type]
            settled[i:j] = chain[i:j]
        i = j
    return settled


def _paths(start: str, end: str, steps: int, depth: int, limit: int = 5000) -> int:
    """How many chains of ``steps`` codes lead from ``start`` to ``end`` (2 stands for 'more than one')."""
    counts = {start: 1}
    for _ in range(steps):
        following: dict[str, int] = {}
        for code, count in counts.items():
            for nxt in successors(code, depth):
                following[nxt] = min(2, following.get(nxt, 0) + count)
        counts = dict(list(following.items())[:limit])
    return counts.get(end, 0)


def unplaced_row(row: ScoreRow) -> bool:
    """A score row OCR read without a code it could place (its part in any sum unknown)."""
    return row.criterion_code is None and not row.is_total


def unplaced_row_under(rows: Sequence[ScoreRow], k: int) -> bool:
    """Whether an unplaced row stands among the rows under ``rows[k]`` (before the next row that is not one
    of its parts): it may be a part the sum needs."""
    prefix = f"{rows[k].criterion_code}."
    for row in rows[k + 1 :]:
        if unplaced_row(row):
            return True
        if row.criterion_code is None or not row.criterion_code.startswith(prefix):
            return False
    return False
