"""Ruled tables on a page image: the ruling lines, the cell grid they draw (merged cells included), and the
page with its rules erased for reading.

Lines are found by morphology (an opening with a long thin kernel keeps only runs of ink at least that
long), the way table readers for scanned documents do it; rows and columns are the positions of the
horizontal and vertical rules, and two neighbouring grid squares are one merged cell when the rule between
them is missing. Everything here works in pixels of the image it is given (already upright and deskewed).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

cv2.setNumThreads(1)  # pages are read in parallel processes already; OpenCV's own thread pool would
# compete with them, and a pool alive when a process forks is a known cause of crashes in the child

RULE_DETECT_POINTS = 24.0  # an opening this long (points) keeps rules, drops letters (a 13 pt line is ~10 pt)
RULE_MIN_POINTS = 60.0  # a horizontal rule at least this long ...
VERTICAL_MIN_POINTS = 10.0  # ... and a vertical one at least this long (one row of a table) count
RULE_BAND_POINTS = 1.2  # a rule is erased this far either side of its centre line (thickness + drift)
SAME_RULE_POINTS = 4.0  # rule pieces closer than this across their length are one rule ...
RULE_GAP_POINTS = 24.0  # ... and pieces this far apart along it (a faint scan breaks thin rules)
COVERED_SHARE = 0.25  # a rule drawn along this share of a cell's side separates the two cells (a merged
# cell has none across it; a faint scan breaks a thin rule into pieces that still cover a third or more)
MIN_ROWS, MIN_COLS = 2, 2  # fewer is a box or a frame, not a table
PAPER_LEVEL = 225  # after flattening, lighter than this is paper
BACKGROUND_WINDOW_POINTS = 11.0  # the paper's shade is measured over windows this wide
GLANCE_DPI = 75.0  # rules are first looked for on a copy about this coarse (a sixteenth of a 300 dpi page's
# pixels, each the darkest of the square it stands for, so a 1-px rule stays whole): measured on 188 scanned
# pages (41 with ruled tables), 0 tables missed and 147 pages spared the full-resolution search (0.02 s
# instead of 0.29 s a page); benchmarks/grid_glance.py
FINE_ANGLE_DEGREES = 0.05  # a table whose rules slope more than this is turned straight (0.05° drifts
# 1.7 px over a 2000 px rule: within the band erased along it)


@dataclass(frozen=True)
class GridCell:
    """A cell of a grid: its first row and column (0-based) and how many of each it spans."""

    table: int
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1


@dataclass(frozen=True)
class Segment:
    """A straight rule: horizontal (``at`` = y, from ``lo`` to ``hi`` in x) or vertical (x, y range)."""

    at: float
    lo: float
    hi: float

    def covers(self, lo: float, hi: float) -> float:
        """The share of [lo, hi] this segment runs along."""
        return max(0.0, min(self.hi, hi) - max(self.lo, lo)) / max(hi - lo, 1e-6)


@dataclass(frozen=True)
class RuledGrid:
    """One ruled table: its column edges (x) and row edges (y) in pixels, and its cells on that grid."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    cells: tuple[GridCell, ...]
    h_rules: tuple[Segment, ...] = ()  # the rules as drawn (pieces joined), for erasing them
    v_rules: tuple[Segment, ...] = ()

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def cell_box(self, cell: GridCell) -> tuple[float, float, float, float]:
        """The cell's rectangle in pixels (x0, y0, x1, y1)."""
        return (
            self.xs[cell.col], self.ys[cell.row],
            self.xs[cell.col + cell.col_span], self.ys[cell.row + cell.row_span],
        )  # fmt: skip


def flatten_background(gray: np.ndarray, dpi: float) -> np.ndarray:
    """``gray`` divided by the paper's own shade (a morphological closing removes the print and keeps the
    paper): grey, yellowed or unevenly lit paper turns white and the ink keeps its contrast."""
    size = max(3, int(BACKGROUND_WINDOW_POINTS * dpi / 72) | 1)
    paper = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    flat = np.clip(gray.astype(np.float32) / np.maximum(paper.astype(np.float32), 1.0) * 255.0, 0, 255)
    flat[flat >= PAPER_LEVEL] = 255  # paper left a shade lighter than this is paper: pure white, so that a
    # cut-out pasted on a white sheet shows no edge
    return flat.astype(np.uint8)


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Ink as 255, paper as 0 (Otsu's threshold)."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def rule_masks(
    ink: np.ndarray, dpi: float, points: float = RULE_DETECT_POINTS
) -> tuple[np.ndarray, np.ndarray]:
    """The horizontal and vertical runs of ink at least ``points`` long."""
    length = max(3, int(points * dpi / 72))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    return horizontal, vertical


def rule_angle(flat: np.ndarray, dpi: float) -> float | None:
    """The slope (degrees, counter-clockwise positive as in `extractors.cleanup.deskew`) of the longest
    horizontal rule of a page on white paper (``flatten_background``), fitted through its pixels; None on
    a page without one."""
    horizontal, _ = rule_masks(ink_mask(flat), dpi)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(horizontal, connectivity=8)
    if count < 2:
        return None
    longest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_WIDTH]))
    if stats[longest, cv2.CC_STAT_WIDTH] < RULE_MIN_POINTS * dpi / 72:
        return None
    ys, xs = np.nonzero(labels == longest)
    slope = float(np.polyfit(xs.astype(np.float64), ys.astype(np.float64), 1)[0])
    return math.degrees(math.atan(slope))  # y grows downwards: a rule falling to the right is turned up


def page_grids(gray: np.ndarray, dpi: float) -> tuple[list[RuledGrid], np.ndarray | None]:
    """The ruled tables of an upright, deskewed grey page and the page on white paper they were found on;
    ``([], None)`` when a glance at a coarse copy (``glance``) finds no table, so the full search is spared."""
    coarse, coarse_dpi = glance(gray, dpi)
    if not find_grids(flatten_background(coarse, coarse_dpi), coarse_dpi):
        return [], None
    flat = flatten_background(gray, dpi)
    return find_grids(flat, dpi), flat


def glance(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    """A copy of ``gray`` at about GLANCE_DPI, each pixel the darkest of the square it stands for (thin rules
    stay dark and whole, where averaging would fade them), and its resolution."""
    factor = max(1, round(dpi / GLANCE_DPI))
    if factor == 1:
        return gray, dpi
    darkest = cv2.erode(gray, np.ones((factor, factor), np.uint8), anchor=(0, 0))
    return np.ascontiguousarray(darkest[::factor, ::factor]), dpi / factor


def find_grids(flat: np.ndarray, dpi: float) -> list[RuledGrid]:
    """The ruled tables of an upright, deskewed page on white paper (``flatten_background``), top to
    bottom. Rules broken by a faint scan (pieces of at least RULE_DETECT_POINTS with gaps up to
    RULE_GAP_POINTS on one line) are joined first."""
    horizontal, vertical = rule_masks(ink_mask(flat), dpi)
    unit = dpi / 72
    tolerance, gap = SAME_RULE_POINTS * unit, RULE_GAP_POINTS * unit
    h_rules = [s for s in _merge(_segments(horizontal, True, RULE_DETECT_POINTS * unit), tolerance, gap)
               if s.hi - s.lo >= RULE_MIN_POINTS * unit]  # fmt: skip
    v_rules = [s for s in _merge(_segments(vertical, False, VERTICAL_MIN_POINTS * unit), tolerance, gap)
               if s.hi - s.lo >= VERTICAL_MIN_POINTS * unit]  # fmt: skip
    grids = []
    for x0, y0, x1, y1 in _table_regions(h_rules, v_rules, flat.shape, unit):
        hs = [s for s in h_rules if y0 - 2 <= s.at <= y1 + 2 and s.lo < x1 and s.hi > x0]
        vs = [s for s in v_rules if x0 - 2 <= s.at <= x1 + 2 and s.lo < y1 and s.hi > y0]
        grid = grid_from_segments(hs, vs, tolerance)
        if grid is not None:
            grids.append(grid)
    return sorted(grids, key=lambda g: g.ys[0])


def _segments(mask: np.ndarray, horizontal: bool, min_length: float) -> list[Segment]:
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    found = []
    for x, y, w, h, _ in stats[1:count].tolist():
        if (w if horizontal else h) >= min_length:
            found.append(Segment(y + h / 2, x, x + w) if horizontal else Segment(x + w / 2, y, y + h))
    return found


def _table_regions(
    h_rules: list[Segment], v_rules: list[Segment], shape: tuple[int, ...], unit: float
) -> list[tuple[int, int, int, int]]:
    """Boxes of the connected networks of rules (a table's frame and its inner rules touch)."""
    drawn = np.zeros(shape[:2], dtype=np.uint8)
    for rule in h_rules:
        cv2.line(drawn, (round(rule.lo), round(rule.at)), (round(rule.hi), round(rule.at)), 255, 1)
    for rule in v_rules:
        cv2.line(drawn, (round(rule.at), round(rule.lo)), (round(rule.at), round(rule.hi)), 255, 1)
    joined = cv2.dilate(drawn, np.ones((3, 3), np.uint8), iterations=max(1, round(2 * unit)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    minimum = RULE_MIN_POINTS * unit
    return [
        (x, y, x + w, y + h)
        for x, y, w, h, _ in stats[1:count].tolist()
        if w >= minimum and h >= 2 * VERTICAL_MIN_POINTS * unit
    ]


def grid_from_segments(hs: list[Segment], vs: list[Segment], tolerance: float) -> RuledGrid | None:
    """The cell grid drawn by horizontal rules ``hs`` and vertical rules ``vs`` (one table), or None when
    they draw fewer than MIN_ROWS rows or MIN_COLS columns. Edges missing on the table's outside (an open
    left or right side) are taken from where the rules end."""
    h_rules = _merge(hs, tolerance)
    v_rules = _merge(vs, tolerance)
    if not h_rules or not v_rules:
        return None
    left, right = min(s.lo for s in h_rules), max(s.hi for s in h_rules)
    top, bottom = min(s.lo for s in v_rules), max(s.hi for s in v_rules)
    xs = _edges([s.at for s in v_rules], left, right, tolerance)
    ys = _edges([s.at for s in h_rules], top, bottom, tolerance)
    if len(ys) - 1 < MIN_ROWS or len(xs) - 1 < MIN_COLS:
        return None
    cells = tuple(_cells(xs, ys, h_rules, v_rules, tolerance))
    return RuledGrid(tuple(xs), tuple(ys), cells, tuple(h_rules), tuple(v_rules))


def _merge(segments: list[Segment], tolerance: float, gap: float | None = None) -> list[Segment]:
    """Pieces of one rule (broken by noise, crossings or a faint scan) joined: on one line (positions
    within ``tolerance`` of each other) and at most ``gap`` apart along it (3 x tolerance by default)."""
    gap = 3 * tolerance if gap is None else gap
    lines: list[list[Segment]] = []
    for seg in sorted(segments, key=lambda s: s.at):
        if lines and seg.at - lines[-1][-1].at <= tolerance:
            lines[-1].append(seg)
        else:
            lines.append([seg])
    merged: list[Segment] = []
    for line in lines:
        at = sum(s.at for s in line) / len(line)
        current: Segment | None = None
        for seg in sorted(line, key=lambda s: s.lo):
            if current is not None and seg.lo <= current.hi + gap:
                current = Segment(at, current.lo, max(current.hi, seg.hi))
            else:
                if current is not None:
                    merged.append(current)
                current = Segment(at, seg.lo, seg.hi)
        if current is not None:
            merged.append(current)
    return merged


def _edges(positions: list[float], lo: float, hi: float, tolerance: float) -> list[float]:
    """Distinct rule positions in order, with the table's outer edges added when no rule is drawn there."""
    edges: list[float] = []
    for at in sorted(positions):
        if edges and at - edges[-1] <= 2 * tolerance:
            continue
        edges.append(at)
    if edges and edges[0] - lo > 2 * tolerance:
        edges.insert(0, lo)
    if edges and hi - edges[-1] > 2 * tolerance:
        edges.append(hi)
    return edges


def _cells(
    xs: list[float], ys: list[float], hs: list[Segment], vs: list[Segment], tolerance: float
) -> list[GridCell]:
    """Grid squares joined into cells wherever the rule between two of them is missing."""
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def drawn(rules: list[Segment], at: float, lo: float, hi: float) -> bool:
        return sum(s.covers(lo, hi) for s in rules if abs(s.at - at) <= 2 * tolerance) >= COVERED_SHARE

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not drawn(vs, xs[c + 1], ys[r], ys[r + 1]):
                parent[find(r * cols + c + 1)] = find(r * cols + c)
            if r + 1 < rows and not drawn(hs, ys[r + 1], xs[c], xs[c + 1]):
                parent[find((r + 1) * cols + c)] = find(r * cols + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(rows):
        for c in range(cols):
            groups.setdefault(find(r * cols + c), []).append((r, c))
    cells = []
    for squares in groups.values():
        r0, c0 = min(r for r, _ in squares), min(c for _, c in squares)
        r1, c1 = max(r for r, _ in squares), max(c for _, c in squares)
        cells.append(GridCell(0, r0, c0, r1 - r0 + 1, c1 - c0 + 1))
    return sorted(cells, key=lambda cell: (cell.row, cell.col))


def erase_rules(flat: np.ndarray, dpi: float, grids: Sequence[RuledGrid]) -> np.ndarray:
    """A copy of the page on white paper (``flatten_background``) with the tables' rules painted out: a
    band along each rule where it is drawn, so letters away from the rules ('TT' in a bold header, whose
    bars join into a short line) keep every stroke."""
    clean = flat.copy()
    band = max(2, round(RULE_BAND_POINTS * dpi / 72))
    height, width = clean.shape
    for grid in grids:
        for rule in grid.h_rules:
            y = round(rule.at)
            clean[
                max(0, y - band) : min(height, y + band + 1),
                max(0, round(rule.lo) - band) : round(rule.hi) + band,
            ] = 255
        for rule in grid.v_rules:
            x = round(rule.at)
            clean[
                max(0, round(rule.lo) - band) : round(rule.hi) + band,
                max(0, x - band) : min(width, x + band + 1),
            ] = 255
    return clean


def cells_from_boxes(
    table: int, boxes: list[tuple[float, float, float, float]], tolerance: float = 1.0
) -> list[tuple[GridCell, tuple[float, float, float, float]]]:
    """Cell rectangles of one table (as a PDF table finder gives them) placed on the grid their edges
    draw: row and column of the top-left corner, and how many grid rows and columns each spans."""
    xs = _distinct([v for box in boxes for v in (box[0], box[2])], tolerance)
    ys = _distinct([v for box in boxes for v in (box[1], box[3])], tolerance)

    def index(edges: list[float], value: float) -> int:
        return min(range(len(edges)), key=lambda i: abs(edges[i] - value))

    placed = []
    for box in boxes:
        col, row = index(xs, box[0]), index(ys, box[1])
        col_end, row_end = index(xs, box[2]), index(ys, box[3])
        cell = GridCell(table, row, col, max(1, row_end - row), max(1, col_end - col))
        placed.append((cell, box))
    return sorted(placed, key=lambda item: (item[0].row, item[0].col))


def _distinct(values: list[float], tolerance: float) -> list[float]:
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > tolerance:
            edges.append(value)
    return edges
