"""Open PDFs safely, read each page's text layer, and render pages for OCR (with a pixel cap)."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException
from PIL import Image

from extractors.cleanup import ocr_dpi
from extractors.errors import CorruptPdf, EncryptedPdf, NoPages, NotAPdf

PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024  # the PDF header may follow some junk bytes; readers accept it within 1 KiB


@dataclass(frozen=True)
class TextLayerPage:
    """One page's raw text layer and how much of the page images cover."""

    page: int
    text: str
    image_coverage: float
    seconds: float
    error: str | None = None


def looks_like_pdf(head: bytes) -> bool:
    """True when the PDF header appears in the first KiB of the file."""
    return PDF_MAGIC in head[:MAGIC_WINDOW]


def open_pdfium(path: Path, password: str | None = None) -> pdfium.PdfDocument:
    """Open with PDFium, mapping its failures onto typed errors (an empty user password just works)."""
    with open(path, "rb") as fh:
        if not looks_like_pdf(fh.read(MAGIC_WINDOW)):
            raise NotAPdf(f"{path.name}: no %PDF header; not a PDF")
    try:
        doc = pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as exc:
        raise _classify_pdfium_error(path, exc) from exc
    if len(doc) == 0:
        doc.close()
        raise NoPages(f"{path.name}: the PDF has zero pages")
    return doc


def _classify_pdfium_error(path: Path, exc: pdfium.PdfiumError) -> Exception:
    """PDFium's error code is process-wide and can be stale (a zero-page file reports the previous file's
    'password' error), so pdfminer has the last word on encrypted and zero-page files."""
    message = str(exc)
    probe = _pdfminer_probe(path)
    if probe == "encrypted" or (probe is None and "password" in message.lower()):
        return EncryptedPdf(f"{path.name}: encrypted; a password is required")
    if probe == 0:
        return NoPages(f"{path.name}: the PDF has zero pages")
    return CorruptPdf(f"{path.name}: damaged PDF ({message})")


def _pdfminer_probe(path: Path) -> int | str | None:
    """Page count by pdfminer, 'encrypted' when it needs a password, None when it cannot read the file."""
    try:
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages)
    except PdfminerException as exc:
        return "encrypted" if isinstance(exc.args[0] if exc.args else None, PDFPasswordIncorrect) else None
    except Exception:  # unreadable for pdfminer too: the caller reports it as damaged
        return None


def pdf_page_count(path: Path) -> int:
    """Number of pages (raises the typed errors of ``open_pdfium``)."""
    doc = open_pdfium(path)
    try:
        return len(doc)
    finally:
        doc.close()


def pdf_text_layers(path: Path) -> Iterator[TextLayerPage]:
    """Yield every page's text layer (pdfplumber), one page in memory at a time."""
    try:
        pdf = pdfplumber.open(path)
    except PdfminerException as exc:
        if isinstance(exc.args[0] if exc.args else None, PDFPasswordIncorrect):
            raise EncryptedPdf(f"{path.name}: encrypted; a password is required") from exc
        raise CorruptPdf(f"{path.name}: text layer unreadable ({exc.args[0]!r})") from exc
    except Exception as exc:  # pdfminer raises many types; PDFium already accepted the file
        raise CorruptPdf(f"{path.name}: text layer unreadable ({type(exc).__name__}: {exc})") from exc
    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            yield _read_text_layer(number, page)
            page.close()  # drop pdfplumber's per-page object cache so memory stays flat


def _read_text_layer(number: int, page: pdfplumber.page.Page) -> TextLayerPage:
    started = time.perf_counter()
    try:
        text = page.extract_text() or ""
        return TextLayerPage(number, text, _image_coverage(page), time.perf_counter() - started)
    except Exception as exc:  # a broken page must not fail the document
        error = f"text layer: {type(exc).__name__}: {exc}"
        return TextLayerPage(number, "", 0.0, time.perf_counter() - started, error)


def _image_coverage(page: pdfplumber.page.Page) -> float:
    area = float(page.width * page.height) or 1.0
    covered = sum(float((i["x1"] - i["x0"]) * (i["bottom"] - i["top"])) for i in page.images)
    return min(covered / area, 1.0)


def render_page(
    path: Path, page: int, dpi: int | None, max_pixels: int, color: bool = True, default_dpi: int = 300
) -> tuple[Image.Image, int]:
    """Render 1-based ``page`` (colour, so OCR can drop red stamp ink) at ``dpi``, or when ``dpi`` is None
    at the resolution ``ocr_dpi`` picks from the page's scan (``default_dpi`` for a page without one),
    lowering the scale so the bitmap stays under ``max_pixels``; returns the image and its resolution."""
    doc = open_pdfium(path)
    try:
        pdf_page = doc[page - 1]
        width, height = pdf_page.get_size()
        dpi = dpi or ocr_dpi(scan_dpi(pdf_page), default_dpi)
        scale = render_scale(width, height, dpi, max_pixels)
        bitmap = pdf_page.render(scale=scale, grayscale=not color)
        return bitmap.to_pil(), round(scale * 72)
    finally:
        doc.close()


SCAN_COVERAGE = 0.5  # an image over half the page is the page's scan


def scan_dpi(pdf_page: pdfium.PdfPage) -> float | None:
    """Resolution (dots per inch) of the largest image on the page when it covers at least half of it (a
    scan), else None."""
    width, height = pdf_page.get_size()
    best: tuple[float, float] | None = None
    for image in pdf_page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            px_width, px_height = image.get_px_size()
            left, bottom, right, top = image.get_bounds()
        except pdfium.PdfiumError:
            continue
        area = (right - left) * (top - bottom)
        if area > 0 and (best is None or area > best[0]):
            best = (area, math.sqrt(px_width * px_height / area) * 72)
    if best is None or best[0] < SCAN_COVERAGE * width * height:
        return None
    return best[1]


def render_scale(width_pt: float, height_pt: float, dpi: int, max_pixels: int) -> float:
    """Scale factor for rendering: ``dpi``/72, capped so width*height*scale² <= ``max_pixels``."""
    scale = dpi / 72.0
    pixels = width_pt * height_pt * scale * scale
    if pixels > max_pixels:
        scale *= math.sqrt(max_pixels / pixels)
    return scale
