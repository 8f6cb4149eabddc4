"""Document metadata from the page text: who (province, agency, level), what (type, number, title),
when (issue date, period, signature time) and who signed. Names and mappings are tables in
extractors/data; a blank header field stays null, never guessed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import regex

from extractors.layout import region_text
from extractors.normalize import fold, new_tone_placement
from extractors.signer import layout_to_signer
from extractors.tables import load_table, phrase_tree, whole_word_matches
from extractors.words import words_in
from schemas.citations import Citation
from schemas.documents import DocumentMetadata
from schemas.layout import FieldReading, LayoutLine
from schemas.pages import PageText

HEADER_CHARS = 900  # the header block (agency, number, place and date) sits at the top of page 1
TITLE_LINES = 4
SIGNATURE_TIME = re.compile(  # '2023-03-14T14:47:39+0700' (trailer), 'Thời gian ký: 13.01.2025' (stamp box)
    r"\b(?P<y>20\d\d)-(?P<m>\d\d)-(?P<d>\d\d)T(?P<t>\d\d:\d\d(?::\d\d)?)(?P<z>[+-]\d\d:?\d\d)?"
    r"|Thời gian ký:\s*(?P<d2>\d\d)[./](?P<m2>\d\d)[./](?P<y2>20\d\d)"
    # the signature widget's stamp: '09.01.2025 10:21:11 +07:00' (a time with its zone is no report date)
    r"|\b(?P<d3>\d\d)\.(?P<m3>\d\d)\.(?P<y3>20\d\d)\s+(?P<t3>\d\d:\d\d:\d\d)\s*(?P<z3>[+-]\d\d:?\d\d)"
    # a stamp's bare 'dd/mm/yyyy HH:MM:SS' (a clock with seconds beside a date is a signing time), and
    # the Nghị định 30 stamp of a signed copy or attachment: 'SAO Y; …; 25/12/2025; 09:27:28; +07:00'
    r"|\b(?P<d4>\d\d)/(?P<m4>\d\d)/(?P<y4>20\d\d)(?:\s+|;\s*)(?P<t4>\d\d:\d\d:\d\d)"
    r"(?:;\s*(?P<z4>[+-]\d\d:?\d\d)|(?!\s*[+-]?\d))"
)
# (not the tail of the number's symbol: 'Số: 332/QĐ-TTg Hà Nội, ngày …' is in Hà Nội)
PLACE = re.compile(r"(?<![\w/-])(?P<place>[A-ZĐ][^\W\d_]*(?: [A-ZĐ][^\W\d_]*){0,3})[ \t]*,[ \t]*ngày\b")
ROLE = regex.compile(  # `regex`: it looks for the roles' words instead of trying every character
    r"(?<!\w)(?P<role>(?:(?:KT|TL|TM|Q)\.[ \t]*)?(?:PHÓ GIÁM ĐỐC|GIÁM ĐỐC|PHÓ CHỦ TỊCH|CHỦ TỊCH|"
    r"PHÓ CHÁNH VĂN PHÒNG|CHÁNH VĂN PHÒNG|TRƯỞNG BAN))(?!\w)"
)  # upper case only: body text says "Giám đốc Sở"
ROLE_WORDS = ("GIÁM ĐỐC", "CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "TRƯỞNG BAN")  # every role ROLE finds holds one
NOT_A_NAME = {"Tỉnh", "Sở", "Ủy", "Uỷ", "Ban", "Phòng", "Bộ", "Văn", "Nơi", "Trung", "Cục", "Thành", "Huyện"}
ROLE_GAP = 60  # "KT. GIÁM ĐỐC" and "PHÓ GIÁM ĐỐC" this close are one signing role
NAME_LINE = re.compile(r"^[ \t]*(?P<name>[A-ZĐ][^\W\d_]+(?:[ \t]+[A-ZĐ][^\W\d_]+){1,4})[ \t]*$", re.MULTILINE)
PERIODS = (
    ("multi-year", re.compile(r"giai\s+đoạn\s+(?P<y>(?:19|20)\d\d)\s*[-–]\s*(?P<y2>(?:19|20)\d\d)", re.I)),
    ("half", re.compile(r"6\s+tháng\s+(?P<h>đầu|cuối)\s+năm\s+(?P<y>(?:19|20)\d\d)", re.I)),
    ("quarter", re.compile(r"quý\s+(?P<q>IV|III|II|I|[1-4])\s+(?:năm\s+)?(?P<y>(?:19|20)\d\d)", re.I)),
    ("month", re.compile(r"tháng\s+(?P<mo>\d{1,2})\s*(?:/|năm)\s*(?P<y>(?:19|20)\d\d)", re.I)),
    # not a horizon: 'đến năm 2030' (OCR: 'đên'), 'tới năm …'
    ("year", re.compile(r"(?<!đ[ếêeềể]n\s)(?<!t[ớơoờ]i\s)năm\s+(?P<y>(?:19|20)\d\d)", re.I)),
)
# a date ('ngày 15 tháng 5 năm 2025', the header's or a cited document's) names no period
DATE_WORDS = re.compile(r"ngày[^\n]{0,12}?tháng[^\n]{0,6}?năm\s*\d{0,4}|\b\d{1,2}/\d{1,2}/\d{4}\b", re.I)
NUMBER_LINE = re.compile(r"^[^\n]*\bSố\s*:[^\n]*", re.MULTILINE)
DATE_LINE = re.compile(r"ngày[^\n]{0,30}?tháng[^\n]{0,12}?năm\s*\d{0,4}", re.IGNORECASE)
SIGNATURE_GAP_DAYS = 7  # a header date this far from the digital signature is worth a look
QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class Period:
    """The period a report covers."""

    type: str
    year: int | None
    quarter: int | None
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class NameList:
    """Names from a table (each with its value), found in any case as whole words. The text is lower-cased
    and searched for the lower-cased names (a third of the time of a case-insensitive search, which
    compares every character both ways), as a tree of their characters (`tables.phrase_tree`)."""

    values: dict[str, str]  # name -> value (the province after the merger, the agency's level)
    pattern: re.Pattern[str]
    by_key: dict[str, str]  # lower-cased name -> name

    @classmethod
    def of(cls, values: dict[str, str]) -> NameList:
        by_key: dict[str, str] = {}
        for name in values:
            by_key.setdefault(name.lower(), name)
        pattern = re.compile(rf"(?:{phrase_tree(by_key)})(?!\w)")
        return cls(values, pattern, by_key)

    def found_in(self, text: str) -> list[str]:
        """The names ``text`` mentions, in order, as the table spells them."""
        lowered = text.lower()
        return [self.by_key[" ".join(m.group().split())] for m in whole_word_matches(self.pattern, lowered)]


@functools.cache
def _tables() -> tuple[NameList, NameList, dict[str, str]]:
    provinces = NameList.of({r["province"]: r["province_current"] for r in load_table("provinces_2025")})
    agencies = NameList.of({r["agency"]: r["level"] for r in load_table("agencies")})
    kinds: dict[str, str] = {}
    for row in load_table("doc_types"):
        kinds.setdefault(row["kind"].upper(), row["code"])  # the first code listed for a kind is its own
    return provinces, agencies, kinds


def province_of(text: str) -> tuple[str | None, str | None]:
    """(province as written, province after the 2025 merger): the header's, else the most mentioned."""
    provinces = _tables()[0]
    mentions = provinces.found_in(text[:HEADER_CHARS]) or provinces.found_in(text)
    if not mentions:
        return None, None
    name = Counter(mentions).most_common(1)[0][0]
    return name, provinces.values[name]


def header_province_unmarked(header_left: str) -> tuple[str | None, str | None]:
    """The province the header's left column names with its marks misread ('CÔNG AN TĨNH LÂM ĐÔNG'):
    compared without marks, and only a name no other province shares without them; (None, None) else."""
    folded = f" {fold(header_left)} "
    found = [name for key, name in _unmarked_provinces().items() if f" {key} " in folded]
    if len(found) != 1:
        return None, None
    return found[0], _tables()[0].values[found[0]]


@functools.cache
def _unmarked_provinces() -> dict[str, str]:
    """Province names by their spelling without marks, those two provinces share left out."""
    return _unique_spellings(_tables()[0].values, fold)


def _unique_spellings(names: Iterable[str], spell: Callable[[str], str]) -> dict[str, str]:
    """``names`` by ``spell``-ing of each, the spellings two names share left out (they name neither)."""
    by_key: dict[str, list[str]] = {}
    for name in names:
        by_key.setdefault(spell(name), []).append(name)
    return {key: found[0] for key, found in by_key.items() if len(found) == 1}


ADDRESSEES = re.compile(r"K[íi]nh\s+g[ửưu]i", re.IGNORECASE)  # 'Kính gửi:': whom the document is sent to


def agency_of(text: str) -> tuple[str | None, str | None]:
    """(agency, level) from the header: the lowest agency its agency lines name under a ministry ('BỘ CÔNG
    AN' / 'CÔNG AN TỈNH …'), the ministry alone; else the department it names most (one named more than
    any other), else the UBND when it names it; else none. The header ends at the document's kind line
    ('BÁO CÁO', 'Phụ lục III') or where its addressees begin ('Kính gửi: Sở Nội vụ' names the recipient).
    A text without one (it opens with its kind line) is read to HEADER_CHARS for the department that
    reports ('…, Sở Y tế báo cáo …'); an annex whose table names ten departments once each names none."""
    agencies = _tables()[1]
    window = text[:HEADER_CHARS]
    window = window[: found.start()] if (found := ADDRESSEES.search(window)) else window
    header = _before_title(window)
    lines = _agency_lines(header)
    in_lines = agencies.found_in(lines)
    if in_lines and agencies.values[in_lines[0]] == "national":  # a ministry's or the government's
        below = [a for a in in_lines if agencies.values[a] != "national"] or _glued_below(lines)
        return (below[-1], agencies.values[below[-1]]) if below else (in_lines[0], "national")
    named = agencies.found_in(header) or agencies.found_in(window)
    departments = [a for a in named if agencies.values[a] == "department"]
    if named and not departments:
        return "Ủy ban nhân dân", "province"
    if departments:
        counts = Counter(departments).most_common(2)
        name = counts[0][0] if len(counts) == 1 or counts[0][1] > counts[1][1] else None
        return (name, agencies.values[name]) if name else (None, None)
    glued = agency_words_glued(lines)
    return (glued, agencies.values[glued]) if glued else (None, None)


def _glued_below(lines: str) -> list[str]:
    """The agencies below the first of the agency lines that name one only without spaces or marks
    ('CÔNG AN TĨNH LÂM ĐÔNG': OCR's Ĩ for Ỉ), not a ministry."""
    agencies = _tables()[1]
    found = [agency_words_glued(line) for line in lines.splitlines()[1:]]
    return [a for a in found if a is not None and agencies.values[a] != "national"]


def agency_words_glued(lines: str) -> str | None:
    """The one agency the header's agency lines name with the spaces between its words lost and its marks
    misread ('CÔNG ANTỈNHLÂMĐỎNG': OCR of a tightly set header), compared without spaces or marks; None
    when they name none or several (a name inside a longer one found there counts as that one)."""
    text = fold(lines).replace(" ", "")
    spans = {
        name: (at, at + len(key))
        for key, name in _unspaced_agencies().items()
        if len(key) >= MIN_UNSPACED and (at := text.find(key)) >= 0
    }
    outer = {
        n
        for n, (a, b) in spans.items()
        if not any(a2 <= a and b <= b2 and (a2, b2) != (a, b) for a2, b2 in spans.values())
    }
    return outer.pop() if len(outer) == 1 else None


# letters an agency's name has at least to be found without its spaces ('SOYTE' is too short)
MIN_UNSPACED = 8


@functools.cache
def _unspaced_agencies() -> dict[str, str]:
    """Agency names by their spelling without spaces or marks (upper case), names two agencies share left out."""
    return _unique_spellings(_tables()[1].values, lambda name: fold(name).replace(" ", ""))


def _before_title(header: str) -> str:
    """The header up to the line naming the document's kind ('QUYẾT ĐỊNH', 'Phụ lục III'), all of it when
    none does."""
    offset = 0
    for line in header.splitlines(keepends=True):
        if _kind_word(line) is not None:
            return header[:offset]
        offset += len(line)
    return header


KIND_LINE_NUMBER = re.compile(r"\s+[IVX]{1,4}$")  # 'PHỤ LỤC III': an annex's number after its kind


def _kind_word(line: str) -> str | None:
    """The kind a line names when it is nothing else ('BÁO CÁO', 'Phụ lục II'), as the kinds table spells
    it; OCR may leave marks around it ('| BÁO CÁO', 'TỜ TRÌNH =_') or lose its space ('TỜTRÌNH')."""
    word = " ".join(re.sub(r"^(?:[^\w(]|_)+", "", line).split())
    if word.isupper():  # a title line in capitals: marks OCR left after it, its space lost
        word = " ".join(KIND_LINE_DEBRIS.sub("", word).split())
        word = _unspaced_kinds().get(word.replace(" ", ""), word)
    word = word.upper()
    word = KIND_LINE_NUMBER.sub("", word) if word.startswith("PHỤ LỤC") else word
    return word if word in _tables()[2] else None


# marks OCR leaves after a kind line, a blank between ('TỜ TRÌNH =_'; not 'QUYẾT ĐỊNH:', which is a label)
KIND_LINE_DEBRIS = re.compile(r"(?:\s+(?:[^\w):]|_)+)+\s*$")


@functools.cache
def _unspaced_kinds() -> dict[str, str]:
    """Kind names by their spelling without spaces ('TỜTRÌNH'), spellings two kinds share left out."""
    return _unique_spellings(_tables()[2], lambda kind: kind.replace(" ", ""))


def type_and_title(text: str) -> tuple[str | None, str | None]:
    """The document type from its heading word (BÁO CÁO -> BC) and the subject lines under it."""
    kinds = _tables()[2]
    lines = text[: HEADER_CHARS * 2].splitlines()
    for i, line in enumerate(lines):
        word = _kind_word(line)
        if word is not None:
            title = []
            for following in lines[i + 1 :]:
                clean = " ".join(following.split())
                if not clean and title:
                    if len(title) >= TITLE_LINES:
                        break
                    continue
                if (
                    re.match(r"(?:Căn cứ|Thực hiện|Kính gửi|\(Kèm theo|STT\b)", clean)
                    or len(title) >= TITLE_LINES
                ):
                    break
                if clean:
                    title.append(clean)
            return kinds[word], " ".join(title) or None
    return None, None


LETTER_SUBJECT = re.compile(r"^\W*V/[vV]\b[.:]?\s*")  # 'V/v tham gia ý kiến …': a công văn's subject
MAX_SUBJECT_LINES = 4


def letter_subject(header_left: str) -> str | None:
    """The subject of a công văn: the 'V/v …' line under its number in the header's left column and the
    lines that go on with it (up to 'Kính gửi', a blank, or a line of marks); None without one."""
    lines = header_left.splitlines()
    at = next((k for k, line in enumerate(lines) if LETTER_SUBJECT.match(line)), None)
    if at is None:
        return None
    subject = [LETTER_SUBJECT.sub("", lines[at])]
    for line in lines[at + 1 : at + MAX_SUBJECT_LINES]:
        clean = " ".join(line.split())
        if not clean or clean.startswith("Kính gửi") or not any(ch.isalpha() for ch in clean):
            break
        subject.append(clean)
    text = " ".join(" ".join(subject).split())
    return text or None


def period_of(title: str | None, text: str) -> Period | None:
    """The period the title (else the opening text, its dates aside) names: year, half, quarter, month or
    multi-year."""
    for source in (title or "", DATE_WORDS.sub(" ", text[:1500])):
        for kind, pattern in PERIODS:
            m = pattern.search(source)
            if m:
                return _period(kind, m)
    return None


def _period(kind: str, m: re.Match[str]) -> Period:
    y = int(m["y"])
    if kind == "multi-year":
        return Period(kind, None, None, dt.date(y, 1, 1), dt.date(int(m["y2"]), 12, 31))
    if kind == "half":
        first = m["h"].lower() == "đầu"
        return Period(
            kind,
            y,
            None,
            dt.date(y, 1 if first else 7, 1),
            dt.date(y, 6 if first else 12, 30 if first else 31),
        )
    if kind == "quarter":
        q = QUARTERS[m["q"].upper()]
        end_month = 3 * q
        return Period(kind, y, q, dt.date(y, end_month - 2, 1), _month_end(y, end_month))
    if kind == "month":
        month = int(m["mo"])
        return Period(kind, y, None, dt.date(y, month, 1), _month_end(y, month))
    return Period(kind, y, None, dt.date(y, 1, 1), dt.date(y, 12, 31))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def signer_of(text: str) -> tuple[str | None, str | None]:
    """(name, role) from the signature block of the last page: the last role line and the name under it."""
    roles = _roles(text)
    if not roles:
        return None, None
    block = [roles[-1]]
    while len(block) < len(roles) and block[0].start() - roles[-len(block) - 1].end() <= ROLE_GAP:
        block.insert(0, roles[-len(block) - 1])
    names = (m["name"].strip() for m in NAME_LINE.finditer(text, block[-1].end()))
    name = next((n for n in names if n.split()[0] not in NOT_A_NAME), None)
    return name, " / ".join(" ".join(r["role"].split()) for r in block)


def _roles(text: str) -> list[regex.Match[str]]:
    """``ROLE``'s matches in ``text``, searched from the line of the first role word: a role lies on one
    line and holds one of ROLE_WORDS, so none stands above it (a page's body is not scanned for them)."""
    firsts = [at for word in ROLE_WORDS if (at := text.find(word)) >= 0]
    if not firsts:
        return []
    return list(ROLE.finditer(text, text.rfind("\n", 0, min(firsts)) + 1))


def signature_times(text: str) -> list[dt.datetime]:
    """Digital-signature times a trailer or stamp box states, as aware datetimes (Vietnam time if unsaid)."""
    return list(_signature_times(text))


# asked of the same document text by the metadata, the audit and the date checks: read once
@functools.lru_cache(maxsize=16)
def _signature_times(text: str) -> tuple[dt.datetime, ...]:
    out = []
    for m in SIGNATURE_TIME.finditer(text):
        form = next(k for k in ("", "2", "3", "4") if m[f"y{k}"])
        y, mo, d = m[f"y{form}"], m[f"m{form}"], m[f"d{form}"]
        clock = (m["t"] if form == "" else m[f"t{form}"] if form in ("3", "4") else None) or "00:00:00"
        clock = clock if clock.count(":") == 2 else f"{clock}:00"
        zone = (
            (m["z"] if form == "" else m[f"z{form}"] if form in ("3", "4") else None) or "+07:00"
        ).replace(":", "")
        try:
            out.append(dt.datetime.strptime(f"{y}-{mo}-{d}T{clock}{zone}", "%Y-%m-%dT%H:%M:%S%z"))
        except ValueError:
            continue
    return tuple(out)


def _without_codes(place: str) -> str | None:
    """'UBND Quảng Ngãi' -> 'Quảng Ngãi': the tail of a number symbol can run into the place name."""
    words = place.split()
    while words and len(words[0]) > 1 and words[0].isupper():
        words.pop(0)
    return " ".join(words) or None


def header_agency(header_left: str) -> tuple[str | None, str | None]:
    """(agency, level) named in the header's left column above its 'Số:' line: the lowest one named (the
    issuing body stands under its parent: 'UBND TỈNH …' / 'SỞ Y TẾ', 'BỘ CÔNG AN' / 'CÔNG AN TỈNH …'), the
    people's committee for 'UBND'; a labelled line ('Cơ quan phát hành: …', a publisher's stamp) names
    none; (None, None) when the column names no agency. Under a ministry, a line naming a lower agency
    only without spaces or marks ('CÔNG AN TĨNH LÂM ĐÔNG': OCR's Ĩ for Ỉ) names it."""
    agencies = _tables()[1]
    lines = _agency_lines(header_left)
    named = agencies.found_in(lines)
    if not named:
        return None, None
    if agencies.values[named[-1]] == "national":  # a lower one OCR misread below it ('CÔNG AN TĨNH')
        named += _glued_below(lines)
    level = agencies.values[named[-1]]
    return ("Ủy ban nhân dân", "province") if level == "province" else (named[-1], level)


NUMBER_LINE_START = re.compile(r"^\W*S[ốô]\b", re.IGNORECASE)  # 'Số: 45/BC-SYT' (OCR: 'Sô')


def _agency_lines(header: str) -> str:
    """The lines of a header that may name its agencies: those above the 'Số:' line, labelled ones aside."""
    lines = []
    for line in header.splitlines():
        if NUMBER_LINE_START.match(line):
            break
        if ":" not in line:
            lines.append(line)
    return "\n".join(lines)


def pages_to_metadata(
    pages: Sequence[PageText],
    citations: Sequence[Citation],
    file_name: str = "",
    layouts: Sequence[Sequence[LayoutLine]] = (),
    toned_texts: Sequence[str] | None = None,
) -> DocumentMetadata:
    """Metadata from the first page (header, title), the signature block (signer) and every page (trailers).
    With the pages' layouts, the agency and province are read from the header's left column and the signer
    from the signature block's right column; without, from the text. ``toned_texts``: the pages' texts in
    today's tone placement, when already made (`page_context.PageContext.toned_text`)."""
    if not pages:
        return DocumentMetadata()
    first, last = pages[0].text, pages[-1].text
    everything = "\n".join(p.text for p in pages)
    header_left = new_tone_placement(region_text(layouts[0], "header_left") if layouts else "")
    # 'UỶ BAN', 'Hoà Bình' matched as today's spelling
    named = "\n".join(toned_texts) if toned_texts is not None else new_tone_placement(everything)
    agency, level = header_agency(header_left)
    if agency is None:
        agency, level = agency_of(named)
    province, current = province_of(header_left)
    if province is None:
        province, current = header_province_unmarked(header_left)
    if province is None and level != "national":  # a ministry's document is no province's (its place aside)
        province, current = province_of(named)
    doc_type, title = type_and_title(first)
    if doc_type is None and (subject := letter_subject(header_left)):
        doc_type, title = "CV", subject  # a công văn: no heading word, its subject under its number
    times = signature_times(everything)
    own = own_fields(pages, citations, file_name, times)
    place = PLACE.search(first[:HEADER_CHARS])
    period = period_of(title, first)
    signer = layout_to_signer(layouts)
    name, role = (signer.name, signer.role) if signer else signer_of(last)
    agency_notes: tuple[str, ...] = ()
    if level == "province" and own.number and not committee_numbered(own.number):
        agency, level = None, None  # a council or board of the committee numbers its own documents
        agency_notes = (COMMITTEE_BODY_NOTE.format(number=own.number),)
    return DocumentMetadata(
        province=province,
        province_current=current,
        agency=agency,
        level=level,
        doc_type=doc_type,
        doc_number=own.number,
        doc_number_source=own.number_source,
        doc_number_confidence=own.number_confidence,
        place=_without_codes(place["place"]) if place else None,
        issue_date=own.issued,
        issue_date_source=own.date_source,
        issue_date_confidence=own.date_confidence,
        title=title,
        period_type=period.type if period else None,
        period_year=period.year if period else None,
        period_quarter=period.quarter if period else None,
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        signer_name=name,
        signer_role=role,
        signature_time=min(times) if times else None,
        header_notes=own.notes
        + agency_notes
        + header_notes(first[:HEADER_CHARS], own.number, own.issued, times, own.misread, own.unconfirmed),
    )


COMMITTEE_CODES = re.compile(r"^(?:UB|CT$)")  # 'UBND', 'UBND-KTTH', 'UB'; 'QĐ-CT': the chairman's decisions
COMMITTEE_BODY_NOTE = (
    "agency left empty: the header names the people's committee, but its own number {number} names another "
    "issuer (a council or board of the committee the agencies table does not list)"
)


def committee_numbered(number: str) -> bool:
    """Whether a document number's issuer codes are the people's committee's ('51/QĐ-UBND', '575/UBND-KTTH',
    '123/QĐ-CT'), not a body of it ('10797/QĐ-HĐTĐ': the council that appraises the PAR index)."""
    codes = number.rsplit("/", 1)[-1].split("-")
    return any(COMMITTEE_CODES.match(code) for code in codes)


DIGIT_RUN = re.compile(r"(?<![^\W_])\d+")  # a number of the file name, not the tail of a code ('PC06')
HEADER_MONTH_YEAR = re.compile(r"tháng\s*0?(?P<m>1[0-2]|[1-9])\s*năm\s*(?P<y>(?:19|20)\d\d)")
# the header's day as OCR read it, between 'ngày' and a printed month ('ngày 3| tháng 12 năm 2024')
HEADER_DAY = re.compile(r"ngày[ \t]*(?P<day>[^\s]{1,3}?)[ \t]*tháng[ \t]*0?(?:1[0-2]|[1-9])[ \t]*năm")
# (not dates.LOOKALIKE_DIGITS: on the header's day line OCR also reads a hand's 1 as '|' or '!')
OCR_DIGIT_LOOKALIKES = str.maketrans({"|": "1", "l": "1", "I": "1", "!": "1", "O": "0", "o": "0"})
HEADER_DATE_YEAR = re.compile(r"ngày[^\n]{0,40}?năm\s*(?P<y>(?:19|20)\d\d)")  # the date line's year alone
HEADER_SYMBOL = re.compile(r"Số[^\n/]{0,12}/\s*(?P<symbol>[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*)")
NUMBER_LINE_READING = "number_line"  # the field reading of the whole 'Số:' line by the second reader
TYPED_CONFIDENCE = 90.0  # an OCR'd number glued to its symbol and read this surely was typed with it


@dataclass(frozen=True)
class OwnFields:
    """The document's own number and date, where each came from, and why one stays empty."""

    number: str | None
    number_source: str | None
    issued: dt.date | None
    date_source: str | None
    unconfirmed: str | None = None  # an OCR'd number nothing confirms (left empty)
    misread: str | None = None  # an OCR'd date the signature contradicts (left empty)
    notes: tuple[str, ...] = ()
    number_confidence: float | None = None
    date_confidence: float | None = None


def own_fields(
    pages: Sequence[PageText], citations: Sequence[Citation], file_name: str, times: Sequence[dt.datetime]
) -> OwnFields:
    """Own number and date from the header's 'Số:' citation. On a scan, the number is kept when it was
    typed (glued to its symbol, read surely) or something else says it too; else the header's digits read
    again from the image (handwriting) are taken when the file name or a citation confirms them, and the
    day read again when the digital signature follows it within SIGNATURE_GAP_DAYS."""
    own = next((c for c in citations if c.role == "self"), None)  # the number may be blank, the date not
    first = pages[0]
    scan = first.text_source == "ocr"
    source = "ocr" if scan else "form_field" if "+form_fields" in first.route_reason else "text"
    number = own.number if own and own.seq is not None else None
    number_source = source if number else None
    unconfirmed = None
    readings = {r.field: r for r in first.field_readings}
    if own and number and scan and not own_number_confirmed(own, citations, file_name):
        if typed_number(own, first):
            number_source = "ocr_typed"
        elif second_reader_agrees(own, readings.get(NUMBER_LINE_READING)):
            number_source = "ocr+second_reader"
        else:
            number, number_source, unconfirmed = None, None, own.raw
    issued = own.issue_date if own else None
    date_source = source if issued else None
    misread = own.date_raw if own and own.date_problem == CONTRADICTED else None
    notes: list[str] = []
    header = first.text[:HEADER_CHARS]
    if number is None and "number" in readings:
        number, number_source, note = handwritten_number(
            readings["number"].text, header, own, citations, file_name
        )
        notes.append(note)
        unconfirmed = None if number else unconfirmed
    if issued is None and "day" in readings:
        # a handwritten month too: the signature's 7-day check confirms it with the day
        month = next((readings[k].text for k in ("month", "month_line") if k in readings), None)
        issued, date_source, note = handwritten_day(readings["day"].text, header, times, month)
        notes.append(note)
        misread = None if issued else misread
    number_confidence = _confidence(
        number_source, first, own, readings.get("number"), own.raw if own else None
    )
    date_confidence = _confidence(date_source, first, own, readings.get("day"), own.date_raw if own else None)
    return OwnFields(
        number, number_source, issued, date_source, unconfirmed, misread, tuple(notes),
        number_confidence, date_confidence,
    )  # fmt: skip


def _confidence(
    source: str | None, page: PageText, own: Citation | None, reading: FieldReading | None, raw: str | None
) -> float | None:
    """How surely a settled own field was read: 1.0 from a text layer or form field; from OCR, the mean
    tesseract confidence of the words of ``raw`` (found from the own number on); from handwriting, the
    share of the field's crops that gave its digits."""
    if source is None:
        return None
    if source.startswith("handwriting"):
        return round(reading.votes / reading.reads, 2) if reading and reading.reads else None
    if not source.startswith("ocr"):
        return 1.0
    at = page.text.find(raw, own.start) if own and raw else -1
    if at < 0:
        return None
    confidences = [w.confidence for w in words_in(page.words, at, at + len(raw)) if w.confidence is not None]
    return round(sum(confidences) / len(confidences) / 100, 2) if confidences else None


def second_reader_agrees(own: Citation, line: FieldReading | None) -> bool:
    """The header's 'Số:' line read by the second reader (the recogniser of extractors/handwriting, another
    engine than tesseract) gives the same digits as OCR's own number: two independent readings agree."""
    return line is not None and own.seq is not None and line.text.isdigit() and int(line.text) == own.seq


def typed_number(own: Citation, page: PageText) -> bool:
    """The number was typed with its symbol: OCR read them as one word ('157/QĐ-NĐ-UB', no gap where a hand
    would have filled the blank) with a confidence of TYPED_CONFIDENCE or more."""
    words = words_in(page.words, own.start, own.end)
    glued = re.match(r"^\d+/", own.raw) is not None
    return glued and bool(words) and all((w.confidence or 0) >= TYPED_CONFIDENCE for w in words)


def handwritten_number(
    digits: str, header: str, own: Citation | None, citations: Sequence[Citation], file_name: str
) -> tuple[str | None, str | None, str]:
    """The own number from the header's handwritten digits and printed symbol, when a citation elsewhere
    in the document or a number in the file name says the same digits; with the note saying which."""
    symbol = own.number.split("/", 1)[1] if own and "/" in own.number else None
    if symbol is None and (found := HEADER_SYMBOL.search(header)):
        symbol = found["symbol"]
    if symbol is None:
        return None, None, f"doc_number: handwriting read {digits!r} but the printed symbol is unreadable"
    number = f"{digits}/{symbol}"
    elsewhere = any(c.number == number and c.role != "self" for c in citations)
    in_name = number_in_file_name(int(digits), file_name)
    if in_name and not elsewhere:  # the two readings agree on the value; the typed one keeps its zeros
        number = f"{in_name}/{symbol}"
    if elsewhere or in_name:
        witness = "a citation in the document" if elsewhere else "the file name"
        source = "handwriting+cross_reference" if elsewhere else "handwriting+file_name"
        return (
            number,
            source,
            f"doc_number: handwritten {digits!r} read from the image, confirmed by {witness}",
        )
    return None, None, f"doc_number: handwriting read {number!r}, which nothing else confirms; left empty"


def handwritten_day(
    digits: str, header: str, times: Sequence[dt.datetime], month: str | None = None
) -> tuple[dt.date | None, str | None, str]:
    """The issue date from the handwritten day and the header's month and year (the month handwritten too
    when the header's is unreadable: ``month``), with its source and a note saying why or why not. Taken
    when the digital signature was made that day or within SIGNATURE_GAP_DAYS after it
    (``handwriting+signature_time``), or when OCR read the same day in the header, its lookalike marks as
    digits ('3|' for 31), and the date is not after the signature (``handwriting+ocr``: two engines agree;
    a copy or the gazette's publication is signed weeks later, which does not refute the day)."""
    found = HEADER_MONTH_YEAR.search(header)
    year = found or HEADER_DATE_YEAR.search(header)
    if year is None or (found is None and month is None):
        return None, None, f"issue_date: handwritten day read {digits!r}, but month and year are unreadable"
    read_month, words = (found["m"], found.group()) if found else (month, f"month {month!r} handwritten too")
    try:
        date = dt.date(int(year["y"]), int(read_month), int(digits))  # type: ignore[arg-type]
    except ValueError:
        return None, None, f"issue_date: handwritten day read {digits!r} makes no date with {words}"
    read = f"issue_date: handwritten day read as {date.isoformat()}"
    signed = min(times).date() if times else None
    if signed and 0 <= (signed - date).days <= SIGNATURE_GAP_DAYS:
        return date, "handwriting+signature_time", f"{read}, signed {signed.isoformat()}"
    printed = ocr_header_day(header)
    signature = f", signed {signed.isoformat()}" if signed else ", not signed digitally"
    if printed == int(digits) and (signed is None or date <= signed):
        return date, "handwriting+ocr", f"{read}, OCR read the same day{signature}"
    if signed is None:
        return None, None, f"{read}; no signature time to confirm it, and OCR did not read the same day"
    return None, None, f"{read}, but signed {signed.isoformat()}"


def ocr_header_day(header: str) -> int | None:
    """The day OCR read on the header's date line, the marks it reads for digits taken as those digits
    ('3|' -> 31); None when it is not a number."""
    found = HEADER_DAY.search(header)
    day = found["day"].translate(OCR_DIGIT_LOOKALIKES) if found else ""
    return int(day) if day.isdigit() and day.isascii() else None


def own_number_confirmed(own: Citation, citations: Sequence[Citation], file_name: str) -> bool:
    """An own number OCR read on a scan holds only when something else says it too: the same number cited
    elsewhere in the document (an appendix's "kèm theo Báo cáo số …"), or its digits as a number in the
    file name (weak alone, but two independent readings agreeing)."""
    elsewhere = any(c.number == own.number and (c.page, c.start) != (own.page, own.start) for c in citations)
    return elsewhere or (own.seq is not None and number_in_file_name(own.seq, file_name) is not None)


def number_in_file_name(seq: int, file_name: str) -> str | None:
    """The digits of the file name that are ``seq`` as written there ('04' in '04CT.signed…'), if any: a
    second, weak witness of an own number read on a scan."""
    return next((run for run in DIGIT_RUN.findall(file_name) if int(run) == seq), None)


CONTRADICTED = "contradicted"  # date_problem of an own date on a scan that the digital signature refutes


def checked_own_dates(pages: Sequence[PageText], citations: Sequence[Citation]) -> tuple[Citation, ...]:
    """The document's own date as OCR read it on a scan, emptied when it is more than SIGNATURE_GAP_DAYS
    from the digital signature: the day is usually handwritten there, so it is a misread rather than a
    fact (date_problem 'contradicted', the raw text kept). A typed date keeps its value, with a note."""
    if not pages or pages[0].text_source != "ocr":
        return tuple(citations)
    times = signature_times("\n".join(p.text for p in pages))
    signed = min(times).date() if times else None

    def refuted(c: Citation) -> bool:
        return (
            c.role == "self"
            and bool(c.issue_date and signed)
            and abs((signed - c.issue_date).days) > SIGNATURE_GAP_DAYS
        )  # type: ignore[operator]

    return tuple(
        dataclasses.replace(c, issue_date=None, date_problem=CONTRADICTED) if refuted(c) else c
        for c in citations
    )


def header_notes(
    header: str,
    number: str | None,
    issued: dt.date | None,
    times: Sequence[dt.datetime],
    misread: str | None = None,
    unconfirmed: str | None = None,
) -> tuple[str, ...]:
    """Why the header's number or date is null (the field as read, blank or handwritten on a scan), and
    how the header date compares with the digital-signature time: null with a reason, never a guess."""
    notes = []
    number_line = NUMBER_LINE.search(header)
    if unconfirmed:
        notes.append(
            f"doc_number: OCR read {unconfirmed!r} on a scan, where the number is usually handwritten, and "
            "nothing else in the document or its file name confirms it; left empty"
        )
    elif number is None and number_line:
        notes.append(
            f"doc_number: blank or unreadable in the header ({' '.join(number_line.group().split())!r})"
        )
    elif number is None:
        notes.append("doc_number: the header has no 'Số:' line")
    signed = min(times).date() if times else None
    if issued is None:
        date_line = DATE_LINE.search(header)
        read = f"; OCR read {misread!r}, which the signature contradicts" if misread else ""
        seen = f"{read}; digitally signed {signed.isoformat()}" if signed else ""
        why = (
            f"day blank or unreadable in the header ({' '.join(date_line.group().split())!r})"
            if date_line
            else "the header has no 'ngày … tháng … năm' line"
        )
        notes.append(f"issue_date: {why}{seen}")
    elif signed and abs((signed - issued).days) > SIGNATURE_GAP_DAYS:
        notes.append(f"issue_date {issued.isoformat()} but digitally signed {signed.isoformat()}")
    return tuple(notes)


def reconciled_own_citation(
    citations: Sequence[Citation], metadata: DocumentMetadata, first: PageText
) -> tuple[Citation, ...]:
    """The citations with the document's own number as the metadata settled it on a scan: a number read
    from the handwriting and confirmed replaces what OCR made of it (``repaired``), or is added on the
    'Số:' line when OCR made no number of it; an OCR'd own number nothing confirmed is left out (its
    reading stays quoted in ``header_notes``), so no citation carries a number the header does not."""
    own = next((c for c in citations if c.role == "self"), None)
    source = metadata.doc_number_source or ""
    rest = [c for c in citations if c is not own]
    if source.startswith("handwriting") and metadata.doc_number:
        seq = int(metadata.doc_number.split("/", 1)[0])
        if own is not None:
            fixed = dataclasses.replace(own, number=metadata.doc_number, seq=seq, repaired=True)
            return tuple(fixed if c is own else c for c in citations)
        added = _header_citation(first, metadata, seq)
        return tuple(sorted([*rest, added], key=lambda c: (c.page, c.start))) if added else tuple(citations)
    if own is not None and own.seq is not None and metadata.doc_number is None and first.text_source == "ocr":
        return tuple(rest)
    return tuple(citations)


def _header_citation(first: PageText, metadata: DocumentMetadata, seq: int) -> Citation | None:
    """The own number's citation on the header's 'Số: … /CT-UBND' line (raw: the field as OCR read it)."""
    found = HEADER_SYMBOL.search(first.text[:HEADER_CHARS])
    if found is None or metadata.doc_number is None:
        return None
    start = found.start() + len(re.match(r"Số\s*:?\s*", found.group()).group())  # type: ignore[union-attr]
    raw = first.text[start : found.end()]
    symbol = found["symbol"]
    symbol_type, _, issuer = symbol.partition("-")
    return Citation(
        first.doc_id, first.page, start, found.end(), raw, metadata.doc_number, None, seq, None, symbol_type,
        issuer or None, metadata.issue_date, None, None, "self", True, True, None, None, " ".join(raw.split()),
    )  # fmt: skip
