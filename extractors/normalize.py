"""Text normalization applied to every page before anything else reads it (offsets refer to the result)."""

from __future__ import annotations

import re
import unicodedata

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
    return _OLD_TONE.sub(_new_tone, text)


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
