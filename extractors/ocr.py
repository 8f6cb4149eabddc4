"""OCR of one page image with tesseract (via pytesseract): text plus mean word confidence."""

from __future__ import annotations

import functools
import os
import re
import subprocess
import time
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from PIL import Image

from extractors.cleanup import (
    RULED_TABLE_RULES,
    SKEW_MIN_DEGREES,
    SPECKLE_SHARE,
    deskew,
    despeckle,
    detect_orientation,
    estimate_skew,
    orientation_hint,
    prepare_image,
    speckle_share,
    table_rules,
    turn_upright,
    work_copy,
)
from extractors.handwriting import read_header_fields
from extractors.routing import syllable_share
from extractors.ruled_tables import (
    FINE_ANGLE_DEGREES,
    erase_rules,
    find_grids,
    flatten_background,
    page_grids,
    rule_angle,
)
from extractors.table_ocr import read_ruled_page
from extractors.tesseract_io import tesseract_data
from extractors.unruled_ocr import reread_table_numbers, with_header_from
from extractors.words import RawWord, pixel_to_page, tsv_words
from schemas.layout import FieldReading, PageCell

TESSERACT_VERSION = re.compile(r"tesseract v?(\d+\.\d+\.\d+)")


@dataclass(frozen=True)
class OcrSettings:
    """How pages are rendered and recognised; part of the cache key of OCR'd pages."""

    lang: str = "vie"
    dpi: int = 300
    psm: int = 6  # measured: psm 3/4 silently drop whole blocks on curved or stamped scans
    table_psm: int = 3  # ...but on ruled tables psm 6 merges cells: word recall 0.52 vs 0.75 with psm 3
    channel: str = "max"  # brightest of R, G, B: red seals and blue ink turn light, black print stays black
    max_pixels: int = 60_000_000  # render cap: a 20000x20000 pt page never becomes a giant bitmap
    timeout_seconds: float = 180  # per tesseract run; a page over it is recorded with its error

    def config(self, psm: int | None = None) -> str:
        """tesseract command-line options for these settings (``psm`` overrides the default mode)."""
        return f"--psm {psm or self.psm} -c preserve_interword_spaces=0"

    def cache_key(self) -> str:
        """A string that changes whenever OCR output could change."""
        psm = f"psm{self.psm}-table{self.table_psm}-cells"
        return f"{self.lang}-{self.dpi}dpi-{psm}-{self.channel}-{tesseract_version()}"


DEFAULT_OCR = OcrSettings()


@dataclass(frozen=True)
class OcrResult:
    """Recognised text of one page image, mean word confidence (0-100), seconds spent, and what was done to
    the image first: degrees turned clockwise to read it, skew corrected (degrees), resolution, steps."""

    text: str
    confidence: float | None
    seconds: float
    rotation: int = 0
    skew: float = 0.0
    dpi: int | None = None
    steps: tuple[str, ...] = ()
    words: tuple[RawWord, ...] = ()  # the words of ``text`` in its order, boxes in points on the upright page
    size: tuple[float, float] | None = None  # the upright page's width and height in points
    field_readings: tuple[FieldReading, ...] = ()  # header fields read again as digits (first page)
    cells: tuple[PageCell, ...] = ()  # ruled tables' cells (offsets into ``text``, boxes in points)


@functools.cache
def tesseract_version() -> str:
    """The installed tesseract version, e.g. '5.3.0' (from `tesseract --version`: asking pytesseract would
    load pandas into the flow's parent process, which only needs the version for its cache keys)."""
    done = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, check=True)
    found = TESSERACT_VERSION.search(done.stdout + done.stderr)
    if found is None:
        raise RuntimeError(f"cannot read tesseract's version from {done.stdout[:80]!r}")
    return found[1]


POOR_CONFIDENCE = 70.0  # a page read under this mean word confidence ...
POOR_SYLLABLE_SHARE = 0.6  # ... or with fewer plausible Vietnamese syllables is checked for its orientation


# The turns of OSD taken before the first reading, by what the glance at the ink (``orientation_hint``) said
LIKELY_TURNS = {"upright": (), "sideways": (90, 270), "upside_down": (180,), "unsure": (90, 180, 270)}


def image_to_ocr(
    image: Image.Image, settings: OcrSettings = DEFAULT_OCR, dpi: int | None = None, header: bool = False
) -> OcrResult:
    """OCR one page image: one channel, despeckled when its ink is mostly lone dots, turned upright first
    when its ink looks sideways or upside down or does not tell (``orientation_hint``, then OSD), skew
    corrected, read by tesseract (TSV, page text rebuilt line by line). A page that reads poorly is read
    again the other likely way up (OSD's, or as it came when OSD's turn read poorly); the better reading is
    kept. ``dpi`` is the resolution the image was made at. On a ``header`` page (the first), the
    handwritten-looking fields of the header are read again as digits (extractors/handwriting)."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    started = time.perf_counter()
    prepared = prepare_image(image, settings.channel)
    steps = (f"{settings.channel}_channel",) if image.mode in ("RGB", "RGBA") else ("grayscale",)
    if speckle_share(prepared) > SPECKLE_SHARE:
        prepared, steps = despeckle(prepared), (*steps, "despeckle")
    work = work_copy(prepared)  # the skew, the glance and the rule count measure the same copy
    hint = orientation_hint(prepared, work)
    orientation = None if hint == "upright" else detect_orientation(prepared, settings.timeout_seconds)
    turn = orientation.rotate if orientation and orientation.rotate in LIKELY_TURNS[hint] else 0
    read_dpi = dpi or settings.dpi  # an image that does not say its resolution is taken at the default
    reading = _read_straightened(
        turn_upright(prepared, turn), settings, turn, read_dpi, work if not turn else None
    )
    if reads_poorly(reading):  # read it the other likely way up too, and keep the better reading
        if orientation is None:
            orientation = detect_orientation(prepared, settings.timeout_seconds)
        other = orientation.rotate if orientation and orientation.rotate != reading.rotation else 0
        if other != reading.rotation:
            turned = _read_straightened(turn_upright(prepared, other), settings, other, read_dpi)
            if reading_score(turned) > reading_score(reading):
                reading = turned
    text, confidence, rotation, skew, psm, words, cells = reading
    steps += (f"rotate_{rotation}",) * bool(rotation) + ("deskew",) * bool(skew)
    steps += ("table_mode",) * (psm != settings.psm) + ("table_cells",) * bool(cells)
    width, height = (image.height, image.width) if rotation in (90, 270) else image.size
    size = (round(width * 72.0 / read_dpi, 2), round(height * 72.0 / read_dpi, 2))
    fields = ()
    if header:  # cut from the upright page, where the words' boxes are (a skewed line's box holds it)
        fields = read_header_fields(turn_upright(image, rotation), read_dpi, words)
    seconds = time.perf_counter() - started
    return OcrResult(text, confidence, seconds, rotation, skew, dpi, steps, words, size, fields, cells)


class Reading(NamedTuple):
    """One tesseract reading of a page and how the image was read."""

    text: str
    confidence: float | None
    rotation: int  # degrees the image was turned clockwise
    skew: float  # degrees corrected (0 when under SKEW_MIN_DEGREES)
    psm: int
    words: tuple[RawWord, ...]  # boxes in points on the upright page
    cells: tuple[PageCell, ...] = ()


def _read_straightened(
    gray: Image.Image, settings: OcrSettings, rotation: int, dpi: float, work: Image.Image | None = None
) -> Reading:
    """Correct the skew of ``gray`` (when over SKEW_MIN_DEGREES) and read it: a page with ruled tables
    cell by cell (extractors/table_ocr), straightened by its rules first; a ruled page whose grid cannot
    be made out at once with the table mode; other pages with the default one, read again in the table
    mode when their text looks like an unruled table."""
    upright, upright_size = gray, gray.size
    skew = estimate_skew(gray, work)  # work: ``gray``'s work_copy when the caller made it
    if abs(skew) < SKEW_MIN_DEGREES:
        skew = 0.0
    else:
        gray, work = deskew(gray, skew), None
    grids, flat = page_grids(np.asarray(gray), dpi)
    if grids and flat is not None:
        residual = rule_angle(flat, dpi) or 0.0
        if abs(residual) >= FINE_ANGLE_DEGREES:  # rules must run straight along the grid's rows
            skew = round(skew + residual, 2)
            gray = deskew(upright, skew)
            flat = flatten_background(np.asarray(gray), dpi)
            grids = find_grids(flat, dpi)
    if grids and flat is not None:
        clean = erase_rules(flat, dpi, grids)
        to_page = pixel_to_page(dpi, skew, gray.size, upright_size)
        table = read_ruled_page(
            clean, grids, lambda image: _run_tesseract(image, settings, settings.psm), settings.lang, to_page
        )
        return Reading(table.text, table.confidence, rotation, skew, settings.psm, table.words, table.cells)
    ruled = table_rules(gray, work if gray is upright else None) >= RULED_TABLE_RULES
    psm = settings.table_psm if ruled else settings.psm
    data = _run_tesseract(gray, settings, psm)
    text, confidence = tsv_to_text(data)
    to_page = pixel_to_page(dpi, skew, gray.size, upright_size)
    if psm != settings.table_psm and looks_like_table(text):
        if text.count("|") >= TABLE_BARS:  # rules the grid search missed: their table reads better so
            psm = settings.table_psm
            data = _run_tesseract(gray, settings, psm)
        else:  # an unruled table: its rows stay lines, its header is read by columns, its numbers again
            by_columns = _run_tesseract(gray, settings, settings.table_psm)
            data = reread_table_numbers(gray, with_header_from(data, by_columns), settings.lang, dpi)
        text, confidence = tsv_to_text(data)
    words = tsv_words(data, to_page)
    return Reading(text, confidence, rotation, skew, psm, tuple(words))


def reads_poorly(reading: Reading) -> bool:
    """Low word confidence or few plausible syllables: a page upside down or sideways reads like this."""
    return (reading.confidence or 0.0) < POOR_CONFIDENCE or syllable_share(reading.text) < POOR_SYLLABLE_SHARE


def reading_score(reading: Reading) -> float:
    """How good a reading is: mean confidence (0-1) times the share of plausible syllables."""
    return (reading.confidence or 0.0) / 100 * syllable_share(reading.text)


def _run_tesseract(image: Image.Image, settings: OcrSettings, psm: int) -> dict[str, list]:
    """tesseract's TSV of ``image`` as a dict of columns (text, conf, left, top, width, height, ...)."""
    return tesseract_data(image, settings.lang, settings.config(psm), settings.timeout_seconds)


CELL = r"\d{1,3}(?:[.,]\d{1,3})?"
ADJACENT_CELLS = re.compile(rf"(?<![\w/.,]){CELL}[ \t]+{CELL}(?![\w/%.,])")  # "1,5 0,5": two score cells
TABLE_ROWS = 6  # lines holding two bare numbers side by side (score cells) ...
TABLE_BARS = 12  # ... or vertical rules read as "|": either makes a page a table


def looks_like_table(text: str) -> bool:
    """True for OCR text with many lines of bare numbers or many '|' rules, as ruled score tables give."""
    rows = sum(ADJACENT_CELLS.search(line) is not None for line in text.splitlines())
    return rows >= TABLE_ROWS or text.count("|") >= TABLE_BARS


def tsv_to_text(data: dict[str, list]) -> tuple[str, float | None]:
    """Join tesseract's words into lines (blank line between blocks/paragraphs); mean word confidence."""
    lines: list[str] = []
    confidences: list[float] = []
    current: tuple[int, int, int] | None = None
    words: list[str] = []
    for i, word in enumerate(data["text"]):
        if not word or not word.strip():
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        if key != current:
            _flush(lines, words, current, key)
            current, words = key, []
        words.append(word.strip())
        conf = float(data["conf"][i])
        if conf >= 0:
            confidences.append(conf)
    _flush(lines, words, current, None)
    mean = sum(confidences) / len(confidences) if confidences else None
    return "\n".join(lines).strip("\n") + ("\n" if lines else ""), mean


def _flush(lines: list[str], words: list[str], current: tuple | None, nxt: tuple | None) -> None:
    if words:
        lines.append(" ".join(words))
    if current is not None and nxt is not None and current[:2] != nxt[:2]:
        lines.append("")
