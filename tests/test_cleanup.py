"""Orientation before reading: a glance at the ink tells sideways and upside-down pages from upright ones, so
they are turned before their first reading instead of being read wrong first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

import extractors.ocr
from extractors.cleanup import orientation_hint, prepare_image
from extractors.ocr import DEFAULT_OCR, image_to_ocr
from extractors.pdf import render_page
from tests.conftest import REAL, seed_files
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


@pytest.mark.parametrize("page", [1, 2])
def test_a_real_scan_the_profile_variance_took_for_sideways_is_upright(page: int) -> None:
    """The 300 dpi scan of 660TBUB: its raw ink profiles vary more along the rows than down them (the
    glance compared those before, and asked OSD in vain); across its text lines the profile alternates
    lines and gaps, which the line contrast sees, upright and turned."""
    path = REAL / "660TBUB.signed_20250219_234149.pdf"
    image, _ = render_page(path, page, None, DEFAULT_OCR.max_pixels, default_dpi=DEFAULT_OCR.dpi)
    gray = prepare_image(image, DEFAULT_OCR.channel)
    assert orientation_hint(gray) == "upright"
    assert orientation_hint(gray.transpose(Image.Transpose.ROTATE_90)) == "sideways"
    assert orientation_hint(gray.transpose(Image.Transpose.ROTATE_270)) == "sideways"


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_a_landscape_table_is_not_taken_for_a_sideways_page(ruled: bool, tmp_path: Path) -> None:
    from benchmarks import tables as bench

    pdf = bench.table_pdf(bench.score_table(30), tmp_path / "table.pdf", ruled=ruled)
    page = render_page(pdf, 1, 200, DEFAULT_OCR.max_pixels)[0].convert("L")
    assert orientation_hint(page) == "upright"
    assert orientation_hint(page.transpose(Image.Transpose.ROTATE_90)) == "sideways"


@pytest.mark.parametrize(
    ("channel", "pixel"), [("max", 200), ("min", 10), ("red", 200), ("gray", 114)]
)  # a red-ish pixel (200, 90, 10): which of its planes each channel keeps
def test_prepare_image_keeps_the_channel_asked_for(channel: str, pixel: int) -> None:
    from PIL import Image

    from extractors.cleanup import prepare_image

    for mode in ("RGB", "RGBA"):
        image = Image.new(mode, (3, 2), (200, 90, 10, 255)[: len(mode)])
        assert set(prepare_image(image, channel).getdata()) == {pixel}


@pytest.mark.parametrize(("orientation", "size"), [(1, (30, 20)), (6, (20, 30)), (3, (30, 20))])
def test_prepare_image_turns_a_scan_as_its_exif_says(orientation: int, size: tuple[int, int]) -> None:
    import io

    from PIL import Image

    from extractors.cleanup import prepare_image

    image = Image.new("RGB", (30, 20), "white")
    image.paste((0, 0, 0), (0, 0, 5, 5))  # ink in the top left corner
    exif = image.getexif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "PNG", exif=exif.tobytes())
    prepared = prepare_image(Image.open(buffer), "max")
    corner = {1: (0, 0), 6: (19, 0), 3: (29, 19)}[orientation]  # where the inked corner lands
    assert prepared.size == size and prepared.getpixel(corner) < 128
