"""The layout of a page from its words' boxes: lines cut at their column gaps, grouped into blocks, each
in a region (header left and right, title, body, table, signature left and right, stamps).

Administrative documents put two columns in the header (agency and 'Số:' left; motto, place and date
right) and in the signature block ('Nơi nhận:' left; role, signature and name right); the page text has
them interleaved line by line, the boxes tell them apart."""

from __future__ import annotations

import bisect
import functools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.normalize import fold
from extractors.tables import load_table
from schemas.layout import Box, LayoutLine, PlacedWord
from schemas.pages import PageText

COLUMN_GAP_HEIGHTS = 2.2  # a gap wider than this many word heights (and ...
COLUMN_GAP_WIDTH = 0.035  # ... this share of the page width) between two words of a line splits columns
HEADER_SHARE = 0.22  # without a heading word, the header is the top of the first page ...
HEADING_SHARE = 0.45  # ... and a heading word is looked for in the top of it
CENTERED = 0.15  # a title line's centre stands this close to the page's centre (share of the width)
TITLE_LINES = 5
TITLE_GAP_HEIGHTS = 1.3  # the subject's lines follow each other closely; the body starts after a gap
STAMP_LINES = 6  # a stamp is a small box: lines touching a stamp line are the stamp's, up to this many
TABLE_PIECES = 3  # a line cut into this many pieces is a table row
BLOCK_GAP_HEIGHTS = 1.6  # lines of one block stand at most this many line heights apart
READING_ORDER = (
    "header_left",
    "header_right",
    "title",
    "body",
    "table",
    "signature_left",
    "signature_right",
    "stamp",
)


@dataclass(frozen=True)
class Piece:
    """A line of a page cut at its column gaps: words ``words[i:j]`` of the page, their box."""

    line: int
    words: tuple[PlacedWord, ...]
    box: Box

    @property
    def start(self) -> int:
        return self.words[0].start

    @property
    def end(self) -> int:
        return self.words[-1].end


@functools.cache
def _cues() -> dict[str, re.Pattern[str]]:
    by_region: dict[str, list[str]] = {}
    for row in load_table("layout_cues"):
        by_region.setdefault(row["region"], []).append(row["pattern"])
    return {
        region: re.compile("|".join(f"(?:{p})" for p in patterns)) for region, patterns in by_region.items()
    }


@functools.cache
def _heading_words() -> frozenset[str]:
    return frozenset(row["kind"].upper() for row in load_table("doc_types"))


def page_to_layout(page: PageText, first_page: bool = False) -> tuple[LayoutLine, ...]:
    """The page's line pieces with their regions and blocks, in reading order (empty without word boxes)."""
    if not page.words or not page.width or not page.height:
        return ()
    pieces = words_to_pieces(page.text, page.words, page.width)
    regions = assign_regions(page.text, pieces, page.width, page.height, first_page)
    return _to_rows(page, pieces, regions)


def words_to_pieces(text: str, words: Sequence[PlacedWord], width: float) -> list[Piece]:
    """Words grouped by the text line they stand on, each line cut where the gap between two words is a
    column gap (or the next word starts left of the previous one)."""
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]
    lines: dict[int, list[PlacedWord]] = {}
    for word in words:
        lines.setdefault(bisect.bisect_right(breaks, word.start), []).append(word)
    pieces = []
    for number, line_words in sorted(lines.items()):
        height = statistics.median(w.y1 - w.y0 for w in line_words)
        gap = max(COLUMN_GAP_HEIGHTS * height, COLUMN_GAP_WIDTH * width)
        current = [line_words[0]]
        for word in line_words[1:]:
            previous = current[-1]
            if word.x0 - previous.x1 > gap or word.x0 < previous.x0:
                pieces.append(_piece(number, current))
                current = []
            current.append(word)
        pieces.append(_piece(number, current))
    return pieces


def _piece(line: int, words: list[PlacedWord]) -> Piece:
    box = words[0].box
    for word in words[1:]:
        box = box.union(word.box)
    return Piece(line, tuple(words), box)


def _piece_text(text: str, piece: Piece) -> str:
    return " ".join(text[piece.start : piece.end].split())


def assign_regions(
    text: str, pieces: Sequence[Piece], width: float, height: float, first_page: bool
) -> list[str]:
    """The region of each piece: header and title on the first page, the signature block wherever a
    'Nơi nhận:' list or signing role opens it, stamps by their words, table rows, body."""
    texts = [_piece_text(text, p) for p in pieces]
    regions = ["body"] * len(pieces)
    heading = _heading_index(texts, pieces, height) if first_page else None
    if first_page:
        header_bottom = pieces[heading].box.y0 if heading is not None else HEADER_SHARE * height
        for i, piece in enumerate(pieces):
            if piece.box.y1 <= header_bottom + 1:
                regions[i] = "header_left" if piece.box.center_x < width / 2 else "header_right"
    if heading is not None:
        for i in _title_indices(pieces, heading, width):
            regions[i] = "title"
    signature_top = _signature_top(texts, pieces, width, height)
    line_pieces: dict[int, int] = {}
    for piece in pieces:
        line_pieces[piece.line] = line_pieces.get(piece.line, 0) + 1
    stamps = _stamp_indices(texts, pieces)
    for i, piece in enumerate(pieces):
        if i in stamps:
            regions[i] = "stamp"
        elif signature_top is not None and piece.box.y0 >= signature_top - 1:
            regions[i] = "signature_left" if piece.box.center_x < width / 2 else "signature_right"
        elif regions[i] == "body" and line_pieces[piece.line] >= TABLE_PIECES:
            regions[i] = "table"
    return regions


def _stamp_indices(texts: Sequence[str], pieces: Sequence[Piece]) -> set[int]:
    """Pieces of stamp boxes: a piece with a stamp's words and the pieces stacked on it (touching lines
    that overlap it), when the stack is small enough to be a stamp."""
    stamps: set[int] = set()
    for i, piece_text in enumerate(texts):
        if i in stamps or not _cues()["stamp"].search(piece_text):
            continue
        stack = {i}
        grown = True
        while grown and len(stack) <= STAMP_LINES:
            grown = False
            for j, other in enumerate(pieces):
                if j not in stack and any(_stacked(pieces[k], other) for k in stack):
                    stack.add(j)
                    grown = True
        stamps |= stack if len(stack) <= STAMP_LINES else {i}
    return stamps


def _stacked(a: Piece, b: Piece) -> bool:
    """Two pieces one right above the other (vertical gap under half a line, overlapping horizontally)."""
    gap = max(a.box.y0, b.box.y0) - min(a.box.y1, b.box.y1)
    overlap = min(a.box.x1, b.box.x1) - max(a.box.x0, b.box.x0)
    return gap < 0.5 * max(a.box.height, b.box.height) and overlap > 0


def _heading_index(texts: Sequence[str], pieces: Sequence[Piece], height: float) -> int | None:
    """The piece holding the document-type word alone (BÁO CÁO, CHỈ THỊ ...) near the top of the page."""
    for i, (piece_text, piece) in enumerate(zip(texts, pieces, strict=True)):
        word = re.sub(r"^(?:[^\w(]|_)+|[^\w)]+$", "", piece_text).upper()
        if word in _heading_words() and piece.box.y0 < HEADING_SHARE * height:
            return i
    return None


def _title_indices(pieces: Sequence[Piece], heading: int, width: float) -> list[int]:
    """The heading and the centred lines right under it (the subject), up to TITLE_LINES of them."""
    chosen = [heading]
    line_height = pieces[heading].box.height
    for i in range(heading + 1, len(pieces)):
        piece, last = pieces[i], pieces[chosen[-1]]
        centred = abs(piece.box.center_x - width / 2) < CENTERED * width
        close = piece.box.y0 - last.box.y1 < TITLE_GAP_HEIGHTS * max(line_height, last.box.height)
        if not (centred and close) or len(chosen) > TITLE_LINES:
            break
        chosen.append(i)
    return chosen


def _signature_top(
    texts: Sequence[str], pieces: Sequence[Piece], width: float, height: float
) -> float | None:
    """Where the signature block starts: the 'Nơi nhận:' line, or a signing role on the right half of the
    lower part of the page (whichever is higher when both are there, a role beside the list)."""
    opening = [
        p.box.y0
        for t, p in zip(texts, pieces, strict=True)
        if _cues()["recipients"].search(fold(t))
        or (_cues()["signature"].search(t) and p.box.center_x > width / 2 and p.box.y0 > height / 4)
    ]
    return min(opening) if opening else None


def _to_rows(page: PageText, pieces: Sequence[Piece], regions: Sequence[str]) -> tuple[LayoutLine, ...]:
    """Pieces in reading order (region, then top to bottom), grouped into blocks of neighbouring lines."""
    order = sorted(range(len(pieces)), key=lambda i: (READING_ORDER.index(regions[i]), pieces[i].box.y0))
    rows: list[LayoutLine] = []
    block, line, previous = -1, 0, None
    for i in order:
        piece = pieces[i]
        if previous is None or not _same_block(pieces[previous], piece, regions[previous], regions[i]):
            block, line = block + 1, 0
        confidences = [w.confidence for w in piece.words if w.confidence is not None]
        rows.append(
            LayoutLine(
                doc_id=page.doc_id,
                page=page.page,
                start=piece.start,
                end=piece.end,
                raw=page.text[piece.start : piece.end],
                block_id=block,
                line=line,
                region=regions[i],
                x0=piece.box.x0,
                y0=piece.box.y0,
                x1=piece.box.x1,
                y1=piece.box.y1,
                text_source="ocr" if page.text_source == "ocr" else "text_layer",
                confidence=round(sum(confidences) / len(confidences), 1) if confidences else None,
            )
        )
        line, previous = line + 1, i
    return tuple(rows)


def _same_block(above: Piece, below: Piece, region_above: str, region_below: str) -> bool:
    if region_above != region_below:
        return False
    gap = below.box.y0 - above.box.y1
    overlap = min(above.box.x1, below.box.x1) - max(above.box.x0, below.box.x0)
    return gap < BLOCK_GAP_HEIGHTS * max(above.box.height, below.box.height) and overlap > 0


def region_lines(layout: Sequence[LayoutLine], region: str) -> list[LayoutLine]:
    """The lines of ``region`` in reading order."""
    return [row for row in layout if row.region == region]


def region_text(layout: Sequence[LayoutLine], region: str) -> str:
    """The lines of ``region`` joined by line breaks, whitespace inside each collapsed."""
    return "\n".join(" ".join(row.raw.split()) for row in region_lines(layout, region))
