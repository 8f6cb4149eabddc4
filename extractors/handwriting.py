"""Header fields written by hand into a printed form ('Số: 23 /BC-UBND', 'ngày 23 tháng 01'): found from
the printed words around them, cut out of the page image and read again as digits only.

The page reading sees the handwriting through the channel that fades coloured ink and reads it as text,
often as other characters; a digits-only reading of the field alone, in grey, read several ways and kept
only when the ways agree, is a second witness. It is evidence, not a value: the metadata accepts it only
when something else in the document confirms it (extractors/metadata.py)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from PIL import Image, ImageOps

from extractors.crop_sheet import SHEET_GAP, read_stacked
from extractors.normalize import normalize_text
from extractors.words import RawWord
from schemas.layout import FieldReading

# field -> (printed opening word, as a pattern; that word as printed alone; its width in line heights, for
# when OCR glued the handwriting to it; printed closing word, as a pattern)
HEADER_FIELDS: dict[str, tuple[re.Pattern[str], str, float, re.Pattern[str]]] = {
    "number": (re.compile(r"^Số"), "Số:", 1.4, re.compile(r"^/|./[A-ZĐ]")),
    "day": (re.compile(r"^ngà", re.IGNORECASE), "ngày", 1.9, re.compile(r"^th[aá]ng", re.IGNORECASE)),
}
HEADER_SHARE = 0.35  # the header fields stand in the top of the page (share of the lowest word's bottom)
FIELD_LOOKAHEAD = 4  # words after the printed word in which the closing word is looked for
ABOVE, BELOW = 1.0, 0.6  # handwriting rises above the printed line: crop this many line heights around it
JITTER = ((0, 0, 0, 0), (-3, -3, 3, 3), (-2, 0, -2, 0), (2, 0, 2, 0))  # crops grown and moved (pixels):
# tesseract's reading of a few handwritten digits flips with a pixel of margin ('04' or '07')
DIGIT_PSM = 6  # the stacked crops read as one block (measured on shared/real: 4 right, 1 wrong of 8 scans;
# adding psm 4 or 11 added more wrong readings than right ones)
MIN_VOTES = 3  # a reading kept when this many crops give it, and more than give any other
DIGITS = re.compile(r"^\d{1,4}$")


def header_field_boxes(words: Sequence[RawWord]) -> dict[str, list[tuple[float, float, float, float]]]:
    """Where each header field may stand (points, origin top-left): after its printed opening word (its
    usual width from its left edge, and its box when read alone) up to its printed closing word."""
    boxes: dict[str, list[tuple[float, float, float, float]]] = {}
    texts = [normalize_text(word.text) for word in words]  # tesseract's words are not always NFC
    header_bottom = HEADER_SHARE * max((word.y1 for word in words), default=0.0)
    for field, (opening, alone, width, closing) in HEADER_FIELDS.items():
        for i, word in enumerate(words):
            if word.y0 > header_bottom or not opening.match(texts[i]):
                continue  # a 'ngày … tháng' in the body is not the header's
            after = range(i, min(i + FIELD_LOOKAHEAD, len(words)))
            end = next((words[j] for j in after if closing.search(texts[j]) and words[j].x0 > word.x0), None)
            if end is None:
                continue
            height = word.y1 - word.y0
            lefts = {word.x0 + width * height} | (
                {word.x1 + 1} if texts[i].lower() == alone.lower() else set()
            )
            found = [(x, word.y0 - ABOVE * height, end.x0, word.y1 + BELOW * height) for x in sorted(lefts)]
            found = [box for box in found if box[2] - box[0] > 0.5 * height]
            if found:
                boxes[field] = found
                break
    return boxes


def read_header_fields(image: Image.Image, dpi: float, words: Sequence[RawWord]) -> tuple[FieldReading, ...]:
    """Each header field found in ``image`` (the upright page at ``dpi``) read as digits; a field whose
    readings do not agree, or read as no digits, is left out."""
    scale = dpi / 72.0
    gray = ImageOps.grayscale(image)
    readings = []
    for field, boxes in header_field_boxes(words).items():
        crops = [
            gray.crop(tuple(round(edge * scale) + move for edge, move in zip(box, jitter, strict=True)))
            for box in boxes
            for jitter in JITTER
        ]
        digits, votes = read_digits(crops)
        if digits is not None:
            x0, y0, x1, y1 = (round(edge, 2) for edge in boxes[0])
            readings.append(FieldReading(field, digits, votes, len(crops), x0, y0, x1, y1))
    return tuple(readings)


def read_digits(crops: Sequence[Image.Image]) -> tuple[str | None, int]:
    """The digits the crops of one field hold, read in one tesseract run (extractors/crop_sheet): the
    reading at least MIN_VOTES crops give, and more than any other, with its votes."""
    config = f"--psm {DIGIT_PSM} -c tessedit_char_whitelist=0123456789"
    reads = ["".join(words) for words in read_stacked(crops, "eng", config, SHEET_GAP)]
    ranked = Counter(r for r in reads if DIGITS.match(r)).most_common(2)
    if not ranked:
        return None, 0
    (digits, votes), runner_up = ranked[0], ranked[1][1] if len(ranked) > 1 else 0
    return (digits, votes) if votes >= MIN_VOTES and votes > runner_up else (None, votes)
