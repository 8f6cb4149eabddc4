"""The `pages` table: the text of every page, with where it came from."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from schemas.base import field, make_spec
from schemas.layout import FieldReading, PageCell, PlacedWord

BOX = [pa.field(edge, pa.float64(), nullable=False) for edge in ("x0", "y0", "x1", "y1")]  # points, top-left
WORD = pa.struct(
    [pa.field("start", pa.int32(), nullable=False), pa.field("end", pa.int32(), nullable=False), *BOX,
     pa.field("confidence", pa.float64())]
)  # fmt: skip
FIELD_READING = pa.struct(
    [pa.field("field", pa.string(), nullable=False), pa.field("text", pa.string(), nullable=False),
     pa.field("votes", pa.int32(), nullable=False), pa.field("reads", pa.int32(), nullable=False), *BOX]
)  # fmt: skip
CELL = pa.struct(
    [*(pa.field(name, pa.int32(), nullable=False)
       for name in ("table", "row", "col", "row_span", "col_span", "start", "end")),
     *BOX, pa.field("confidence", pa.float64()), pa.field("readings", pa.string())]
)  # fmt: skip


@dataclass(frozen=True)
class PageText:
    """The text of one page and how it was obtained (same shape whatever the route)."""

    doc_id: str
    page: int
    text_source: str
    route_reason: str
    text: str
    chars: int
    ocr_confidence: float | None
    seconds: float
    error: str | None
    ocr_dpi: int | None = None
    rotation: int | None = None
    skew_degrees: float | None = None
    preprocessing: str | None = None
    width: float | None = None
    height: float | None = None
    words: tuple[PlacedWord, ...] = ()
    field_readings: tuple[FieldReading, ...] = ()
    cells: tuple[PageCell, ...] = ()

    def __post_init__(self) -> None:
        if self.words and isinstance(self.words[0], dict):  # read back from Parquet as plain structs
            object.__setattr__(self, "words", tuple(PlacedWord(**w) for w in self.words))  # type: ignore[arg-type]
        if self.field_readings and isinstance(self.field_readings[0], dict):
            readings = tuple(FieldReading(**r) for r in self.field_readings)  # type: ignore[arg-type]
            object.__setattr__(self, "field_readings", readings)
        if self.cells and isinstance(self.cells[0], dict):
            object.__setattr__(self, "cells", tuple(PageCell(**c) for c in self.cells))  # type: ignore[arg-type]


PAGES = make_spec(
    "pages",
    PageText,
    version="1.3",
    key=("doc_id", "page"),
    description="One row per page: the normalized (NFC) text every extractor offset refers to.",
    fields=[
        field("doc_id", pa.string(), "document id (sha256 of the file)", nullable=False),
        field("page", pa.int32(), "1-based page number", nullable=False),
        field(
            "text_source",
            pa.string(),
            "text_layer, text_layer_decoded (TCVN3/VNI), ocr, text or none (failed)",
            nullable=False,
        ),
        field(
            "route_reason", pa.string(), "why this route was taken (e.g. no_text, garbage)", nullable=False
        ),
        field("text", pa.string(), "page text, NFC, U+00D0 fixed to U+0110", nullable=False),
        field("chars", pa.int32(), "characters in text", nullable=False),
        field("ocr_confidence", pa.float64(), "mean tesseract word confidence 0-100 (OCR pages)"),
        field("seconds", pa.float64(), "time spent producing this page's text", nullable=False),
        field("error", pa.string(), "error that left the page without text, if any"),
        field("ocr_dpi", pa.int32(), "OCR pages: resolution the page image was read at (the scan's own)"),
        field("rotation", pa.int32(), "OCR pages: degrees the image was turned clockwise to read it"),
        field("skew_degrees", pa.float64(), "OCR pages: skew corrected (degrees, counter-clockwise)"),
        field(
            "preprocessing", pa.string(), "OCR pages: what was done to the image, in order (comma-separated)"
        ),
        field("width", pa.float64(), "page width in PDF points (as read: after turning an OCR page upright)"),
        field("height", pa.float64(), "page height in PDF points"),
        field(
            "words",
            pa.list_(WORD),
            "each word's text[start:end] and box (points, origin top-left); tesseract confidence on OCR pages",
            nullable=False,
        ),
        field(
            "field_readings",
            pa.list_(FIELD_READING),
            "first OCR page: header fields (number, day, month) cut out and read again as digits by the "
            "handwriting recogniser, and their whole lines (number_line, day_line, month_line) as that second "
            "engine read them",
            nullable=False,
        ),
        field(
            "cells",
            pa.list_(CELL),
            "cells of the page's ruled tables: grid position (0-based) and spans, text[start:end], box; OCR'd "
            "numeric cells: share of agreeing readings and, when unsure, every reading",
            nullable=False,
        ),
    ],
)
