"""Decide per page whether its PDF text layer is sound or the page must be OCR'd.

The rules are thresholds over a few measured features of the text layer (`TextLayerQuality`);
the thresholds live in `ROUTING_THRESHOLDS` so they can be tuned without touching logic.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class OcrMode(StrEnum):
    """User override of routing: auto decides per page; always/never force one route."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


ROUTING_THRESHOLDS = {
    "min_letters": 20,  # fewer letters than this over a page image: the image holds the text
    "scan_image_coverage": 0.5,  # an image covering this share of the page ...
    "scan_max_letters": 200,  # ... with fewer letters than this is a scan (stamp/signature text only)
    "legacy_marker_share": 0.03,  # TCVN3/VNI marker characters per letter
    "min_syllable_share": 0.55,  # share of words that look like Vietnamese syllables or abbreviations
    "min_words_for_syllable_test": 8,
    "max_broken_share": 0.02,  # (cid:N), U+FFFD and private-use characters per character
}

# Vietnamese letters in the Latin-1 block; every other Latin-1 letter/symbol is a legacy-encoding marker.
VIETNAMESE_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
LATIN1_NEUTRAL = set("\u00a0°«»±×·©®§")  # symbols real Unicode text uses too (kept out of the marker count)

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"[aăâeêioôơuưy]{1,3}"
    r"(ng|nh|ch|[cmnpt])?$"
)
WORD = re.compile(r"[^\W\d_]+")
BROKEN = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff]")


@dataclass(frozen=True)
class TextLayerQuality:
    """Measured features of a page's text layer."""

    letters: int
    words: int
    syllable_share: float
    legacy_marker_share: float
    broken_share: float
    image_coverage: float


@dataclass(frozen=True)
class RouteDecision:
    """Whether to OCR a page, and the reason (recorded on the page row)."""

    use_ocr: bool
    reason: str


def is_vietnamese_word(word: str) -> bool:
    """True for a plausible Vietnamese syllable (one tone mark, valid shape) or an ASCII abbreviation."""
    if word.isascii() and word.isupper() and len(word) <= 10:
        return True
    if not (word.islower() or word.isupper() or word.istitle()):
        return False
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(ch in TONE_MARKS for ch in decomposed) > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONE_MARKS))
    return SYLLABLE.match(toneless) is not None


def syllable_share(text: str) -> float:
    """Share of the words of ``text`` that are plausible Vietnamese syllables (or abbreviations)."""
    return _share_of_syllables(WORD.findall(text))


def _share_of_syllables(words: list[str]) -> float:
    return sum(is_vietnamese_word(w) for w in words) / len(words) if words else 0.0


def measure_text_layer(text: str, image_coverage: float = 0.0) -> TextLayerQuality:
    """Measure letters, word plausibility, legacy-encoding markers and broken glyphs in ``text``."""
    words = WORD.findall(text)
    letters = sum(len(w) for w in words)
    markers = sum(_is_legacy_marker(ch) for ch in text)
    return TextLayerQuality(
        letters=letters,
        words=len(words),
        syllable_share=_share_of_syllables(words),
        legacy_marker_share=markers / letters if letters else 0.0,
        broken_share=len(BROKEN.findall(text)) / max(len(text), 1),
        image_coverage=image_coverage,
    )


def _is_legacy_marker(ch: str) -> bool:
    return "\u00a0" <= ch <= "\u00ff" and ch not in VIETNAMESE_LATIN1 and ch not in LATIN1_NEUTRAL


def page_needs_ocr(quality: TextLayerQuality, mode: OcrMode = OcrMode.AUTO) -> RouteDecision:
    """Route a page: OCR when forced, or when its text layer is missing, a scan's, legacy-encoded or garbage."""
    if mode is OcrMode.ALWAYS:
        return RouteDecision(True, "forced_ocr")
    if mode is OcrMode.NEVER:
        return RouteDecision(False, "forced_text_layer")
    t = ROUTING_THRESHOLDS
    if quality.letters == 0:
        return RouteDecision(True, "no_text")
    if quality.image_coverage > 0 and quality.letters < t["min_letters"]:
        return RouteDecision(True, "little_text_over_image")
    if quality.image_coverage >= t["scan_image_coverage"] and quality.letters < t["scan_max_letters"]:
        return RouteDecision(True, "scanned_image")
    if quality.broken_share > t["max_broken_share"]:
        return RouteDecision(True, "broken_glyphs")
    if quality.legacy_marker_share > t["legacy_marker_share"]:
        return RouteDecision(True, "legacy_encoding")
    enough_words = quality.words >= t["min_words_for_syllable_test"]
    if enough_words and quality.syllable_share < t["min_syllable_share"]:
        return RouteDecision(True, "garbage")
    return RouteDecision(False, "text_layer_ok")
