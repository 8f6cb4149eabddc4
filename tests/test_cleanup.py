"""Orientation before reading: a glance at the ink tells sideways and upside-down pages from upright ones, so
they are turned before their first reading instead of being read wrong first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

import extractors.ocr
from extractors.cleanup import orientation_hint
from extractors.ocr import image_to_ocr
from tests.conftest import seed_files
from tests.pdf_builders import render_text_pages
from tests.test_ocr_seeds import seed_lines

TURNS = {
    "upright": None,
    "upside_down": Image.Transpose.ROTATE_180,
    "sideways": Image.Transpose.ROTATE_90,
}


def printed_page(seed: Path, font: Path) -> Image.Image:
    return render_text_pages(seed_lines(seed), font, lines_per_page=40)[0][0]


@pytest.mark.parametrize("turned", list(TURNS))
@pytest.mark.parametrize("seed", seed_files()[:3], ids=lambda p: p.name[:3])
def test_the_glance_tells_how_a_printed_page_lies(seed: Path, turned: str, serif_font: Path) -> None:
    page = printed_page(seed, serif_font)
    turn = TURNS[turned]
    assert orientation_hint(page if turn is None else page.transpose(turn)) == turned


@pytest.mark.parametrize(
    ("case", "image"),
    [
        ("blank page", Image.new("L", (2480, 3508), 255)),
        ("one short line", Image.new("L", (2480, 3508), 255)),
    ],
)
def test_a_page_with_too_few_lines_to_tell_is_taken_as_upright(case: str, image: Image.Image) -> None:
    if case == "one short line":
        image.paste(0, (300, 300, 900, 330))
    assert orientation_hint(image) == "upright"


@pytest.mark.slow
def test_an_upside_down_page_is_read_once_turned_over(
    serif_font: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readings: list[int] = []
    real_read = extractors.ocr._read_straightened

    def counted(*args: object, **kwargs: object) -> object:
        readings.append(1)
        return real_read(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(extractors.ocr, "_read_straightened", counted)
    seed = seed_files()[0]
    result = image_to_ocr(printed_page(seed, serif_font).transpose(Image.Transpose.ROTATE_180), dpi=300)
    assert result.rotation == 180 and "rotate_180" in result.steps
    assert len(readings) == 1  # not read upside down first
    assert "cải cách hành chính" in result.text.lower()
