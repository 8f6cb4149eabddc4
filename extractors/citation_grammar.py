"""The document-number grammar of Nghị định 30/2020/NĐ-CP, compiled from the CSV tables in extractors/data."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import regex

from extractors.dates import CORRUPT_YEAR, LOOKALIKE_DIGITS
from extractors.normalize import normalize_text
from extractors.tables import load_table, phrase_tree

WHITESPACE = re.compile(r"\s+")

GAP = r"[ \t]{0,12}(?:\n[ \t]*){0,3}"  # spaces, or a line break (with blank lines) inside a symbol
# OCR reads 0 as O and 1 as l, I or L: a number of digits and such letters (at least one digit, standing alone)
LOOKALIKE_LETTERS = "OolIL"
NUMBER = rf"(?:\d{{1,5}}|(?<!\w)(?=[{LOOKALIKE_LETTERS}]?\d)[\d{LOOKALIKE_LETTERS}]{{2,5}}(?![\w]))"
# Words OCR glues to the end of a symbol ('NĐ-CPngày', 'HĐNDngy'): the symbol ends where they start.
GLUED_WORDS = ("ngày", "ngay", "ngy", "năm", "về", "của", "và", "tại")
CODE = (  # QĐ, TTg, UBND, XDCQ&CTTN, QH15, BCĐ389QNg; never a word prefix, but for a glued word after it
    rf"(?:[A-ZĐÐ][A-Za-zĐđÐ&]*?\d{{0,2}}(?=(?:{'|'.join(GLUED_WORDS)})(?![^\W\d_]))"
    rf"|[A-ZĐÐ][A-Za-zĐđÐ&]*\d{{0,2}}(?![^\W\d_]|\d)"
    rf"|[A-ZĐÐ][A-Za-zĐđÐ&]*\d{{3,4}}[A-ZĐÐ][A-Za-zĐđÐ&]*(?![^\W\d_]|\d))"  # a committee's code and province
)
YEAR_PART = rf"(?:19|20)\d\d(?!\d)|2[0O][\dOlI]\d(?!\d)|{CORRUPT_YEAR}(?!\d)"
ASCII_FOLDED = {"QD": "QĐ", "ND": "NĐ", "QDBCD": "QĐBCĐ", "DA": "ĐA", "CD": "CĐ"}  # written without Đ


@dataclass(frozen=True)
class Grammar:
    """Compiled patterns and lookup tables for document numbers and the words that name their kind."""

    standard: re.Pattern[str]
    party: re.Pattern[str]
    blank_self: re.Pattern[str]  # 'Số: /KH-SYT' (the caller keeps those that open their line)
    kind_before: re.Pattern[str]  # matched on the window before a number read backwards (see below)
    kind_before_any: regex.Pattern[str]
    kind_words: dict[str, str]
    type_kinds: dict[str, str]
    issuers: frozenset[str]


@functools.cache
def grammar() -> Grammar:
    """Compile the grammar once from doc_types.csv, doc_kinds.csv and issuers.csv."""
    kinds = {row["words"].lower(): row["kind"] for row in load_table("doc_kinds")}
    types = {row["code"]: row["kind"] for row in load_table("doc_types")}
    issuers = frozenset(row["code"] for row in load_table("issuers"))
    # Not inside a number, a date or a time ('10:21'; 'Số:04/…' is fine), nor glued to a word ('S64/…' is OCR
    # of a handwritten number) unless that word is 'số' ('số108/2014/NĐ-CP').
    lead = r"(?<![\d/.,])(?<!\d:)(?:(?<![^\W\d_])|(?<=[Ss]ố))"
    standard = re.compile(
        rf"{lead}(?P<num>{NUMBER}){GAP}/{GAP}(?:(?P<year>{YEAR_PART}){GAP}/{GAP})?"
        rf"(?P<codes>{CODE}(?:{GAP}-{GAP}{CODE})*)"
    )
    party = re.compile(
        rf"{lead}(?P<num>{NUMBER}){GAP}-{GAP}(?P<type>{CODE}){GAP}/{GAP}(?P<codes>{CODE}(?:-{CODE})*)"
    )
    # opens with its literal 'Số', which `re` looks for first; the caller keeps those that open their line
    blank_self = re.compile(rf"Số[ \t]*:?[ \t]*(?P<raw>/[ \t]*{CODE}(?:-{CODE})*)")
    # The kind word right before a number ('Quyết định số', 'Nghị quyết:') is matched on the window before
    # the number read backwards, by the kind words spelled backwards: one anchored match where a search of
    # the window tried every character (no kind word is the tail of another, so the one match is found).
    kind_before = re.compile(
        rf"[\s:]*(?:ốs\s+)?(?P<kind>{phrase_tree((k[::-1] for k in kinds), ignore_case=True)})", re.IGNORECASE
    )
    # The kind words after a number are a `regex` pattern: `re` tries a list of words at every character of
    # a window, while `regex` looks for what they must contain.
    kind_before_any = regex.compile(rf"\b(?:{phrase_tree(kinds, ignore_case=True)})\s+số\b", regex.IGNORECASE)
    return Grammar(standard, party, blank_self, kind_before, kind_before_any, kinds, types, issuers)


def split_codes(codes: str) -> list[str]:
    """'KH-\\n SYT' -> ['KH', 'SYT']: the hyphen-separated codes with whitespace removed."""
    return [normalize_text(WHITESPACE.sub("", c)) for c in codes.split("-")]


def restore_code(code: str) -> tuple[str, bool]:
    """An ASCII-folded type code back to its standard spelling ('QD' -> 'QĐ'); True when changed."""
    fixed = ASCII_FOLDED.get(code)
    return (fixed, True) if fixed else (code, False)


def read_lookalike_digits(digits: str) -> tuple[str, bool]:
    """'l5' -> ('15', True), '2O24' -> ('2024', True): letters OCR reads for digits, back to digits."""
    if digits.isdigit():
        return digits, False
    fixed = digits.translate(LOOKALIKE_DIGITS)
    return fixed, fixed != digits


CODE_WITH_LOOKALIKES = re.compile(r"(?P<head>[A-ZĐ][A-Za-zĐđ&]*?)(?P<tail>[\dOlI]{1,2})")


def repair_code(code: str) -> tuple[str, bool]:
    """An unknown code that is a known type or issuer as OCR misreads it, repaired: digits read as letters
    in its number suffix ('UBTVQHI5' -> 'UBTVQH15'), a letter read twice ('QĐĐ' -> 'QĐ') or read as its
    look-alike (ocr_letter_confusions.csv: 'OĐ' -> 'QĐ', 'IW' -> 'TW'). Known codes are left alone."""
    known = _known_codes()
    if code in known:
        return code, False
    match = CODE_WITH_LOOKALIKES.fullmatch(code)
    digits = match and not match["tail"].isdigit() and any(ch.isdigit() for ch in match["tail"])
    if match and digits and match["head"] in known:
        return match["head"] + match["tail"].translate(LOOKALIKE_DIGITS), True
    candidates = {code[:i] + code[i + 1 :] for i in range(1, len(code)) if code[i] == code[i - 1]}
    candidates |= {
        code[:i] + meant + code[i + 1 :] for i, ch in enumerate(code) for meant in _confusions().get(ch, ())
    }
    found = sorted(candidates & known)
    return (found[0], True) if len(found) == 1 else (code, False)  # two readings: neither is sure


@functools.cache
def _known_codes() -> frozenset[str]:
    return frozenset(grammar().type_kinds) | grammar().issuers


@functools.cache
def _confusions() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for row in load_table("ocr_letter_confusions"):
        table[row["seen"]] = (*table.get(row["seen"], ()), row["meant"])
    return table


def split_glued(code: str) -> tuple[str, str] | None:
    """The one (type, issuer) a code glued without its hyphen splits into ('BCSNV' -> 'BC', 'SNV'), None
    when it splits no way or several ways."""
    g = grammar()
    if code in g.type_kinds:
        return None
    splits = [(t, code[len(t) :]) for t in g.type_kinds if code.startswith(t) and code[len(t) :] in g.issuers]
    return splits[0] if len(splits) == 1 else None


def glued_type_and_issuer(code: str) -> bool:
    """True for a code that is a type glued to an issuer without the hyphen ('NQCP' = 'NQ' + 'CP')."""
    g = grammar()
    return code not in g.type_kinds and any(
        code.startswith(t) and code[len(t) :] in g.issuers for t in g.type_kinds
    )
