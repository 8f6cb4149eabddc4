"""Document metadata: exact on the hand-checked gold of every seed; periods and the 2025 province merger."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from vietnam_provinces import Province

from extractors.document import file_to_document
from extractors.metadata import (
    handwritten_day,
    header_agency,
    header_notes,
    letter_subject,
    pages_to_metadata,
    period_of,
    province_of,
    second_reader_agrees,
    signature_times,
    type_and_title,
)
from extractors.metadata_evidence import metadata_evidence
from extractors.page_context import page_contexts
from extractors.tables import load_table
from schemas.citations import Citation
from schemas.layout import FieldReading
from schemas.pages import PageText
from tests.conftest import REAL, ROOT, SEEDS

GOLD = ROOT / "tests" / "gold" / "metadata"


@pytest.mark.parametrize("gold", sorted(GOLD.glob("*.json")), ids=lambda p: p.stem[:3])
def test_seed_metadata_is_exact(gold) -> None:
    expected = json.loads(gold.read_text(encoding="utf-8"))
    document = file_to_document(SEEDS / f"{gold.stem}.txt").document
    got = {k: getattr(document, k) for k in expected if k != "notes"}
    got = {k: v.isoformat() if isinstance(v, dt.date | dt.datetime) else v for k, v in got.items()}
    assert got == {k: v for k, v in expected.items() if k != "notes"}


TEXT_FIELDS = ("province", "agency", "title", "signer_name")  # evidence that writes the value as it is


@pytest.mark.parametrize("gold", sorted(GOLD.glob("*.json")), ids=lambda p: p.stem[:3])
def test_seed_metadata_values_say_where_they_were_read(gold) -> None:
    """Each settled value's evidence is text of its page (offsets hold) that writes the value (case and
    spacing aside); the agency comes from the header, the signer from the signature block."""
    document = file_to_document(SEEDS / f"{gold.stem}.txt")
    doc, text = document.document, document.pages[0].text
    evidence = {e.field: e for e in doc.field_evidence}
    for e in doc.field_evidence:
        assert text[e.start : e.end] == e.raw and e.page == 1
    for field in TEXT_FIELDS:
        value = getattr(doc, field)
        assert (field in evidence) == (value is not None), field
        if value is not None:
            assert " ".join(evidence[field].raw.split()).casefold() == value.casefold()
    assert evidence["agency"].start < 300  # the header's (the province may be the most mentioned one)
    if "signer_name" in evidence:
        assert evidence["signer_name"].start > len(text) / 2


HEADER_AGENCIES = [  # the header's left column -> (agency, level)
    ("department_under_its_committee", "UBND TỈNH LAI CHÂU\nSỞ Y TẾ\nSố: 45/BC-SYT", ("Sở Y tế", "department")),
    ("a_ministry", "BỘ NỘI VỤ\nSố: 1187 /QĐ-BNV", ("Bộ Nội vụ", "national")),
    ("provincial_police_under_its_ministry", "BỘ CÔNG AN\nCÔNG AN TỈNH LÂM ĐỒNG\nSố: 5 /TTr-CAT",
     ("Công an tỉnh", "department")),
    ("the_subject_line_below_the_number_names_none", "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 9 /UBND-KTTH\n"
     "V/v tham gia ý kiến các dự thảo Nghị định của Chính phủ", ("Ủy ban nhân dân", "province")),
    ("a_publishers_label_names_none", "Cơ quan phát hành: Văn phòng Chính phủ\nSố: 332/QĐ-TTg", (None, None)),
    ("provincial_police_ocr_misread_under_its_ministry", "BỘ CÔNG AN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "CÔNG AN TĨNH LÂM ĐÔNG Độc lập - Tự đo - Hạnh phúc\nSố: 44/TTr-CAT", ("Công an tỉnh", "department")),
    ("a_bureau_not_in_the_table_under_its_ministry", "BỘ CÔNG AN\nCỤC CẢNH SÁT ĐIỀU TRA\nSố: 3980/C04",
     ("Bộ Công an", "national")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("header", "expected"), [c[1:] for c in HEADER_AGENCIES], ids=[c[0] for c in HEADER_AGENCIES]
)
def test_agency_is_the_issuing_body_the_header_names(header: str, expected: tuple) -> None:
    assert header_agency(header) == expected


TEXT_AGENCIES = [  # a document's text (no layout) -> (agency, level)
    ("the_addressees_are_no_issuer", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐƠN ĐỀ NGHỊ\nGiải thể Hiệp hội\nKính gửi:\n"
     "- Ủy Ban Nhân Dân Tỉnh Lâm Đồng;\n- Sở Nội Vụ Tỉnh Lâm Đồng\n\nCon dấu của Hiệp hội nộp Sở Nội vụ.", (None, None)),
    ("the_header_above_its_addressees", "SỞ Y TẾ\nSố: 12/BC-SYT\nBÁO CÁO\nKính gửi: Sở Nội vụ\n\nGửi Sở Nội vụ.",
     ("Sở Y tế", "department")),
    ("a_body_names_departments_the_header_does_not", "BÁO CÁO\nKết quả\n" + "Năm 2024 đạt kết quả tốt.\n" * 40
     + "Sở Tư pháp, Sở Tư pháp và Sở Nội vụ phối hợp.", (None, None)),
    ("the_header_words_glued_by_ocr", "CÔNG ANTỈNHLÂMĐỎNG ` Độc lập - Tự do - Hạnh phúc -\nSố: 239/TTr-CAT\nTỜ TRÌNH",
     ("Công an tỉnh", "department")),
    ("glued_words_naming_two_agencies_name_none", "CÔNGANTỈNH SỞTƯPHÁP\nSố: 2/TTr\nTỜ TRÌNH", (None, None)),
    ("an_annex_whose_table_lists_departments", "Phụ lục III\nKẾT QUẢ ĐÁNH GIÁ\nSTT Đơn vị Điểm\n"
     "1 Sở Công Thương 15,00\n2 Sở Khoa học và Công nghệ 15,00\n3 Sở Xây dựng 14,50\n4 Sở Nội vụ 14,75",
     (None, None)),
    ("a_text_opening_with_its_kind_line_read_for_who_reports", "BÁO CÁO\nKết quả quý I\nThực hiện Kế hoạch "
     "của Sở Nội vụ, Sở Y tế báo cáo như sau:\n1. Sở Y tế đã ban hành", ("Sở Y tế", "department")),
    ("the_header_above_the_kind_line_not_the_body_under_it", "UBND TỈNH LÂM ĐỒNG\nSố: 5/CT-UBND\nCHỈ THỊ\n"
     "Sở Tài chính chủ trì; Sở Tài chính phối hợp", ("Ủy ban nhân dân", "province")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in TEXT_AGENCIES], ids=[c[0] for c in TEXT_AGENCIES]
)
def test_agency_read_from_the_text_is_the_headers_issuer(text: str, expected: tuple) -> None:
    from extractors.metadata import agency_of

    assert agency_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UBND TỈNH\nBÁO CÁO\nKết quả năm 2024", ("BC", "Kết quả năm 2024")),
        ("CÔNG AN TỈNH\nTỜTRÌNH =_\nVề việc báo cáo", ("TTr", "Về việc báo cáo")),  # OCR: space lost, marks
        ("Phụ lục III\nKẾT QUẢ ĐÁNH GIÁ", ("PL", "KẾT QUẢ ĐÁNH GIÁ")),  # an annex's number after its kind
        ("Căn cứ Luật\nQUYẾT ĐỊNH:\nĐiều 1", (None, None)),  # a label, no title
        ("1.2 Thực hiện\nquy định |\ncủa tỉnh", (None, None)),  # a table's wrapped words, not a title
    ],
)
def test_the_kind_line_gives_the_type_and_the_title_under_it(text: str, expected: tuple) -> None:
    assert type_and_title(text) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("BỘ CÔNG AN\nCÔNG AN TĨNH LÂM ĐÔNG", "Lâm Đồng"),  # OCR misread the marks: 'TĨNH', 'ĐÔNG'
        ("UBND TĨNH LÂM ĐÔNG\nVĂN PHÒNG", "Lâm Đồng"),
        ("BỘ NỘI VỤ", None),
    ],
)
def test_a_province_the_header_names_with_its_marks_misread(header: str, expected: str | None) -> None:
    from extractors.metadata import header_province_unmarked

    assert header_province_unmarked(header)[0] == expected


def test_a_ministrys_document_is_no_provinces() -> None:
    """A Bộ Nội vụ decision dated in Hà Nội is the ministry's: no province (it was filed under Hà Nội)."""
    text = "BỘ NỘI VỤ\nSố: 1187/QĐ-BNV\nHà Nội, ngày 15 tháng 10 năm 2025\nQUYẾT ĐỊNH\nPhê duyệt Đề án\n"
    page = PageText("d", 1, "text", "t", text, len(text), None, 0.0, None)
    doc = pages_to_metadata([page], [], "x.pdf")
    assert (doc.agency, doc.level, doc.province, doc.place) == ("Bộ Nội vụ", "national", None, "Hà Nội")


LETTER_SUBJECTS = [  # the header's left column -> a công văn's subject
    ("three_lines", "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 575 /UBND-KTTH\nV/v tham gia ý kiến\ncác dự thảo Nghị "
     "định của\nChính phủ", "tham gia ý kiến các dự thảo Nghị định của Chính phủ"),
    ("up_to_the_addressee", "BỘ NỘI VỤ\nSố: /BNV-CCHC\nV/v hướng dẫn triển khai Đề án\nKính gửi:",
     "hướng dẫn triển khai Đề án"),
    ("up_to_a_line_of_marks", "Số: 12/SYT\nV/V báo cáo số liệu\n|\n|", "báo cáo số liệu"),
    ("no_subject_line", "UBND TỈNH LAI CHÂU\nSỞ Y TẾ\nSố: 45/BC-SYT", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("header", "expected"), [c[1:] for c in LETTER_SUBJECTS], ids=[c[0] for c in LETTER_SUBJECTS]
)
def test_a_letters_subject_is_its_v_v_lines(header: str, expected: str | None) -> None:
    assert letter_subject(header) == expected


PLACES = [  # the header's number line and place/date -> place
    ("after_an_upper_case_symbol", "Số: 12/BC-UBND Lai Châu, ngày 05 tháng 01 năm 2024", "Lai Châu"),
    ("after_a_mixed_case_symbol", "Số: 332/QĐ-TTg Hà Nội, ngày 15 tháng 5 năm 2025", "Hà Nội"),
    ("on_its_own_line", "Số: 45/KH-SYT\nĐiện Biên, ngày 3 tháng 2 năm 2023", "Điện Biên"),
]


@pytest.mark.parametrize(("header", "expected"), [c[1:] for c in PLACES], ids=[c[0] for c in PLACES])
def test_place_is_not_the_tail_of_the_number(header: str, expected: str) -> None:
    page = PageText("d", 1, "text", "t", header, len(header), None, 0.0, None)
    assert pages_to_metadata([page], [], "x.pdf").place == expected


PERIODS = [
    ("half", "Cải cách hành chính 6 tháng đầu năm 2021", ("half", 2021, None, "2021-01-01", "2021-06-30")),
    ("second_half", "báo cáo 6 tháng cuối năm 2023", ("half", 2023, None, "2023-07-01", "2023-12-31")),
    (
        "quarter",
        "quý I năm 2023; phương hướng quý II năm 2023",
        ("quarter", 2023, 1, "2023-01-01", "2023-03-31"),
    ),
    ("month", "tháng 01/2025 của tỉnh", ("month", 2025, None, "2025-01-01", "2025-01-31")),
    ("multi_year", "giai đoạn 2026-2030", ("multi-year", None, None, "2026-01-01", "2030-12-31")),
    ("year", "Cải cách hành chính năm 2024", ("year", 2024, None, "2024-01-01", "2024-12-31")),
]


@pytest.mark.parametrize(("case", "title", "expected"), PERIODS, ids=[p[0] for p in PERIODS])
def test_period_of(case: str, title: str, expected: tuple) -> None:
    p = period_of(title, "")
    assert (p.type, p.year, p.quarter, p.start.isoformat(), p.end.isoformat()) == expected


NO_PERIOD = [  # title, opening text -> no period: a date or a horizon is not what a document reports on
    ("header_date", "Về việc triển khai sử dụng hóa đơn điện tử", "Quảng Ngãi, ngày 15 tháng 5 năm 2025\n"),
    ("cited_date", None, "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025; Nghị định 30/2020 ngày 5/3/2020"),
    ("horizon", "mời dự Hội nghị triển khai Chương trình phòng, chống ma túy đến năm 2030", ""),
    ("horizon_ocr", None, "Chương trình mục tiêu quốc gia phòng, chống ma tuý\nđên năm 2030"),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), [c[1:] for c in NO_PERIOD], ids=[c[0] for c in NO_PERIOD])
def test_a_date_or_a_horizon_is_no_period(title: str | None, text: str) -> None:
    assert period_of(title, text) is None


def test_merged_provinces_map_to_current_ones_from_the_gazetteer() -> None:
    current = {p.name for p in Province.iter_all()}
    rows = load_table("provinces_2025")
    assert len({r["province"] for r in rows}) >= 63
    assert {r["province_current"] for r in rows} == current  # all 34, every name as the gazetteer spells it
    assert province_of("UBND TỈNH HÒA BÌNH\nSỞ Y TẾ") == ("Hòa Bình", "Phú Thọ")
    assert province_of("Sở Y tế tỉnh Kon Tum báo cáo") == ("Kon Tum", "Quảng Ngãi")


def test_metadata_columns_round_trip() -> None:
    document = file_to_document(SEEDS / "001_d76b854a65e5ff62.txt").document
    assert document.signature_time == dt.datetime(
        2023, 3, 14, 14, 47, 39, tzinfo=dt.timezone(dt.timedelta(hours=7))
    )
    assert dataclasses.asdict(document)["province_current"] == "Sơn La"


HEADER_NOTES = [
    ("Số: /KH-SYT Hòa Bình, ngày tháng 01 năm 2024", None, None, (),
     ("doc_number: blank or unreadable in the header ('Số: /KH-SYT Hòa Bình, ngày tháng 01 năm 2024')",
      "issue_date: day blank or unreadable in the header ('ngày tháng 01 năm 2024')")),
    ("Số: 23 /BC-UBND Quảng Ngãi, ngày ,@3 tháng 01 năm 2025", "23/BC-UBND", None,
     (dt.datetime(2025, 1, 23, 9, 0, tzinfo=dt.UTC),),
     ("issue_date: day blank or unreadable in the header ('ngày ,@3 tháng 01 năm 2025'); digitally signed 2025-01-23",)),
    ("Số: 117/KH-SYT Lai Châu, ngày 27/8/2021", "117/KH-SYT", dt.date(2021, 8, 27), (), ()),
    ("Số: 5/BC-SNV Sơn La, ngày 02 tháng 3 năm 2023", "5/BC-SNV", dt.date(2023, 3, 2),
     (dt.datetime(2023, 3, 30, tzinfo=dt.UTC),), ("issue_date 2023-03-02 but digitally signed 2023-03-30",)),
    ("BÁO CÁO kết quả", None, None, (),
     ("doc_number: the header has no 'Số:' line", "issue_date: the header has no 'ngày … tháng … năm' line")),
]  # fmt: skip


@pytest.mark.parametrize(("header", "number", "issued", "times", "expected"), HEADER_NOTES)
def test_header_notes_say_why_a_field_is_null(
    header: str, number: str | None, issued: dt.date | None, times: tuple, expected: tuple[str, ...]
) -> None:
    assert header_notes(header, number, issued, times) == expected


@pytest.mark.slow
def test_real_scan_with_handwritten_day_reads_it_and_the_signature_confirms_it() -> None:
    """23BC: 'Số: 23 /BC-UBND' and 'ngày 23 tháng 01' are handwritten into the printed header. OCR sees
    ',@3' for the day; the handwriting recogniser reads '23', and the digital signature of the 24th
    confirms it, so the date is set, from handwriting, with the note saying how."""
    doc = file_to_document(REAL / "23BC.signed_20250510_124908.pdf").document
    assert (doc.province_current, doc.doc_type, doc.doc_number) == ("Quảng Ngãi", "BC", "23/BC-UBND")
    assert (doc.period_type, doc.period_year, doc.signer_name) == ("month", 2025, "Trần Hoàng Tuấn")
    assert (doc.issue_date, doc.issue_date_source) == (dt.date(2025, 1, 23), "handwriting+signature_time")
    assert doc.header_notes == ("issue_date: handwritten day read as 2025-01-23, signed 2025-01-24",)


SIGNED = [  # digitally signed PDFs: the registration system draws the own number and day as form fields
    ("05.signed_20250517_044750.pdf", "11/TB-UBND", dt.date(2025, 1, 8)),
    ("vht507.signed_20250510_124909.pdf", "542/TB-UBND", dt.date(2024, 11, 6)),
    ("vht534.signed_20250510_124908.pdf", "565/TB-UBND", dt.date(2024, 11, 15)),
]


@pytest.mark.parametrize(("name", "number", "issued"), SIGNED, ids=[s[0][:6] for s in SIGNED])
def test_signed_pdf_gives_the_number_and_day_its_form_fields_draw(
    name: str, number: str, issued: dt.date
) -> None:
    result = file_to_document(REAL / name)
    assert (result.document.doc_number, result.document.issue_date) == (number, issued)
    assert result.document.header_notes == ()
    assert result.pages[0].route_reason.endswith("+form_fields")


OWN_HEADERS = [  # header lines as text layers and OCR give them -> own number, issue date
    ("no_space_after_colon", "Số:10797/QĐ-HĐTĐ Lâm Đồng, ngày28tháng 10 năm 2025",
     "10797/QĐ-HĐTĐ", dt.date(2025, 10, 28)),
    ("date_on_the_next_line", "Số: 1187 /QĐ-BNV\nHà Nội, ngày 15 tháng 10 năm 2025",
     "1187/QĐ-BNV", dt.date(2025, 10, 15)),
    ("words_glued_to_the_day", "Số: 2003/CĐ-VPCP Hà Nội, ngày07tháng10năm2025", "2003/CĐ-VPCP",
     dt.date(2025, 10, 7)),
    ("blank_number_keeps_its_date", "Số: /BNV-CCHC Hà Nội, ngày 15tháng 12 năm 2025", None,
     dt.date(2025, 12, 15)),
    ("time_is_not_a_number", "Thời gian ký: 09.01.2025 10:21/TB-UBND", None, None),
    ("date_on_its_line_below_the_motto",
     "Số: 45/BC-SYT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nLâm Đồng, ngày 15 tháng 6 năm 2023",
     "45/BC-SYT", dt.date(2023, 6, 15)),
    ("a_body_date_is_not_the_headers",
     "Số: /KH-SYT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nKẾ HOẠCH\nThực hiện văn bản ngày 12 tháng 5 năm 2023 của tỉnh",
     None, None),
]  # fmt: skip


@pytest.mark.parametrize(("case", "header", "number", "issued"), OWN_HEADERS, ids=[h[0] for h in OWN_HEADERS])
def test_own_number_and_date_from_header_forms(
    case: str, header: str, number: str | None, issued: dt.date | None, tmp_path
) -> None:
    path = tmp_path / "header.txt"
    path.write_text(f"ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n{header}\nBÁO CÁO\nKết quả công tác\n", encoding="utf-8")
    document = file_to_document(path).document
    assert (document.doc_number, document.issue_date) == (number, issued)


@pytest.mark.parametrize("junk", ["", "| ", "_ ", "— ", "._ "])
def test_document_type_under_ocr_junk(junk: str) -> None:
    assert type_and_title(f"SỞ Y TẾ\n{junk}BÁO CÁO\nKết quả cải cách hành chính năm 2024\n") == (
        "BC",
        "Kết quả cải cách hành chính năm 2024",
    )


def test_scan_header_day_contradicted_by_the_signature_is_left_empty() -> None:
    """On a scan the day is handwritten: an OCR'd '3' for a document signed on the 23rd is a misread, so the
    own date is emptied (in citations and documents) with the reason; a typed date keeps its value."""
    from extractors.citations import text_to_citations
    from extractors.metadata import checked_own_dates, pages_to_metadata
    from schemas.pages import PageText

    text = (
        "Số: 23 /BC-UBND Quảng Ngãi, ngày 3 tháng 01 năm 2025\nBÁO CÁO\nTình hình tháng 01/2025\n"
        "24.01.2025 20:06:24 +07:00\n"
    )
    for source, expected in (("ocr", None), ("text_layer", dt.date(2025, 1, 3))):
        pages = [PageText("d", 1, source, "no_text", text, len(text), 90.0, 1.0, None)]
        citations = checked_own_dates(pages, text_to_citations(text, "d"))
        meta = pages_to_metadata(pages, citations)
        assert (meta.issue_date, citations[0].issue_date) == (expected, expected), source
        if source == "ocr":
            assert citations[0].date_problem == "contradicted"
            assert any(
                "OCR read '3 tháng 01 năm 2025', which the signature contradicts" in n
                for n in meta.header_notes
            )


OWN_NUMBER_ON_SCANS = [  # (file name, text, the own number kept): on a scan it needs a second witness
    ("23BC.signed_20250510_124908.pdf", "Số: 23 /BC-UBND Quảng Ngãi\nBÁO CÁO\n", "23/BC-UBND"),
    ("01CT_20250509_154257.pdf", "Số: 2 /CT-UBND Quảng Ngãi\nCHỈ THỊ\n", None),
    ("scan.pdf", "Số: 45/BC-SYT Lai Châu\nBÁO CÁO\nPhụ lục kèm theo Báo cáo số 45/BC-SYT\n", "45/BC-SYT"),
    ("scan.pdf", "Số: 45/BC-SYT Lai Châu\nBÁO CÁO\n", None),
]


@pytest.mark.parametrize(("file_name", "text", "expected"), OWN_NUMBER_ON_SCANS)
def test_own_number_read_on_a_scan_needs_a_second_witness(
    file_name: str, text: str, expected: str | None
) -> None:
    from extractors.citations import text_to_citations
    from extractors.metadata import pages_to_metadata
    from schemas.pages import PageText

    for source in ("ocr", "text_layer"):
        pages = [PageText("d", 1, source, "no_text", text, len(text), 90.0, 1.0, None)]
        meta = pages_to_metadata(pages, text_to_citations(text, "d"), file_name)
        kept = expected if source == "ocr" else text_to_citations(text, "d")[0].number
        assert meta.doc_number == kept, source
        if kept is None:
            assert meta.header_notes[0].startswith("doc_number: OCR read")


VN = dt.timezone(dt.timedelta(hours=7))
SIGNATURE_STAMPS = [  # text of a stamp or trailer -> the signing times it states
    ("trailer", "/M (D:2023-03-14T14:47:39+0700)", [dt.datetime(2023, 3, 14, 14, 47, 39, tzinfo=VN)]),
    ("stamp_box", "Thời gian ký: 13.01.2025", [dt.datetime(2025, 1, 13, tzinfo=VN)]),
    ("widget_with_zone", "09.01.2025 10:21:11 +07:00", [dt.datetime(2025, 1, 9, 10, 21, 11, tzinfo=VN)]),
    ("bare_clock_with_seconds", "27/12/2021 17:22:11", [dt.datetime(2021, 12, 27, 17, 22, 11, tzinfo=VN)]),
    ("nd30_copy_stamp", "- SAO Y; CÔNG AN TỈNH LÂM ĐÔNG; 25/12/2025; 09:27:28; +07:00",
     [dt.datetime(2025, 12, 25, 9, 27, 28, tzinfo=VN)]),
    ("nd30_attachment_stamp", "Số: 666/TTr-SNV; 22/12/2025; 18:56:39; +07:00",
     [dt.datetime(2025, 12, 22, 18, 56, 39, tzinfo=VN)]),
    ("a_report_date_is_no_signature", "ngày 25/12/2025 báo cáo", []),
    ("a_clock_without_seconds_is_not_either", "25/12/2025; 09:27", []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"), [s[1:] for s in SIGNATURE_STAMPS], ids=[s[0] for s in SIGNATURE_STAMPS]
)
def test_signature_times_of_stamps_and_trailers(text: str, expected: list[dt.datetime]) -> None:
    assert signature_times(text) == expected


def _own(seq: int | None) -> Citation:
    return Citation(
        doc_id="d", page=1, start=0, end=12, raw="157/QĐ-NĐ-UB", number="157/QĐ-NĐ-UB", doc_kind="QĐ", seq=seq,
        year_in_number=None, symbol_type="QĐ", issuer="NĐ-UB", issue_date=None, date_raw=None,
        date_problem=None, role="self", valid_format=True, repaired=False, title=None, section=None,
        sentence="Số: 157/QĐ-NĐ-UB",
    )  # fmt: skip


SECOND_READER = [  # OCR's own number, the second engine's reading of the 'Số:' line -> confirmed
    ("same_digits", 157, "157", True),
    ("kept_zeros_same_number", 4, "04", True),
    ("other_digits", 157, "151", False),
    ("no_line_reading", 157, None, False),
    ("no_own_digits", None, "157", False),
]


@pytest.mark.parametrize(
    ("seq", "line", "agrees"), [c[1:] for c in SECOND_READER], ids=[c[0] for c in SECOND_READER]
)
def test_a_second_engine_reading_the_number_line_confirms_ocrs_number(
    seq: int | None, line: str | None, agrees: bool
) -> None:
    reading = FieldReading("number_line", line, 1, 1, 0, 0, 10, 10) if line else None
    assert second_reader_agrees(_own(seq), reading) is agrees


SIGNED_0105 = (dt.datetime(2021, 1, 5, 9, 0, tzinfo=VN),)
BY_SIGNATURE, BY_OCR = "handwriting+signature_time", "handwriting+ocr"
HANDWRITTEN_DAYS = [  # handwritten day, header text, signing times, handwritten month -> issue date, its source
    ("day_with_printed_month", "04", "Quảng Ngãi, ngày    tháng 01 năm 2021", SIGNED_0105, None,
     (dt.date(2021, 1, 4), BY_SIGNATURE)),
    ("month_handwritten_too", "04", "Quảng Ngãi, ngày 22 thángØ? năm 2021", SIGNED_0105, "01",
     (dt.date(2021, 1, 4), BY_SIGNATURE)),
    ("month_unread", "04", "Quảng Ngãi, ngày 22 thángØ? năm 2021", SIGNED_0105, None, (None, None)),
    ("a_misread_month_fails_the_signature", "04", "ngày 22 thángØ? năm 2021", SIGNED_0105, "07", (None, None)),
    ("no_signature_time", "04", "ngày 22 thángØ? năm 2021", (), "01", (None, None)),
    ("signed_long_after", "31", "ngày 3 tháng 12 năm 2024", (dt.datetime(2025, 1, 17, tzinfo=VN),), None,
     (None, None)),
    # OCR read the same day in the header ('3|': a mark for 1): two engines agree; a later signature (the
    # gazette's copy, 660TBUB) does not refute it, a signature before the day does
    ("ocr_agrees_signed_long_after", "31", "ngày 3| tháng 12 năm 2024", (dt.datetime(2025, 1, 17, tzinfo=VN),),
     None, (dt.date(2024, 12, 31), BY_OCR)),
    ("ocr_agrees_no_signature", "15", "ngày l5 tháng 5 năm 2021", (), None, (dt.date(2021, 5, 15), BY_OCR)),
    ("ocr_agrees_but_signed_before", "31", "ngày 31 tháng 12 năm 2024", (dt.datetime(2024, 12, 20, tzinfo=VN),),
     None, (None, None)),
    ("ocr_reads_another_day_no_signature", "5", "ngày .fĐ tháng 12 năm 2024", (), None, (None, None)),
    ("no_such_day", "31", "ngày tháng 02 năm 2024", (dt.datetime(2024, 3, 1, tzinfo=VN),), None, (None, None)),
]  # fmt: skip


@pytest.mark.parametrize(("digits", "header", "times", "month", "expected"), [c[1:] for c in HANDWRITTEN_DAYS],
                         ids=[c[0] for c in HANDWRITTEN_DAYS])  # fmt: skip
def test_a_handwritten_day_is_the_date_only_when_the_signature_or_ocr_confirms_it(
    digits: str, header: str, times: tuple, month: str | None, expected: tuple
) -> None:
    issued, source, note = handwritten_day(digits, header, times, month)
    assert (issued, source) == expected and note.startswith("issue_date: handwritten day read")


def test_pages_toned_once_give_the_metadata_and_evidence_toned_here() -> None:
    """The pages' texts in today's tone placement, made once a page (`page_contexts`), give the metadata and
    its evidence that toning the pages inside `pages_to_metadata` and `metadata_evidence` gives."""
    texts = [
        "UỶ BAN NHÂN DÂN\nTỈNH HOÀ BÌNH\nSố: 12/BC-UBND\n\nBÁO CÁO\nKết quả cải cách hành chính năm 2023\n",
        "Nơi nhận:\n- Như trên;\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\nBùi Văn Khánh\n",
    ]
    pages = [
        PageText("d", n, "text", "t", text, len(text), None, 0.0, None) for n, text in enumerate(texts, 1)
    ]
    toned = [context.toned_text for context in page_contexts(pages)]
    assert toned[0].startswith("ỦY BAN NHÂN DÂN\nTỈNH HÒA BÌNH") and len(toned[0]) == len(texts[0])
    metadata = pages_to_metadata(pages, [], toned_texts=toned)
    assert metadata == pages_to_metadata(pages, []) and metadata.province == "Hòa Bình"
    evidence = metadata_evidence(metadata, pages, [], toned_texts=toned)
    assert evidence == metadata_evidence(metadata, pages, [])
    assert {e.field: e.raw for e in evidence}["province"] == "HOÀ BÌNH"


ROLE_TEXTS = [
    "Nơi nhận:\n- Như trên;\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nNguyễn Văn A",
    "KT.                                        PHÓ CHỦ TỊCH\nTrần B",  # a role's prefix far before its word
    "Giám đốc Sở chỉ đạo.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê C\nPHÓ CHÁNH VĂN PHÒNG\nTRƯỞNG BAN",
    "xGIÁM ĐỐC và TL. CHÁNH VĂN PHÒNG",  # a word before the role word: that one is no role
    "không có chức danh nào",
]


@pytest.mark.parametrize(
    "text", [*ROLE_TEXTS, *(s.read_text(encoding="utf-8") for s in sorted(SEEDS.glob("*.txt")))]
)
def test_roles_searched_from_the_first_role_word_are_every_role(text: str) -> None:
    from extractors.metadata import ROLE, _roles

    assert [m.span() for m in _roles(text)] == [m.span() for m in ROLE.finditer(text)]


@pytest.mark.parametrize(
    ("number", "committee"),
    [
        ("51/QĐ-UBND", True),
        ("575/UBND-KTTH", True),
        ("157/QĐ-NĐ-UB", True),
        ("123/QĐ-CT", True),  # the chairman's decisions
        ("10797/QĐ-HĐTĐ", False),  # the council appraising the PAR index
        ("95/TTr-HĐTĐ", False),
        ("12/KH-BCĐ", False),  # a steering board
    ],
)
def test_a_number_names_the_committee_or_a_body_of_it(number: str, committee: bool) -> None:
    from extractors.metadata import committee_numbered

    assert committee_numbered(number) is committee


def test_a_body_of_the_committee_numbering_its_own_document_leaves_the_agency_empty_with_the_reason() -> None:
    text = (
        "UBND TỈNH LÂM ĐỒNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHỘI ĐỒNG THẨM ĐỊNH, Độc lập - Tự do - Hạnh phúc\n"
        "Số: 10797/QĐ-HĐTĐ Lâm Đồng, ngày 28 tháng 10 năm 2025\nQUYẾT ĐỊNH\nVề việc thành lập Tổ giúp việc\n"
    )
    from extractors.citations import text_to_citations

    page = PageText("d", 1, "text", "t", text, len(text), None, 0.0, None)
    doc = pages_to_metadata([page], text_to_citations(text, "d", 1), "x.pdf")
    assert (doc.agency, doc.level, doc.doc_number, doc.province) == (None, None, "10797/QĐ-HĐTĐ", "Lâm Đồng")
    assert any("10797/QĐ-HĐTĐ names another issuer" in note for note in doc.header_notes)
