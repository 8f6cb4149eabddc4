"""Does the coarse glance for ruled tables (`extractors.ruled_tables.glance`) ever miss a table the full
search finds, and what does it save?

    .venv/bin/python -m benchmarks.grid_glance

Pages: every scanned page of ../shared/real (and real/more), the scanned pages of the bundled sample corpus,
and the ruled tables of benchmarks/tables.py scanned at 200 dpi (upright and sideways). Each is prepared as
the OCR path prepares it (one channel, deskewed) and searched twice: in full (`find_grids` on the whole
page) and by `page_grids` (the glance first). A page where the full search finds a table and the glance
does not is a miss: it must stay 0. Writes ``benchmarks/results/grid_glance.json``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from benchmarks import tables as table_bench
from extractors.cleanup import SKEW_MIN_DEGREES, deskew, estimate_skew, prepare_image
from extractors.ruled_tables import find_grids, flatten_background, page_grids

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real"
SAMPLE = ROOT / "data" / "raw" / "sample"
RESULTS = ROOT / "benchmarks" / "results" / "grid_glance.json"
TEXT_LAYER_CHARS = 200  # a sample page with this much text layer is digital, not a scan


def scanned_pages() -> Iterator[tuple[str, Image.Image, float]]:
    """(name, page image, dpi) of every page the benchmark searches."""
    real = sorted(REAL.glob("*.pdf")) + sorted((REAL / "more").glob("*.pdf"))
    for path in [*real, *sorted(SAMPLE.glob("*.pdf"))]:
        document = pdfium.PdfDocument(path)
        for index in range(len(document)):
            page = document[index]
            digital = len(page.get_textpage().get_text_range().strip()) > TEXT_LAYER_CHARS
            if path.parent == SAMPLE and digital:
                continue
            yield f"{path.name}:{index + 1}", page.render(scale=300 / 72).to_pil(), 300.0
    folder = Path(tempfile.mkdtemp(prefix="grid_glance_"))
    for table in (table_bench.score_table(30), table_bench.dossier_table()):
        for variant in ("ruled_scanned", "ruled_sideways"):
            path = table_bench.build(table, variant, folder)
            document = pdfium.PdfDocument(path)
            for index in range(len(document)):
                yield f"{path.name}:{index + 1}", document[index].render(scale=200 / 72).to_pil(), 200.0


def upright_gray(image: Image.Image) -> np.ndarray:
    """The page as the OCR path searches it: one channel, deskewed."""
    gray = prepare_image(image)
    skew = estimate_skew(gray)
    return np.asarray(deskew(gray, skew) if abs(skew) >= SKEW_MIN_DEGREES else gray)


def measure() -> dict:
    pages = misses = spared = 0
    full_seconds = glance_seconds = 0.0
    missed: list[str] = []
    for name, image, dpi in scanned_pages():
        gray = upright_gray(image)
        started = time.perf_counter()
        full = find_grids(flatten_background(gray, dpi), dpi)
        middle = time.perf_counter()
        found, flat = page_grids(gray, dpi)
        glance_seconds += time.perf_counter() - middle
        full_seconds += middle - started
        pages += 1
        spared += flat is None
        if full and not found:
            misses += 1
            missed.append(name)
    return {
        "pages": pages, "tables_missed": misses, "missed": missed, "pages_spared_full_search": spared,
        "seconds_per_page_full": round(full_seconds / pages, 3),
        "seconds_per_page_with_glance": round(glance_seconds / pages, 3),
    }  # fmt: skip


def main() -> None:
    result = measure()
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    sys.exit(1 if result["tables_missed"] else 0)


if __name__ == "__main__":
    main()
