"""Measures of text quality used to tune and test OCR (character error rate)."""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from extractors.normalize import normalize_text

_SPACE = re.compile(r"\s+")


def comparable_text(text: str) -> str:
    """Normalized text with every run of whitespace collapsed to one space (layout is not content)."""
    return _SPACE.sub(" ", normalize_text(text)).strip()


def character_error_rate(reference: str, hypothesis: str) -> float:
    """Levenshtein edits needed to turn hypothesis into reference, per reference character."""
    ref, hyp = comparable_text(reference), comparable_text(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return Levenshtein.distance(ref, hyp) / len(ref)
