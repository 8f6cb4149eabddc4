"""Header fields written by hand into a printed form ('Số: 23 /BC-UBND', 'ngày 23 tháng 01'): found from
the printed words around them, cut out of the page image and read again by a recogniser of handwriting
(extractors/handwritten_digits).

Two witnesses are read: the field alone (its ink without the printed words and rules around it, in a
few crops a pixel apart, digits only, the crops voting), and the whole printed line with the field in it
('Số: 04 /CT-UBND', read as text, the digits taken from between the printed words), which does not depend
on where OCR put the edges of the printed words. A field is read when they agree, or when every crop of
the field alone reads the same and the line does not read more digits (``agreed_digits``). A reading is
evidence, not a value: the metadata accepts it only when something else in the document confirms it
(extractors/metadata.py)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import cv2
import numpy as np
from PIL import Image

from extractors.cleanup import prepare_image
from extractors.handwritten_digits import read_digits_line, read_text_line
from extractors.normalize import normalize_text
from extractors.words import RawWord
from schemas.layout import FieldReading


@dataclass(frozen=True)
class FieldForm:
    """How a header field is printed around its handwriting."""

    opening: re.Pattern[str]  # the printed word before it
    alone: str  # that word as printed alone (else OCR glued the handwriting to it)
    opening_width: float  # that word's usual width, in line heights
    closing: re.Pattern[str]  # the printed word after it
    closing_width: float | None  # that word's usual width (for when OCR's box of it took in handwriting)
    in_line: re.Pattern[str]  # the field's digits in a reading of the whole line (group 'digits')


HEADER_FIELDS: dict[str, FieldForm] = {
    "number": FieldForm(
        re.compile(r"^S[ốôồổơớờoóò]", re.IGNORECASE), "Số:", 1.4, re.compile(r"^/|./[A-ZĐ]"), None,
        re.compile(r"^\S{0,4}?\s*(?P<digits>\d(?: ?\d){0,4})\s*/"),
    ),
    "day": FieldForm(
        re.compile(r"^ngà", re.IGNORECASE), "ngày", 1.9, re.compile(r"^th[aá]ng", re.IGNORECASE), 2.3,
        re.compile(r"^\S{0,5}?\s*(?P<digits>\d ?\d?)\s*th", re.IGNORECASE),
    ),
    "month": FieldForm(
        re.compile(r"^th[aá]ng", re.IGNORECASE), "tháng", 2.3, re.compile(r"^n[aăâ]m", re.IGNORECASE), 1.9,
        re.compile(r"^\S{0,6}?\s*(?P<digits>\d ?\d?)\s*n", re.IGNORECASE),
    ),
}  # fmt: skip
HEADER_SHARE = 0.35  # the header fields stand in the top of the page (share of the lowest word's bottom)
FIELD_LOOKAHEAD = 4  # words after the printed word in which the closing word is looked for
ABOVE, BELOW = 1.0, 0.6  # handwriting rises above the printed line: crop this many line heights around it
LINE_MARGIN = 0.3  # the whole-line crop reaches this many line heights past the printed words
JITTER = ((0, 0, 0, 0), (-3, -3, 3, 3), (-2, 0, -2, 0), (2, 0, 2, 0))  # crops grown and moved (pixels):
# a reading of a few handwritten digits can flip with a pixel of margin
MIN_VOTES = 3  # the field alone: a reading kept when this many crops give it, and more than give any other
MIN_DIGIT_CONFIDENCE = 0.5  # a reading counts when its least sure digit is this sure
MIN_INK_HEIGHT = 0.6  # handwritten digits stand at least this many printed line heights tall
MAX_INK_ASPECT = 2.5  # ink wider than this many times its height is a rule, not a digit
PRINTED_LETTER_HEIGHT = 1.1  # the closing word's letter cut at the crop's edge is no taller (line heights)
INK_MARGIN = 0.5  # white margin around the handwriting given to the recogniser (line heights)
DIGITS = re.compile(r"^\d{1,4}$")

Box = tuple[float, float, float, float]


class FieldBoxes(NamedTuple):
    """Where a header field stands on the page (points, origin top-left)."""

    alone: tuple[Box, ...]  # the field without its printed words (one or two guesses of its edges)
    line: Box  # the field with its printed opening and closing words
    line_height: float  # the printed opening word's height


def header_field_boxes(words: Sequence[RawWord]) -> dict[str, FieldBoxes]:
    """Where each header field stands: after its printed opening word (its usual width from its left edge,
    and its box when OCR read it alone) up to its printed closing word (its usual width back from its
    right edge, when OCR's box of it took in handwriting that touches it); and the whole line."""
    boxes: dict[str, FieldBoxes] = {}
    texts = [normalize_text(word.text) for word in words]  # tesseract's words are not always NFC
    header_bottom = HEADER_SHARE * max((word.y1 for word in words), default=0.0)
    for field, form in HEADER_FIELDS.items():
        for i, word in enumerate(words):
            if word.y0 > header_bottom or not form.opening.match(texts[i]):
                continue  # a 'ngày … tháng' in the body is not the header's
            after = range(i, min(i + FIELD_LOOKAHEAD, len(words)))
            end = next(
                (words[j] for j in after if form.closing.search(texts[j]) and words[j].x0 > word.x0), None
            )
            if end is None:
                continue
            h = word.y1 - word.y0
            top, bottom = word.y0 - ABOVE * h, word.y1 + BELOW * h
            lefts = {word.x0 + form.opening_width * h} | (
                {word.x1 + 1} if texts[i].lower() == form.alone.lower() else set()
            )
            right = end.x0 if form.closing_width is None else max(end.x0, end.x1 - form.closing_width * h)
            alone = tuple((x, top, right, bottom) for x in sorted(lefts) if right - x > 0.5 * h)
            if alone:
                line = (word.x0 - LINE_MARGIN * h, top, end.x1 + LINE_MARGIN * h, bottom)
                boxes[field] = FieldBoxes(alone, line, h)
                break
    return boxes


def read_header_fields(image: Image.Image, dpi: float, words: Sequence[RawWord]) -> tuple[FieldReading, ...]:
    """Each header field found in ``image`` (the upright page at ``dpi``) read as digits, when its two
    witnesses agree (``agreed_digits``); else it is left out. And each field's whole line as read
    (``number_line``, ``day_line``): a witness from another engine than tesseract for what OCR read."""
    scale = dpi / 72.0
    readings = []
    for field, boxes in header_field_boxes(words).items():
        crops = [
            prepare_image(
                image.crop(tuple(round(edge * scale) + move for edge, move in zip(box, jitter, strict=True))),
                "min",
            )
            for box in boxes.alone
            for jitter in JITTER
        ]
        alone = read_alone(crops, boxes.line_height * scale)
        line_crop = prepare_image(image.crop(tuple(round(edge * scale) for edge in boxes.line)), "min")
        line = read_in_line(line_crop, HEADER_FIELDS[field])
        digits, votes = agreed_digits(alone, line, len(crops))
        if digits is not None:
            x0, y0, x1, y1 = (round(edge, 2) for edge in boxes.alone[0])
            readings.append(FieldReading(field, digits, votes, len(crops) + 1, x0, y0, x1, y1))
        if line is not None:  # the line alone: a second engine's witness of what tesseract read there
            x0, y0, x1, y1 = (round(edge, 2) for edge in boxes.line)
            readings.append(FieldReading(f"{field}_line", line, 1, 1, x0, y0, x1, y1))
    return tuple(readings)


def agreed_digits(alone: Counter[str], line: str | None, crops: int) -> tuple[str | None, int]:
    """The field's digits and the votes for them (the whole line's reading counts as one): what the line
    reads when at least MIN_VOTES crops of the field alone read it too and no other reading has more; else
    what every crop of the field alone reads, unless the line reads more digits than it (the line shows
    printed words the field alone does not, and a neighbouring printed ':' can turn a handwritten '1' into
    a '4' in it)."""
    top = max(alone.values(), default=0)
    if line is not None and MIN_VOTES <= alone.get(line, 0) == top:
        return line, top + 1
    unanimous = [digits for digits, votes in alone.items() if votes == crops]
    if crops >= MIN_VOTES and unanimous and not _cut_short(unanimous[0], line):
        return unanimous[0], crops
    return None, top


def _cut_short(alone: str, line: str | None) -> bool:
    """The line reads more digits than the field alone ('390' for '3', '44' for '1'): the crops may have
    missed some (OCR's box of a printed word took them in)."""
    return line is not None and len(line) > len(alone)


def read_alone(crops: Sequence[Image.Image], line_height: float) -> Counter[str]:
    """How many crops of one field read each string of digits: each crop's handwriting (``field_ink``)
    read over the digits only, counted when its least sure digit is MIN_DIGIT_CONFIDENCE sure."""
    votes: Counter[str] = Counter()
    readings: dict[tuple[tuple[int, int], bytes], tuple[str, float]] = {}  # crops a pixel apart often
    for crop in crops:  # leave the same ink: it is read once (the recogniser gives it the same reading)
        ink = field_ink(crop, line_height)
        if ink is not None:
            key = (ink.size, ink.tobytes())
            digits, confidence = (
                readings[key] if key in readings else readings.setdefault(key, read_digits_line(ink))
            )
            if confidence >= MIN_DIGIT_CONFIDENCE and DIGITS.match(digits):
                votes[digits] += 1
    return votes


def read_in_line(crop: Image.Image, form: FieldForm) -> str | None:
    """The field's digits in a reading of its whole printed line ('Số: 0 4 /CT-UBND' gives '04'), when each
    of them is MIN_DIGIT_CONFIDENCE sure."""
    decoded = read_text_line(crop)
    text = "".join(character for character, _ in decoded)
    found = form.in_line.search(text)
    if found is None:
        return None
    sure = all(p >= MIN_DIGIT_CONFIDENCE for _, p in decoded[found.start("digits") : found.end("digits")])
    digits = found["digits"].replace(" ", "")
    return digits if sure and DIGITS.match(digits) else None


def field_ink(crop: Image.Image, line_height: float) -> Image.Image | None:
    """The handwriting of a field crop alone, black on white with a margin: the ink's connected parts as
    tall as MIN_INK_HEIGHT printed lines or more, without rules (wide flat parts) and without the first
    letter of the printed closing word cut at the crop's right edge; None when no such ink is left."""
    gray = np.asarray(crop.convert("L"))
    if gray.size == 0:
        return None
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    width = ink.shape[1]
    kept = [label for label in range(1, count) if _is_handwriting(stats[label], width, line_height)]
    if not kept:
        return None
    mask = np.isin(labels, kept)
    rows, columns = np.nonzero(mask)
    margin = max(2, round(INK_MARGIN * line_height))
    cut = mask[rows.min() : rows.max() + 1, columns.min() : columns.max() + 1]
    padded = np.pad(cut, margin)
    return Image.fromarray(np.where(padded, 0, 255).astype(np.uint8))


def _is_handwriting(stat: np.ndarray, crop_width: int, line_height: float) -> bool:
    x, _, width, height, _ = (int(v) for v in stat)
    if height < MIN_INK_HEIGHT * line_height or width > MAX_INK_ASPECT * height:
        return False  # a comma, dot, accent or speck; a rule
    cut_at_right = x + width >= crop_width - 1 and x > crop_width / 2
    return not (cut_at_right and height < PRINTED_LETTER_HEIGHT * line_height)
