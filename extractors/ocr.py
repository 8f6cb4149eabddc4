"""OCR of one page image with tesseract (via pytesseract): text plus mean word confidence."""

from __future__ import annotations

import functools
import os
import re
import subprocess
import time
from dataclasses import dataclass

from PIL import Image, ImageOps

TESSERACT_VERSION = re.compile(r"tesseract v?(\d+\.\d+\.\d+)")


@dataclass(frozen=True)
class OcrSettings:
    """How pages are rendered and recognised; part of the cache key of OCR'd pages."""

    lang: str = "vie"
    dpi: int = 300
    psm: int = 6  # measured: psm 3/4 silently drop whole blocks on curved or stamped scans
    table_psm: int = 3  # ...but on ruled tables psm 6 merges cells: word recall 0.52 vs 0.75 with psm 3
    channel: str = "red"  # red ink (stamps) turns light in the red channel; black print stays black
    max_pixels: int = 60_000_000  # render cap: a 20000x20000 pt page never becomes a giant bitmap
    timeout_seconds: float = 180  # per tesseract run; a page over it is recorded with its error

    def config(self, psm: int | None = None) -> str:
        """tesseract command-line options for these settings (``psm`` overrides the default mode)."""
        return f"--psm {psm or self.psm} -c preserve_interword_spaces=0"

    def cache_key(self) -> str:
        """A string that changes whenever OCR output could change."""
        psm = f"psm{self.psm}-table{self.table_psm}"
        return f"{self.lang}-{self.dpi}dpi-{psm}-{self.channel}-{tesseract_version()}"


DEFAULT_OCR = OcrSettings()


@dataclass(frozen=True)
class OcrResult:
    """Recognised text of one page image, mean word confidence (0-100) and seconds spent."""

    text: str
    confidence: float | None
    seconds: float


@functools.cache
def tesseract_version() -> str:
    """The installed tesseract version, e.g. '5.3.0' (from `tesseract --version`: asking pytesseract would
    load pandas into the flow's parent process, which only needs the version for its cache keys)."""
    done = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, check=True)
    found = TESSERACT_VERSION.search(done.stdout + done.stderr)
    if found is None:
        raise RuntimeError(f"cannot read tesseract's version from {done.stdout[:80]!r}")
    return found[1]


def prepare_image(image: Image.Image, channel: str = "red") -> Image.Image:
    """One 8-bit channel, EXIF orientation applied: the red channel of a colour page (red stamps fade out,
    measured 12.2 % -> 0.8 % CER with psm 6 on the real scans; benchmarks/ocr_tuning.py), else grayscale.
    tesseract binarizes internally (Otsu); extra thresholding measured worse."""
    image = ImageOps.exif_transpose(image) or image
    if channel == "red" and image.mode in ("RGB", "RGBA"):
        return image.getchannel("R")
    return image if image.mode == "L" else image.convert("L")


def image_to_ocr(image: Image.Image, settings: OcrSettings = DEFAULT_OCR) -> OcrResult:
    """Run tesseract once (TSV output) and rebuild the page text line by line from its words."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    started = time.perf_counter()
    prepared = prepare_image(image, settings.channel)
    text, confidence = _run_tesseract(prepared, settings, settings.psm)
    if settings.table_psm != settings.psm and looks_like_table(text):
        text, confidence = _run_tesseract(prepared, settings, settings.table_psm)  # tables read better so
    return OcrResult(text, confidence, time.perf_counter() - started)


def _run_tesseract(image: Image.Image, settings: OcrSettings, psm: int) -> tuple[str, float | None]:
    import pytesseract  # here, not at import: pytesseract loads pandas, needed only where OCR runs

    data = pytesseract.image_to_data(
        image,
        lang=settings.lang,
        config=settings.config(psm),
        output_type=pytesseract.Output.DICT,
        timeout=settings.timeout_seconds,
    )
    return tsv_to_text(data)


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
