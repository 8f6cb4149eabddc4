"""Clean-up of a scanned page image before OCR: the resolution to read it at, skew, orientation.

Each step is a pure function of the image; `extractors.ocr` decides per page which to apply from a quality
signal (word confidence, share of plausible Vietnamese syllables) and records what it did.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from extractors.tesseract_io import tesseract_osd

SKEW_LIMIT_DEGREES = 6.0  # a page fed crooked into a scanner; beyond this it is a rotation, not a skew
SKEW_MIN_DEGREES = 1.5  # below this tesseract reads as well unrotated (measured: same confidence, +10 % time)
SKEW_WORK_WIDTH = 1000  # the skew is measured on a copy this wide (pixels)
COARSE_WORK_WIDTH = 500  # ... and first found to 0.5° on one half as wide (a quarter of the pixels)
UPSAMPLE_BELOW_DPI = 150  # scans under this resolution are read at twice their resolution ...
MAX_OCR_DPI = 400  # ... and scans over this one at this one (phone photos at 600 dpi gain nothing)
EXIF_ORIENTATION = 0x0112  # the EXIF tag saying how a photo or scan lies
DARK = 128  # gray level under which a pixel is ink (skew, speckle)
RULE_SPAN = 0.5  # a row of ink across half the page width is a table rule ...
RULED_TABLE_RULES = 6  # ... and a page with this many is a ruled table (text pages measure 0, tables 30+)
UPSIDE_DOWN_RATIO = 0.5  # ink above text lines' core bands / ink below them: upright print measured 0.46-7.0
# on 189 scanned pages (most over 1: Vietnamese accents sit above the letters), the same pages turned over
# 0.14-1.5; under this ratio a page is asked OSD before it is read (107 of the 189 turned over caught, 1
# upright page asked in vain), instead of being read upside down first (benchmarks/damage.py upside_down)
MIN_TEXT_LINES = 5  # ... on a page with at least this many text lines
LINE_ROW_SHARE = 0.02  # a row with more ink than this share of the fullest row belongs to a text line
MIN_LINE_ROWS = 4  # a band of inked rows thinner than this (work-copy pixels) is not a text line
SPECKLE_SHARE = 0.08  # a page whose ink is this much lone dots is despeckled (clean print measures < 0.02)


def prepare_image(image: Image.Image, channel: str = "max") -> Image.Image:
    """One 8-bit channel, EXIF orientation applied. "red": the red channel of a colour page (red stamps fade
    out, measured 12.2 % -> 0.8 % CER with psm 6 on the real scans; benchmarks/ocr_tuning.py); "max": the
    brightest of the three, which fades blue ink across the text too (seals and ink damage: CER 4.5 % ->
    3.0 %, benchmarks/damage.py); "min": the darkest, which keeps blue and black ink dark (handwritten
    header fields, extractors/handwriting); else grayscale. tesseract binarizes internally (Otsu); extra
    thresholding measured worse."""
    if image.getexif().get(EXIF_ORIENTATION, 1) != 1:  # (exif_transpose copies even an upright image)
        image = ImageOps.exif_transpose(image) or image
    if channel == "red" and image.mode in ("RGB", "RGBA"):
        return image.getchannel("R")
    if channel in ("max", "min") and image.mode in ("RGB", "RGBA"):
        # "max": coloured inks (red seals, blue pens) turn light; "min": blue ballpoint and black marker stay
        # dark. numpy on the three planes: 6 ms a 200 dpi page against 33 ms through split() and ImageChops
        rgb = np.asarray(image if image.mode == "RGB" else image.convert("RGB"))
        pick = np.maximum if channel == "max" else np.minimum
        return Image.fromarray(pick(pick(rgb[..., 0], rgb[..., 1]), rgb[..., 2]))
    return image if image.mode == "L" else image.convert("L")


@dataclass(frozen=True)
class Orientation:
    """tesseract's orientation-and-script detection: degrees to turn the page clockwise to read it."""

    rotate: int
    confidence: float


def ocr_dpi(native_dpi: float | None, default_dpi: int) -> int:
    """The resolution to OCR a page at: its scan's own resolution (re-rendering a 200 dpi scan at 300 dpi
    measured slower and worse), twice it for low-resolution scans, ``default_dpi`` for pages without one."""
    if native_dpi is None or native_dpi <= 0:
        return default_dpi
    if native_dpi < UPSAMPLE_BELOW_DPI:
        return round(native_dpi * 2)
    return min(round(native_dpi), MAX_OCR_DPI)


def estimate_skew(gray: Image.Image, work: Image.Image | None = None) -> float:
    """The page's skew in degrees (counter-clockwise positive), by the angle that makes the rows of ink
    sharpest (largest variance of the horizontal projection): coarse steps of 0.5° on a half-size copy,
    then 0.1° on the full work copy (``work``, when the caller made it already: ``work_copy``), only where
    the coarse angle is near or over SKEW_MIN_DEGREES (a straight page, most of them, is never turned, so
    its exact small angle is not worth the time)."""
    coarse = _best_angle(
        work_copy(gray, COARSE_WORK_WIDTH), np.arange(-SKEW_LIMIT_DEGREES, SKEW_LIMIT_DEGREES + 0.01, 0.5)
    )
    if abs(coarse) < SKEW_MIN_DEGREES - 0.5:
        return coarse
    return _best_angle(
        work if work is not None else work_copy(gray), np.arange(coarse - 0.5, coarse + 0.51, 0.1)
    )


def work_copy(gray: Image.Image, width: int = SKEW_WORK_WIDTH) -> Image.Image:
    """A binary (ink = 255) copy at most ``width`` wide: what the skew, the orientation glance and the
    rule count measure (made once a page: 10 ms at 200 dpi)."""
    scale = min(1.0, width / max(gray.width, 1))
    size = (max(1, round(gray.width * scale)), max(1, round(gray.height * scale)))
    small = gray.convert("L").resize(size, Image.Resampling.BILINEAR)
    return small.point(lambda v: 255 if v < DARK else 0)


def _best_angle(ink: Image.Image, angles: np.ndarray) -> float:
    """The angle whose turn of ``ink`` about its centre gives the sharpest rows: each ink pixel's row after
    the turn, counted per row (the projection of the turned page without drawing it: 5x faster than turning
    the image per angle, same angles found)."""
    pixels = np.asarray(ink)
    height, width = pixels.shape
    ys, xs = np.nonzero(pixels)
    centre_y = (height - 1) / 2
    ys_c, xs_c = ys - centre_y, xs - (width - 1) / 2
    scores = [_row_sharpness(ys_c, xs_c, float(a), centre_y, height) for a in angles]
    return round(float(angles[int(np.argmax(scores))]), 2)


def _row_sharpness(ys: np.ndarray, xs: np.ndarray, angle: float, centre_y: float, height: int) -> float:
    """Variance of the ink per row once the pixels at (``xs``, ``ys``) from the centre are turned ``angle``
    degrees counter-clockwise (rows the turn moves off the page dropped, as a turned copy crops them)."""
    radians = np.deg2rad(angle)
    rows = np.rint(ys * np.cos(radians) - xs * np.sin(radians) + centre_y).astype(np.int64)
    rows = rows[(rows >= 0) & (rows < height)]
    return float(np.var(np.bincount(rows, minlength=height)))


def deskew(gray: Image.Image, angle: float) -> Image.Image:
    """``gray`` turned by ``angle`` degrees (counter-clockwise), the corners filled white."""
    return gray.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)


def turn_upright(image: Image.Image, rotate: int) -> Image.Image:
    """``image`` turned ``rotate`` degrees clockwise (0, 90, 180, 270), as tesseract's OSD asks."""
    turns = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}
    return image.transpose(turns[rotate]) if rotate in turns else image


def detect_orientation(gray: Image.Image, timeout: float) -> Orientation | None:
    """tesseract's OSD (psm 0) on ``gray``; None when it cannot tell (too little text, a blank page)."""
    import pytesseract  # its error type (loads pandas: only where OCR runs)

    try:
        osd = tesseract_osd(gray, "--psm 0 -c min_characters_to_try=20", timeout)
    except (pytesseract.TesseractError, RuntimeError):
        return None
    rotate = int(osd.get("rotate", 0)) % 360
    confidence = float(osd.get("orientation_conf", 0.0))
    return Orientation(rotate, confidence) if not math.isnan(confidence) else None


def speckle_share(gray: Image.Image) -> float:
    """Share of the page's ink pixels that stand alone (at most one ink neighbour of eight): photocopier
    and scanner speckle, which tesseract reads as punctuation and glues into words."""
    ink = np.asarray(gray.convert("L"), dtype=np.uint8) < DARK
    if not ink.any():
        return 0.0
    padded = np.pad(ink, 1).astype(np.uint8)
    height, width = ink.shape
    neighbours = sum(
        padded[1 + dy : 1 + dy + height, 1 + dx : 1 + dx + width]
        for dy in (-1, 0, 1)
        for dx in (-1, 0, 1)
        if dy or dx
    )
    return float((ink & (neighbours <= 1)).sum() / ink.sum())


def despeckle(gray: Image.Image) -> Image.Image:
    """A 3-pixel median filter: lone dots go, strokes (and diacritics) wider than a pixel stay."""
    return gray.filter(ImageFilter.MedianFilter(3))


def table_rules(gray: Image.Image, work: Image.Image | None = None) -> int:
    """Horizontal rules on a (deskewed) page: runs of rows whose ink spans at least RULE_SPAN of the width
    (``work``: the page's ``work_copy`` when made already)."""
    ink = np.asarray(work if work is not None else work_copy(gray), dtype=np.uint8) > 0
    ruled = ink.mean(axis=1) >= RULE_SPAN
    return int(ruled[0]) + int(np.sum(ruled[1:] & ~ruled[:-1]))


PageLie = Literal["upright", "sideways", "upside_down", "unsure"]  # how a page lies, as a glance tells
LINE_CONTRAST_BIN = 4  # work-copy pixels summed per bin of an ink profile (a third of a line at 200 dpi)
SURE_CONTRAST = 1.3  # one direction's line contrast this many times the other's tells how the lines run;
# measured on 150 scanned pages (../shared/real, real/more, the sample, the table and damage renders) and the
# same pages turned sideways: 0.56-13 across the lines of upright pages / along them (median 2.4); 2 of 150
# upright pages under 1 / SURE_CONTRAST, 11 within the unsure band (asked OSD). The variance of the raw
# profiles, compared before, called 30 of the 150 upright pages sideways (and their turned copies upright).


def orientation_hint(gray: Image.Image, work: Image.Image | None = None) -> PageLie:
    """What a glance at the page's ink suggests, before any reading: "sideways" (its ink profile varies
    much more along the rows than down them: its text lines run down the page), "upside_down" (its text
    lines carry much more ink below their core band than above it, where upright Vietnamese print carries
    its accents), "unsure" (neither direction clearly holds the lines) or "upright". All but the last ask
    tesseract's OSD before the page is read (``work``: the page's ``work_copy`` when made already)."""
    ink = np.asarray(work if work is not None else work_copy(gray), dtype=np.uint8) > 0
    across_rows, across_columns = line_contrast(ink.sum(axis=1)), line_contrast(ink.sum(axis=0))
    if across_columns > across_rows * SURE_CONTRAST:
        return "sideways"
    if across_rows < across_columns * SURE_CONTRAST:
        return "unsure" if across_rows > 0 else "upright"  # a blank page has no lines to turn
    above, below, lines = ink_around_line_cores(ink)
    return "upside_down" if lines >= MIN_TEXT_LINES and above < UPSIDE_DOWN_RATIO * below else "upright"


def line_contrast(profile: np.ndarray) -> float:
    """How much an ink profile (ink per row, or per column) varies at the scale of text lines: the
    coefficient of variation of its sums over LINE_CONTRAST_BIN-pixel bins, between its first and last
    inked pixel. Across text lines the profile alternates lines and the gaps between them; along them the
    letters of many lines even it out."""
    inked = np.flatnonzero(profile)
    if inked.size == 0:
        return 0.0
    span = profile[inked[0] : inked[-1] + 1].astype(np.float64)
    bins = span.size // LINE_CONTRAST_BIN
    if bins < 4:
        return 0.0
    sums = span[: bins * LINE_CONTRAST_BIN].reshape(bins, LINE_CONTRAST_BIN).sum(axis=1)
    return float(sums.std() / sums.mean())


def ink_around_line_cores(ink: np.ndarray) -> tuple[float, float, int]:
    """Ink above and below the core band (the rows at least half as inked as the line's fullest) of each
    text line of a binary page, summed, and how many lines there were."""
    rows = ink.sum(axis=1).astype(np.float64)
    inked = rows > max(rows.max() * LINE_ROW_SHARE, 1.0) if rows.size else rows > 0
    above = below = 0.0
    lines = 0
    edges = np.flatnonzero(np.diff(np.concatenate(([0], inked.astype(np.int8), [0]))))
    for start, stop in zip(edges[::2], edges[1::2], strict=True):
        line = rows[start:stop]
        if line.size < MIN_LINE_ROWS:
            continue
        core = np.flatnonzero(line >= line.max() / 2)
        above += float(line[: core[0]].sum())
        below += float(line[core[-1] + 1 :].sum())
        lines += 1
    return above, below, lines
