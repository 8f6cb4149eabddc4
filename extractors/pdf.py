"""Open PDFs safely, read each page's text layer, and render pages for OCR (with a pixel cap)."""

from __future__ import annotations

import collections
import contextlib
import io
import math
import threading
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
from extractors.ruled_tables import MIN_COLS, MIN_ROWS, GridCell, cells_from_boxes
from extractors.words import RawWord, textmap_words

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
    form_field_chars: int = 0  # visible characters drawn by form-field widgets (own number, day, signature)
    words: tuple[RawWord, ...] = ()  # the words of ``text`` in its order, with their boxes
    form_field_text: str = ""  # what the widgets alone draw (kept for a page that is OCR'd)
    form_field_words: tuple[RawWord, ...] = ()
    width: float | None = None  # page size in points
    height: float | None = None
    cells: tuple[tuple[GridCell, tuple[float, float, float, float]], ...] = ()  # ruled tables' cells, boxes


def looks_like_pdf(head: bytes) -> bool:
    """True when the PDF header appears in the first KiB of the file."""
    return PDF_MAGIC in head[:MAGIC_WINDOW]


PDFIUM = threading.RLock()  # PDFium is not thread-safe, not even across documents: one call at a time per
# process (pypdfium2's documentation; a crash or a corrupt render otherwise). Every use of it, from opening a
# document to closing it, holds this lock, so documents can be read in threads (``--runner thread``).


def open_pdfium(path: Path, password: str | None = None) -> pdfium.PdfDocument:
    """Open with PDFium, mapping its failures onto typed errors (an empty user password just works). The
    caller holds PDFIUM until it has closed the document."""
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
    with PDFIUM:
        doc = open_pdfium(path)
        try:
            return len(doc)
        finally:
            doc.close()


def first_page_chars(path: Path) -> int:
    """Characters in the text layer of the first page, as PDFium counts them (raises the typed errors of
    ``open_pdfium``)."""
    with PDFIUM:
        doc = open_pdfium(path)
        try:
            return doc[0].get_textpage().count_chars()
        finally:
            doc.close()


def pdf_text_layers(path: Path) -> Iterator[TextLayerPage]:
    """Yield every page's text layer (pdfplumber), one page in memory at a time. Pages with form-field
    widgets (digital signatures, the own number and day a registration system stamps) are read from a copy
    in which PDFium has drawn the widgets' appearances into the page: their text stands where it is seen."""
    pdf = _open_plumber(path)
    flattened = _flattened_copy(path)
    with pdf, flattened or contextlib.nullcontext():
        for number, page in enumerate(pdf.pages, start=1):
            drawn = (
                flattened.pages[number - 1] if flattened and number - 1 in flattened.widget_pages else None
            )
            yield _read_text_layer(number, page, drawn)
            page.close()  # drop pdfplumber's per-page object cache so memory stays flat
            if drawn is not None:
                drawn.close()


def _open_plumber(path: Path) -> pdfplumber.PDF:
    """pdfplumber's view of ``path``; its failures as typed errors."""
    name = path.name
    try:
        return pdfplumber.open(path)
    except PdfminerException as exc:
        if isinstance(exc.args[0] if exc.args else None, PDFPasswordIncorrect):
            raise EncryptedPdf(f"{name}: encrypted; a password is required") from exc
        raise CorruptPdf(f"{name}: text layer unreadable ({exc.args[0]!r})") from exc
    except Exception as exc:  # pdfminer raises many types; PDFium already accepted the file
        raise CorruptPdf(f"{name}: text layer unreadable ({type(exc).__name__}: {exc})") from exc


class _FlattenedPdf:
    """A pdfplumber view of the document with its widgets drawn into the pages that have them."""

    def __init__(self, data: bytes, widget_pages: set[int]) -> None:
        self.widget_pages = widget_pages
        self.pdf = pdfplumber.open(io.BytesIO(data))
        self.pages = self.pdf.pages

    def __enter__(self) -> _FlattenedPdf:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pdf.close()


def _flattened_copy(path: Path) -> _FlattenedPdf | None:
    """The document with PDFium's form environment on and every page holding widget annotations flattened
    (their appearance streams become page content), or None when no page has a widget or it fails."""
    with PDFIUM:
        try:
            doc = open_pdfium(path)
        except Exception:  # the caller has read the file already; a copy that cannot be made is no copy
            return None
        try:
            doc.init_forms()
            widget_pages = {i for i in range(len(doc)) if _has_widgets(doc, i)}
            if not widget_pages:
                return None
            for index in widget_pages:
                page = doc[index]
                pdfium.raw.FPDFPage_Flatten(page, pdfium.raw.FLAT_NORMALDISPLAY)
                page.close()
            buffer = io.BytesIO()
            doc.save(buffer)
            return _FlattenedPdf(buffer.getvalue(), widget_pages)
        except Exception:  # a broken form or appearance: read the page as it is
            return None
        finally:
            doc.close()


def _has_widgets(doc: pdfium.PdfDocument, index: int) -> bool:
    page = doc[index]
    try:
        for i in range(pdfium.raw.FPDFPage_GetAnnotCount(page)):
            annot = pdfium.raw.FPDFPage_GetAnnot(page, i)
            subtype = pdfium.raw.FPDFAnnot_GetSubtype(annot)
            pdfium.raw.FPDFPage_CloseAnnot(annot)
            if subtype == pdfium.raw.FPDF_ANNOT_WIDGET:
                return True
        return False
    finally:
        page.close()


def _read_text_layer(
    number: int, page: pdfplumber.page.Page, drawn: pdfplumber.page.Page | None = None
) -> TextLayerPage:
    started = time.perf_counter()
    try:
        added: list[dict] = []
        if drawn is not None:
            drawn, added = with_field_text(page, drawn)
        textmap = (drawn or page).get_textmap()  # what extract_text() joins, with each character's box
        cells = ruled_table_cells(page)
        widget_map = _only(drawn, added).get_textmap() if drawn is not None else None
        seconds = time.perf_counter() - started
        return TextLayerPage(
            number, textmap.as_string, _image_coverage(page), seconds,
            form_field_chars=sum(bool(char["text"].strip()) for char in added),
            words=tuple(textmap_words(textmap.tuples)), width=float(page.width), height=float(page.height),
            form_field_text=widget_map.as_string if widget_map else "",
            form_field_words=tuple(textmap_words(widget_map.tuples)) if widget_map else (), cells=cells,
        )  # fmt: skip
    except Exception as exc:  # a broken page must not fail the document
        error = f"text layer: {type(exc).__name__}: {exc}"
        return TextLayerPage(number, "", 0.0, time.perf_counter() - started, error)


def ruled_table_cells(page: pdfplumber.page.Page) -> tuple[tuple[GridCell, tuple[float, ...]], ...]:
    """The cells of the page's ruled tables (pdfplumber's table finder on its drawn lines), each placed on
    its table's grid; tables of fewer than two rows or columns are frames, not tables. A page the finder
    fails on has no cells, and keeps its text."""
    try:
        tables = page.find_tables() if page.edges else []
    except Exception:  # the text layer matters more than its tables
        return ()
    found = []
    for number, table in enumerate(tables, start=1):
        placed = cells_from_boxes(number, [tuple(float(v) for v in box) for box in table.cells])
        rows = {cell.row for cell, _ in placed}
        cols = {cell.col for cell, _ in placed}
        if len(rows) >= MIN_ROWS and len(cols) >= MIN_COLS:
            found.extend(placed)
    return tuple(found)


def with_field_text(
    page: pdfplumber.page.Page, drawn: pdfplumber.page.Page
) -> tuple[pdfplumber.page.Page | None, list[dict]]:
    """``drawn`` (the page with its widgets drawn in) without the blanks of ``page`` that the widgets' text
    covers ("Số:      /TB-UBND" typed with spaces where the number is stamped), and the characters the
    widgets added; (None, []) when they added nothing visible."""
    before = collections.Counter(_char_key(c) for c in page.chars)
    added = []  # every character the widgets drew, their spaces included
    for char in drawn.chars:
        key = _char_key(char)
        if before[key] > 0:
            before[key] -= 1
        else:
            added.append(char)
    if not any(char["text"].strip() for char in added):
        return None, []

    def covered_blank(obj: dict) -> bool:
        return (
            obj.get("object_type") == "char"
            and not obj["text"].strip()
            and any(_overlaps(obj, char) for char in added if char["text"].strip())
        )

    return drawn.filter(lambda obj: not covered_blank(obj)), added


def _only(page: pdfplumber.page.Page, chars: list[dict]) -> pdfplumber.page.Page:
    """``page`` holding only ``chars`` (the widgets' text alone)."""
    kept = {id(char) for char in chars}
    return page.filter(lambda obj: id(obj) in kept)


def _char_key(char: dict) -> tuple[str, float, float]:
    return char["text"], round(float(char["x0"]), 1), round(float(char["top"]), 1)


def _overlaps(blank: dict, char: dict) -> bool:
    """A blank and a visible character on the same line whose horizontal extents overlap."""
    same_line = abs(float(blank["top"]) - float(char["top"])) < 0.6 * float(char["size"] or 1)
    return same_line and float(blank["x0"]) < float(char["x1"]) and float(char["x0"]) < float(blank["x1"])


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
    with PDFIUM:
        doc = open_pdfium(path)
        try:
            _draw_form_fields(doc)
            pdf_page = doc[page - 1]
            width, height = pdf_page.get_size()
            dpi = dpi or ocr_dpi(scan_dpi(pdf_page), default_dpi)
            scale = render_scale(width, height, dpi, max_pixels)
            bitmap = pdf_page.render(scale=scale, grayscale=not color, may_draw_forms=True)
            image = bitmap.to_pil()  # a copy, except for a grey bitmap, whose buffer PIL shares: copied
            image = image.copy() if image.mode == "L" else image  # then, as the bitmap is freed here,
            bitmap.close()  # under the lock, not whenever (and in whichever thread) it is collected
            return image, round(scale * 72)
        finally:
            doc.close()


def _draw_form_fields(doc: pdfium.PdfDocument) -> None:
    """Let PDFium draw form-field widgets (a signed scan's "Ký bởi … Thời gian ký" stamp, a stamped number):
    it draws them only with its form environment on. A broken form is rendered without them."""
    with contextlib.suppress(Exception):  # the page itself still renders
        doc.init_forms()


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
