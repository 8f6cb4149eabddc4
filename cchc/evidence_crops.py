"""Small images of the page around a piece of evidence, its box drawn, for the audit report: an auditor
checks an OCR'd number against the scan at a glance.

Boxes come from the pages table's word boxes (points on the page as read, origin top-left); the page is
rendered again from the document's source file (PDF page or image frame), turned as it was read, and
cut around the box. Each crop is a small greyscale JPEG embedded as a data URI, so the report stays one
self-contained file; their number is capped so a large corpus still opens quickly."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps, ImageSequence

from extractors.cleanup import turn_upright
from extractors.pdf import render_page
from extractors.words import span_box
from schemas.layout import Box, PlacedWord
from schemas.pages import PAGES
from storage.store import read_document_rows

CROP_DPI = 100  # enough to read a handwritten number; a crop stays a few KiB
MARGIN_POINTS = 36.0  # page shown around the evidence box (half an inch)
MAX_WIDTH_POINTS = 360.0  # a long evidence span is shown from its start
JPEG_QUALITY = 60
RENDER_PIXELS = 8_000_000
PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}


@dataclass(frozen=True)
class PageGeometry:
    """What is needed to find a span on the page image: its words' boxes and how the page was turned."""

    words: tuple[PlacedWord, ...]
    rotation: int


def read_page_geometry(out: Path, doc_ids: Iterable[str]) -> dict[tuple[str, int], PageGeometry]:
    """(doc_id, page) -> word boxes and rotation, for the given documents only."""
    table = read_document_rows(out, PAGES, ["doc_id", "page", "words", "rotation"], set(doc_ids))
    if table is None:
        return {}
    return {
        (row["doc_id"], row["page"]): PageGeometry(
            tuple(PlacedWord(**word) for word in row["words"] or ()), row["rotation"] or 0
        )
        for row in table.to_pylist()
    }


def evidence_box(geometry: PageGeometry | None, start: int, end: int) -> Box | None:
    """The box of the words of ``text[start:end]`` on the page (None without word boxes)."""
    return span_box(geometry.words, start, end) if geometry else None


def page_image(source: Path, page: int, rotation: int) -> Image.Image | None:
    """The page as it was read (turned upright), at CROP_DPI; None for sources without pages to show."""
    suffix = source.suffix.lower()
    if suffix in PDF_SUFFIXES:
        image, _ = render_page(source, page, CROP_DPI, RENDER_PIXELS, color=False)
    elif suffix in IMAGE_SUFFIXES:
        image = _image_frame(source, page)
    else:
        return None
    return turn_upright(image, rotation)


def _image_frame(source: Path, page: int) -> Image.Image:
    with Image.open(source) as image:
        for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
            if number == page:
                dpi = frame.info.get("dpi", (CROP_DPI, CROP_DPI))[0] or CROP_DPI
                scale = CROP_DPI / float(dpi)
                size = (max(1, round(frame.width * scale)), max(1, round(frame.height * scale)))
                return ImageOps.grayscale(frame.convert("RGB")).resize(size)
    raise ValueError(f"{source.name}: no page {page}")


def crop_data_uri(image: Image.Image, box: Box) -> str:
    """The part of ``image`` around ``box`` (points) with the box drawn, as a JPEG data URI."""
    scale = CROP_DPI / 72.0
    right = min(box.x1, box.x0 + MAX_WIDTH_POINTS)
    area = (
        max(0, round((box.x0 - MARGIN_POINTS) * scale)),
        max(0, round((box.y0 - MARGIN_POINTS / 2) * scale)),
        min(image.width, round((right + MARGIN_POINTS) * scale)),
        min(image.height, round((box.y1 + MARGIN_POINTS / 2) * scale)),
    )
    crop = image.crop(area).convert("RGB")
    outline = [
        (box.x0 * scale - area[0] - 2, box.y0 * scale - area[1] - 2),
        (right * scale - area[0] + 2, box.y1 * scale - area[1] + 2),
    ]
    ImageDraw.Draw(crop).rectangle(outline, outline=(220, 0, 0), width=2)
    buffer = io.BytesIO()
    crop.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
