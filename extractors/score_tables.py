"""PAR-index scoring tables (phụ lục chấm điểm) -> `ScoreRow` records, parsed from page text lines.

Works on any page text (text layer, OCR, .txt): a header names the numeric columns (data:
extractors/data/score_columns.csv), each row starts with a criterion code (1, 1.1, 1.1.1) that must
follow the previous one (so "5 Điều 14 …" wrapped inside a criterion is not a row), and its cells are
the last run of numbers on one of its lines, followed by the responsible unit. Criterion text may wrap
before and after the numbers; repeated headers at page breaks are skipped; a table may span pages.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import operator
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import regex

from extractors.routing import TONE_MARKS
from extractors.row_codes import CODE as ROW_CODE
from extractors.row_codes import (
    MAX_DEPTH,
    code_tuple,
    dotted_forms,
    follows,
    is_code_column,
    successors,
    unplaced_row,
    unplaced_row_under,
)
from extractors.sections import par_domain_of
from extractors.tables import kind_phrases, load_table, phrase_tree
from extractors.words import span_box
from schemas.base import replaced
from schemas.layout import PlacedWord
from schemas.pages import PageText
from schemas.score_rows import ScoreRow
from schemas.table_cells import TableCell

NUMBER = r"\d+(?:[.,]\d+)?"
NUMBER_RE = re.compile(NUMBER)
# A run of cells: numbers separated by blanks, ending the line or followed by text (the unit column).
# a run of numbers ending the line, or followed by the unit's words (a speck's debris after it allowed: ' :')
# '—..n..^.', '- l': marks, and lone letters among them, to the end of the line
OCR_SPECKS = r"[ \t]+(?:[^\w\s%]+[ \t]*(?:[^\W\d_](?![^\W\d_])[ \t]*)?)+$"
# a mark OCR reads between two cells ('1 : 0 1 1', '1 _ — 0,5 0,5 0'); not a letter: the notes column's
# words OCR garbled ('2 0 o 166 non') would give cells
# ... or a column rule OCR read as a lone 'l' or 'I' ('1,5 l 0'); modifier letters are marks too ('0,5 ˆ 0')
SPECK = r"(?:(?:[^\w\s%]|[_ˆ˜ˇ]){1,2}|[lI])"
# dots OCR glues to a cell ('6... 5': a speck or the rule beside it); one dot is no speck ('6.5' is a number)
GLUED_DOTS = r"(?:\.{2,}|…)?"
# where a run of cells starts: not inside a word, a date, a range or a number ('1-2', '1.5'); or after
# the debris OCR left of a rule or of the unit column at a blank ('_..-6,5 6,5': no range, no sign)
CELL_START = r"(?:(?<=[ \t])(?:_[_.…]{0,2}|[.…]{2,3})[-–—]?|(?<![\w/.,-]))"  # not ' .5' (0,5 as '.5')
CELL_RUN = re.compile(
    rf"{CELL_START}(?:{NUMBER}){GLUED_DOTS}(?:(?:[ \t]+{SPECK})*[ \t]+{NUMBER}{GLUED_DOTS})*"  # '-Chưa đầy đủ' too
    rf"(?=[ \t]*(?:[^\w\s%]{{1,2}}[ \t]*)?$|[ \t]+(?:[^\w\s%]{{1,2}}[ \t]?)?[^\W\d]|{OCR_SPECKS})"
)
# marks OCR glues to a code's last digit ('4ˆ CẢI CÁCH', '1- : CÔNG TÁC'): modifier letters, dashes
GLUED_SPECKS = "ˆ˜ˇ´`'’‘–—-"  # (the hyphen last: it stays itself in a character class)
CODE = re.compile(
    rf"^[ \t]*(?P<code>\d{{1,2}}(?:\.\d{{1,2}}){{0,3}})(?:[.{GLUED_SPECKS}]{{0,3}}|:)(?=[ \t]|$)"
)  # '7...' too; '1:' (OCR's colon for the dot)
DOTTED_CODE = re.compile(r"\d{1,2}(?:\.\d{1,2}){0,3}")  # a code as printed: '3', '1.2', '2.2.1'
# a code as OCR may damage it: dots dropped ('12' for 1.2, '131' for 1.3.1) or read as ':', ',', '⁄' or '·'
CODE_DOT_MISREADS = ".,:⁄·"
# a speck OCR read at a line's start as a lone letter or mark ('l 621 Mục tiêu', ': 4.2.1', 'l Tổng cộng')
SPECK_BEFORE = r"[lI|!:;`'’‘_.,-]{1,2}[ \t]+"
LEADING_SPECK = re.compile(rf"^[ \t]*{SPECK_BEFORE}")
DAMAGED_CODE_DIGITS = (  # '-_-3.2._', '-.-3.3._' too
    rf"^[ \t]*(?:{SPECK_BEFORE}|[-_–—][-_–—.]{{0,2}})?(?P<code>\d(?:[{CODE_DOT_MISREADS}]?\d){{0,5}})"
)
# … followed by its criterion's words, marks OCR read between them passed over ('42 “THỰ hiện', '4.14. ~ hư')
# (or by a rate its words open with: '312 100% người dân …')
DAMAGED_CODE = re.compile(
    rf"{DAMAGED_CODE_DIGITS}[.,:_{GLUED_SPECKS}]{{0,2}}"
    rf"(?=[ \t]+(?:\d[ \t]+)?(?:[^\w\s]|_)*[ \t]*(?:[^\W\d_]|\d+(?:[.,]\d+)?[ \t]?%))"
)
# … followed by anything (its cells alone: '41.1- . : 1 1 1 0')
DAMAGED_CODE_ALONE = re.compile(DAMAGED_CODE_DIGITS)
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
MISREAD_CODE = re.compile(r"[1-9]\d?(?:\.[1-9]\d?){2,3}")  # two dots or three: no decimal number looks so
LEADING_ZERO = re.compile(r"0\d+")  # '05', '075': a score whose decimal comma OCR lost
PERCENT_FIRST = re.compile(r"\d+(?:[.,]\d+)?[ \t]?%")  # a criterion's words may open with a rate: no cell
HEADER_WINDOW = 14  # lines a header may take before its first row
HEADER_ABOVE = 3  # header lines that may stand above the 'STT' line (cells centred vertically)
NUMBER_ROWS = 4  # rows whose numbers say where the number columns stand
HEADER_GAP = 0.5  # of a line's height: the widest gap between header lines (a title above stands farther)
MAX_TRAILING = 3  # lines after a row's cells that still belong to it (wrapped unit or criterion)
SUSPENDED_SKIP = 2  # codes a suspended table (OCR noise after a row) may skip when it goes on
SOURCE = "lines"  # rows parsed from page text (the score_rows.source column)
CODE_DEBRIS = "-–—._,:;`'"  # marks OCR reads between a code and its criterion (a dash, a speck)
DEFAULT_ROLES = ("max_points", "points_achieved", "target", "change")


@functools.cache
def _role_patterns() -> tuple[tuple[str, bool, re.Pattern[str]], ...]:
    return tuple(
        (
            row["role"],
            row["numeric"] == "yes",
            re.compile(phrase_tree(row["keywords"].split("|"), ignore_case=True), re.I),
        )
        for row in load_table("score_columns")
    )


FUZZY_KEYWORD = 7  # a header keyword this long is also found with one letter OCR misread ('Piểm tự')


@functools.cache
def _fuzzy_role_patterns() -> dict[str, regex.Pattern[str]]:
    """Per numeric role, its long keywords allowing one substitution, insertion or deletion, and the word
    of its name that may stand alone once OCR garbled the others ('chấm' of 'Điểm tự chấm' wrapped over
    three lines, read 'Điể', 'kilông', 'chấm'): what OCR'd pages' headers are also searched for."""
    patterns = {}
    for row in load_table("score_columns"):
        long = [k for k in row["keywords"].split("|") if len(k) >= FUZZY_KEYWORD]
        fragments = [regex.escape(k) for k in row["ocr_fragments"].split("|") if k]
        if row["numeric"] == "yes" and (long or fragments):
            alternation = "|".join(regex.escape(k) for k in long)
            either = "|".join([f"(?:{alternation}){{e<=1}}"] * bool(long) + fragments)
            patterns[row["role"]] = regex.compile(rf"(?<!\w)(?:{either})(?!\w)", regex.I | regex.BESTMATCH)
    return patterns


def _words(kind: str) -> re.Pattern[str]:
    return kind_phrases("score_table_words", kind)


def header_line_start(text: str, pos: int = 0) -> int | None:
    """Where the first line from the one beginning at ``pos`` on that opens with a header word (where
    ``_words("header")`` matches a line) begins; None when no line does. The lines after the first are
    searched for a line break and the words after it: the engine finds a pattern's first character fast,
    where it would try '^' at every character of the page."""
    at_line, after_break = _header_line_patterns()
    if at_line.match(text, pos):
        return pos
    found = after_break.search(text, pos)
    return found.start() + 1 if found else None


@functools.cache
def _header_line_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``_words("header")`` matched at a given line start, and searched for after a line break."""
    words = _words("header").pattern.removeprefix("^")
    return re.compile(words, re.IGNORECASE), re.compile("\n" + words, re.IGNORECASE)


class Line(NamedTuple):
    """One non-blank line of a page (a tuple: a page has hundreds, each read once)."""

    page: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Layout:
    """What a table header says: the numeric columns in order, and the years they refer to."""

    roles: tuple[str, ...]
    points_year: int | None
    target_year: int | None


@dataclass
class _RowDraft:
    """A row being read: its lines, until the next row starts."""

    page: int
    start: int
    end: int
    code: str | None
    criterion: list[str]
    cells: tuple[float, ...] | None = None
    unit: list[str] = field(default_factory=list)
    trailing: list[Line] = field(default_factory=list)
    leading: int = 0  # lines that stood above the code line (rows centred vertically)
    lost_code: bool = False  # OCR lost the code of this row (its cells stand on the line): inferred later


LINE_START = operator.attrgetter("start")  # a bisect key


class PageLines(Sequence[Line]):
    """The non-blank lines of a page with their offsets (trailing blanks excluded), from the line that
    begins at ``start`` on, made only as far as they are read: a page whose header words open no table is
    searched for the next header instead of being cut into lines (most of a long report's page)."""

    def __init__(self, page: PageText, start: int = 0) -> None:
        self._page, self._text, self._next, self._lines = page.page, page.text, start, []

    def has(self, i: int) -> bool:
        """Whether the page has an i-th line (made if it was not)."""
        return i < len(self._lines) or self._made_to(i + 1) > i

    def index_at(self, offset: int, lo: int = 0) -> int:
        """The index of the first line from ``lo`` on that begins at or after ``offset``."""
        count = len(self._lines)
        while (not count or self._lines[-1].start < offset) and self._made_to(count + 1) > count:
            count += 1
        return bisect.bisect_left(self._lines, offset, lo=lo, key=LINE_START)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, int) and 0 <= index < len(self._lines):
            return self._lines[index]
        if isinstance(index, slice):
            self._made_to(None if index.stop is None or index.stop < 0 else index.stop)
        else:
            self._made_to(None if index < 0 else index + 1)
        return self._lines[index]

    def __len__(self) -> int:
        return self._made_to(None)

    def _made_to(self, count: int | None) -> int:
        """Make lines until there are ``count`` (all when None) or the page ends; how many there are."""
        text, lines = self._text, self._lines
        while (count is None or len(lines) < count) and self._next <= len(text):
            end = text.find("\n", self._next)
            end = len(text) if end < 0 else end
            line = text[self._next : end].rstrip()
            if line:
                lines.append(Line(self._page, self._next, self._next + len(line), line))
            self._next = end + 1
        return len(lines)


def _next_header_line(text: str, lines: PageLines, i: int) -> int | None:
    """The first of ``lines`` from the i-th on that opens with a header word (None when none): one search
    of the page, where each line was matched in turn (no other line can open a table)."""
    found = header_line_start(text, lines[i].start)
    return None if found is None else lines.index_at(found, lo=i)


def _lines_above(text: str, offset: int, count: int) -> int:
    """Where the ``count``-th non-blank line above the line holding ``offset`` begins (the page's start
    when there are fewer): a table's header starts at its first header line, or up to HEADER_ABOVE lines
    above it, so the lines above those open no table and are not read."""
    start = text.rfind("\n", 0, offset) + 1
    while start > 0 and count > 0:
        above = text.rfind("\n", 0, start - 1) + 1
        count -= bool(text[above : start - 1].strip())
        start = above
    return start


def cells_of(text: str, roles: int) -> tuple[int, int, tuple[float, ...]] | None:
    """Span and values of the last ``roles`` numbers of the last run of at least that many in ``text``
    (earlier numbers of a longer run belong to the criterion: 'so với năm 2015 1 0,79 1 0,21'); a lone
    letter no Vietnamese word is made of, or one with marks between two numbers, stands among them as a
    mark does ('3 ñ 2', '9 ụ 3,5': a rule OCR read)."""
    text = LONE_LETTER.sub(_foreign_as_mark, text)  # one character for one: the offsets hold
    runs = [m for m in CELL_RUN.finditer(text) if len(NUMBER_RE.findall(m.group())) >= roles]
    if not runs:
        return None
    cells = list(NUMBER_RE.finditer(runs[-1].group()))[-roles:]
    start = runs[-1].start() + cells[0].start()
    return start, runs[-1].end(), tuple(score_value(c.group()) for c in cells)


def score_value(cell: str) -> float:
    """A score cell's number: the decimal comma as written ('1,5'), or lost after a leading zero ('05' for
    0,5: no score is written with a leading zero)."""
    if LEADING_ZERO.fullmatch(cell):
        return float(f"0.{cell[1:]}")
    return float(cell.replace(",", "."))


LONE_LETTER = re.compile(r"(?<=[ \t])[^\W\d_](?=[ \t])")
VIETNAMESE_BASES = frozenset("abcdeghiklmnopqrstuvxyfjwz")  # (f j w z: in loanwords)
VOWELS = frozenset("aeiouy")
VOWEL_MARKS = frozenset({"\u0302", "\u0306", "\u031b", *TONE_MARKS})  # â ă ơ/ư and the five tones


def _foreign_as_mark(match: re.Match[str]) -> str:
    letter = match.group()
    if not is_vietnamese_letter(letter) or (_has_marks(letter) and _between_numbers(match)):
        return "`"
    return letter


def _has_marks(letter: str) -> bool:
    return len(unicodedata.normalize("NFD", letter)) > 1


def _between_numbers(match: re.Match[str]) -> bool:
    """Whether the words on both sides of ``match`` are numbers ('9 ụ 3,5', '1 Ề 1': a rule or a speck OCR
    read as a letter with marks; a plain one, 'o' in '2 0 o 166 non', may open the notes column's words)."""
    before = match.string[: match.start()].rstrip(" \t")
    after = match.string[match.end() :].lstrip(" \t")
    return before[-1:].isdigit() and after[:1].isdigit()


@functools.lru_cache(maxsize=512)
def is_vietnamese_letter(char: str) -> bool:
    """Whether ``char`` is a letter of Vietnamese writing (đ, a consonant, a vowel with its marks and tone):
    'ỹ' and 'ễ' are, 'ñ', 'š' and 'ƒ' are not."""
    base, *marks = unicodedata.normalize("NFD", char.lower())
    if base == "đ" or (base in VIETNAMESE_BASES and not marks):
        return True
    return base in VOWELS and all(mark in VOWEL_MARKS for mark in marks)


def read_layout(header: str) -> Layout | None:
    """Numeric columns named by a header, in the order they appear; None when it names fewer than two."""
    found: dict[str, int] = {}
    for role, numeric, pattern in _role_patterns():
        m = pattern.search(header)
        if m and numeric:
            found[role] = m.start()
    if len(found) < 2 or not {"max_points", "points_achieved"} & found.keys():
        return None
    roles = tuple(sorted(found, key=found.__getitem__))
    return Layout(
        roles, _year_after(header, found.get("points_achieved")), _year_after(header, found.get("target"))
    )


def read_placed_layout(
    lines: Sequence[Line], words: Sequence[PlacedWord], number_xs: Sequence[float] = (), ocr: bool = False
) -> Layout | None:
    """Numeric columns named by header ``lines`` of a page with word boxes, ordered by where they stand
    across the page (a header whose cells wrap over several lines, or sit vertically centred, names its
    columns out of their order line by line); each year goes to the column nearest above it. The line
    nearest the 'STT' line names a column first (a title above may say 'TỰ ĐÁNH GIÁ' too); with
    ``number_xs`` (where the first rows' numbers stand), a column word far from every number column is
    not a column's name (a criterion's 'Mục tiêu' read among the header lines); on an OCR'd page
    (``ocr``) whose header names the maximum points (a score table's for sure), the other columns' long
    names are also found with one letter misread ('Piểm tự')."""
    found: dict[str, float] = {}
    years: list[tuple[float, int]] = []
    stt = _stt_line(lines)
    nearest_first = sorted(lines, key=lambda line: abs(line.start - stt.start)) if stt else lines
    patterns = [(role, pattern) for role, numeric, pattern in _role_patterns() if numeric]
    _name_columns(found, nearest_first, patterns, words, number_xs)
    if ocr and "max_points" in found:  # a score table's header for sure: a misread name is looked for too
        _name_columns(found, nearest_first, list(_fuzzy_role_patterns().items()), words, number_xs)
    for line in lines:
        years += [
            (x, int(m.group()))
            for m in YEAR.finditer(line.text)
            if (x := _x_at(words, line.start + m.start()))
        ]
    if len(found) < 2 or not {"max_points", "points_achieved"} & found.keys():
        return None

    def year_of(role: str) -> int | None:
        if role not in found:
            return None
        near = [year for x, year in years if min(found, key=lambda r: abs(found[r] - x)) == role]
        return near[0] if near else None

    return Layout(tuple(sorted(found, key=found.__getitem__)), year_of("points_achieved"), year_of("target"))


def _name_columns(
    found: dict[str, float],
    lines: Sequence[Line],
    patterns: Sequence[tuple[str, re.Pattern[str] | regex.Pattern[str]]],
    words: Sequence[PlacedWord],
    number_xs: Sequence[float],
) -> None:
    """Add to ``found`` each role not in it yet whose pattern the first of ``lines`` names, at the x of
    the words that name it (over the number columns)."""
    for line in lines:
        for role, pattern in patterns:
            m = pattern.search(line.text) if role not in found else None
            x = _x_at(words, line.start + m.start()) if m else None
            if x is not None and _over_numbers(x, number_xs):
                found[role] = x


COLUMN_REACH = 36.0  # points: how far left or right of the number columns a column's name may start


def _over_numbers(x: float, number_xs: Sequence[float]) -> bool:
    """Whether a column name at ``x`` stands over the number columns (or no number columns are known)."""
    if not number_xs:
        return True
    spacing = (max(number_xs) - min(number_xs)) / max(len(number_xs) - 1, 1)
    reach = max(COLUMN_REACH, spacing / 2)
    return min(number_xs) - reach <= x <= max(number_xs) + reach


def _number_xs(lines: Sequence[Line], words: Sequence[PlacedWord]) -> list[float]:
    """Where the numbers stand of the first NUMBER_ROWS lines (from ``lines``) that end in a run of at
    least two: the x-centres of those numbers."""
    xs: list[float] = []
    rows = 0
    for line in lines:
        runs = [m for m in CELL_RUN.finditer(line.text) if len(NUMBER_RE.findall(m.group())) >= 2]
        if not runs:
            continue
        for number in NUMBER_RE.finditer(runs[-1].group()):
            x = _x_at(words, line.start + runs[-1].start() + number.start())
            xs += [x] if x is not None else []
        rows += 1
        if rows == NUMBER_ROWS:
            break
    return xs


def _stt_line(lines: Sequence[Line]) -> Line | None:
    """The header's 'STT' line: the line nearest to it names a column first (a title above the header may
    say 'TỰ ĐÁNH GIÁ' too)."""
    return next((line for line in lines if _words("header").match(line.text)), None)


def _x_at(words: Sequence[PlacedWord], offset: int) -> float | None:
    """The centre x of the word at ``offset`` of the page text."""
    box = span_box(words, offset, offset + 1)
    return box.center_x if box is not None else None


def _header_above(lines: Sequence[Line], i: int, words: Sequence[PlacedWord]) -> int:
    """The first line of a header whose 'STT' line is ``lines[i]``: up to HEADER_ABOVE lines just above it
    (no wider gap than HEADER_GAP of a line: a header cell's lines touch, a title stands apart) that are not
    rows, on a page with word boxes."""
    top = i
    for k in range(i - 1, max(-1, i - HEADER_ABOVE - 1), -1):
        upper, lower = _line_box(lines[k], words), _line_box(lines[k + 1], words)
        if (
            upper is None
            or lower is None
            or row_code(lines[k])
            or lower[0] - upper[1] > HEADER_GAP * (upper[1] - upper[0])
        ):
            break
        top = k
    return top


def _line_box(line: Line, words: Sequence[PlacedWord]) -> tuple[float, float] | None:
    """Top and bottom (points) of a line's words."""
    box = span_box(words, line.start, line.end)
    return (box.y0, box.y1) if box is not None else None


def _year_after(header: str, position: int | None) -> int | None:
    if position is None:
        return None
    m = YEAR.search(header, position, position + 40)
    return int(m.group()) if m else None


def _separated_code(line: Line) -> bool:
    """Whether the line opens with a damaged code that still has a mark between its digits ('5:2 - Đánh
    giá') or a domain's heading in capitals after it ('5_- CẢI CÁCH CHẾ ĐỘ CÔNG VỤ'): a code, not a
    wrapped criterion's number ('13 tháng'), even under a row whose cells are not read."""
    found = DAMAGED_CODE.match(line.text)
    if found is None:
        return False
    words = [w for w in line.text[found.end() :].split() if any(ch.isalpha() for ch in w)]
    heading = len(words) >= 2 and all(w.isupper() for w in words[:2])
    return heading or any(mark in found["code"] for mark in ".,:")


def _is_total_line(text: str) -> bool:
    """A line opening with a total's words ('Tổng cộng'), after a speck OCR read before them ('l Tổng cộng')."""
    return bool(_words("total").match(LEADING_SPECK.sub("", text, count=1)))


def row_code(line: Line) -> str | None:
    """The criterion code opening ``line``: followed by text, or alone with a dot (a lone '3' is a page number)."""
    m = CODE.match(line.text)
    if not m:
        return None
    rest = line.text[m.end() :].lstrip(CODE_DEBRIS + " \t")  # '1 - CÔNG TÁC', '1.9 -. hưởng', '6.2 ` — cơ'
    if rest and not rest[0].isalpha() and not PERCENT_FIRST.match(rest):
        return None  # '2 0 2 2 Văn phòng Sở' is a row of cells; '1.2.3. - 100% thủ tục …' is a criterion, not a code
    if not rest and "." not in m.group("code"):
        return None
    return m.group("code")


@dataclass
class TableReader:
    """Reads the rows of one document's scoring tables line by line (tables may span pages)."""

    doc_id: str
    rows: list[ScoreRow] = field(default_factory=list)
    layout: Layout | None = None
    table_id: int = 0
    draft: _RowDraft | None = None
    last_code: str | None = None
    skipping_header: bool = False
    texts: dict[int, str] = field(default_factory=dict)
    words: Sequence[PlacedWord] = ()  # the page being read, when it has word boxes
    centred: bool = False  # the header's cells are centred vertically, and so, then, are the rows'
    pending: list[Line] = field(default_factory=list)  # lines above the next row's code line (centred)
    ocr_page: bool = False  # the page being read was OCR'd
    ocr_pages: set[int] = field(default_factory=set)  # the pages read that were OCR'd
    last_layout: Layout | None = None  # the columns of the document's previous table
    guessed: dict[int, str] = field(default_factory=dict)  # row index -> the heading code OCR read
    rows_in_table: Counter[int] = field(default_factory=Counter)  # table_id -> rows read so far
    lost_since_code: int = 0  # rows whose code OCR lost since the last code read
    suspended: bool = False  # OCR noise stood after a row: the table goes on at a row whose code comes next

    def read_page(self, page: PageText) -> None:
        self.texts[page.page] = page.text
        self.words = page.words
        self.ocr_page = page.text_source == "ocr"
        if self.ocr_page:
            self.ocr_pages.add(page.page)
        header = header_line_start(page.text) if self.layout is None else None
        if self.layout is None and header is None:
            self._close_draft()
            return  # no table goes on from the page before, and no line opens one
        lines = PageLines(page, _lines_above(page.text, header, HEADER_ABOVE) if header is not None else 0)
        i = self._repeated_header_top(lines)
        while lines.has(i):
            if self.suspended and _words("header").match(lines[i].text):  # a header: a table (re)opens here
                self.layout, self.suspended = None, False
            if self.layout is None:
                next_header = _next_header_line(page.text, lines, i)
                if next_header is None:
                    break
                i = self._open_table(lines, next_header)
            else:
                self._read_line(lines[i])
                i += 1
        self._close_draft()

    def _repeated_header_top(self, lines: Sequence[Line]) -> int:
        """Where reading a page in a centred table starts: its repeated header's 'STT' line (the header
        lines above it are not rows' text)."""
        if self.layout is None or not self.centred:
            return 0
        stt = next(
            (k for k, line in enumerate(lines[:HEADER_WINDOW]) if _words("repeated_header").match(line.text)),
            None,
        )
        if stt is None:
            return 0
        self.pending = []
        return stt

    def finish(self) -> list[ScoreRow]:
        self._close_draft()
        rows = impossible_cells_emptied(lost_codes_inferred(self._headings_confirmed()), self.ocr_pages)
        return scores_within_their_maximum(rows, self.ocr_pages)

    def _headings_confirmed(self) -> list[ScoreRow]:
        """The rows, each domain heading whose code was guessed (``_repaired_code``) kept only when the
        next row is in that domain ('2.1' after a '5 XÂY DỰNG …' read as 2); else it keeps the code OCR
        read."""
        rows = list(self.rows)
        for k, read in self.guessed.items():
            following = rows[k + 1].criterion_code if k + 1 < len(rows) else None
            guessed = rows[k].criterion_code
            if following is None or code_tuple(following)[0] != code_tuple(guessed)[0]:  # type: ignore[arg-type]
                rows[k] = dataclasses.replace(rows[k], criterion_code=read, parent_code=None)
        return rows

    def _open_table(self, lines: Sequence[Line], i: int) -> int:
        """Look for a header at line i; when found, start a table and return the line of its first row."""
        if not _words("header").match(lines[i].text):
            return i + 1
        window = lines[i : i + HEADER_WINDOW]
        first_row = next((j for j, line in enumerate(window) if row_code(line)), None)
        if not first_row:
            return i + 1
        layout = read_layout("\n".join(line.text for line in window[:first_row]))
        if self.words:  # the header's words stand where their columns are
            header = lines[_header_above(lines, i, self.words) : i] + window[:first_row]
            numbers = _number_xs(lines[i + first_row : i + first_row + HEADER_WINDOW], self.words)
            placed = read_placed_layout(header, self.words, numbers, self.ocr_page)
            layout = placed if numbers else placed or layout  # the text's order may name a criterion's words
        if (
            layout is None
            and self.ocr_page
            and self.last_layout
            and _words("repeated_header").match(lines[i].text)
        ):
            layout = self.last_layout  # a repeated header OCR garbled past reading ('Điểm tốiđa', 'Piôm tự')
        if layout is None:
            return i + 1
        if self.ocr_page and self.last_layout and set(layout.roles) < set(self.last_layout.roles):
            layout = self.last_layout  # a repeated header OCR garbled: the table goes on with its columns
        self.layout, self.last_layout = layout, layout
        self.table_id, self.last_code, self.lost_since_code = self.table_id + 1, None, 0
        self.centred = bool(self.words) and _header_above(lines, i, self.words) < i
        self.pending = []
        return i + first_row

    def _read_line(self, line: Line) -> None:
        code = row_code(line) or self._code_with_cells_alone(line)
        fits = code is not None and follows(self.last_code, code)
        if self.skipping_header and code is not None and not fits and self._header_words_after_code(line):
            return  # a digit OCR read among the repeated header's words ('3 Ghi chú' for 'Điểm tự chấm')
        asked = not fits and (self._draft_complete() or _separated_code(line))
        repaired = self._repaired_code(line) if asked else None
        if self.suspended:
            if not (fits or repaired or self._soon_after(code) or _is_total_line(line.text)):
                return
            self.suspended = False
        if repaired:
            self.skipping_header = False
            code, found = repaired
            self._start_row(line, code, found.end())
            if code not in dotted_forms(found["code"]):  # a guessed domain number
                self.guessed[len(self.rows)] = found["code"]
        elif code and (follows(self.last_code, code) or self._draft_complete()):
            self.skipping_header = False
            self._start_row(line, code)
        elif _is_total_line(line.text) and cells_of(line.text, len(self._roles())):
            self._close_draft()
            self._start_row(line, None)
            self._close_draft()
            self.layout, self.suspended = None, False
        elif self._lost_code(line):  # a row under a repeated header too: its lines are not cells
            self.skipping_header = False
            self._start_row(line, None, lost_code=True)
        elif misread := self._misread_code_alone(line):
            self.skipping_header = False
            self._start_row(line, misread, misread=True)
        elif self.skipping_header or (_words("repeated_header").match(line.text) and self._draft_complete()):
            self.skipping_header = True
        elif self.draft is not None:
            self._continue_row(line)

    def _header_words_after_code(self, line: Line) -> bool:
        """A line opening with a code, naming a header column ('Ghi chú', 'Điểm tối đa') and holding no
        cells: what OCR made of a repeated header's lines, no row."""
        found = CODE.match(line.text)
        rest = line.text[found.end() :] if found else line.text
        return bool(_words("header_column").match(rest)) and not cells_of(line.text, len(self._roles()))

    def _repaired_code(self, line: Line) -> tuple[str, re.Match[str]] | None:
        """The code a line opens with when OCR damaged it, and the match of the damaged code ('12', '1:3.',
        '131' after 1.2.2): the one dotted
        form of its digits that follows the last code (module row_codes); on an OCR'd page, a domain
        heading in capitals whose one-digit code does not follow ('5 XÂY DỰNG …' after 1.10) takes the
        next domain's number; else None. Asked only once the row before has its cells: a line of a
        wrapped criterion may start with a number ('13 tháng')."""
        found = DAMAGED_CODE.match(line.text)
        if found is None or self.last_code is None:
            return None
        # OCR loses a code's dots; it does not make them up
        marks = sum(ch in CODE_DOT_MISREADS for ch in found["code"])
        fitting = [f for f in dotted_forms(found["code"]) if f.count(".") >= marks and self._reachable(f)]
        if len(fitting) == 1:
            return fitting[0], found
        heading = line.text[found.end() :].strip(CODE_DEBRIS + " \t")
        if self.ocr_page and len(found["code"]) == 1 and heading.isupper() and len(heading.split()) >= 2:
            return str(code_tuple(self.last_code)[0] + 1), found
        return None

    def _soon_after(self, code: str | None) -> bool:
        """Whether ``code`` comes at most SUSPENDED_SKIP codes after the last one (5.3.3 after 5.3: the
        noise that suspended the table hid 5.3.1 and 5.3.2)."""
        return (
            code is not None
            and self.last_code is not None
            and any(_chains(self.last_code, code, n, MAX_DEPTH) for n in range(1, SUSPENDED_SKIP + 1))
        )

    def _reachable(self, code: str) -> bool:
        """Whether ``code`` can come next: right after the last code, or after as many codes as rows whose
        code OCR lost were read since (3.3.2 after 3.3 and one such row)."""
        assert self.last_code is not None
        if not self.lost_since_code:
            return follows(self.last_code, code)
        return self.lost_since_code <= MAX_LOST_RUN and bool(
            _chains(self.last_code, code, self.lost_since_code, MAX_DEPTH)
        )

    def _code_with_cells_alone(self, line: Line) -> str | None:
        """A code followed by its cells alone ('2.2.2 1 1 1 0', '6.2.1 : : _ 1 0 1 1 :': the criterion's
        lines stand above and below, a row centred vertically) when it follows the last code, or when OCR
        damaged it, its one dotted form that can come next ('41.1- . : 1 1 1 0' after 4.1); outside a
        centred table only once the row before has its cells."""
        read = self._code_read_with_cells_alone(line)
        if read is None or (not self.centred and not self._draft_complete()):
            return None
        if DOTTED_CODE.fullmatch(read) and follows(self.last_code, read):
            return read
        fitting = [form for form in dotted_forms(read) if self.last_code and self._reachable(form)]
        return fitting[0] if len(fitting) == 1 else None

    def _misread_code_alone(self, line: Line) -> str | None:
        """On an OCR'd page, once the row before has its cells: a code that cannot come next, followed by
        its cells alone ('1.1.2 ' ' 1,5 1,5' after 2.1.1: a digit misread), as read; its row is placed by
        ``lost_codes_inferred`` (else its lines would be taken for more of the row before)."""
        if not self.ocr_page or not self._draft_complete():
            return None
        read = self._code_read_with_cells_alone(line)
        return read if read is not None and MISREAD_CODE.fullmatch(read) else None

    def _code_read_with_cells_alone(self, line: Line) -> str | None:
        """The code (maybe damaged) a line opens with when only the row's cells follow it, marks aside."""
        m = DAMAGED_CODE_ALONE.match(line.text)
        if m is None:
            return None
        rest = line.text[m.end() :]
        found = cells_of(rest, len(self._roles()))
        if found is None or any(ch.isalnum() for ch in rest[: found[0]]):
            return None
        return m.group("code")

    def _lost_code(self, line: Line) -> bool:
        """On an OCR'd page, once the row before has its cells: a line of criterion text ending in a run of
        one cell per column whose code OCR lost ('s. ngành quản lý … 3 3 3 0' for 2.2): a row of its own,
        not more lines of the one before; on a page the table goes on to, its first row too."""
        if not self.ocr_page or self.last_code is None or not self._draft_complete():
            return False
        found = cells_of(line.text, len(self._roles()))
        return found is not None and any(ch.isalpha() for ch in line.text[: found[0]])

    def _roles(self) -> tuple[str, ...]:
        return self.layout.roles if self.layout else DEFAULT_ROLES

    def _draft_complete(self) -> bool:
        return self.draft is None or self.draft.cells is not None

    def _start_row(
        self,
        line: Line,
        code: str | None,
        code_end: int | None = None,
        lost_code: bool = False,
        misread: bool = False,
    ) -> None:
        """Start a row at ``line``; one whose code OCR lost (``lost_code``) or misread (``misread``: kept as
        read) counts among the rows since the last code read, which stays the last."""
        self._close_draft()
        offset = len(line.text) - len(line.text.lstrip())
        code_match = CODE.match(line.text) if code else None
        text_start = code_end if code_end is not None else code_match.end() if code_match else offset
        leading = [p for p in self.pending if p.page == line.page]
        self.pending = []
        start = leading[0].start if leading else line.start + offset
        self.draft = _RowDraft(
            line.page, start, line.end, code, [p.text for p in leading], leading=len(leading),
            lost_code=lost_code,
        )  # fmt: skip
        unknown = lost_code or misread
        self.last_code = self.last_code if misread else code or self.last_code
        self.lost_since_code = self.lost_since_code + 1 if unknown else 0 if code else self.lost_since_code
        self._take_cells(line, text_start)

    def _continue_row(self, line: Line) -> None:
        draft = self.draft
        assert draft is not None
        if draft.cells is None:
            if line.page == draft.page:
                self._take_cells(line, 0)
            return
        if self.centred and len(draft.trailing) >= draft.leading:
            self.pending.append(line)  # the next row's: rows centred vertically share the lines between them
            if len(self.pending) <= 2 * MAX_TRAILING:
                return
            draft.trailing, self.pending = [], []
        else:
            draft.trailing.append(line)
        if len(draft.trailing) > MAX_TRAILING or self.pending:
            draft.trailing = []
            self._close_draft()
            if self.ocr_page:  # OCR's noise (a stamp, a garbled row) may stand between rows: wait for a code
                self.suspended = True
            else:
                self.layout = None

    def _take_cells(self, line: Line, text_start: int) -> None:
        """Add a line's text to the draft row; the first line with a run of cells completes it."""
        draft = self.draft
        assert draft is not None
        found = cells_of(line.text[text_start:], len(self._roles()))
        draft.end = line.end
        if found is None:
            draft.criterion.append(line.text[text_start:])
            return
        cells_start, cells_end, values = found
        draft.criterion.append(line.text[text_start : text_start + cells_start])
        draft.unit.append(line.text[text_start + cells_end :])
        draft.cells = values

    def _close_draft(self) -> None:
        draft, self.draft = self.draft, None
        if draft is None:
            return
        for line in draft.trailing:
            (draft.unit if "".join(draft.unit).strip() else draft.criterion).append(line.text)
            draft.end = line.end
        self.rows_in_table[self.table_id] += 1
        self.rows.append(self._to_record(draft))

    def _to_record(self, draft: _RowDraft) -> ScoreRow:
        roles = self._roles()
        values = dict(zip(roles, draft.cells or (), strict=False))
        criterion = " ".join(" ".join(draft.criterion).split())
        unit = " ".join(" ".join(draft.unit).split()) or None
        layout = self.layout
        raw = self.texts[draft.page][draft.start : draft.end]
        return ScoreRow(
            self.doc_id, draft.page, draft.start, draft.end, raw, self.table_id,
            self.rows_in_table[self.table_id], draft.code,
            _level(draft.code), _parent(draft.code), criterion,
            values.get("max_points"), values.get("points_achieved"), values.get("target"), values.get("change"),
            values.get("appraised_points"), layout.points_year if layout else None,
            layout.target_year if layout else None, unit, draft.code is None and not draft.lost_code, None, SOURCE,
        )  # fmt: skip


MAX_LOST_RUN = 6  # rows in a row whose codes OCR lost that are still inferred


def lost_codes_inferred(rows: list[ScoreRow]) -> list[ScoreRow]:
    """The rows whose code OCR lost (no code, not a total), given the codes that can stand between the coded
    rows around them in their table: a run of n such rows takes the one chain of n codes that leads from
    the code before to the code after, no deeper than the table's deepest code (2.2 between 2.1.4 and
    2.2.1; 2.2.2, 2.2.3, 2.3, 2.3.1 between 2.2.1 and 2.3.2). A code OCR misread ('7.3.4' for 7.3.1: it
    follows neither the code before nor comes before the code after) joins the run; the chains kept are
    those that change fewest read codes, by one digit each at most; of several, the one the parents' sums
    fit (``_sums_fit``). A misread code another row of its table carries in its place ('4.1' read for
    1.4.1 on page 1, 4.1 itself on page 2) is no code of this row: the row keeps its cells and text, and
    its code is one of the run's lost ones, given only when the parents' sums fit the chain; a run no chain
    or several chains fit keeps its codes as read."""
    out = list(rows)
    runs = _unplaced_runs(rows)
    unplaced = {k for run in runs for k in run}
    for run in runs:
        table = [r for r in rows if r.table_id == rows[run[0]].table_id and r.criterion_code is not None]
        first, last = (rows[run[0]].page, rows[run[0]].start), (rows[run[-1]].page, rows[run[-1]].start)
        before = next((r.criterion_code for r in reversed(table) if (r.page, r.start) < first), None)
        after = next((r.criterion_code for r in table if (r.page, r.start) > last), None)
        elsewhere = _placed_elsewhere(rows, run, unplaced)
        for k in elsewhere:
            out[k] = replaced(rows[k], criterion_code=None, level=0, parent_code=None)
        if before is None or after is None or len(run) > MAX_LOST_RUN:
            continue
        depth = max(_level(r.criterion_code) for r in table)
        read = [
            None if k in elsewhere else _read_in_place(rows[k].criterion_code, before, after) for k in run
        ]
        chains = _closest_chains(_chains(before, after, len(run), depth), read)
        if len(chains) > 1 or elsewhere:  # a code read in the wrong place: the sums must confirm the chain
            chains = [
                chain for chain in chains if _sums_fit(rows, dict(zip(run, chain, strict=True)), unplaced)
            ]
        if len(chains) == 1:
            for k, code in zip(run, chains[0], strict=True):
                out[k] = replaced(rows[k], criterion_code=code, level=_level(code), parent_code=_parent(code))
    return out


def _placed_elsewhere(rows: list[ScoreRow], run: list[int], unplaced: set[int]) -> list[int]:
    """The rows of ``run`` with a code read that a row of their table outside the unplaced runs also has
    (where it fits): the code is another row's, this one's was misread."""
    table_id = rows[run[0]].table_id
    placed = {
        row.criterion_code for k, row in enumerate(rows) if row.table_id == table_id and k not in unplaced
    }
    return [k for k in run if rows[k].criterion_code is not None and rows[k].criterion_code in placed]


SUMMED_COLUMNS = ("max_points", "points_achieved")  # a parent row's cells are its children's sums


def _sums_fit(rows: list[ScoreRow], coded_run: dict[int, str], unplaced: set[int]) -> bool:
    """Whether the rows of a run, coded as ``coded_run`` says (row index -> code), fit the sums of the
    parents they would belong to: no parent's cell exceeded by its children's, and one parent's cell met
    exactly by children all placed (5.3.2 for a lost row '2 1' after 5.3.1 '1,5 1,5' under 5.3 '3,5 2,5';
    as 5.4 it would take domain 5 past its 8 points). A parent whose rows include another row OCR could not
    place proves nothing by being met."""
    table_id = rows[next(iter(coded_run))].table_id
    codes = {
        k: coded_run.get(k, row.criterion_code)
        for k, row in enumerate(rows)
        if row.table_id == table_id and (k in coded_run or k not in unplaced)
    }
    met = False
    for parent in {_parent(code) for code in coded_run.values()} - {None}:
        at = next((k for k, code in codes.items() if code == parent), None)
        if at is None:
            continue
        children = [k for k, code in codes.items() if _parent(code) == parent]
        complete = not any(at < k < max(children) and k not in coded_run for k in unplaced)
        for column in SUMMED_COLUMNS:
            whole = getattr(rows[at], column)
            if whole is None:
                continue
            parts = sum(  # a part over its whole alone is a misread cell (`impossible_cells_emptied`)
                v for k in children if (v := getattr(rows[k], column)) is not None and v <= whole + 1e-9
            )
            if parts > whole + 1e-9:
                return False
            met = met or (complete and abs(parts - whole) < 1e-9)
    return met


PART_COLUMNS = (
    "max_points",
    "points_achieved",
    "target",
    "appraised_points",
)  # a part cannot exceed its whole


def impossible_cells_emptied(rows: list[ScoreRow], ocr_pages: set[int]) -> list[ScoreRow]:
    """The rows, a cell OCR read that exceeds the same column of its parent row (``_whole``) emptied ('15'
    for '1,5': a lost decimal comma), or put right when the parent's sum proves the comma
    (``_comma_restored``): a part cannot be more than its whole. Only when it is the one part of its
    parent that does (several would say the parent's cell is the misread one). Level by level from the
    domains down: a parent's cell emptied leaves its children to be weighed against its maximum. Rows
    from a text layer keep what they print (the audit says when a sum does not add up)."""
    out = list(rows)
    for _ in range(MAX_DEPTH):
        emptied = _parts_over_their_whole(out, ocr_pages)
        if emptied == out:
            break
        out = emptied
    return out


def _parts_over_their_whole(rows: list[ScoreRow], ocr_pages: set[int]) -> list[ScoreRow]:
    parents = {(r.table_id, r.criterion_code): k for k, r in enumerate(rows) if r.criterion_code}
    over: dict[tuple[int, str | None, str], list[int]] = defaultdict(list)
    for k, row in enumerate(rows):
        at = parents.get((row.table_id, row.parent_code)) if row.page in ocr_pages else None
        for column in PART_COLUMNS if at is not None else ():
            part, whole = getattr(row, column), _whole(rows[at], column)
            if part is not None and whole is not None and part > whole + 1e-9:
                over[(row.table_id, row.parent_code, column)].append(k)
    out = list(rows)
    for (table_id, parent_code, column), ks in over.items():
        if len(ks) == 1:
            at = parents[(table_id, parent_code)]
            out[ks[0]] = _comma_restored(rows, ks[0], at, column) or replaced(out[ks[0]], **{column: None})
    return out


def _comma_restored(rows: list[ScoreRow], k: int, at: int, column: str) -> ScoreRow | None:
    """Row ``k`` with its cell in ``column`` read again with the decimal comma OCR lost after its first
    digit ('15' -> 1,5; '175' -> 1,75) when its parent's (row ``at``) cell is then exactly the sum of its
    children's, every one of them read and no row OCR could not place under the parent; else None."""
    read, parent = getattr(rows[k], column), rows[at]
    digits = str(int(read)) if read == int(read) else ""
    whole = getattr(parent, column)
    if not 2 <= len(digits) <= 3 or whole is None or unplaced_row_under(rows, at):
        return None
    value = float(f"{digits[0]}.{digits[1:]}")
    children = [
        j
        for j, r in enumerate(rows)
        if r.table_id == parent.table_id and r.parent_code == parent.criterion_code
    ]
    parts = [value if j == k else getattr(rows[j], column) for j in children]
    if None in parts or abs(sum(parts) - whole) > 1e-9:  # type: ignore[arg-type]
        return None
    return replaced(
        rows[k], **{column: value, "repaired": (*rows[k].repaired, f"{column}: {digits} -> {value:g}")}
    )


SCORED_COLUMNS = ("points_achieved", "appraised_points")  # never more than the row's own maximum
SCORE_COLUMNS = ("max_points", *SCORED_COLUMNS)
MAX_SCORE = 100.0  # the PAR index scores out of 100: a cell over it is OCR's


def scores_within_their_maximum(rows: list[ScoreRow], ocr_pages: set[int]) -> list[ScoreRow]:
    """The rows, on OCR'd pages, a score read over the row's own maximum ('41,5 275' for 41,5 27,5) put
    right or emptied: a total's score with the decimal comma OCR lost after its first two digits or its
    first one when the domains' scores then sum to it exactly; else the row's maximum and that score both
    emptied (one of the two is misread: '1 1,5' for 1,5 1,5). Then any score still over 100 (the PAR
    index's whole) is emptied ('115' for 1,5: the comma read as a digit). Rows from a text layer keep what
    they print."""
    out = list(rows)
    for k, row in enumerate(rows):
        if row.page not in ocr_pages:
            continue
        for column in SCORED_COLUMNS if row.max_points is not None else ():
            score = getattr(out[k], column)
            if score is None or score <= row.max_points + 1e-9:  # type: ignore[operator]
                continue
            restored = _total_comma_restored(out, k, column) if row.is_total else None
            out[k] = restored or replaced(out[k], **{column: None, "max_points": None})
        beyond = {c: None for c in SCORE_COLUMNS if (v := getattr(out[k], c)) is not None and v > MAX_SCORE}
        if beyond:
            out[k] = replaced(out[k], **beyond)
    return out


def _total_comma_restored(rows: list[ScoreRow], k: int, column: str) -> ScoreRow | None:
    """The total row ``k`` with its cell in ``column`` read with a decimal comma OCR lost ('275' -> 27,5,
    then 2,75) when the scores of its table's domains, every one read, sum to it exactly and it is within
    the total's maximum; else None."""
    total, read = rows[k], getattr(rows[k], column)
    digits = str(int(read)) if read == int(read) else ""
    domains = [
        getattr(r, column) for r in rows if r.table_id == total.table_id and _level(r.criterion_code) == 1
    ]
    if len(digits) < 2 or not domains or None in domains:
        return None
    for cut in range(len(digits) - 1, 0, -1):
        value = float(f"{digits[:cut]}.{digits[cut:]}")
        if abs(sum(domains) - value) < 1e-9 and value <= total.max_points + 1e-9:  # type: ignore[arg-type, operator]
            repair = f"{column}: {digits} -> {value:g}"
            return replaced(total, **{column: value, "repaired": (*total.repaired, repair)})
    return None


def _whole(parent: ScoreRow, column: str) -> float | None:
    """What a child's cell in ``column`` cannot exceed: the parent's cell, or when OCR lost it, the parent's
    maximum (points achieved, appraised or targeted are never more than the maximum)."""
    whole = getattr(parent, column)
    return parent.max_points if whole is None and column != "max_points" else whole


def _unplaced_runs(rows: list[ScoreRow]) -> list[list[int]]:
    """Indexes of consecutive rows of one table whose code OCR lost (totals aside) or misread
    (`_misread_codes`)."""
    misread = _misread_codes(rows)
    runs: list[list[int]] = []
    for k, row in enumerate(rows):
        if not (unplaced_row(row) or k in misread):
            continue
        if runs and runs[-1][-1] == k - 1 and rows[k - 1].table_id == row.table_id:
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def _misread_codes(rows: list[ScoreRow]) -> set[int]:
    """Rows whose code neither follows the code read before it nor is followed by the code read after it,
    in their table."""
    coded = [k for k, r in enumerate(rows) if r.criterion_code is not None]
    misread = set()
    for before, k, after in zip(coded, coded[1:], coded[2:], strict=False):
        code = rows[k].criterion_code
        if rows[before].table_id != rows[k].table_id or rows[after].table_id != rows[k].table_id:
            continue
        if not follows(rows[before].criterion_code, code) and not follows(code, rows[after].criterion_code):  # type: ignore[arg-type]
            misread.add(k)
    return misread


def _read_in_place(code: str | None, before: str, after: str) -> str | None:
    """``code`` as read between ``before`` and ``after``; None (it says nothing of the code printed) when
    it cannot stand there (codes only grow in a table) and has a depth neither neighbour has: a code OCR
    cut short ('3' for 3.1.1 after 3.1). One of a neighbour's depth is a misreading ``_closest_chains``
    weighs ('2.4.4' for 1.3.1 keeps its run as read)."""
    if code is None or code_tuple(before) < code_tuple(code) < code_tuple(after):
        return code
    return None if _level(code) not in {_level(before), _level(after)} else code


def _closest_chains(chains: list[list[str]], read: list[str | None]) -> list[list[str]]:
    """The chains that change the fewest codes as read, each read code changed in one digit at most."""
    changes = {}
    for k, chain in enumerate(chains):
        apart = [
            _digits_apart(code, seen) for code, seen in zip(chain, read, strict=True) if seen is not None
        ]
        if all(n <= 1 for n in apart):
            changes[k] = sum(apart)
    fewest = min(changes.values(), default=0)
    return [chains[k] for k, n in changes.items() if n == fewest]


def _digits_apart(code: str, read: str) -> int:
    """How many digits two codes of one shape differ in ('7.3.1', '7.3.4': 1); many when their shapes differ."""
    a, b = code.split("."), read.split(".")
    if [len(x) for x in a] != [len(x) for x in b]:
        return len(code) + len(read)
    return sum(x != y for x, y in zip(code, read, strict=True))


def _chains(before: str, after: str, length: int, depth: int) -> list[list[str]]:
    """Every sequence of ``length`` codes, each following the one before, from ``before`` to ``after``
    (codes only grow in a table, so one past ``after`` leads nowhere)."""
    if length == 0:
        return [[]] if follows(before, after) else []
    last = code_tuple(after)
    return [
        [code, *rest]
        for code in successors(before, depth)
        if code_tuple(code) < last
        for rest in _chains(code, after, length - 1, depth)
    ]


def _level(code: str | None) -> int:
    """1 for a domain ('2'), 2 for a criterion ('2.1'), …; 0 for a row without a code (the total row)."""
    return code.count(".") + 1 if code else 0


def _parent(code: str | None) -> str | None:
    return code.rsplit(".", 1)[0] if code and "." in code else None


def pages_to_score_rows(pages: Sequence[PageText]) -> list[ScoreRow]:
    """Every row of every scoring table in the document, with PAR domains from the top-level rows."""
    return list(with_domains(_rows_read(pages)))


def _rows_read(pages: Sequence[PageText]) -> list[ScoreRow]:
    """The scoring tables' rows read line by line, page after page (no PAR domains yet)."""
    reader = TableReader(pages[0].doc_id if pages else "")
    for page in pages:
        reader.read_page(page)
    return reader.finish()


def with_domains(
    rows: Sequence[ScoreRow], table_id_of: Callable[[ScoreRow], int] | None = None
) -> Iterator[ScoreRow]:
    """Each row gets the PAR domain its level-1 ancestor's criterion names (par_domains.csv), and the id
    ``table_id_of`` gives its table, when given (``rows`` in that table's order)."""
    domains: dict[tuple[int, str], str | None] = {}
    for row in rows:
        table_id = table_id_of(row) if table_id_of else row.table_id
        if row.criterion_code is None:
            yield row if table_id == row.table_id else replaced(row, table_id=table_id)
            continue
        top = row.criterion_code.split(".")[0]
        if row.level == 1:
            domains[(table_id, top)] = par_domain_of(row.criterion)
        yield replaced(row, table_id=table_id, par_domain=domains.get((table_id, top)))


CELLS_SOURCE = "cells"  # rows read from table cells (the score_rows.source column)


def cells_to_score_rows(cells: Sequence[TableCell], pages: Sequence[PageText]) -> dict[int, list[ScoreRow]]:
    """The rows of every table whose column headers name score columns (điểm tối đa, điểm đạt được …),
    one per criterion code and one for the total row, by the id of the table they were read from (the
    tables not here are no score tables); an unsure cell leaves its value null."""
    texts = {page.page: page.text for page in pages}
    found: dict[int, list[ScoreRow]] = {}
    for table_id in sorted({cell.table_id for cell in cells}):
        table = [cell for cell in cells if cell.table_id == table_id]
        if rows := _score_table_rows(table, texts, len(found) + 1):
            found[table_id] = rows
    return found


def document_score_rows(pages: Sequence[PageText], from_cells: dict[int, list[ScoreRow]]) -> list[ScoreRow]:
    """Score rows from the ruled tables' cells (``cells_to_score_rows``), and from the page text (lines)
    on the pages no ruled score table covers (unruled tables, .txt and .docx text); tables numbered in the
    order they appear."""
    cell_rows = [row for rows in from_cells.values() for row in rows]
    covered = {row.page for row in cell_rows}
    from_lines = _rows_read([page for page in pages if page.page not in covered])
    ordered = sorted([*cell_rows, *from_lines], key=lambda r: (r.page, r.start))
    numbers: dict[tuple[str, int], int] = {}
    for row in ordered:
        numbers.setdefault((row.source, row.table_id), len(numbers) + 1)

    def number(row: ScoreRow) -> int:
        return numbers[(row.source, row.table_id)]

    rows = sorted(cell_rows + from_lines, key=lambda r: (number(r), r.row))
    return list(with_domains(rows, number))  # renumbered and given domains in one copy


def _column_roles(table: Sequence[TableCell]) -> tuple[dict[int, str], Layout] | None:
    """Which column holds which score role (from its header path), and the years the header names."""
    headers = {cell.col: cell.header for cell in table if cell.header and cell.col_span == 1}
    roles: dict[int, str] = {}
    for col, header in sorted(headers.items()):
        for role, _numeric, pattern in _role_patterns():
            if pattern.search(header) and role not in roles.values():
                roles[col] = role
                break
    layout = read_layout("\n".join(headers[c] for c in sorted(headers)))
    return (roles, layout) if layout is not None else None


def _score_table_rows(table: Sequence[TableCell], texts: dict[int, str], table_number: int) -> list[ScoreRow]:
    found = _column_roles(table)
    if found is None:
        return []
    roles, layout = found
    body = [cell for cell in table if not cell.is_header]
    if not is_code_column([cell for cell in body if cell.col == 0]):
        return []
    text_cols = [c for c in sorted({cell.col for cell in body}) if c > 0 and c not in roles]
    criterion_col = text_cols[0] if text_cols else None
    rows: list[ScoreRow] = []
    for number in sorted({cell.row for cell in body}):
        in_row = {cell.col: cell for cell in body if cell.row == number}
        row = _score_row(in_row, roles, criterion_col, layout, texts, table_number, len(rows) + 1)
        if row is not None:
            rows.append(row)
    return rows


def _score_row(
    in_row: dict[int, TableCell],
    roles: dict[int, str],
    criterion_col: int | None,
    layout: Layout,
    texts: dict[int, str],
    table_number: int,
    order: int,
) -> ScoreRow | None:
    first = in_row.get(0)
    code_match = ROW_CODE.match(first.text) if first is not None else None
    label = " ".join(cell.text for col, cell in sorted(in_row.items()) if col not in roles and cell.text)
    is_total = code_match is None and bool(_words("total").match(label))
    if code_match is None and not is_total:
        return None
    code = code_match.group(1) if code_match else None
    values = {role: in_row[col].value for col, role in roles.items() if col in in_row}
    if all(values.get(role) is None for role in ("max_points", "points_achieved", "target")):
        return None
    criterion_cell = in_row.get(criterion_col) if criterion_col is not None else None
    criterion = criterion_cell.text if criterion_cell is not None and not is_total else label
    unit, evidence = (_text_of(in_row, roles, role) for role in ("responsible_unit", "evidence"))
    placed = [cell for cell in in_row.values() if cell.end > cell.start]
    page = min(cell.page for cell in in_row.values())
    on_page = [cell for cell in placed if cell.page == page] or list(in_row.values())
    start, end = min(c.start for c in on_page), max(c.end for c in on_page)
    return ScoreRow(
        on_page[0].doc_id, page, start, end, texts[page][start:end], table_number, order, code,
        _level(code), _parent(code), " ".join(criterion.split()),
        values.get("max_points"), values.get("points_achieved"), values.get("target"), values.get("change"),
        values.get("appraised_points"), layout.points_year, layout.target_year, unit, is_total, None,
        CELLS_SOURCE, evidence,
    )  # fmt: skip


def _text_of(in_row: dict[int, TableCell], roles: dict[int, str], role: str) -> str | None:
    """The text of the row's cell in the column that has ``role``, None when empty or no such column."""
    col = next((c for c, r in roles.items() if r == role), None)
    return in_row[col].text or None if col in in_row else None
