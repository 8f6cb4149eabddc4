"""Word documents: a .docx becomes pages of text (paragraphs and tables in reading order, one page per
section or page break) that every extractor reads; other office formats need LibreOffice or fail clearly."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK

from extractors import office
from extractors.document import file_to_document
from extractors.errors import CorruptDocument, NeedsConversion
from extractors.pages import media_type_of

HEADER = [("ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\nSố: 45/BC-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
           "Độc lập - Tự do - Hạnh phúc\nLai Châu, ngày 14 tháng 6 năm 2024")]  # fmt: skip


def build_report(path: Path) -> Path:
    """A report as provinces type it in Word: a two-column header table, the title, body paragraphs, a page
    break, a statistics table with a merged header cell."""
    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    for cell, text in zip(header.rows[0].cells, HEADER[0], strict=True):
        cell.text = text
    document.add_paragraph("BÁO CÁO")
    document.add_paragraph("Kết quả công tác cải cách hành chính 6 tháng đầu năm 2024")
    body = document.add_paragraph(
        "Thực hiện Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ,"
    )
    body.add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 92,03%.")
    table = document.add_table(rows=3, cols=3)
    merged = table.cell(0, 1).merge(table.cell(0, 2))
    merged.text = "Hồ sơ"
    table.cell(0, 0).text = "Đơn vị"
    for row, values in zip(
        table.rows[1:], (("", "Tiếp nhận", "Đúng hạn"), ("Sở Y tế", "310", "305")), strict=True
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.save(str(path))
    return path


def test_docx_report_reads_like_a_text_layer(tmp_path: Path) -> None:
    result = file_to_document(build_report(tmp_path / "báo cáo.docx"))
    pages = result.pages
    assert [(p.page, p.text_source, p.route_reason) for p in pages] == [
        (1, "text", "docx"),
        (2, "text", "docx"),
    ]
    assert pages[0].text.splitlines()[:3] == [
        "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TỈNH LAI CHÂU\tĐộc lập - Tự do - Hạnh phúc",
        "Số: 45/BC-UBND\tLai Châu, ngày 14 tháng 6 năm 2024",
    ]
    assert "Sở Y tế\t310\t305" in pages[1].text.splitlines()
    assert "Đơn vị\tHồ sơ" in pages[1].text.splitlines()  # the merged header cell once
    document = result.document
    assert (document.media_type, document.doc_type, document.doc_number) == ("docx", "BC", "45/BC-UBND")
    assert document.issue_date == dt.date(2024, 6, 14) and document.province_current == "Lai Châu"
    assert [(c.number, c.issue_date) for c in result.citations if c.role == "cited"] == [
        ("1847/QĐ-TTg", dt.date(2018, 12, 27))
    ]
    for citation in result.citations:
        assert pages[citation.page - 1].text[citation.start : citation.end] == citation.raw


def test_text_named_docx_is_a_corrupt_document(tmp_path: Path) -> None:
    path = tmp_path / "ghi chú.docx"
    path.write_text("không phải tệp Word", encoding="utf-8")
    with pytest.raises(CorruptDocument):
        media_type_of(path, path.read_bytes()[:1024])


def test_zip_that_is_not_word_is_a_corrupt_document(tmp_path: Path) -> None:
    path = tmp_path / "nén.docx"
    shutil.make_archive(str(tmp_path / "nén"), "zip", tmp_path, ".")
    (tmp_path / "nén.zip").rename(path)
    with pytest.raises(CorruptDocument):
        file_to_document(path)


def test_doc_without_libreoffice_says_to_convert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    path = tmp_path / "công văn cũ.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)  # an OLE2 (Word 97) header
    with pytest.raises(NeedsConversion, match=r"convert it to \.docx or \.pdf"):
        file_to_document(path)
    assert NeedsConversion.error_type == "needs_conversion"
