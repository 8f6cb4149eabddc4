"""Decode text layers written in the pre-Unicode Vietnamese encodings TCVN3 (ABC) and VNI to Unicode.

Old reports were typed in .VnTime / VNI-Times fonts: their PDF text layer holds Latin-1 look-alikes
("C¶i c¸ch hµnh chÝnh" in TCVN3, "Caûi caùch haønh chính" in VNI). The mapping tables are data
(``extractors/data/legacy_*.csv``: one Vietnamese letter and its legacy spelling per row). A page is
decoded with every table and the decoding is kept only when the result reads as sound Vietnamese
(the same routing test a Unicode text layer passes); otherwise the page goes to OCR.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from extractors.normalize import normalize_text
from extractors.routing import ROUTING_THRESHOLDS, measure_text_layer, page_needs_ocr

DATA = Path(__file__).parent / "data"
ENCODINGS = ("tcvn3", "vni")
WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class LegacyDecoding:
    """A page's text decoded from ``encoding``, NFC-normalized, with its share of Vietnamese syllables."""

    encoding: str
    text: str
    syllable_share: float


@dataclass(frozen=True)
class LegacyTable:
    """One legacy encoding: a regex over its spellings (longest first) and what each one stands for."""

    name: str
    pattern: re.Pattern[str]
    to_unicode: dict[str, str]

    def decode(self, text: str) -> str:
        """``text`` with every legacy spelling replaced by its Vietnamese letter."""
        decoded = self.pattern.sub(lambda m: self.to_unicode[m.group()], text)
        return restore_capitals(decoded) if self.name == "tcvn3" else decoded


@functools.cache
def legacy_table(name: str) -> LegacyTable:
    """The mapping table ``extractors/data/legacy_<name>.csv``."""
    with open(DATA / f"legacy_{name}.csv", encoding="utf-8", newline="") as fh:
        mapping = {row["legacy"]: row["unicode"] for row in csv.DictReader(fh)}
    spellings = sorted(mapping, key=len, reverse=True)
    return LegacyTable(name, re.compile("|".join(map(re.escape, spellings))), mapping)


def restore_capitals(text: str) -> str:
    """TCVN3 fonts hold only lower-case accented letters (capitals come from a second font with the same
    codes), so case is restored from context: an accented letter in a word whose other letters are capitals
    is one ('BáO CáO' -> 'BÁO CÁO'; a one-letter rest such as 'Kế' counts only beside an upper-case word),
    and so is an accented first letter that opens a line or a sentence ('ủy ban' -> 'Ủy ban')."""
    words = list(WORD.finditer(text))
    shouting = [_is_upper_word(m.group()) for m in words]
    pieces, last = [], 0
    for i, match in enumerate(words):
        word = match.group()
        rest = [ch for ch in word if ch.isascii()]
        beside = (i > 0 and shouting[i - 1]) or (i + 1 < len(words) and shouting[i + 1])
        if rest and all(ch.isupper() for ch in rest) and (len(rest) >= 2 or beside):
            word, shouting[i] = word.upper(), True  # an upper-cased word makes its neighbour's case too
        elif not word[0].isascii() and _opens_sentence(text, match.start()):
            word = word[0].upper() + word[1:]
        pieces += [text[last : match.start()], word]
        last = match.end()
    return "".join([*pieces, text[last:]])


def _is_upper_word(word: str) -> bool:
    rest = [ch for ch in word if ch.isascii()]
    return len(rest) >= 2 and all(ch.isupper() for ch in rest)


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t")
    return not before or before.endswith(("\n", ".", "!", "?", ":"))


def decode_legacy(raw: str, image_coverage: float = 0.0) -> LegacyDecoding | None:
    """The best decoding of a raw (not yet normalized) text layer that reads as sound Vietnamese, else None."""
    if (
        measure_text_layer(normalize_text(raw)).legacy_marker_share
        <= ROUTING_THRESHOLDS["legacy_marker_share"]
    ):
        return None  # sound Unicode text: nothing to decode
    best: LegacyDecoding | None = None
    for name in ENCODINGS:
        text = normalize_text(legacy_table(name).decode(raw))
        quality = measure_text_layer(text, image_coverage)
        if page_needs_ocr(quality).use_ocr:
            continue
        if best is None or quality.syllable_share > best.syllable_share:
            best = LegacyDecoding(name, text, quality.syllable_share)
    return best
