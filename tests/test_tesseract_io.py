"""Images reach tesseract as uncompressed PNM files: the same reading as pytesseract's own PNG route, for
every image mode a page can come in."""

from __future__ import annotations

import pytesseract
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.tesseract_io import pnm_file, tesseract_data

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def line_of_text(mode: str) -> Image.Image:
    image = Image.new("RGB", (900, 120), (255, 255, 255))
    ImageDraw.Draw(image).text(
        (20, 30), "Quyết định số 1847/QĐ-TTg", fill=(0, 0, 0), font=ImageFont.truetype(FONT, 40)
    )
    if mode == "RGBA":
        image = image.convert("RGBA")
        image.putalpha(255)
        return image
    return image.convert(mode)


@pytest.mark.parametrize("mode", ["L", "RGB", "1", "RGBA", "P", "LA"])
def test_a_pnm_file_holds_the_pixels_tesseract_would_get_as_png(mode: str) -> None:
    image = line_of_text(mode)
    with pnm_file(image) as path:
        written = Image.open(path)
        written.load()
    assert written.size == image.size and written.mode in ("L", "RGB")
    expected = image.convert("RGB" if written.mode == "RGB" else "L")
    assert written.tobytes() == expected.tobytes()


def test_tesseract_reads_the_pnm_file_as_it_reads_pytesseracts_png() -> None:
    image = line_of_text("L")
    ours = tesseract_data(image, "vie", "--psm 7")
    theirs = pytesseract.image_to_data(
        image, lang="vie", config="--psm 7", output_type=pytesseract.Output.DICT
    )
    assert ours == theirs and "1847/QĐ-TTg" in " ".join(ours["text"])
