"""Builds the bad-input corpus: every kind of messy file a yearly batch meets, each with what it must become.

`build_bad_inputs(folder, font)` writes the files (small, made on the fly: nothing binary is committed) and
returns the expectation per file name: a `documents` row with a text source, or a `failures` row with an
error_type. Names carry Vietnamese diacritics and spaces on purpose.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from devtools.sample_corpus import to_tcvn3
from extractors.legacy import legacy_table
from tests.pdf_builders import digital_pdf, garbage_layer_pdf, new_pdf, render_text_pages

REPORT = [
    "ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH",
    "BÁO CÁO",
    "Kết quả thực hiện công tác cải cách hành chính quý I năm 2023",
    "Thực hiện Kế hoạch số 244/KH-UBND ngày 25/12/2022 của Ủy ban nhân dân tỉnh về cải cách hành chính,",
    "Sở Y tế báo cáo kết quả như sau: tổng số hồ sơ tiếp nhận 310 hồ sơ, đã giải quyết đúng hạn 92,03%.",
    "Đơn vị tiếp tục rà soát, đơn giản hóa thủ tục hành chính và nâng cao chỉ số hài lòng của người dân.",
]
A4_PT = (595.0, 842.0)
ABSURD_PT = 20000.0  # a 7 m square page: rendered at 300 dpi it would be 6.9 gigapixels


@dataclass(frozen=True)
class Expected:
    """What one input must become: a document (with its text_source) or a failure (with its error_type)."""

    outcome: str  # "document" or "failure"
    kind: str  # text_source of the document, or error_type of the failure
    text: str | None = None  # a phrase the document's pages must hold


def document(source: str, text: str | None = "cải cách hành chính") -> Expected:
    return Expected("document", source, text)


def failure(error_type: str) -> Expected:
    return Expected("failure", error_type)


def build_bad_inputs(folder: Path, font: Path) -> dict[str, Expected]:
    """Write the corpus into ``folder``; returns file name -> expectation."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, Expected] = {}
    for name, (build, outcome) in BUILDERS.items():
        build(folder / name, font)
        expected[name] = outcome
    return expected


def _good(path: Path, font: Path) -> None:
    digital_pdf(path, ["\n".join(REPORT)], font)


def _duplicate(path: Path, font: Path) -> None:
    shutil.copyfile(path.with_name(DUPLICATES[0]), path)  # a byte copy of the good report, built before it


def _empty(path: Path, font: Path) -> None:
    path.write_bytes(b"")


def _html(path: Path, font: Path) -> None:
    path.write_text("<!DOCTYPE html><html><body>404 Không tìm thấy trang</body></html>", encoding="utf-8")


def _png_named_pdf(path: Path, font: Path) -> None:
    Image.new("L", (40, 40), 255).save(path, "PNG")


def _corrupt(path: Path, font: Path) -> None:
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")


def _truncated(path: Path, font: Path) -> None:
    whole = digital_pdf(path, ["\n".join(REPORT)] * 3, font).read_bytes()
    path.write_bytes(whole[:200])  # the header and the start of the first object, nothing else


def _locked(path: Path, font: Path) -> None:
    digital_pdf(path, ["\n".join(REPORT)], font, password="mat-khau-2024")


def _open_encrypted(path: Path, font: Path) -> None:
    digital_pdf(path, ["\n".join(REPORT), "Trang hai: cải cách hành chính."], font, password="")


def _zero_pages(path: Path, font: Path) -> None:
    pdfium.PdfDocument.new().save(path)


def absurd_page_pdf(path: Path, font: Path, text: bool = True) -> Path:
    """One 20000 x 20000 pt page (with a text layer, or blank so that it must be rendered)."""
    side_mm = ABSURD_PT / 72 * 25.4
    pdf = new_pdf(unit="mm", format=(side_mm, side_mm))
    pdf.add_font("serif", fname=str(font))
    pdf.set_font("serif", size=12)
    pdf.add_page()
    if text:
        pdf.multi_cell(200, 6, "\n".join(REPORT))
    pdf.output(str(path))
    return path


def _absurd(path: Path, font: Path) -> None:
    absurd_page_pdf(path, font)


def many_pages_pdf(path: Path, font: Path, pages: int = 1000) -> Path:
    """A ``pages``-page PDF: one report page, copied by PDFium (fast to build, a real page tree)."""
    one = digital_pdf(path.with_suffix(".one.pdf"), [REPORT[2]], font)
    source = pdfium.PdfDocument(str(one))
    big = pdfium.PdfDocument.new()
    big.import_pages(source, [0] * pages)
    big.save(path)
    big.close()
    source.close()
    one.unlink()
    return path


def _blank_image(path: Path, font: Path) -> None:
    Image.new("L", (1240, 1754), 255).save(path, "PNG")


def _broken_image(path: Path, font: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)


def bomb_png(path: Path, side: int) -> Path:
    """A real decompression bomb: a ``side`` x ``side`` 1-bit PNG of zeros, a few hundred KB on disk."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")
    )
    return path


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def _bomb(path: Path, font: Path) -> None:
    bomb_png(path, 10_000)  # 100 megapixels: over Pillow's limit (89.5 M), under its hard error (179 M)


def legacy_layer_pdf(path: Path, lines: list[str], encode: Callable[[str], str], font: Path) -> Path:
    """A digital PDF whose text layer is ``lines`` re-encoded by ``encode`` (each legacy byte drawn as the
    Latin-1 character of the same code), as reports typed in .VnTime (TCVN3) or VNI-Times fonts come out."""
    pdf = new_pdf(format="A4")
    pdf.add_font("serif", fname=str(font))
    pdf.add_page()
    pdf.set_font("serif", size=11)
    for i, line in enumerate(lines):
        pdf.text(15, 20 + 7 * i, encode(line))
    pdf.output(str(path))
    return path


def to_vni(text: str) -> str:
    """``text`` spelled in VNI (the inverse of the project's decoding table)."""
    table = {u: legacy for legacy, u in legacy_table("vni").to_unicode.items()}
    return "".join(table.get(ch, ch) for ch in text)


def _tcvn3(path: Path, font: Path) -> None:
    legacy_layer_pdf(path, REPORT, to_tcvn3, font)


def _vni(path: Path, font: Path) -> None:
    legacy_layer_pdf(path, REPORT, to_vni, font)


def _garbage_layer(path: Path, font: Path) -> None:
    image, _ = render_text_pages(REPORT, font, dpi=200)[0]
    garbage_layer_pdf(path, image, "q#x§ ¤w¦ z®k ©þ× ±¬µ wqz pxk " * 40, dpi=200)


def _unsupported(path: Path, font: Path) -> None:
    path.write_text("ghi chú, không phải báo cáo", encoding="utf-8")


BUILDERS = {
    "báo cáo quý I.pdf": (_good, document("text_layer")),
    "bản sao của báo cáo.pdf": (_duplicate, document("text_layer")),
    "rỗng.pdf": (_empty, failure("empty")),
    "trang web lỗi.pdf": (_html, failure("not_a_pdf")),
    "ảnh chụp đổi tên.pdf": (_png_named_pdf, failure("not_a_pdf")),
    "hỏng nặng.pdf": (_corrupt, failure("corrupt")),
    "tải dở.pdf": (_truncated, failure("corrupt")),
    "có mật khẩu.pdf": (_locked, failure("encrypted")),
    "mật khẩu rỗng.pdf": (_open_encrypted, document("text_layer")),
    "không có trang.pdf": (_zero_pages, failure("no_pages")),
    "khổ giấy 20000pt.pdf": (_absurd, document("text_layer")),
    "ảnh trắng.png": (_blank_image, failure("no_text")),
    "ảnh hỏng.png": (_broken_image, failure("bad_image")),
    "bom giải nén.png": (_bomb, failure("bad_image")),
    "mã TCVN3.pdf": (_tcvn3, document("text_layer")),
    "mã VNI.pdf": (_vni, document("text_layer")),
    "lớp chữ rác.pdf": (_garbage_layer, document("ocr", "cải cách hành")),
    "ghi chú.docx": (_unsupported, failure("corrupt")),  # a text file named .docx
    "ghi chú.pages": (_unsupported, failure("unsupported_type")),
}
DUPLICATES = ("báo cáo quý I.pdf", "bản sao của báo cáo.pdf")
