"""Cited document numbers in a page's text: `text_to_citations(text) -> list[Citation]`.

Finds numbers with the grammar in `citation_grammar` (patterns from CSV tables), then reads around
each: the kind word before it, the date after it (or a sentence-initial "Ngày …, … ban hành"), the
"về việc …" title, whether it is the document's own number, and the sentence holding it.
"""

from __future__ import annotations

import functools
import re

import regex

from extractors.citation_grammar import (
    LOOKALIKE_LETTERS,
    WHITESPACE,
    glued_type_and_issuer,
    grammar,
    read_lookalike_digits,
    repair_code,
    restore_code,
    split_codes,
    split_glued,
)
from extractors.dates import ParsedDate, parse_date_at, repair_year
from extractors.number_scan import finditer_from, number_starts
from extractors.tables import load_table, phrase_tree
from extractors.text_spans import Heading, PageSentences, heading_at
from schemas.base import record, replaced
from schemas.citations import Citation

DATE_AFTER = re.compile(
    r"[\s,]*(?:(?!về\b|và\b|của\b)[^\W\d]\w*[ \t]+){0,2}?ng(?:ày|ay|y)\b[ \t:]*(?:\n[ \t]*){0,3}",  # OCR: ngy
    re.IGNORECASE,
)
DATE_BEFORE = re.compile(
    r"(?:^|[.;:\n]\s*|[-+]\s+)[Nn]gày[ \t]+(?P<date>[^,;\n]{6,22}?)[ \t]*"
    r"(?:,?[^.;\d]{0,80}?(?:ban\s+hành|ký|phê\s+duyệt)|,(?:\s+[^\W\d]\w*){1,6})\s*$"
)
DATE_IN_TITLE = re.compile(r"ban\s+hành\s+ngày\s+", re.IGNORECASE)
HEADER_DATE = re.compile(  # on the number's line, or (right column read after the left) a few lines below
    r"[^\n]{0,80}?(?:\n[^\n]{0,80}?){0,5}?ngày[ \t]*(?P<raw>(?P<d>\d{1,2})?[ \t]*tháng[ \t]*(?P<m>\d{1,2})[ \t]*năm[ \t]*(?P<y>\d{4}))"
)
NEAR_HEADER_LINES = (
    2  # a date this many lines below the number is the header's; farther, only as 'Place, ngày'
)
PLACE_DATE_LINE = re.compile(
    r"(?:^|\n)[ \t]*[A-ZĐ][^\W\d_]*(?:[ \t]+[A-ZĐ][^\W\d_]*){0,3}[ \t]*,[ \t]*ngày[ \t]*$"
)
COORDINATED = regex.compile(  # asked only whether the text between two numbers ends so: searched backwards
    r"\bvà\s+(?:[^\W\d]+\s+){0,3}(?:số\s*)?$", regex.REVERSE
)
COORDINATION_SPAN = 200  # 'và' and at most three words and 'số' before a number fit in this many characters
TITLE_START = re.compile(r"[\s,]*(?:của\s+(?:(?!về\b)[^;.()\d])+?\s+)?(?:về\s+việc|về)\s+", re.IGNORECASE)


@functools.cache
def _title_start_after_issuer() -> re.Pattern[str]:
    """'… ngày 28/01/2023 Sở Y tế về việc …': the issuing agency named without 'của' before the subject."""
    agencies = phrase_tree((row["agency"] for row in load_table("agencies")), ignore_case=True)
    return re.compile(
        rf"[\s,]*(?:{agencies})(?:\s+tỉnh(?:\s+[A-ZĐ][^\W\d_]*){{1,3}})?\s+(?:về\s+việc|về)\s+", re.IGNORECASE
    )


# A title ends at ; or . , at a new bullet, or at ", <word that opens a new clause>" (data, not logic).
TITLE_CLAUSE_STARTS = (
    "tại",
    "trong",
    "theo",
    "nhằm",
    "để",
    "đồng thời",
    "trên",
    "sau",
    "qua",
    "từ",
    "gồm",
    "cụ thể",
    "với",
)
TITLE_END = re.compile(
    r"[;.](?:\s|$)|\.(?=[A-ZĐ])|\n\s*\n\s*[-+*•]|,\s+(?:(?:"
    + "|".join(TITLE_CLAUSE_STARTS)
    + r")\b|(?-i:[A-ZĐ]))",
    re.IGNORECASE,
)
# "Số: 45/BC-SYT" (OCR may leave a few symbols from handwriting before the number) or an appendix's
# "(Kèm theo Kế hoạch số …)": the document's own number.
SELF_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:Số[ \t]*:?[^\w\n]{0,4}|\(?[Kk]èm\s+theo)[ \t]*$")
TRAILING_JOINERS = ("và", "hoặc", "của", "tại")  # words a title cut at its clause's end cannot end on
MAX_TITLE = 240


@record
class NumberMatch:
    """A document number as found by the grammar, before the context around it is read."""

    start: int
    end: int
    seq: str
    year: str | None
    codes: list[str]
    party_type: str | None
    glued_word: bool = False  # a word was glued to the end of the symbol ('NĐ-CPngày')
    lookalike_digits: bool = False  # seq or year had letters OCR reads for digits ('l5', '2O24'), now read

    @classmethod
    def read(
        cls, start: int, end: int, seq: str, year: str | None, codes: list[str], **rest: object
    ) -> NumberMatch:
        """A match with the letters OCR reads for digits in its seq and year read as digits."""
        seq, seq_fixed = read_lookalike_digits(seq)
        year, year_fixed = read_lookalike_digits(year) if year else (year, False)
        return cls(start, end, seq, year, codes, lookalike_digits=seq_fixed or year_fixed, **rest)  # type: ignore[arg-type]


def find_numbers(text: str, starts: list[int] | None = None) -> list[NumberMatch]:
    """Every document number in ``text`` (standard, Party-style and blank self numbers), in order;
    ``starts``: where its runs of digits begin, when already known (`number_scan.number_starts`)."""
    g = grammar()
    standard_starts, party_starts = starts_by_separator(
        text, number_starts(text) if starts is None else starts
    )
    found = [
        NumberMatch.read(
            m.start(),
            m.end(),
            m["num"],
            m["year"],
            split_codes(m["codes"]),
            party_type=None,
            glued_word=_glued(text, m.end()),
        )
        for m in finditer_from(g.standard, text, standard_starts, LOOKALIKE_LETTERS)  # 'l5/QĐ': l read for 1
    ]
    found += [
        NumberMatch.read(
            m.start(),
            m.end(),
            m["num"],
            None,
            split_codes(m["codes"]),
            party_type=WHITESPACE.sub("", m["type"]),
        )
        for m in finditer_from(g.party, text, party_starts, LOOKALIKE_LETTERS)
    ]
    found += [
        NumberMatch(m.start("raw"), m.end("raw"), "", None, split_codes(m["raw"].lstrip("/ \t")), None)
        for m in g.blank_self.finditer(text)  # searched for its literal 'Số', then kept at a line's start
        if not text[text.rfind("\n", 0, m.start()) + 1 : m.start()].strip(" \t")
    ]
    found = [n for n in found if not n.seq or n.seq.strip("0")]  # no document is numbered 0 ('6§0' -> '0')
    return _drop_overlaps(sorted(found, key=lambda n: (n.start, -n.end)))


SEQ_THEN_GAP = re.compile(rf"[\d{LOOKALIKE_LETTERS}]*[ \t\n]*")  # a number's digits and the gap after them


def starts_by_separator(text: str, starts: list[int]) -> tuple[list[int], list[int]]:
    """The starts the standard grammar ('45/BC-SYT': '/' after the digits) and the Party grammar ('18-NQ/TW':
    '-') are tried at, told by the first character after the digits and the gap."""
    standard, party = [], []
    for start in starts:
        end = SEQ_THEN_GAP.match(text, start).end()  # type: ignore[union-attr]
        separator = text[end : end + 1]
        if separator == "/":
            standard.append(start)
        elif separator == "-":
            party.append(start)
    return standard, party


def _glued(text: str, end: int) -> bool:
    return end < len(text) and text[end].isalpha()


def _drop_overlaps(matches: list[NumberMatch]) -> list[NumberMatch]:
    kept: list[NumberMatch] = []
    for match in matches:
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept


def text_to_citations(
    text: str,
    doc_id: str = "",
    page: int = 1,
    headings: list[Heading] | None = None,
    sentences: PageSentences | None = None,
    ocr: bool = False,
    starts: list[int] | None = None,
) -> list[Citation]:
    """All citations in one page's text, with offsets into exactly that text (``sentences``: the page's
    sentences, `PageSentences`, when already made; ``ocr``: the text was OCR'd, so a type glued to its issuer is
    damage to repair, not the document's own misprint; ``starts``: where its runs of digits begin, when
    already known)."""
    numbers = find_numbers(text, starts)
    if not numbers:
        return []
    in_page = sentences if sentences is not None else PageSentences(text)
    in_page.expect(len(numbers))
    found = [_read_context(text, m, doc_id, page, headings or [], in_page, ocr) for m in numbers]
    return share_coordinated_dates(text, found)


@record
class _Found:
    citation: Citation
    kind_start: int
    date_before: bool  # the date came from "Ngày …, … ban hành" before the number


def _read_context(
    text: str,
    m: NumberMatch,
    doc_id: str,
    page: int,
    headings: list[Heading],
    sentences: PageSentences,
    ocr: bool = False,
) -> _Found:
    number, symbol_type, issuer, valid, repaired = canonical_number(m, ocr)
    kind_start, kind = _kind_before(text, m.start)
    role = "self" if _self_window(text, kind_start) else "cited"
    after = (_header_date(text, m.end) if role == "self" else None) or _date_after(text, m.end)
    before = None if after else _date_before(text, kind_start)
    title = _title_after(text, after.end if after and after.problem != "missing" else m.end)
    date = after or before or _date_in_title(text, m.end, title)
    heading = heading_at(headings, m.start)
    citation = Citation(
        doc_id=doc_id,
        page=page,
        start=m.start,
        end=m.end,
        raw=text[m.start : m.end],
        number=number,
        doc_kind=kind or _kind_from_type(symbol_type),
        seq=int(m.seq) if m.seq else None,
        year_in_number=repair_year(m.year)[0] if m.year else None,
        symbol_type=symbol_type,
        issuer=issuer,
        issue_date=date.value if date else None,
        date_raw=date.raw if date else None,
        date_problem=date.problem if date else None,
        role=role,
        valid_format=valid,
        repaired=repaired or bool(date and date.problem == "repaired"),
        title=title,
        section=heading.label_and_text if heading else None,
        sentence=sentences.at(m.start, m.end),
    )
    return _Found(citation, kind_start, before is not None)


def share_coordinated_dates(text: str, found: list[_Found]) -> list[Citation]:
    """'A và B ngày X' dates A too; 'Ngày X, … ban hành A … và B' dates B too (one date, two numbers)."""
    citations = [f.citation for f in found]
    for i in range(1, len(found)):
        a, b = citations[i - 1], citations[i]
        near = max(a.end, found[i].kind_start - COORDINATION_SPAN)  # where 'và …' can begin
        if (
            not COORDINATED.search(text, near, found[i].kind_start)
            or text.find("\n\n\n", a.end, b.start) >= 0
        ):
            continue
        if a.date_raw is None and b.issue_date is not None and not found[i].date_before and _fits(a, b):
            citations[i - 1] = _with_date_of(a, b)
        elif b.date_raw is None and found[i - 1].date_before and _fits(b, a):
            citations[i] = _with_date_of(b, a)
    return citations


def _fits(target: Citation, source: Citation) -> bool:
    """A shared date cannot belong to a number whose year says otherwise (108/2014 và 113/2018 ngày …/2018)."""
    year = source.issue_date.year if source.issue_date else None
    return target.year_in_number is None or target.year_in_number == year


def _with_date_of(target: Citation, source: Citation) -> Citation:
    return replaced(
        target, issue_date=source.issue_date, date_raw=source.date_raw, date_problem=source.date_problem
    )


def canonical_number(m: NumberMatch, ocr: bool = False) -> tuple[str, str | None, str | None, bool, bool]:
    """(canonical number, type code, issuer codes, valid format, repaired) for a found number. Repairs:
    an ASCII-folded type code, a corrupted year, digits OCR read as letters, a word glued to the symbol,
    and on OCR'd text the hyphen lost between a type and its issuer ('312/BCSNV' -> 312/BC-SNV)."""
    g = grammar()
    restored = [restore_code(c) for c in m.codes]
    with_digits = [repair_code(code) for code, _ in restored]
    codes = tuple(code for code, _ in with_digits)
    unglued = split_glued(codes[0]) if ocr and m.party_type is None and codes else None
    if unglued is not None:
        codes = (*unglued, *codes[1:])
    year, year_repaired = repair_year(m.year) if m.year else (None, False)
    repaired = (
        unglued is not None
        or any(fixed for _, fixed in restored)
        or any(fixed for _, fixed in with_digits)
        or m.lookalike_digits
        or year_repaired
        or m.glued_word
    )
    if m.party_type is not None:
        party_type, fixed_type = restore_code(m.party_type)
        issuer = "-".join(codes)
        return f"{m.seq}-{party_type}/{issuer}", party_type, issuer, True, repaired or fixed_type
    head, rest = codes[0], list(codes[1:])
    symbol_type = head if head in g.type_kinds else None
    issuer = "-".join(rest if symbol_type else codes) or None
    middle = f"{year}/" if year else ""
    number = f"{m.seq}/{middle}{'-'.join(codes)}"
    valid = bool(m.seq) and not glued_type_and_issuer(head) and (m.year is None or year is not None)
    return number, symbol_type, issuer, valid, repaired


def _kind_before(text: str, start: int) -> tuple[int, str | None]:
    """Where the kind word naming the number at ``start`` begins ('Quyết định số 12/…'), and its kind;
    (``start``, None) when none stands right before it (within KIND_WINDOW characters)."""
    backwards = text[max(0, start - KIND_WINDOW) : start][::-1]
    match = grammar().kind_before.match(backwards)
    if match is None:
        return start, None
    words = " ".join(match["kind"][::-1].split()).lower()
    return start - match.end(), grammar().kind_words[words]


KIND_WINDOW = 60


def _kind_from_type(symbol_type: str | None) -> str | None:
    if symbol_type is None:
        return "Công văn"
    return grammar().type_kinds.get(symbol_type)


def _date_after(text: str, end: int) -> ParsedDate | None:
    lead = DATE_AFTER.match(text, end)
    if lead is None:
        return None
    found = parse_date_at(text, lead.end())
    if found is not None:
        return found
    return ParsedDate(None, "", lead.end(), lead.end(), "missing")


def _date_before(text: str, kind_start: int) -> ParsedDate | None:
    window = max(0, kind_start - 160)
    match = DATE_BEFORE.search(text, window, kind_start)
    if match is None:
        return None
    return parse_date_at(text, match.start("date"))


def _date_in_title(text: str, end: int, title: str | None) -> ParsedDate | None:
    """'… về việc phê duyệt … ban hành ngày 10/01/2023': the date written at the end of the title."""
    if not title:
        return None
    window = text[end : end + MAX_TITLE + 80]
    match = DATE_IN_TITLE.search(window)
    return parse_date_at(text, end + match.end()) if match else None


def _header_date(text: str, end: int) -> ParsedDate | None:
    """The header's 'Place, ngày … tháng … năm …' after the document's own number (blank day -> no date):
    on its line or up to NEAR_HEADER_LINES below; farther (the motto between) only on a line of its own
    that opens with the place."""
    match = HEADER_DATE.match(text, end)
    if match is None:
        return None
    between = text[end : match.start("raw")]
    if between.count("\n") > NEAR_HEADER_LINES and not PLACE_DATE_LINE.search(between):
        return None  # a date farther down is the header's only on its own 'Lai Châu, ngày …' line
    raw = match["raw"].strip()
    if match["d"] is None:
        return ParsedDate(None, raw, match.start("raw"), match.end("raw"), "missing")
    return parse_date_at(text, match.start("raw"))


def _title_after(text: str, pos: int) -> str | None:
    """The 'về việc …' / 'về …' text after a citation, up to the end of its clause."""
    start = TITLE_START.match(text, pos, min(len(text), pos + 160)) or _title_start_after_issuer().match(
        text, pos, min(len(text), pos + 160)
    )
    if start is None:
        return None
    limit = min(len(text), start.end() + MAX_TITLE)
    end = TITLE_END.search(text, start.end(), limit)
    next_citation = grammar().kind_before_any.search(text, start.end(), end.start() if end else limit)
    stop = min(x for x in (end.start() if end else limit, next_citation.start() if next_citation else limit))
    title = without_trailing_joiners(" ".join(text[start.end() : stop].split()))
    return title or None


def without_trailing_joiners(title: str) -> str:
    """``title`` (words one space apart) without the commas, spaces and joining words it ends on
    ('… hành chính và' -> '… hành chính')."""
    while True:
        title = title.rstrip(" ,")
        joiner = next((w for w in TRAILING_JOINERS if title.endswith(" " + w)), None)
        if joiner is None:
            return title
        title = title[: -len(joiner)]


def _self_window(text: str, kind_start: int) -> bool:
    return SELF_BEFORE.search(text[max(0, kind_start - 30) : kind_start]) is not None
