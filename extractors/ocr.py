"""OCR of one page image with tesseract (via pytesseract): text plus mean word confidence."""

from __future__ import annotations

import functools
import os
import time
from dataclasses import dataclass

import pytesseract
from PIL import Image, ImageOps


@dataclass(frozen=True)
class OcrSettings:
    """How pages are rendered and recognised; part of the cache key of OCR'd pages."""

    lang: str = "vie"
    dpi: int = 300
    psm: int = 3
    max_pixels: int = 60_000_000  # render cap: a 20000x20000 pt page never becomes a giant bitmap
    timeout_seconds: int = 180

    def config(self) -> str:
        """tesseract command-line options for these settings."""
        return f"--psm {self.psm} -c preserve_interword_spaces=0"

    def cache_key(self) -> str:
        """A string that changes whenever OCR output could change."""
        return f"{self.lang}-{self.dpi}dpi-psm{self.psm}-{tesseract_version()}"


DEFAULT_OCR = OcrSettings()


@dataclass(frozen=True)
class OcrResult:
    """Recognised text of one page image, mean word confidence (0-100) and seconds spent."""

    text: str
    confidence: float | None
    seconds: float


@functools.cache
def tesseract_version() -> str:
    """The installed tesseract version, e.g. '5.3.0'."""
    return str(pytesseract.get_tesseract_version())


def prepare_image(image: Image.Image) -> Image.Image:
    """Grayscale, with EXIF orientation applied; tesseract binarizes internally (Otsu)."""
    image = ImageOps.exif_transpose(image) or image
    return image if image.mode == "L" else image.convert("L")


def image_to_ocr(image: Image.Image, settings: OcrSettings = DEFAULT_OCR) -> OcrResult:
    """Run tesseract once (TSV output) and rebuild the page text line by line from its words."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    started = time.perf_counter()
    data = pytesseract.image_to_data(
        prepare_image(image),
        lang=settings.lang,
        config=settings.config(),
        output_type=pytesseract.Output.DICT,
        timeout=settings.timeout_seconds,
    )
    text, confidence = tsv_to_text(data)
    return OcrResult(text, confidence, time.perf_counter() - started)


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
