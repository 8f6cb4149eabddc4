"""Many small crops read in one tesseract run: stacked on one white sheet, each crop's words found again by
their height on the sheet (a run costs ~0.1-0.3 s to start whatever its size, so one run per field or per
table, not per crop)."""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image

from extractors.tesseract_io import tesseract_data

SHEET_GAP = 30  # white pixels between stacked crops


def read_stacked(
    crops: Sequence[Image.Image], lang: str, config: str, gap: int = SHEET_GAP
) -> list[list[str]]:
    """The words tesseract reads in each crop (left to right), crops stacked ``gap`` pixels apart."""
    if not crops:
        return []
    width = max(crop.width for crop in crops) + 2 * gap
    sheet = Image.new("L", (width, sum(crop.height + gap for crop in crops) + gap), 255)
    bands, top = [], gap
    for crop in crops:
        sheet.paste(crop.convert("L"), (gap, top))
        bands.append((top - gap / 2, top + crop.height + gap / 2))
        top += crop.height + gap
    data = tesseract_data(sheet, lang, config)
    found: list[list[tuple[int, int, str]]] = [[] for _ in crops]
    for i, text in enumerate(data["text"]):
        middle = data["top"][i] + data["height"][i] / 2
        band = next((k for k, (upper, lower) in enumerate(bands) if upper <= middle < lower), None)
        if text.strip() and band is not None:
            found[band].append(
                (data["line_num"][i] + 1000 * data["par_num"][i], data["left"][i], text.strip())
            )
    return [[text for *_, text in sorted(words)] for words in found]
