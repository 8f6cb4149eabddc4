"""Reading inputs: file types, typed failures for bad files, text files, OCR text assembly, render caps."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractors.document import file_to_document
from extractors.errors import (
    BadImage,
    CorruptDocument,
    CorruptPdf,
    EmptyFile,
    EncryptedPdf,
    IngestError,
    NoPages,
    NotAPdf,
    UnsupportedFile,
)
from extractors.ocr import looks_like_table, tsv_to_text
from extractors.pages import media_type_of
from extractors.pdf import render_scale
from extractors.routing import OcrMode
from tests.pdf_builders import digital_pdf

REPORT_PAGE = "BÁO CÁO\nKết quả cải cách hành chính quý I năm 2023\nTổng số hồ sơ tiếp nhận: 310 hồ sơ."

MEDIA = [
    ("pdf_by_suffix_and_magic", "a.pdf", b"%PDF-1.7\n", "pdf"),
    ("pdf_header_after_junk", "a.pdf", b"\x00\x00junk%PDF-1.4", "pdf"),
    ("pdf_without_suffix", "scan", b"%PDF-1.4", "pdf"),
    ("text_file", "a.txt", b"B\xc3\xa1o c\xc3\xa1o", "text"),
    ("upper_case_suffix", "A.PDF", b"%PDF-1.5", "pdf"),
    ("png_image", "a.png", b"\x89PNG\r\n", "image"),
    ("tiff_image", "a.tif", b"II*\x00", "image"),
]


@pytest.mark.parametrize(("case", "name", "head", "expected"), MEDIA, ids=[m[0] for m in MEDIA])
def test_media_type_of(case: str, name: str, head: bytes, expected: str) -> None:
    assert media_type_of(Path(name), head) == expected


BAD_HEADS = [
    ("empty_file", "a.pdf", b"", EmptyFile),
    ("html_named_pdf", "a.pdf", b"<!DOCTYPE html><html>", NotAPdf),
    ("png_named_pdf", "a.pdf", b"\x89PNG\r\n\x1a\n", NotAPdf),
    ("keynote_deck", "a.key", b"PK\x03\x04", UnsupportedFile),
    ("text_named_docx", "a.docx", b"plain text", CorruptDocument),
]


@pytest.mark.parametrize(("case", "name", "head", "error"), BAD_HEADS, ids=[b[0] for b in BAD_HEADS])
def test_bad_heads_raise_typed_errors(case: str, name: str, head: bytes, error: type[IngestError]) -> None:
    with pytest.raises(error):
        media_type_of(Path(name), head)


def test_error_types_and_exit_codes_are_distinct() -> None:
    kinds = [EmptyFile, NotAPdf, EncryptedPdf, CorruptPdf, NoPages, UnsupportedFile, BadImage]
    assert len({k.error_type for k in kinds}) == len(kinds)
    assert len({k.exit_code for k in kinds}) == len(kinds)


def test_digital_pdf_uses_its_text_layer(tmp_path: Path, serif_font: Path) -> None:
    pdf = digital_pdf(tmp_path / "report.pdf", [REPORT_PAGE, "Trang hai: 92,03% hồ sơ đúng hạn."], serif_font)
    result = file_to_document(pdf)
    assert [p.text_source for p in result.pages] == ["text_layer", "text_layer"]
    assert "Tổng số hồ sơ tiếp nhận: 310 hồ sơ." in result.pages[0].text
    assert result.document.text_source == "text_layer"
    assert result.document.pages == 2 and result.document.status == "ok"


def test_encrypted_pdf_with_empty_user_password_just_works(tmp_path: Path, serif_font: Path) -> None:
    pdf = digital_pdf(tmp_path / "open.pdf", [REPORT_PAGE], serif_font, password="")
    assert "310 hồ sơ" in file_to_document(pdf).pages[0].text


def test_encrypted_pdf_with_user_password_fails_typed(tmp_path: Path, serif_font: Path) -> None:
    pdf = digital_pdf(tmp_path / "locked.pdf", [REPORT_PAGE], serif_font, password="secret")
    with pytest.raises(EncryptedPdf):
        file_to_document(pdf)


def test_truncated_pdf_is_corrupt_or_degrades_per_page(tmp_path: Path, serif_font: Path) -> None:
    whole = digital_pdf(tmp_path / "whole.pdf", [REPORT_PAGE] * 3, serif_font).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) // 3])
    try:
        result = file_to_document(cut, OcrMode.NEVER)
    except CorruptPdf:
        return
    assert result.document.pages >= 1  # PDFium repaired it: still one row, never a crash


def test_zero_page_pdf_fails_typed(tmp_path: Path) -> None:
    empty = tmp_path / "zero.pdf"
    pdfium.PdfDocument.new().save(empty)
    with pytest.raises(NoPages):
        file_to_document(empty)


def test_text_file_pages_split_on_form_feed(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("Trang một\fTrang hai\f\u00d0ề án", encoding="utf-8")
    result = file_to_document(path)
    assert [p.text for p in result.pages] == ["Trang một", "Trang hai", "Đề án"]
    assert {p.text_source for p in result.pages} == {"text"}
    assert result.document.text_source == "text"


def test_windows_1258_text_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Báo cáo năm 2023".encode("cp1258"))
    assert file_to_document(path).pages[0].text == "Báo cáo năm 2023"


def test_undecodable_image_fails_typed(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(BadImage):
        file_to_document(path)


def test_tsv_to_text_rebuilds_lines_and_paragraphs() -> None:
    data = {
        "text": ["", "BÁO", "CÁO", "Số:", "23", "", "Kết", "quả"],
        "block_num": [1, 1, 1, 1, 1, 2, 2, 2],
        "par_num": [1, 1, 1, 1, 1, 1, 1, 1],
        "line_num": [1, 1, 1, 2, 2, 1, 1, 1],
        "conf": [-1, 90, 80, 70, 60, -1, 95, 85],
    }
    text, confidence = tsv_to_text(data)
    assert text == "BÁO CÁO\nSố: 23\n\nKết quả\n"
    assert confidence == pytest.approx(80.0)


@pytest.mark.parametrize(
    ("width", "height", "dpi", "cap", "expected_pixels_at_most"),
    [
        (595, 842, 300, 60_000_000, 595 * 842 * (300 / 72) ** 2 + 1),
        (20000, 20000, 300, 60_000_000, 60_000_001),
    ],
    ids=["a4_at_300_dpi", "absurd_media_box_capped"],
)
def test_render_scale_caps_pixels(
    width: int, height: int, dpi: int, cap: int, expected_pixels_at_most: float
) -> None:
    scale = render_scale(width, height, dpi, cap)
    assert width * height * scale * scale <= expected_pixels_at_most


TABLE_TEXTS = [
    ("score_rows", "1.1 Kế hoạch CCHC 1,5 1 1,5 0,5\n" * 6, True),
    ("ruled_cells", "L2 | Công tác | 2 | 25 | 3]\n" * 4, True),
    ("body_with_numbers", "Tổng số hồ sơ tiếp nhận: 310 hồ sơ, đã giải quyết 227 hồ sơ (73%).\n" * 10, False),
    ("body", "Cải cách hành chính năm 2024 của Sở Y tế.\n" * 20, False),
]


@pytest.mark.parametrize(("case", "text", "expected"), TABLE_TEXTS, ids=[t[0] for t in TABLE_TEXTS])
def test_looks_like_table(case: str, text: str, expected: bool) -> None:
    assert looks_like_table(text) is expected


def test_pdfium_work_in_threads_gives_what_it_gives_alone() -> None:
    """PDFium is not thread-safe (documents are read in threads with ``--runner thread``): renders and page
    counts of the real PDFs made in eight threads at once equal those made one by one (without the lock in
    extractors/pdf.py this crashed the process: a segmentation fault)."""
    import hashlib
    from concurrent.futures import ThreadPoolExecutor

    from extractors.pdf import pdf_page_count, render_page
    from tests.conftest import real_pdfs

    def read(path: Path) -> list[str]:
        pages = range(1, min(pdf_page_count(path), 3) + 1)
        return [hashlib.sha256(render_page(path, n, 72, 10_000_000)[0].tobytes()).hexdigest() for n in pages]

    alone = [read(path) for path in real_pdfs()]
    with ThreadPoolExecutor(8) as pool:
        for _ in range(4):
            assert list(pool.map(read, real_pdfs())) == alone
