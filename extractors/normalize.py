"""Text normalization applied to every page before anything else reads it (offsets refer to the result)."""

from __future__ import annotations

import functools
import re
import unicodedata

import numpy as np

from extractors.number_scan import TABLED_CODE_POINTS, code_points

# Look-alikes written for Vietnamese đ/Đ by fonts and legacy converters (data, not logic).
LOOKALIKE_FIXES: dict[str, str] = {
    "\u00d0": "\u0110",  # Ð (Icelandic eth) -> Đ
    "\u00f0": "\u0111",  # ð -> đ
    "\u0189": "\u0110",  # Ɖ (African D) -> Đ
    "\u00a0": " ",  # no-break space
    "\u200b": "",  # zero-width space
    "\ufeff": "",  # byte-order mark
    "\u00ad": "",  # soft hyphen
}
_FIX_TABLE = str.maketrans(LOOKALIKE_FIXES)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def normalize_text(text: str) -> str:
    """NFC, Đ look-alikes fixed, CRLF to LF, control characters (except tab, LF, FF) removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return text.translate(_FIX_TABLE)


# Old-style tone placement on o/u glides ('Uỷ', 'Hoà', 'Thanh Hoá') written for today's ('Ủy', 'Hòa', 'Hóa'):
# the same word, so names are matched in one spelling (data; lower case, upper case derived).
OLD_TONE_PLACEMENT: dict[str, str] = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
_NEW_TONE = {
    **OLD_TONE_PLACEMENT,
    **{old.upper(): new.upper() for old, new in OLD_TONE_PLACEMENT.items()},
    **{old.capitalize(): new.capitalize() for old, new in OLD_TONE_PLACEMENT.items()},
}
# Any glide followed by any toned vowel of the table, ending its syllable (one character class each: an
# alternation of the 45 pairs is tried pair by pair at every o and u); pairs not in the table are left.
_OLD_TONE = re.compile(
    "["
    + "".join(sorted({old[0] for old in _NEW_TONE}))
    + "]["
    + "".join(sorted({old[1] for old in _NEW_TONE}))
    + r"](?![^\W\d_])"
)


def new_tone_placement(text: str) -> str:
    """``text`` with old-style tone marks on o/u glides moved to today's place ('Uỷ ban' -> 'Ủy ban'); the
    length stays the same, so offsets hold. Only where the two old and new spellings exist: a syllable
    that ends on the pair ('hoạch', 'toán' keep their mark) and not after q ('quý': u is part of qu)."""
    if len(text) < SCANNED_FROM:
        return _OLD_TONE.sub(_new_tone, text)
    points = code_points(text)
    if points is None or not points.size:
        return _OLD_TONE.sub(_new_tone, text)
    pieces, done = [], 0
    for i in _pair_starts(points):
        match = _OLD_TONE.match(text, i)  # the pattern's own test of what follows the pair
        if match is not None and i >= done:
            pieces += [text[done:i], _new_tone(match)]
            done = match.end()
    return "".join([*pieces, text[done:]]) if pieces else text


SCANNED_FROM = 2000  # characters from which a text's pairs are found among its code points at once


def _pair_starts(points: np.ndarray) -> list[int]:
    """Where a glide of ``_OLD_TONE`` (o or u, either case) stands before one of its toned vowels: the
    glides by comparing every code point at once, then the vowel after each looked up in a table. The
    regex engine tries the pattern's first class at every character (0.65 ms on the seeds, this 0.1 ms;
    each pair is then matched by the pattern itself, and tests compare the two)."""
    cased = points[:-1] | 0x20  # 'O' -> 'o', 'U' -> 'u' (and nothing else onto them)
    glides = np.flatnonzero((cased == ord("o")) | (cased == ord("u")))
    return glides[_toned_vowels()[points[glides + 1]]].tolist()


@functools.cache
def _toned_vowels() -> np.ndarray:
    """A table over the first ``TABLED_CODE_POINTS`` code points: True at the toned vowels ``_OLD_TONE``
    moves a mark from (its second character class)."""
    table = np.zeros(TABLED_CODE_POINTS, dtype=bool)
    table[[ord(old[1]) for old in _NEW_TONE]] = True
    return table


def _new_tone(match: re.Match[str]) -> str:
    pair = match.group()
    if match.start() and match.string[match.start() - 1] in "qQ":
        return pair
    return _NEW_TONE.get(pair, pair)


def fold(text: str) -> str:
    """Upper case without tone and vowel marks (Đ as D), whitespace collapsed: OCR drops marks ('PHO CHU
    TỊCH'), so role words and cue phrases are compared folded."""
    decomposed = unicodedata.normalize("NFD", text.upper().replace("Đ", "D"))
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())
