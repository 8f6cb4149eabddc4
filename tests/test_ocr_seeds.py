"""OCR accuracy: seed reports printed to image-only PDFs must come back with CER <= 2 % (measured, asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.document import file_to_document
from extractors.quality import character_error_rate
from tests.conftest import seed_files
from tests.pdf_builders import degrade_like_a_scan, image_only_pdf, render_text_pages

MAX_CER = 0.02
LINES = 40  # one A4 page of each seed


def seed_lines(seed: Path) -> list[str]:
    """The first printed page of a seed: its non-blank lines, URLs left out (they are footnotes)."""
    lines = [line.strip() for line in seed.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line and not line.startswith("http")][:LINES]


@pytest.mark.slow
@pytest.mark.parametrize("degraded", [False, True], ids=["clean_print", "scan_like"])
@pytest.mark.parametrize("seed", seed_files(), ids=lambda p: p.name[:3])
def test_ocr_of_printed_seed_page_has_low_cer(
    seed: Path, degraded: bool, tmp_path: Path, serif_font: Path
) -> None:
    image, reference = render_text_pages(seed_lines(seed), serif_font, lines_per_page=LINES)[0]
    if degraded:
        image = degrade_like_a_scan(image, seed=len(reference))
    pdf = image_only_pdf(tmp_path / f"{seed.stem}.pdf", [image])
    result = file_to_document(pdf)
    page = result.pages[0]
    assert (page.text_source, page.route_reason) == ("ocr", "no_text")
    cer = character_error_rate(reference, page.text)
    print(f"{seed.name[:3]} degraded={degraded} CER={cer:.4f} confidence={page.ocr_confidence:.1f}")
    assert cer <= MAX_CER
    assert page.ocr_confidence is not None and page.ocr_confidence > 80
