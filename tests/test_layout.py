"""The layout model: word boxes tied to offsets, regions of a real two-column document, signer lines."""

from __future__ import annotations

import pytest

from extractors.document import file_to_document
from extractors.metadata import number_in_file_name, reconciled_own_citation
from extractors.normalize import new_tone_placement
from extractors.signer import damaged_role, is_name, layout_to_signer, role_of_line
from schemas.citations import Citation
from schemas.documents import DocumentMetadata
from schemas.layout import LayoutLine
from schemas.pages import PageText
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
    ("KT. BỘ TRƯỞNG", "KT. BỘ TRƯỞNG"),
    ("THỨ TRƯỞNG", "THỨ TRƯỞNG"),  # a deputy minister, not THỦ TRƯỞNG (head of an agency): both fold alike
    ("THỦ TRƯỞNG", "THỦ TRƯỞNG"),
    ("THU TRUONG", None),  # marks lost: either could be
]


@pytest.mark.parametrize(("line", "role"), ROLE_LINES)
def test_role_lines(line: str, role: str | None) -> None:
    assert role_of_line(line) == role


NAMES = [("Trần Hoàng Tuấn", True), ("Nguyễn Phước Bình", True), ("Ngôn Nghiệp", True),
         ("PHÓ CHỦ TỊCH", False), ("——tLauL", False), ("Lưu", False), ("Số: 11", False),
         ("À H", False), ("Nguyễn Thị Ý", True)]  # fmt: skip


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
    assert (doc.doc_number_source, doc.doc_number_confidence) == ("form_field", 1.0)
    own = next(c for c in result.citations if c.role == "self")
    assert own.x0 is not None and own.x0 < result.pages[0].width / 2  # the number's box is in the left column
    evidence = {(e.field, " ".join(e.raw.split())): e for e in doc.field_evidence if e.field != "title"}
    title = next(e for e in doc.field_evidence if e.field == "title")
    assert " ".join(title.raw.split()) == doc.title and title.raw.startswith("Kết luận của Phó Chủ tịch UBND")
    assert set(evidence) == {
        ("doc_number", "11 /TB-UBND"), ("issue_date", "ngày 08tháng 01 năm 2025"),
        ("province", "QUẢNG NGÃI"), ("agency", "ỦY BAN NHÂN DÂN"), ("place", "Quảng Ngãi"),
        ("signer_name", "Nguyễn Phước Bình"), ("signer_role", "TL. CHỦ TỊCH"),
        ("signer_role", "KT. CHÁNH VĂN PHÒNG"), ("signer_role", "PHÓ CHÁNH VĂN PHÒNG"),
    }  # fmt: skip
    width = result.pages[0].width
    for e in doc.field_evidence:  # where each value stands: its text and its box on the page
        assert texts[e.page][e.start : e.end] == e.raw and e.x0 is not None and e.x0 < e.x1
    assert evidence[("doc_number", "11 /TB-UBND")].x1 < width / 2 < evidence[("place", "Quảng Ngãi")].x0
    assert evidence[("signer_name", "Nguyễn Phước Bình")].x0 > width / 2  # the signature block's right column


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
         ("khoẻ", "khỏe"), ("Ủy ban", "Ủy ban"), ("Khánh Hoà,", "Khánh Hòa,"),
         ("kế hoạch", "kế hoạch"), ("toán", "toán"), ("KHOẢNG", "KHOẢNG"),  # closed syllables keep their mark
         ("quý", "quý"), ("Quỳnh", "Quỳnh")]  # u of qu is no glide  # fmt: skip


@pytest.mark.parametrize(("old", "new"), TONES)
def test_old_tone_placement_is_matched_as_today(old: str, new: str) -> None:
    assert new_tone_placement(old) == new and len(new_tone_placement(old)) == len(old)


def own_citation(number: str, seq: int | None, raw: str) -> Citation:
    return Citation("d", 1, 10, 10 + len(raw), raw, number, "Chỉ thị", seq, None, "CT", "UBND", None, None,
                    None, "self", seq is not None, False, None, None, raw)  # fmt: skip


SCAN = PageText("d", 1, "ocr", "scanned_image", "UBND\nSố: 6 /CT-UBND Quảng Ngãi", 26, 90.0, 1.0, None)
RECONCILED = [  # own citation as OCR read it, what the metadata settled -> the own citation kept
    ("handwriting_confirmed", own_citation("6/CT-UBND", 6, "6 /CT-UBND"), "16/CT-UBND", "handwriting+file_name",
     [("16/CT-UBND", True)]),
    ("unconfirmed_is_left_out", own_citation("6/CT-UBND", 6, "6 /CT-UBND"), None, None, []),
    ("confirmed_ocr_is_kept", own_citation("6/CT-UBND", 6, "6 /CT-UBND"), "6/CT-UBND", "ocr", [("6/CT-UBND", False)]),
    ("blank_number_is_kept", own_citation("/CT-UBND", None, "/CT-UBND"), None, None, [("/CT-UBND", False)]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "own", "number", "source", "expected"), RECONCILED, ids=[r[0] for r in RECONCILED]
)
def test_own_citation_follows_the_settled_number(
    case: str, own: Citation, number: str | None, source: str | None, expected: list
) -> None:
    metadata = DocumentMetadata(doc_number=number, doc_number_source=source)
    kept = reconciled_own_citation([own], metadata, SCAN)
    assert [(c.number, c.repaired) for c in kept] == expected


def test_a_confirmed_handwritten_number_ocr_made_nothing_of_gets_its_citation() -> None:
    metadata = DocumentMetadata(doc_number="16/CT-UBND", doc_number_source="handwriting+file_name")
    (added,) = reconciled_own_citation([], metadata, SCAN)
    assert (added.number, added.role, added.raw) == ("16/CT-UBND", "self", "6 /CT-UBND")
    assert SCAN.text[added.start : added.end] == added.raw


FILE_NAME_NUMBERS = [(6, "519-TTr-CAT-PC06.pdf", None), (519, "519-TTr-CAT-PC06.pdf", "519"),
                     (4, "04CT.signed_20250513_154052.pdf", "04"), (660, "660TBUB.signed.pdf", "660")]  # fmt: skip


@pytest.mark.parametrize(("seq", "name", "expected"), FILE_NAME_NUMBERS)
def test_a_file_names_number_is_a_witness_but_a_codes_tail_is_not(
    seq: int, name: str, expected: str | None
) -> None:
    assert number_in_file_name(seq, name) == expected


def _right_column(*lines: str) -> list[LayoutLine]:
    rows, offset = [], 0
    for k, raw in enumerate(lines):
        rows.append(LayoutLine("d", 2, offset, offset + len(raw), raw, 1, k, "signature_right", 300.0,
                               600.0 + 15 * k, 500.0, 612.0 + 15 * k, "ocr", 90.0))  # fmt: skip
        offset += len(raw) + 1
    return rows


SIGNATURE_COLUMNS = [  # the right column of a signature block as OCR read it -> (name, role)
    ("role_and_name", ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Phước Hiền"), ("Trần Phước Hiền", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")),
    ("role_lost_under_the_seal", ("“N TỶ", ":", "si TỢXXXXN", "Trần Ngọc Căng", "="), ("Trần Ngọc Căng", None)),
    ("no_name_no_role", ("“N TỶ", ":", "si TỢXXXXN", "="), None),
    ("a_lone_role_after_marks", ("_—. CHỦ TỊCH", "BÑ 7T,", "Đặng Văn Minh"), ("Đặng Văn Minh", "CHỦ TỊCH")),
    ("marks_before_a_role_that_has_a_second_line", ("`... CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình"),
     ("Trần Văn Bình", None)),  # a 'KT.' may be what the marks were
    ("letters_before_a_lone_role", ("gà: - s CHỦ TỊCH", "Lê Văn Bình"), ("Lê Văn Bình", None)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("lines", "expected"), [c[1:] for c in SIGNATURE_COLUMNS], ids=[c[0] for c in SIGNATURE_COLUMNS]
)
def test_signer_from_the_right_column_with_or_without_its_role(
    lines: tuple[str, ...], expected: tuple[str, str | None] | None
) -> None:
    signer = layout_to_signer([_right_column(*lines)])
    assert ((signer.name, signer.role) if signer else None) == expected
