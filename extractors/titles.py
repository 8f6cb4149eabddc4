"""What a cited document's title says, so that two titles given to one number are compared by meaning:
`titles_name_different_things(a, b)`.

A title is read into its meaning (`title_meaning`): its years, other numbers (with Roman ordinals:
'quý III' is 3), proper names, what the document does to its object (issue or approve, amend, repeal,
establish, dissolve …: `title_words.csv`, kind ``action``), and its words in one spelling: abbreviations
spelt out ('CCHC' is 'cải cách hành chính'), near-synonyms as one word ('triển khai' is 'thực hiện'),
filler dropped ('về việc', 'công tác'), old tone placement as today's ('Hoà' is 'Hòa'). Years, numbers,
names and actions decide; the remaining words are compared as sets, so a paraphrase or a title cut
shorter passes and a title about something else does not.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from extractors.normalize import new_tone_placement
from extractors.tables import load_table, phrase_tree

MIN_TITLE_SIMILARITY = 40  # rapidfuzz token-set ratio (of the words in one spelling) below which two titles
# share hardly a word; titles read from running text run on past their end, so a title holding the other's
# words and more is the same title
SAME_WORD = 75  # rapidfuzz ratio from which two words are one word with an OCR slip ('hảnh', 'hành': 75)
YEAR_WORD = re.compile(r"\b(?:19|20)\d\d\b")
NUMBER_WORD = re.compile(r"(?<![\d/.,])\d{1,4}(?![\d/.,%])")  # a whole number, not part of a date or symbol
NAME_WORD = re.compile(r"\b[A-ZĐ][^\W\d_]*")
ROMAN = {"I": 1, "V": 5, "X": 10}


@dataclass(frozen=True)
class TitleMeaning:
    """A title read for comparison."""

    years: frozenset[str]
    numbers: frozenset[str]  # whole numbers other than years, without leading zeros; Roman ordinals too
    names: frozenset[str]  # capitalised words once abbreviations are spelt out
    actions: frozenset[str]  # what the document does: adopt, amend, repeal, establish, …
    words: str  # lower case, one spelling, filler dropped


@dataclass(frozen=True)
class _Words:
    abbreviations: re.Pattern[str]
    expansions: dict[str, str]
    synonyms: re.Pattern[str]
    canonical: dict[str, str]
    filler: re.Pattern[str]
    actions: re.Pattern[str]
    families: dict[str, str]
    ordinals: re.Pattern[str]
    kinds: re.Pattern[str]  # document kinds ('Kế hoạch', 'Quyết định'): capitalised, yet no proper names


def _key(phrase: str) -> str:
    return " ".join(phrase.lower().split())


@functools.cache
def _words() -> _Words:
    """The phrase tables of title_words.csv compiled (each kind one alternation, longest first)."""
    rows = load_table("title_words")
    by_kind: dict[str, dict[str, str]] = {}
    for row in rows:
        by_kind.setdefault(row["kind"], {})[row["phrase"]] = row["meaning"]

    def whole_words(phrases: dict[str, str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)(?:{phrase_tree(phrases, ignore_case=bool(flags & re.I))})(?!\w)", flags)

    return _Words(
        abbreviations=whole_words(by_kind["abbreviation"]),
        expansions={_key(k): v for k, v in by_kind["abbreviation"].items()},
        synonyms=whole_words(by_kind["synonym"]),
        canonical={_key(k): v for k, v in by_kind["synonym"].items()},
        filler=whole_words(by_kind["filler"]),
        actions=whole_words(by_kind["action"]),
        families={_key(k): v for k, v in by_kind["action"].items()},
        ordinals=re.compile(
            rf"(?<!\w)(?:{phrase_tree(by_kind['ordinal'], ignore_case=True)})\s+([IVX]{{1,4}})(?!\w)", re.I
        ),
        kinds=whole_words({row["words"]: "" for row in load_table("doc_kinds")}, flags=0),
    )


def title_meaning(title: str) -> TitleMeaning:
    """``title`` read into the parts that decide what it names (module docstring)."""
    words = _words()
    text = new_tone_placement(unicodedata.normalize("NFC", title))
    years = frozenset(YEAR_WORD.findall(text))
    numbers = {str(int(n)) for n in NUMBER_WORD.findall(text)} - years
    numbers |= {str(_roman(m.group(1).upper())) for m in words.ordinals.finditer(text)}
    text = words.abbreviations.sub(lambda m: words.expansions[_key(m.group())], text)
    names = frozenset(NAME_WORD.findall(words.kinds.sub(" ", text)))
    text = text.lower()
    actions = frozenset(words.families[_key(m.group())] for m in words.actions.finditer(text))
    text = words.synonyms.sub(lambda m: words.canonical[_key(m.group())], text)
    text = words.filler.sub(" ", text)
    plain = " ".join(re.sub(r"[^\w\s]", " ", text).split())
    return TitleMeaning(years, frozenset(numbers), names, actions, plain)


def _roman(numeral: str) -> int:
    values = [ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def titles_name_different_things(a: str, b: str) -> bool:
    """Two descriptions of 'the same' number that cannot be one document: other years, other numbers,
    other names, another action on the object ('ban hành' is not 'bãi bỏ'), or, in one spelling, hardly
    a word in common. Paraphrases, abbreviations and one description cut shorter than the other pass."""
    return meanings_name_different_things(title_meaning(a), title_meaning(b))


def meanings_name_different_things(ma: TitleMeaning, mb: TitleMeaning) -> bool:
    """`titles_name_different_things` of two titles already read (`title_meaning`)."""
    if _both_and_disjoint(ma.years, mb.years) or _both_and_disjoint(ma.numbers, mb.numbers):
        return True  # 'Nghị quyết 18' is not 'Nghị quyết 19'; '… năm 2023' is not '… năm 2022'
    if ma.names - mb.names and mb.names - ma.names:
        return True
    if _both_and_disjoint(ma.actions, mb.actions):
        return True
    if not ma.words or not mb.words:
        return False
    if not shares_a_word(ma.words, mb.words):
        return True
    return fuzz.token_set_ratio(ma.words, mb.words) < MIN_TITLE_SIMILARITY


def shares_a_word(a: str, b: str) -> bool:
    """Whether two texts have a word in common; a word differing by an OCR slip ('hảnh' for 'hành')
    counts as the same word."""
    words_b = set(b.split())
    return any(w in words_b or any(fuzz.ratio(w, x) >= SAME_WORD for x in words_b) for w in set(a.split()))


def _both_and_disjoint(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b and not a & b)
