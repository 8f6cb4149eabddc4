"""Handwritten header fields of real scans (../shared/real) read by the handwriting recogniser: the printed
words around each field are given as OCR boxed them (measured on these pages), so no OCR runs here; the
page is rendered as the pipeline renders it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from extractors.handwriting import (
    HEADER_FIELDS,
    agreed_digits,
    field_ink,
    header_field_boxes,
    read_header_fields,
    read_in_line,
)
from extractors.handwritten_digits import model_path, read_digits_line, read_text_line
from extractors.pdf import render_page
from extractors.words import RawWord

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
MAX_PIXELS = 40_000_000

# file -> the header words OCR gave around the fields (text, box in points), the readings expected.
# The marker digits are what tesseract misread on these pages ('0+', 'Íð', '⁄‡6', 'Â4‡').
HEADERS = [
    ("04CT.signed_20250513_154052.pdf",
     [("Số:0+", 106, 100, 143, 115), ("/CT-UBND", 151, 103, 217, 114),
      ("ngày", 353, 106, 380, 119), ("Íð", 385, 103, 396, 120), ("tháng", 391, 105, 434, 119)],
     {"number": "04", "day": "15"}, {"number_line": "04", "day_line": "15"}),
    ("16CT.signed_20250510_124909.pdf",  # the number's whole line reads '46'; every crop alone reads '16'
     [("Số:⁄‡6", 119, 110, 156, 123), ("/CT-UBND", 165, 112, 225, 122),
      ("ngày", 384, 111, 410, 123), ("Â4‡", 416, 107, 428, 124), ("tháng", 422, 109, 465, 122)],
     {"number": "16", "day": "27"}, {"number_line": "46", "day_line": "27"}),
]  # fmt: skip


AGREEMENT = [  # crops of the field alone (votes per reading), the whole line's reading, crops -> digits, votes
    ("line_and_crops_agree", {"15": 4, "5": 4}, "15", 8, ("15", 5)),
    ("too_few_crops_agree_with_the_line", {"15": 2, "5": 6}, "15", 8, (None, 6)),
    ("more_crops_read_another", {"15": 3, "5": 4}, "15", 8, (None, 4)),
    ("every_crop_agrees_the_line_does_not", {"16": 4}, "46", 4, ("16", 4)),
    ("every_crop_agrees_no_line", {"16": 4}, None, 4, ("16", 4)),
    ("the_line_reads_more_digits_around_them", {"3": 8}, "390", 8, (None, 8)),
    ("the_line_reads_more_digits", {"1": 4}, "44", 4, (None, 4)),
    ("the_line_reads_fewer", {"31": 4}, "3", 4, ("31", 4)),
    ("split_crops_no_line", {"15": 3, "5": 1}, None, 4, (None, 3)),
    ("nothing_read", {}, None, 4, (None, 0)),
]  # fmt: skip


@pytest.mark.parametrize(("alone", "line", "crops", "expected"), [a[1:] for a in AGREEMENT],
                         ids=[a[0] for a in AGREEMENT])  # fmt: skip
def test_the_two_witnesses_agree_or_the_field_is_left_out(
    alone: dict[str, int], line: str | None, crops: int, expected: tuple[str | None, int]
) -> None:
    assert agreed_digits(Counter(alone), line, crops) == expected


def words_of(boxes: list[tuple]) -> list[RawWord]:
    return [RawWord(text, x0, y0, x1, y1, 50.0) for text, x0, y0, x1, y1 in boxes] + [
        RawWord("body", 100, 700, 500, 712, 96.0)  # the page goes on below the header
    ]


@pytest.fixture(scope="module")
def pages() -> dict[str, tuple[Image.Image, int]]:
    return {name: render_page(REAL / name, 1, None, MAX_PIXELS) for name, *_ in HEADERS}


@pytest.mark.parametrize(
    ("name", "boxes", "expected", "expected_lines"), HEADERS, ids=[h[0][:4] for h in HEADERS]
)
def test_handwritten_fields_of_real_scans_read_or_left_out(
    pages: dict[str, tuple[Image.Image, int]],
    name: str,
    boxes: list[tuple],
    expected: dict[str, str],
    expected_lines: dict[str, str],
) -> None:
    image, dpi = pages[name]
    readings = read_header_fields(image, dpi, words_of(boxes))
    assert {r.field: r.text for r in readings if not r.field.endswith("_line")} == expected
    for reading in readings:
        if not reading.field.endswith("_line"):
            assert 3 <= reading.votes <= reading.reads and reading.x0 < reading.x1
    lines = {r.field: r.text for r in readings if r.field.endswith("_line")}
    assert lines == expected_lines


def test_field_box_stops_where_the_closing_word_is_printed_not_where_ocr_boxed_it() -> None:
    """OCR's box of 'tháng' (391–434) took in the handwritten '5' that touches it; the printed word is
    about 2.3 line heights wide, so the field reaches its right edge minus that."""
    boxes = header_field_boxes(words_of(HEADERS[0][1]))
    assert boxes["day"].alone[0][2] == pytest.approx(434 - HEADER_FIELDS["day"].closing_width * 13)
    assert boxes["day"].line[0] < 353 and boxes["day"].line[2] > 434


def test_field_ink_drops_rules_commas_and_the_cut_letter_of_the_closing_word() -> None:
    image = Image.new("L", (120, 60), 255)
    ink = Image.new("L", (6, 30), 0)
    image.paste(ink, (30, 15))  # a digit-like stroke, 30 px tall
    image.paste(Image.new("L", (110, 2), 0), (5, 3))  # a rule above
    image.paste(Image.new("L", (3, 4), 0), (10, 40))  # a comma
    image.paste(Image.new("L", (8, 18), 0), (112, 27))  # a printed letter cut at the right edge
    kept = field_ink(image, line_height=20)
    assert kept is not None and kept.size == (6 + 2 * 10, 30 + 2 * 10)


def test_nothing_tall_enough_is_no_ink() -> None:
    image = Image.new("L", (80, 40), 255)
    image.paste(Image.new("L", (4, 4), 0), (20, 20))
    assert field_ink(image, line_height=20) is None


def test_the_model_ships_in_an_installed_wheel_and_reads_printed_digits() -> None:
    """The recogniser comes from the rapidocr wheel (nothing downloaded) and reads clean digits and text."""
    assert model_path().is_file()
    from PIL import ImageDraw, ImageFont

    font = ImageFont.truetype("DejaVuSans.ttf", 40)
    image = Image.new("L", (260, 60), 255)
    ImageDraw.Draw(image).text((10, 5), "Số: 2031 /", font=font, fill=0)
    assert read_digits_line(image.crop((95, 0, 200, 60)))[0] == "2031"
    assert read_in_line(image, HEADER_FIELDS["number"]) == "2031"
    assert "".join(c for c, _ in read_text_line(image)).replace(" ", "").endswith("2031/")


def test_crops_that_leave_the_same_ink_are_read_once_and_vote_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """Crops a pixel apart around handwriting with a white margin leave the same ink: the recogniser (run
    for real) reads it once and each crop still votes."""
    from PIL import ImageDraw, ImageFont

    from extractors import handwriting

    image = Image.new("L", (200, 80), 255)
    ImageDraw.Draw(image).text((60, 15), "27", font=ImageFont.truetype("DejaVuSans.ttf", 40), fill=0)
    crops = [image.crop((5 + dx, 5, 195 + dx, 75)) for dx in (0, -2, 2)] + [image.crop((40, 0, 140, 80))]
    runs: list[object] = []

    def counted(ink: Image.Image) -> tuple[str, float]:
        runs.append(ink)
        return read_digits_line(ink)

    monkeypatch.setattr(handwriting, "read_digits_line", counted)
    votes = handwriting.read_alone(crops, line_height=20)
    assert votes == Counter({"27": 4}) and len(runs) == 1
