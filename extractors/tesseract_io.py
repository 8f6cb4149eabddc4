"""Images handed to tesseract as uncompressed PNM files instead of pytesseract's default PNG.

pytesseract writes every image it is given as a compressed PNG before tesseract reads it back: 0.14 s per
300 dpi page, a tenth of what tesseract itself spends on a page. A PGM/PPM file holds the same pixels (and,
like pytesseract's PNG, no resolution: tesseract estimates it either way), written in a millisecond.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PIL import Image

PNM_MODES = {"1": "L", "L": "L", "RGB": "RGB"}  # what a PNM file holds (1-bit written as 8-bit grey)
ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa"}  # laid on white, as pytesseract does ("LAB" has no alpha)


@contextmanager
def pnm_file(image: Image.Image) -> Iterator[str]:
    """A temporary PNM file of ``image`` (grey or colour, an alpha channel laid on white), removed after."""
    if image.mode not in PNM_MODES:
        if image.mode in ALPHA_MODES:
            background = Image.new("RGB", image.size, (255, 255, 255))
            background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
            image = background
        else:
            image = image.convert("RGB")
    elif image.mode != PNM_MODES[image.mode]:
        image = image.convert(PNM_MODES[image.mode])
    handle, path = tempfile.mkstemp(prefix="cchc_tess_", suffix=".pnm")
    try:
        with os.fdopen(handle, "wb") as out:
            image.save(out, format="PPM")
        yield path
    finally:
        os.unlink(path)


def tesseract_data(image: Image.Image, lang: str, config: str, timeout: float = 0) -> dict[str, list[Any]]:
    """tesseract's TSV of ``image`` as a dict of columns (text, conf, left, top, width, height, ...)."""
    import pytesseract  # here, not at import: pytesseract loads pandas, needed only where OCR runs

    with pnm_file(image) as path:
        return pytesseract.image_to_data(
            path, lang=lang, config=config, output_type=pytesseract.Output.DICT, timeout=timeout
        )


def tesseract_osd(image: Image.Image, config: str, timeout: float = 0) -> dict[str, Any]:
    """tesseract's orientation and script detection of ``image`` as a dict (rotate, orientation_conf, ...)."""
    import pytesseract

    with pnm_file(image) as path:
        return pytesseract.image_to_osd(
            path, config=config, output_type=pytesseract.Output.DICT, timeout=timeout
        )
