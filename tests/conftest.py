"""Shared fixtures: paths to ../shared, fonts, and builders of small test PDFs and page images."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
REAL = SHARED / "real"
SAMPLE = ROOT / "data" / "raw" / "sample"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SERIF = FONT_DIR / "DejaVuSerif.ttf"

# OCR tests run tesseract single-threaded, like the pipeline's workers.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def seed_files() -> list[Path]:
    """The five real reports as text (the reference every extractor is built against)."""
    files = sorted(SEEDS.glob("*.txt"))
    assert files, f"no seeds in {SEEDS}: tests expect ../shared beside the project"
    return files


def real_pdfs() -> list[Path]:
    """The eleven real PDFs of ../shared/real."""
    files = sorted(REAL.glob("*.pdf"))
    assert files, f"no real PDFs in {REAL}"
    return files


@pytest.fixture(scope="session")
def serif_font() -> Path:
    """A TTF with Vietnamese glyphs (fonts-dejavu-core, installed by scripts/setup.sh)."""
    assert SERIF.exists(), f"{SERIF} missing: run scripts/setup.sh"
    return SERIF
