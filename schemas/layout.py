"""The `layout` table: where each piece of a page's text stands on the page, and which region it is in.

Boxes are in PDF points with the origin at the page's top-left corner (y grows downwards, as pdfplumber
and page images have it), in the frame of the page as it is read: an OCR page turned upright first
(`pages.rotation`) has its boxes on the upright page."""

from __future__ import annotations

import pyarrow as pa

from schemas.base import field, make_spec, provenance_fields, record

# The regions of an administrative document page (data: the layout model assigns these names).
REGIONS: dict[str, str] = {
    "header_left": "issuing agency and 'Số:' number (top left of the first page)",
    "header_right": "national motto, place and date (top right of the first page)",
    "title": "the document-type word and its subject lines",
    "body": "running text",
    "table": "lines split into three or more columns",
    "signature_left": "the 'Nơi nhận:' distribution list",
    "signature_right": "signing role(s), signature and the signer's name",
    "stamp": "digital-signature stamps ('Ký bởi', 'Thời gian ký') and incoming-mail stamps ('ĐẾN')",
}


@record
class Box:
    """A rectangle on the page in PDF points, origin top-left."""

    x0: float
    y0: float
    x1: float
    y1: float

    def union(self, other: Box) -> Box:
        """The smallest box holding both."""
        return Box(
            min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1)
        )

    @property
    def center_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


class HasBox:
    """A record with x0, y0, x1, y1 (points, origin top-left): its ``box``."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def box(self) -> Box:
        return Box(self.x0, self.y0, self.x1, self.y1)


@record
class PlacedWord(HasBox):
    """One word of a page's text and its box: ``page_text[start:end]`` is the word."""

    start: int
    end: int
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float | None = None  # tesseract's word confidence (0-100); None for text-layer words


@record
class FieldReading:
    """A header field read again from the page image as digits (a handwritten number or day): which field,
    the digits, how many of the reading modes agreed, and the box it was cut from."""

    field: str  # number or day
    text: str
    votes: int
    reads: int  # crops read (votes of them gave ``text``)
    x0: float
    y0: float
    x1: float
    y1: float


@record
class PageCell(HasBox):
    """One cell of a ruled table on a page: its grid position (0-based, spans), where its text is in the
    page text (``page_text[start:end]``; empty cells have start == end) and its box in points. OCR'd
    numeric cells carry the share of readings that agreed and, when they did not, every reading."""

    table: int  # 1-based on the page
    row: int
    col: int
    row_span: int
    col_span: int
    start: int
    end: int
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float | None = None
    readings: str | None = None  # "2,9 | 2,5 | 2:5": the readings of an unsure cell, in reading order


@record
class LayoutLine(HasBox):
    """One line of a page cut at its column gaps: a piece of text in one region (``page_text[start:end] ==
    raw``), its box, and the block of neighbouring lines it belongs to."""

    doc_id: str
    page: int
    start: int
    end: int
    raw: str
    block_id: int
    line: int
    region: str
    x0: float
    y0: float
    x1: float
    y1: float
    text_source: str
    confidence: float | None


LAYOUT = make_spec(
    "layout",
    LayoutLine,
    version="1.0",
    key=("doc_id", "page", "start"),
    description="One row per line piece of a page (a line cut at its column gaps), with its box and region.",
    fields=[
        *provenance_fields("the line piece's text"),
        field(
            "block_id",
            pa.int32(),
            "block of neighbouring lines in one column (per page, from 0)",
            nullable=False,
        ),
        field("line", pa.int32(), "line within the block (from 0)", nullable=False),
        field("region", pa.string(), f"one of: {', '.join(REGIONS)}", nullable=False),
        field("x0", pa.float64(), "left edge, PDF points from the page's left", nullable=False),
        field("y0", pa.float64(), "top edge, PDF points from the page's top", nullable=False),
        field("x1", pa.float64(), "right edge (points)", nullable=False),
        field("y1", pa.float64(), "bottom edge (points)", nullable=False),
        field(
            "text_source",
            pa.string(),
            "text_layer or ocr: where the words and boxes came from",
            nullable=False,
        ),
        field("confidence", pa.float64(), "mean tesseract word confidence of the piece (OCR pages)"),
    ],
)
