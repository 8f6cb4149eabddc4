"""Any input file -> its pages' text, one `PageText` per page whatever the route (text layer, OCR, text)."""

from __future__ import annotations

import dataclasses
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from extractors.cleanup import ocr_dpi
from extractors.errors import (
    BadImage,
    CorruptDocument,
    EmptyFile,
    FileVanished,
    NotAPdf,
    NoText,
    PagesFailed,
    UnsupportedFile,
)
from extractors.legacy import decode_legacy, legacy_table
from extractors.normalize import normalize_text
from extractors.ocr import DEFAULT_OCR, OcrResult, OcrSettings, image_to_ocr
from extractors.office import convert_to_docx, docx_text
from extractors.pdf import (
    TextLayerPage,
    first_page_chars,
    looks_like_pdf,
    pdf_page_count,
    pdf_text_layers,
    render_page,
)
from extractors.routing import OcrMode, RouteDecision, measure_text_layer, page_needs_ocr
from extractors.words import align_words, cells_with_words
from schemas.pages import PageText

# File kinds by extension (data): what each suffix is read as.
MEDIA_TYPES: dict[str, str] = {
    ".pdf": "pdf",
    ".txt": "text",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
    ".docx": "docx",
    ".doc": "office",  # read through LibreOffice (converted to .docx) when it is installed
    ".odt": "office",
    ".rtf": "office",
}
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SCAN_TEXT_CHARS = 20  # a PDF whose first page's text layer holds fewer characters looks scanned
LEGACY_REASONS = {"legacy_encoding", "garbage"}  # text layers worth trying to decode before OCR

MapFn = Callable[[Callable, Iterable], Iterable]


def looks_scanned(path: Path, media_type: str) -> bool:
    """A glance for scheduling only (how each page is read is decided page by page): an image, or a PDF
    whose first page has next to no text layer. A file that cannot be opened does not look scanned."""
    if media_type != "pdf":
        return media_type == "image"
    try:
        return first_page_chars(path) < SCAN_TEXT_CHARS
    except Exception:  # its reading will report why
        return False


@dataclass(frozen=True)
class OcrJob:
    """One PDF page to render and OCR (picklable, so it can run in another process)."""

    path: Path
    page: int
    reason: str
    settings: OcrSettings


def media_type_of(path: Path, head: bytes) -> str:
    """pdf, text or image, from the suffix checked against the first bytes; raises a typed error."""
    if not head:
        raise EmptyFile(f"{path.name}: empty file (0 bytes)")
    media = MEDIA_TYPES.get(path.suffix.lower())
    if media is None:
        if looks_like_pdf(head):
            return "pdf"
        raise UnsupportedFile(f"{path.name}: unsupported file type {path.suffix or '(none)'!r}")
    if media == "pdf" and not looks_like_pdf(head):
        raise NotAPdf(f"{path.name}: named .pdf but has no %PDF header ({_sniff(head)})")
    if media == "docx" and not head.startswith(b"PK\x03\x04"):
        raise CorruptDocument(f"{path.name}: named .docx but is not a Word file ({_sniff(head)})")
    return media


def _sniff(head: bytes) -> str:
    signatures = {b"\x89PNG": "PNG image", b"\xff\xd8": "JPEG image", b"PK\x03\x04": "ZIP/Office file"}
    for magic, name in signatures.items():
        if head.startswith(magic):
            return f"looks like a {name}"
    if b"<html" in head[:512].lower() or b"<!doctype" in head[:512].lower():
        return "looks like HTML"
    return "unknown content"


def file_to_pages(
    path: Path,
    doc_id: str,
    media_type: str,
    mode: OcrMode = OcrMode.AUTO,
    settings: OcrSettings = DEFAULT_OCR,
    map_fn: MapFn = map,
) -> list[PageText]:
    """All pages of ``path`` as PageText; OCR jobs go through ``map_fn`` (a process pool's map, say).
    Raises NoText / PagesFailed when no page holds any text (a page that fails alone keeps its error)."""
    try:
        if media_type == "text":
            pages = text_file_to_pages(path, doc_id)
        elif media_type == "image":
            pages = image_file_to_pages(path, doc_id, settings)
        elif media_type in ("docx", "office"):
            pages = office_file_to_pages(path, doc_id, media_type)
        else:
            pages = pdf_to_pages(path, doc_id, mode, settings, map_fn)
    except FileNotFoundError as exc:
        raise FileVanished(f"{path}: disappeared before it could be read") from exc
    return require_text(path, pages)


def require_text(path: Path, pages: list[PageText]) -> list[PageText]:
    """``pages`` when at least one holds text; else a typed error saying why none does."""
    if any(page.text.strip() for page in pages):
        return pages
    errors = [page for page in pages if page.error is not None]
    if pages and len(errors) == len(pages):
        first = errors[0]
        raise PagesFailed(f"{path.name}: all {len(pages)} pages failed (page {first.page}: {first.error})")
    raise NoText(f"{path.name}: no text on any of its {len(pages)} pages (blank or an image without writing)")


def text_file_to_pages(path: Path, doc_id: str) -> list[PageText]:
    """A .txt file: pages split on form feeds; decoded as UTF-8 (BOM ok), UTF-16 (with BOM) or Windows-1258."""
    chunks = normalize_text(decode_text_bytes(path.read_bytes())).split("\f")
    return [_page(doc_id, i, "text", "text_file", chunk, None, 0.0) for i, chunk in enumerate(chunks, 1)]


def office_file_to_pages(path: Path, doc_id: str, media_type: str) -> list[PageText]:
    """A Word document's pages (one per section or page break); other office formats through LibreOffice."""
    started = time.perf_counter()
    if media_type == "docx":
        text = docx_text(path)
    else:
        with tempfile.TemporaryDirectory() as workdir:
            text = docx_text(convert_to_docx(path, Path(workdir)))
    chunks = normalize_text(text).split("\f")
    seconds = (time.perf_counter() - started) / max(len(chunks), 1)
    reason = "docx" if media_type == "docx" else f"converted_{path.suffix.lower().lstrip('.')}"
    return [_page(doc_id, i, "text", reason, chunk, None, seconds) for i, chunk in enumerate(chunks, 1)]


def decode_text_bytes(raw: bytes) -> str:
    """UTF-16 when it has a BOM, else UTF-8 (BOM optional), else Vietnamese Windows-1258."""
    if raw.startswith(UTF16_BOMS):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1258", errors="replace")


def image_file_to_pages(path: Path, doc_id: str, settings: OcrSettings) -> list[PageText]:
    """An image file (every frame of a multi-page TIFF, one frame in memory at a time) is OCR'd page by page;
    images over Pillow's pixel limit (decompression bombs) are refused, never decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                return [
                    _image_page(doc_id, number, frame, settings)
                    for number, frame in enumerate(ImageSequence.Iterator(image), start=1)
                ]
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise BadImage(f"{path.name}: cannot decode image ({type(exc).__name__}: {exc})") from exc
    except OSError as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        raise BadImage(f"{path.name}: cannot decode image ({type(exc).__name__}: {exc})") from exc


def _image_page(doc_id: str, number: int, frame: Image.Image, settings: OcrSettings) -> PageText:
    job = OcrJob(Path(), number, "image_input", settings)
    try:
        frame.load()
    except OSError as exc:  # a truncated frame: decoding it failed, not the OCR
        return _outcome_to_page(doc_id, job, f"image: {type(exc).__name__}: {exc}")
    return _outcome_to_page(doc_id, job, _ocr_image(frame, settings, header=number == 1))


def _ocr_image(image: Image.Image, settings: OcrSettings, header: bool = False) -> OcrResult | str:
    try:
        image, dpi = image_at_ocr_dpi(image, settings)
        return image_to_ocr(image, settings, dpi, header)
    except Exception as exc:  # tesseract timeouts and crashes: recorded on the page row
        return f"ocr: {type(exc).__name__}: {exc}".strip()


def image_at_ocr_dpi(image: Image.Image, settings: OcrSettings) -> tuple[Image.Image, int | None]:
    """An image file's frame at the resolution to OCR it at (a low-resolution scan enlarged), with that
    resolution; as it is when the file does not say its resolution."""
    declared = image.info.get("dpi")
    native = float(declared[0]) if declared and float(declared[0]) > 1 else None
    if native is None:
        return image, None
    dpi = ocr_dpi(native, settings.dpi)
    if dpi == round(native):
        return image, dpi
    size = (round(image.width * dpi / native), round(image.height * dpi / native))
    return image.resize(size, Image.Resampling.LANCZOS), dpi


def pdf_to_pages(
    path: Path, doc_id: str, mode: OcrMode, settings: OcrSettings, map_fn: MapFn = map
) -> list[PageText]:
    """Route each PDF page: keep a sound text layer, OCR the rest (through ``map_fn``)."""
    pdf_page_count(path)  # PDFium checks first: typed errors for encrypted, damaged, zero-page files
    pages: dict[int, PageText] = {}
    jobs: list[OcrJob] = []
    widgets: dict[int, TextLayerPage] = {}
    for layer in pdf_text_layers(path):
        page = _text_layer_page(doc_id, layer, mode)
        if isinstance(page, PageText):
            pages[layer.page] = page
        else:
            jobs.append(OcrJob(path, layer.page, page.reason, settings))
            if layer.form_field_text.strip():  # its widgets' text is added to the OCR'd page
                widgets[layer.page] = layer
    for job, outcome in zip(jobs, map_fn(ocr_pdf_page, jobs), strict=True):
        page = _outcome_to_page(doc_id, job, outcome)
        pages[job.page] = with_widget_text(page, widgets[job.page]) if job.page in widgets else page
    return [pages[number] for number in sorted(pages)]


def with_widget_text(page: PageText, layer: TextLayerPage) -> PageText:
    """An OCR'd page with the text its form-field widgets draw (a signed scan's "Ký bởi … Thời gian ký"
    stamp, exact where OCR of the blue stamp is not) added as a last block, with its words' boxes."""
    widget_text = normalize_text(layer.form_field_text).strip()
    if page.error is not None or not widget_text:
        return page
    joined = f"{page.text.rstrip()}\n\n{widget_text}\n" if page.text.strip() else f"{widget_text}\n"
    offset = len(joined) - len(widget_text) - 1
    placed = align_words(widget_text, layer.form_field_words, normalize_text)
    moved = tuple(dataclasses.replace(w, start=w.start + offset, end=w.end + offset) for w in placed)
    return dataclasses.replace(
        page, text=joined, chars=len(joined), route_reason=f"{page.route_reason}+form_fields",
        words=page.words + moved,
    )  # fmt: skip


def _text_layer_page(doc_id: str, layer: TextLayerPage, mode: OcrMode) -> PageText | RouteDecision:
    """The page from its text layer (decoded from TCVN3/VNI when it is legacy-encoded), or why to OCR it."""
    started = time.perf_counter()
    text = normalize_text(layer.text)
    decision = _route(text, layer.image_coverage, layer.error, mode)
    source, words = "text_layer", layer.words
    if decision.reason in LEGACY_REASONS and (decoded := decode_legacy(layer.text, layer.image_coverage)):
        source, text = "text_layer_decoded", decoded.text
        decision = RouteDecision(False, f"decoded_{decoded.encoding}")
        table = legacy_table(decoded.encoding)
        words = tuple(word._replace(text=table.decode(word.text)) for word in layer.words)
    if decision.use_ocr:
        return decision
    if layer.form_field_chars:  # the own number, day or signature stamp drawn by form-field widgets
        decision = RouteDecision(False, f"{decision.reason}+form_fields")
    placed = align_words(text, words, normalize_text, any_case=source == "text_layer_decoded")
    seconds = layer.seconds + time.perf_counter() - started
    page = _page(doc_id, layer.page, source, decision.reason, text, None, seconds)
    cells = cells_with_words(layer.cells, placed)
    return dataclasses.replace(page, width=layer.width, height=layer.height, words=placed, cells=cells)


def _route(text: str, coverage: float, error: str | None, mode: OcrMode) -> RouteDecision:
    if error is not None and mode is not OcrMode.NEVER:
        return RouteDecision(True, "text_layer_error")
    return page_needs_ocr(measure_text_layer(text, coverage), mode)


def ocr_pdf_page(job: OcrJob) -> OcrResult | str:
    """Render and OCR one page; an error comes back as its message so one page never fails a document."""
    started = time.perf_counter()
    try:
        image, dpi = render_page(
            job.path, job.page, None, job.settings.max_pixels, default_dpi=job.settings.dpi
        )
        result = image_to_ocr(image, job.settings, dpi, header=job.page == 1)
        return dataclasses.replace(result, seconds=time.perf_counter() - started)
    except Exception as exc:  # tesseract timeouts, render failures: recorded on the page row
        return f"ocr: {type(exc).__name__}: {exc}".strip()


def _outcome_to_page(doc_id: str, job: OcrJob, outcome: OcrResult | str) -> PageText:
    if isinstance(outcome, str):
        return PageText(doc_id, job.page, "none", job.reason, "", 0, None, 0.0, outcome)
    return _ocr_page(doc_id, job.page, job.reason, outcome)


def _ocr_page(doc_id: str, number: int, reason: str, result: OcrResult) -> PageText:
    text = normalize_text(result.text)
    page = _page(doc_id, number, "ocr", reason, text, result.confidence, result.seconds)
    width, height = result.size or (None, None)
    return dataclasses.replace(
        page, ocr_dpi=result.dpi, rotation=result.rotation, skew_degrees=result.skew,
        preprocessing=",".join(result.steps) or None, width=width, height=height,
        words=align_words(text, result.words, normalize_text), field_readings=result.field_readings,
        cells=result.cells if text == result.text else (),
    )  # fmt: skip


def _page(
    doc_id: str, number: int, source: str, reason: str, text: str, conf: float | None, seconds: float
) -> PageText:
    return PageText(doc_id, number, source, reason, text, len(text), conf, round(seconds, 4), None)
