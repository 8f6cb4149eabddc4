"""The layout model: word boxes tied to offsets, regions of a real two-column document, signer lines."""

from __future__ import annotations

import pytest

from extractors.document import file_to_document
from extractors.normalize import new_tone_placement
from extractors.signer import damaged_role, is_name, role_of_line
from tests.conftest import REAL

ROLE_LINES = [  # a signature block's line -> the role it states (canonical), or None
    ("KT. CHỦ TỊCH", "KT. CHỦ TỊCH"),
    ("PHO CHU TỊCH", "PHÓ CHỦ TỊCH"),  # OCR dropped the marks
    ("TL. CHỦ TỊCH", "TL. CHỦ TỊCH"),
    ("K/T CHỦ TỊCH", "K/T CHỦ TỊCH"),
    ("TM. ỦY BAN NHÂN DÂN", "TM. ỦY BAN NHÂN DÂN"),
    ("Q. GIÁM ĐỐC", "Q. GIÁM ĐỐC"),
    ("Giám đốc Sở Y tế chủ trì", None),
    ("- Lưu: VT, KTTH", None),
]


@pytest.mark.parametrize(("line", "role"), ROLE_LINES)
def test_role_lines(line: str, role: str | None) -> None:
    assert role_of_line(line) == role


NAMES = [("Trần Hoàng Tuấn", True), ("Nguyễn Phước Bình", True), ("Ngôn Nghiệp", True),
         ("PHÓ CHỦ TỊCH", False), ("——tLauL", False), ("Lưu", False), ("Số: 11", False)]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), NAMES)
def test_name_lines(text: str, expected: bool) -> None:
    assert is_name(text) is expected


def test_signed_pdf_layout_separates_the_columns() -> None:
    """05.signed: header and signature block are two columns each; the text layer interleaves them."""
    result = file_to_document(REAL / "05.signed_20250517_044750.pdf")
    texts = {p.page: p.text for p in result.pages}
    for row in result.layout:
        assert texts[row.page][row.start : row.end] == row.raw
        assert 0 <= row.x0 < row.x1 <= result.pages[row.page - 1].width
    regions = {(row.region, " ".join(row.raw.split())) for row in result.layout}
    assert ("header_left", "Số: 11 /TB-UBND") in regions
    assert ("header_right", "Quảng Ngãi, ngày 08tháng 01 năm 2025") in regions
    assert ("title", "THÔNG BÁO") in regions
    assert ("signature_left", "Nơi nhận:") in regions
    assert ("signature_right", "Nguyễn Phước Bình") in regions
    assert ("stamp", "09.01.2025 10:21:11 +07:00") in regions
    doc = result.document
    assert (doc.signer_name, doc.agency) == ("Nguyễn Phước Bình", "Ủy ban nhân dân")
    assert doc.signer_role == "TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG"
    assert doc.doc_number_source == "form_field"
    own = next(c for c in result.citations if c.role == "self")
    assert own.x0 is not None and own.x0 < result.pages[0].width / 2  # the number's box is in the left column


DAMAGED = [  # OCR damage before a role: the column is found, the role is not trusted
    ("gà: - s PHÓ CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    ("`... CHỦ TỊCH", "CHỦ TỊCH"),
    ("KT. CHỦ TỊCH", None),  # clean: role_of_line's
    ("do Chủ tịch", None),  # body text: the role is not in capitals
]


@pytest.mark.parametrize(("line", "role"), DAMAGED)
def test_damaged_role_lines(line: str, role: str | None) -> None:
    assert damaged_role(line) == role
    assert role_of_line(line) is None or role is None


TONES = [("UỶ BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"), ("Thanh Hoá", "Thanh Hóa"), ("CỘNG HOÀ", "CỘNG HÒA"),
         ("khoẻ", "khỏe"), ("Ủy ban", "Ủy ban")]  # fmt: skip


@pytest.mark.parametrize(("old", "new"), TONES)
def test_old_tone_placement_is_matched_as_today(old: str, new: str) -> None:
    assert new_tone_placement(old) == new and len(new_tone_placement(old)) == len(old)
