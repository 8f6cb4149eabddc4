"""Scoring tables (phụ lục chấm điểm): rows parsed from page text, checked against a hand-made gold
file of seed 002, and the score-sum audit."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from extractors.arithmetic import score_total_mismatches
from extractors.pages import text_file_to_pages
from extractors.row_codes import follows
from extractors.score_tables import _lines_above, cells_of, pages_to_score_rows, read_layout, row_code
from schemas.pages import PageText
from schemas.score_rows import ScoreRow
from tests.conftest import ROOT, SEEDS

GOLD = ROOT / "tests" / "gold" / "score_tables"
SEED_002 = SEEDS / "002_36f90cc5eb78d7d9.txt"


@pytest.fixture(scope="module")
def text_002() -> str:
    """Seed 002's one page of text, as the pipeline reads it."""
    return text_file_to_pages(SEED_002, "seed002")[0].text


@pytest.fixture(scope="module")
def rows_002() -> list[ScoreRow]:
    return pages_to_score_rows(text_file_to_pages(SEED_002, "seed002"))


FOLLOWS = [
    (None, "1", True), ("1", "1.1", True), ("1.1", "1.1.1", True), ("1.1.2", "1.2", True),
    ("1.9", "1.10", True), ("1.10", "2", True), ("3.3.1", "3.3.2", True), ("3.3.7", "3.4", True),
    ("3.3.1", "5", False), ("1.9", "1.11", False), ("2.2", "2.2.2", False), ("4", "4", False),
]  # fmt: skip


@pytest.mark.parametrize(("previous", "code", "expected"), FOLLOWS)
def test_code_follows_previous(previous: str | None, code: str, expected: bool) -> None:
    assert follows(previous, code) is expected


CELLS = [
    ("Kế hoạch CCHC 1,5 1 1,5 0,5 Văn phòng Sở", 4, (1.5, 1.0, 1.5, 0.5), "Kế hoạch CCHC "),
    ("Tỷ lệ biên chế giảm so với năm 2015 1 0,79 1 0,21", 4, (1.0, 0.79, 1.0, 0.21), "Tỷ lệ biên chế giảm so với năm 2015 "),
    ("mức độ 3, 4 có phát sinh hồ sơ trong năm 0,5 0 0 0 Sẽ đề nghị", 4, (0.5, 0.0, 0.0, 0.0), "mức độ 3, 4 có phát sinh hồ sơ trong năm "),
    ("Thực hiện cơ chế một cửa 10 7,717 9 1,283", 4, (10.0, 7.717, 9.0, 1.283), "Thực hiện cơ chế một cửa "),
    ("Tỷ lệ cơ quan được kiểm tra trong năm 0,5 0,5 0,5 0 :", 4, (0.5, 0.5, 0.5, 0.0), "Tỷ lệ cơ quan được kiểm tra trong năm "),
    ("so với năm 2015 1 0,79 1 0,21 %", 4, None, None),  # a trailing '%' is no speck: not score cells
    ("Nghị định số 34/2016/NĐ-CP ngày 14/5/2016 của Chính phủ", 4, None, None),
    ("theo quy định 1 1", 4, None, None),
    ("về sử dụng kinh 1 : 0 1 1", 4, (1.0, 0.0, 1.0, 1.0), "về sử dụng kinh "),  # OCR specks among cells
    ("theo hình thức liên 1 _ — 0,5 0,5 0", 4, (1.0, 0.5, 0.5, 0.0), "theo hình thức liên "),
    ("pháp luật của các cấp chính 1 1 1 0 —..n..^.", 4, (1.0, 1.0, 1.0, 0.0), "pháp luật của các cấp chính "),
    ("từ 1 - 2 ngày 1 2 3 4 Văn phòng", 4, (1.0, 2.0, 3.0, 4.0), "từ 1 - 2 ngày "),
    ("văn bản quy phạm 0,5 ˆ 0 Có tài liệu kiểm chứng", 2, (0.5, 0.0), "văn bản quy phạm "),  # a modifier mark
    ("dịch vụ công trực tuyến 3 ñ 2 ễ", 2, (3.0, 2.0), "dịch vụ công trực tuyến "),  # no Vietnamese letter: a mark
    ("dưới nhiều hình thức 05 075", 2, (0.5, 0.75), "dưới nhiều hình thức "),  # commas OCR lost after a 0
    ("2 0 o 166 non", 2, (2.0, 0.0), ""),  # a Vietnamese letter: the notes column, garbled, starts there
    ("5. CẢI CÁCH CHẾ ĐỘ CÔNG VỤ 6... 5", 2, (6.0, 5.0), "5. CẢI CÁCH CHẾ ĐỘ CÔNG VỤ "),  # dots glued: a speck
    ("Tỷ lệ hồ sơ 1,5… 1 Có tài liệu", 2, (1.5, 1.0), "Tỷ lệ hồ sơ "),
    ("CẢI CÁCH TÀI CHÍNH CÔNG - 9 ụ 3,5", 2, (9.0, 3.5), "CẢI CÁCH TÀI CHÍNH CÔNG - "),  # marks between numbers
    ("sử dụng hóa đơn điện tử; 1 Ề 1", 2, (1.0, 1.0), "sử dụng hóa đơn điện tử; "),
    ("Áp dụng ISO 9001:2015 2.5 Ũ 2 :", 2, (2.5, 2.0), "Áp dụng ISO 9001:2015 "),
    ("tổ chức 2 1 ở trụ sở", 2, (2.0, 1.0), "tổ chức "),  # a word with marks after the cells: no mark
    ("4 CẢI CÁCH TỔ CHỨC BỘ MÁY _..-6,5 6,5", 2, (6.5, 6.5), "4 CẢI CÁCH TỔ CHỨC BỘ MÁY _..-"),  # debris of a rule
    ("mức độ hài lòng .5 1", 2, None, None),  # ' .5': a lost 0 or a speck, no cell of its own
    ("so với năm 2015 -6,5 6,5", 2, None, None),  # a sign glued to a cell: no debris, no run starts there
    ("theo Quyết định 6.5 5", 2, (6.5, 5.0), "theo Quyết định "),  # one dot: a decimal mark OCR read so
]  # fmt: skip


LETTERS = [("a", True), ("ỹ", True), ("ễ", True), ("Đ", True), ("ư", True), ("ñ", False), ("š", False), ("ƒ", False)]  # fmt: skip


@pytest.mark.parametrize(("char", "vietnamese"), LETTERS)
def test_letters_of_vietnamese_writing(char: str, vietnamese: bool) -> None:
    from extractors.score_tables import is_vietnamese_letter

    assert is_vietnamese_letter(char) is vietnamese


@pytest.mark.parametrize(("text", "roles", "values", "criterion"), CELLS)
def test_cells_are_the_last_numbers_before_the_unit(
    text: str, roles: int, values: tuple[float, ...] | None, criterion: str | None
) -> None:
    found = cells_of(text, roles)
    assert (found[2] if found else None) == values
    if found:
        assert text[: found[0]] == criterion


CODES = [
    ("1.1 Kế hoạch CCHC 1,5 1 1,5 0,5", "1.1"), (" 1.6 Thực hiện các văn bản", "1.6"), ("1.9", "1.9"),
    ("6.2.2. Thực hiện công khai", "6.2.2"), ("2 0 2 2 Các phòng chức năng,", None), ("1 1 1 0", None),
    ("3", None), ("Tổng cộng 70,5 51,58", None), ("5 Điều 14 Nghị định", "5"),
    ("1 - CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH CCHC 15,5 6,18", "1"), ("1.9 -. hưởng đến kết quả", "1.9"),
    ("1: CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC 7,5 4,25", "1"), ("2.1: Xây dựng văn bản 3,5 1,75", "2.1"),  # ':' for '.'
    ("2:2: y1, : Š 1,5 0", None), ("10:30 họp giao ban", None), ("1:: Kế hoạch", None),
    ("1.2.3. - 100% thủ tục hành chính được công bố 2 2", "1.2.3"), ("2.1 12,5 % hồ sơ trễ hạn", "2.1"),
    ("2 100 2 2 Văn phòng", None),
]  # fmt: skip


@pytest.mark.parametrize(("line", "code"), CODES)
def test_row_code(line: str, code: str | None) -> None:
    from extractors.score_tables import Line

    assert row_code(Line(1, 0, len(line), line)) == code


def test_layout_from_the_header_of_seed_002() -> None:
    header = "STT Lĩnh vực/Tiêu chí Điểm tối\nđa\nĐiểm đạt\nđược năm\n2020\nMục tiêu năm 2021\nPhòng phụ trách\nĐiểm\nTăng/giảm"
    layout = read_layout(header)
    assert layout is not None
    assert layout.roles == ("max_points", "points_achieved", "target", "change")
    assert (layout.points_year, layout.target_year) == (2020, 2021)


def test_layout_of_a_self_assessment_table() -> None:
    layout = read_layout("TT Tiêu chí Điểm tối đa Điểm tự đánh giá Điểm thẩm định")
    assert layout is not None and layout.roles == ("max_points", "points_achieved", "appraised_points")


def test_prose_is_not_a_header() -> None:
    assert read_layout("Tiêu chí đánh giá được thực hiện theo quy định") is None


def test_seed_002_rows_equal_the_gold_file(rows_002: list[ScoreRow]) -> None:
    gold = json.loads((GOLD / "002_36f90cc5eb78d7d9.json").read_text())
    got = [
        {"code": r.criterion_code, "criterion": r.criterion, "max_points": r.max_points,
         "points": r.points_achieved, "target": r.target, "change": r.change,
         "responsible_unit": r.responsible_unit, "is_total": r.is_total}
        for r in rows_002
    ]  # fmt: skip
    expected = [{**row, "is_total": row.get("is_total", False)} for row in gold["rows"]]
    assert got == expected
    assert {(r.points_year, r.target_year) for r in rows_002} == {(gold["points_year"], gold["target_year"])}


def test_score_rows_hold_their_raw_text(rows_002: list[ScoreRow], text_002: str) -> None:
    for row in rows_002:
        assert text_002[row.start : row.end] == row.raw
        assert row.raw.lstrip().startswith(row.criterion_code or "Tổng")


def test_seed_002_tree_and_domains(rows_002: list[ScoreRow]) -> None:
    by_code = {r.criterion_code: r for r in rows_002}
    assert by_code["1.1.1"].parent_code == "1.1" and by_code["1.1.1"].level == 3
    assert by_code["3.3"].par_domain == "thu_tuc_hanh_chinh"
    assert by_code["7.4.4"].par_domain == "chinh_quyen_so"
    assert {r.par_domain for r in rows_002 if r.level == 1} == {
        "chi_dao_dieu_hanh", "the_che", "thu_tuc_hanh_chinh", "to_chuc_bo_may", "che_do_cong_vu",
        "tai_chinh_cong", "chinh_quyen_so",
    }  # fmt: skip


def test_seed_002_totals_match_and_section_3_does_not(rows_002: list[ScoreRow], text_002: str) -> None:
    """The stated totals 70,5 / 51,58 / 67,4 equal the domain rows; domain 3 states 12,72 points
    while 3.1–3.5 add up to 12,217 (checked by hand in the gold file's note)."""
    total = next(r for r in rows_002 if r.is_total)
    assert (total.max_points, total.points_achieved, total.target) == (70.5, 51.58, 67.4)
    findings = score_total_mismatches(rows_002, {1: text_002})
    assert [f.type for f in findings] == ["score_total_mismatch"]
    assert "row 3 " in findings[0].message and "points_achieved 12.72 ≠ 12.217" in findings[0].message
    assert "max_points" not in findings[0].message


def test_a_changed_cell_is_flagged_with_its_parent(rows_002: list[ScoreRow], text_002: str) -> None:
    rows = [dataclasses.replace(r, max_points=2.0) if r.criterion_code == "1.1.1" else r for r in rows_002]
    messages = [f.message for f in score_total_mismatches(rows, {1: text_002})]
    assert any("row 1.1 " in m and "max_points 1.5 ≠ 3" in m for m in messages)


def test_a_sum_with_a_part_missing_is_not_checked(rows_002: list[ScoreRow], text_002: str) -> None:
    """A row OCR could not place leaves a gap among its parent's parts (1.1.1 gone, 1.1.2 there): the
    parent's sum would be a false alarm, so it is not checked; the other sums still are."""
    rows = [r for r in rows_002 if r.criterion_code != "1.1.1"]
    messages = [f.message for f in score_total_mismatches(rows, {1: text_002})]
    assert not any("row 1.1 " in m for m in messages)
    assert messages == [f.message for f in score_total_mismatches(rows_002, {1: text_002})]


def test_table_spanning_pages_with_repeated_header() -> None:
    page1 = "STT Tiêu chí Điểm tối đa Điểm đạt được\n1 Chỉ đạo điều hành 3 2\n1.1 Kế hoạch 1 1\n"
    page2 = "2\nSTT Tiêu chí Điểm tối đa Điểm đạt được\n1.2 Kiểm tra 2 1\nTổng cộng 3 2\nKết luận."
    pages = [PageText("d", n, "text", "t", t, len(t), None, 0.0, None) for n, t in ((1, page1), (2, page2))]
    rows = pages_to_score_rows(pages)
    assert [(r.page, r.criterion_code, r.max_points, r.points_achieved) for r in rows] == [
        (1, "1", 3.0, 2.0), (1, "1.1", 1.0, 1.0), (2, "1.2", 2.0, 1.0), (2, None, 3.0, 2.0),
    ]  # fmt: skip
    assert score_total_mismatches(rows, {1: page1, 2: page2}) == []


def test_no_table_in_prose() -> None:
    seed = next(Path(SEEDS).glob("001_*.txt"))
    assert pages_to_score_rows(text_file_to_pages(seed, "s")) == []


HEADER = "STT Tiêu chí Điểm tối đa Điểm đạt được\n"
OCR_LINES = [  # lines an OCR'd table gives after '1 …' and '1.1 …' -> (code, max, achieved) of each row
    ("dots_dropped", ["12 Thực hiện chế độ báo cáo 1 1"], [("1.2", 1.0, 1.0)]),
    ("dot_read_as_colon", ["1:2. Công tác kiểm tra 1,5 0,5"], [("1.2", 1.5, 0.5)]),
    ("two_dots_dropped", ["1.2 Kiểm tra 2 1", "121 Tỷ lệ cơ quan 1 1"], [("1.2", 2.0, 1.0), ("1.2.1", 1.0, 1.0)]),
    ("heading_digit_misread_then_confirmed", ["5 XÂY DỰNG VĂN BẢN 8,5 8", "2.1 Theo dõi 3 3"],
     [("2", 8.5, 8.0), ("2.1", 3.0, 3.0)]),
    ("heading_digit_not_confirmed_keeps_what_was_read", ["5 XÂY DỰNG VĂN BẢN 8,5 8", "5.1 Theo dõi 3 3"],
     [("5", 8.5, 8.0), ("5.1", 3.0, 3.0)]),
    ("a_form_that_fits_no_neighbour_stays", ["47 Kiểm tra 2 1"], [("47", 2.0, 1.0)]),
    ("a_wrapped_criterion_line_is_no_code", ["1.2 Tỷ lệ hồ sơ giải quyết trong", "13 tháng qua 2 1"],
     [("1.2", 2.0, 1.0)]),
    ("a_lost_code_is_the_one_between_its_neighbours", ["s. Kiểm tra 2 1", "1.2.1 Tỷ lệ 1 1"],
     [("1.2", 2.0, 1.0), ("1.2.1", 1.0, 1.0)]),
    ("a_run_of_lost_codes_takes_the_one_chain",  # no deeper than the table's deepest code (1.1.1)
     ["1.1.1 Ban hành 1 1", "1.2 Kiểm tra 2 1", "= Tỷ lệ 1 1", "-.0Á Xử lý 1 0", "1.3 Tuyên truyền 2 2"],
     [("1.1.1", 1.0, 1.0), ("1.2", 2.0, 1.0), ("1.2.1", 1.0, 1.0), ("1.2.2", 1.0, 0.0), ("1.3", 2.0, 2.0)]),
    ("a_damaged_code_after_a_lost_one", ["1.2 Kiểm tra 2 1", "= Tỷ lệ 1 1", "122 Xử lý 1 0"],
     [("1.2", 2.0, 1.0), ("1.2.1", 1.0, 1.0), ("1.2.2", 1.0, 0.0)]),
    ("lost_codes_several_chains_fit_stay_empty", ["= Kiểm tra 2 1", "= Tỷ lệ 1 1", "1.3 Tuyên truyền 2 2"],
     [(None, 2.0, 1.0), (None, 1.0, 1.0), ("1.3", 2.0, 2.0)]),
    ("a_speck_glued_to_a_code", ["2ˆ CẢI CÁCH THỂ CHẾ 4 3", "Tổng cộng 7 5"], [("2", 4.0, 3.0), (None, 7.0, 5.0)]),
    ("marks_between_a_damaged_code_and_its_words", ["12 “THỰC hiện kiểm tra 2 1", "1.2.1. ~ hư Tỷ lệ 1 1"],
     [("1.2", 2.0, 1.0), ("1.2.1", 1.0, 1.0)]),
    ("marks_and_a_lone_letter_after_the_cells", ["1.2 Tỷ lệ hồ sơ mức độ 3,4 0,5 0,45 - l", "dòng sau 1,5 0,4"],
     [("1.2", 0.5, 0.45), (None, 1.5, 0.4)]),
    ("a_code_and_its_cells_alone_on_a_line",  # a row centred vertically: criterion lines above and below
     ["1.2 Kiểm tra 2 1", "Đơn vị sự nghiệp thực hiện", "1.2.1 : : _ 1 0", "chịu trách nhiệm"],
     [("1.2", 2.0, 1.0), ("1.2.1", 1.0, 0.0)]),
    ("a_damaged_code_and_its_cells_alone", ["1.2 Kiểm tra 2 1", "Tham mưu sắp xếp", "12.1- . : `... : 1 1"],
     [("1.2", 2.0, 1.0), ("1.2.1", 1.0, 1.0)]),
    ("a_misread_code_after_a_lost_one_takes_the_one_chain",  # '1.3.4' fits neither neighbour: 1.3.1
     ["1.2 Kiểm tra 2 1", "Viên) bưu chính 1,5 0,4", "1.3.4 Tỷ lệ 0,5 0,1", "1.3.2 Tỷ lệ 0,5 0,2"],
     [("1.2", 2.0, 1.0), ("1.3", 1.5, 0.4), ("1.3.1", 0.5, 0.1), ("1.3.2", 0.5, 0.2)]),
    ("a_part_above_its_whole_is_emptied", ["1.2 Kiểm tra 15 1"], [("1.2", None, 1.0)]),  # '15' for '1,5'
    ("a_part_over_its_parents_maximum_once_the_parents_cell_is_emptied",  # '15' twice for '1,5'
     ["1.2 Kiểm tra 2 15", "1.2.1 Tỷ lệ 1 15"], [("1.2", 2.0, None), ("1.2.1", 1.0, None)]),
    ("a_lost_comma_the_parents_sum_proves_is_restored",  # 0,5 + 1,5 = 2: '15' was 1,5
     ["1.2 Kiểm tra 2 1", "1.2.1 Tỷ lệ 0,5 0,5", "1.2.2 Xử lý 15 0,5"],
     [("1.2", 2.0, 1.0), ("1.2.1", 0.5, 0.5), ("1.2.2", 1.5, 0.5)]),
    ("a_lost_comma_no_sum_proves_is_emptied",  # 0,5 + 1,5 ≠ 2,5: '15' may be anything
     ["1.2 Kiểm tra 2,5 1", "1.2.1 Tỷ lệ 0,5 0,5", "1.2.2 Xử lý 15 0,5"],
     [("1.2", 2.5, 1.0), ("1.2.1", 0.5, 0.5), ("1.2.2", None, 0.5)]),
    ("a_total_after_a_speck", ["1.2 Kiểm tra 2 1", "l Tổng cộng 3 2 l"], [("1.2", 2.0, 1.0), (None, 3.0, 2.0)]),
    ("several_parts_above_their_whole_stay", ["1.2 Kiểm tra 5 1", "1.3 Tuyên truyền 4 1"],
     [("1.2", 5.0, 1.0), ("1.3", 4.0, 1.0)]),  # the whole is the misread one: the audit says so
    ("a_speck_before_a_damaged_code", ["1.2 Kiểm tra 2 1", "l 121 Tỷ lệ cơ quan 1 1"],  # 'l 621 Mục tiêu'
     [("1.2", 2.0, 1.0), ("1.2.1", 1.0, 1.0)]),
    ("a_lost_code_two_chains_fit_the_parents_sums_decide",  # 1.2.2 completes 1.2; as 1.3, domain 1 > 3
     ["1.2 Kiểm tra 2 1", "1.2.1 Tỷ lệ 1 1", "= Xử lý 1 0", "2 CẢI CÁCH THỂ CHẾ 4 3"],
     [("1.2", 2.0, 1.0), ("1.2.1", 1.0, 1.0), ("1.2.2", 1.0, 0.0), ("2", 4.0, 3.0)]),
    ("a_lost_code_no_chain_fits_the_sums_stays_empty",
     ["1.2 Kiểm tra 2 1", "1.2.1 Tỷ lệ 1 1", "= Xử lý 5 4", "2 CẢI CÁCH THỂ CHẾ 4 3"],
     [("1.2", 2.0, 1.0), ("1.2.1", 1.0, 1.0), (None, 5.0, 4.0), ("2", 4.0, 3.0)]),
    ("noise_after_a_row_suspends_the_table_till_a_code_comes_next",  # a stamp, a garbled row: no cells
     ["1.2 Kiểm tra 2 1", "Nghị định số 48/2023", "co, ĐI Ngàn", "5-3-Ì ˆ số điều", "Mục tiêu", "= Xử lý 1 0",
      "1.3 Tuyên truyền 2 2"],
     [("1.2", 2.0, 1.0), ("1.3", 2.0, 2.0)]),  # '= Xử lý 1 0' under the noise is not taken for a row
    ("a_suspended_table_goes_on_two_codes_later",  # the noise hid 1.2.1 and 1.2.2
     ["1.2 Kiểm tra 2 1", "Nghị định số 48/2023", "co, ĐI Ngàn", "5-3-Ì ˆ số điều", "Mục tiêu",
      "1.2.3 Tỷ lệ 1 1"],
     [("1.2", 2.0, 1.0), ("1.2.3", 1.0, 1.0)]),
    ("a_column_rule_read_as_a_letter_between_cells", ["1.2 Kiểm tra 1,5 l 0 Có tài liệu kiểm chứng"],
     [("1.2", 1.5, 0.0)]),
    ("a_mark_and_a_blank_before_the_unit", ["1.2 Kiểm tra 1 : 1 ` Chưa đầy đủ"], [("1.2", 1.0, 1.0)]),
    ("a_code_cut_short_joins_the_run_of_lost_codes",  # '1' for 1.2.1: it cannot stand after 1.2
     ["1.1.1 Ban hành 1 1", "1.2 Kiểm tra 2 1", "1 nhiệm vụ cải cách 1 0", "= Tỷ lệ 1 1", "1.3 Tuyên truyền 2 2"],
     [("1.1.1", 1.0, 1.0), ("1.2", 2.0, 1.0), ("1.2.1", 1.0, 0.0), ("1.2.2", 1.0, 1.0), ("1.3", 2.0, 2.0)]),
    ("a_misread_code_two_digits_off_stays", ["1.2 Kiểm tra 2 1", "Viên) bưu chính 1,5 0,4",
     "2.4.4 Tỷ lệ 0,5 0,1", "1.3.2 Tỷ lệ 0,5 0,2"],
     [("1.2", 2.0, 1.0), (None, 1.5, 0.4), ("2.4.4", 0.5, 0.1), ("1.3.2", 0.5, 0.2)]),
    ("a_misread_code_another_row_carries_loses_it",  # '2.1' read for 1.2.1: 2.1 is printed further down
     ["1.2 Kiểm tra 2 1", "2.1 tết 3 R X Y1 đ 1 1", "2 CẢI CÁCH THỂ CHẾ 4 3", "2.1 Xây dựng 4 3"],
     [("1.2", 2.0, 1.0), (None, 1.0, 1.0), ("2", 4.0, 3.0), ("2.1", 4.0, 3.0)]),
    ("a_criterion_opening_with_a_rate_keeps_its_code", ["1.2 Kiểm tra 2 1", "1.2.1. - 100% hồ sơ 2 1"],
     [("1.2", 2.0, 1.0), ("1.2.1", 2.0, 1.0)]),
    ("a_damaged_code_before_a_rate", ["1.2 Kiểm tra 2 1", "121 100% người dân 2 1"],
     [("1.2", 2.0, 1.0), ("1.2.1", 2.0, 1.0)]),
    ("marks_glued_before_and_after_a_code", ["1.2 Kiểm tra 2 1", "-_-1.3._ Công bố 1 1"],
     [("1.2", 2.0, 1.0), ("1.3", 1.0, 1.0)]),
    ("a_damaged_code_with_its_mark_opens_a_row_under_one_without_cells",  # '0,5 co 0,25': no cells read
     ["1.2 Kiểm tra 2 1", "1.2.1 Tỷ lệ 0,5 co 0,25", "triển khai", "1:3 Tuyên truyền 2 2"],
     [("1.2", 2.0, 1.0), ("1.2.1", None, None), ("1.3", 2.0, 2.0)]),
    ("an_underscore_between_a_damaged_code_and_its_words", ["1.2 Kiểm tra 2 1", "1:3 _ Tuyên truyền 2 2"],
     [("1.2", 2.0, 1.0), ("1.3", 2.0, 2.0)]),
    ("a_code_misread_in_a_digit_with_its_cells_alone_is_placed_by_its_neighbours",  # '2.2.2' for 1.2.2
     ["1.2 Kiểm tra 2 1", "1.2.1 Tỷ lệ 1 1", "Trên đây là", "2.2.2 ' ' 0,5 0,5", "=. Tham mưu 0,5 0,5",
      "1.3 Tuyên truyền 2 2"],
     [("1.2", 2.0, 1.0), ("1.2.1", 1.0, 1.0), ("1.2.2", 0.5, 0.5), ("1.2.3", 0.5, 0.5), ("1.3", 2.0, 2.0)]),
    ("a_digit_ocr_read_between_a_damaged_code_and_its_words", ["1.2 Kiểm tra 2 1", "13 7 Tuyên truyền 2 2"],
     [("1.2", 2.0, 1.0), ("1.3", 2.0, 2.0)]),  # '7': the dash before the words
    ("a_wrapped_line_opening_with_two_numbers_is_no_code", ["1.2 Tỷ lệ hồ sơ giải quyết trong", "13 7 tháng qua 2 1"],
     [("1.2", 2.0, 1.0)]),
    ("debris_with_a_dot_before_a_code", ["1.2 Kiểm tra 2 1", "-.-1.3._ Tuyên truyền 2 2"],
     [("1.2", 2.0, 1.0), ("1.3", 2.0, 2.0)]),
    ("dot_read_as_a_fraction_slash", ["1.2 Kiểm tra 2 1", "1⁄3 Tuyên truyền 2 2"], [("1.2", 2.0, 1.0), ("1.3", 2.0, 2.0)]),
    ("a_misread_code_another_row_carries_is_one_of_the_lost_ones",  # '1.4' read for 1.2.2: 1.4 comes later
     ["1.2 Kiểm tra 3 1", "= Tỷ lệ 1 1", "1.4 N nh ` 2 0", "1.3 Tuyên truyền 2 2", "1.3.1 Xử lý 2 2", "1.4 Báo cáo 1 1"],
     [("1.2", 3.0, 1.0), ("1.2.1", 1.0, 1.0), ("1.2.2", 2.0, 0.0), ("1.3", 2.0, 2.0), ("1.3.1", 2.0, 2.0),
      ("1.4", 1.0, 1.0)]),
    ("a_misread_code_another_row_carries_stays_unplaced_when_the_sums_do_not_fit",
     ["1.2 Kiểm tra 3 1", "= Tỷ lệ 1 1", "1.4 N nh ` 1 1", "1.3 Tuyên truyền 2 2", "1.3.1 Xử lý 2 2", "1.4 Báo cáo 1 1"],
     [("1.2", 3.0, 1.0), (None, 1.0, 1.0), (None, 1.0, 1.0), ("1.3", 2.0, 2.0), ("1.3.1", 2.0, 2.0),
      ("1.4", 1.0, 1.0)]),
    ("a_code_read_with_its_dot_keeps_it_after_a_misread_one",  # '12.2' for 1.2.1; 1.3 is no domain 13
     ["1.2 Kiểm tra 2 1", "12.2 ˆ Tỷ lệ 1 1", "1.3 Tuyên truyền 2 2"],
     [("1.2", 2.0, 1.0), ("12.2", 1.0, 1.0), ("1.3", 2.0, 2.0)]),
    ("a_domain_heading_opens_its_row_under_one_without_cells",  # '1,5 ụ': 1.2.1's cells not read
     ["1.2 Kiểm tra 2 1", "1.2.1 Tỷ lệ 1,5 ụ", "2_- CẢI CÁCH THỂ CHẾ 9,5 8,25"],
     [("1.2", 2.0, 1.0), ("1.2.1", None, None), ("2", 9.5, 8.25)]),
    ("scores_over_a_hundred_are_emptied",  # '115' for 1,5: the comma read as a digit (two parts over
     ["1.2 Kiểm tra 2 1", "1.2.1 Áp dụng ISO 115 115", "1.2.2 Xử lý 125 125"],  # their whole prove nothing)
     [("1.2", 2.0, 1.0), ("1.2.1", None, None), ("1.2.2", None, None)]),
    ("a_score_over_its_own_maximum_empties_both", ["1.2 Kiểm tra 1 1,5"], [("1.2", None, None)]),  # 1,5 1,5
    ("a_totals_lost_comma_the_domains_prove_is_restored", ["Tổng cộng 3 20"], [(None, 3.0, 2.0)]),  # 2,0
    ("a_totals_score_over_its_maximum_no_sum_proves_is_emptied", ["Tổng cộng 3 27"], [(None, None, None)]),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), [c[1:] for c in OCR_LINES], ids=[c[0] for c in OCR_LINES])
def test_codes_ocr_damaged_are_put_right_by_their_neighbours_on_ocr_pages(
    lines: list[str], expected: list[tuple[str, float, float]]
) -> None:
    text = HEADER + "1 Chỉ đạo điều hành 3 2\n1.1 Kế hoạch 1 1\n" + "\n".join(lines) + "\n"
    page = PageText("d", 1, "ocr", "no_text", text, len(text), 90.0, 0.0, None)
    rows = pages_to_score_rows([page])
    assert [(r.criterion_code, r.max_points, r.points_achieved) for r in rows[2:]] == expected
    assert all(text[r.start : r.end] == r.raw for r in rows)


def test_a_suspended_table_reopens_under_a_repeated_header_ocr_garbled() -> None:
    """OCR noise closed page 1's table; page 2's repeated header is garbled past reading ('Điểm tốiđa',
    'Piôm tự'): its columns are the last table's."""
    page1 = HEADER + "1 Chỉ đạo điều hành 3 2\n1.1 Kế hoạch 1 1\nco, ĐI Ngàn\n5-3-Ì ˆ số\nMục tiêu\n: h\n"
    page2 = "STT Nội dung tiêu chí Điểm tốiđa Piôm tự Ghi chú\n1.2 Kiểm tra 2 1\nTổng cộng 3 2\n"
    pages = [
        PageText("d", n, "ocr", "no_text", t, len(t), 90.0, 0.0, None) for n, t in ((1, page1), (2, page2))
    ]
    rows = pages_to_score_rows(pages)
    assert [(r.page, r.criterion_code, r.max_points, r.points_achieved) for r in rows] == [
        (1, "1", 3.0, 2.0), (1, "1.1", 1.0, 1.0), (2, "1.2", 2.0, 1.0), (2, None, 3.0, 2.0),
    ]  # fmt: skip


def test_a_cell_put_right_by_the_sums_says_so() -> None:
    text = (
        HEADER
        + "1 Chỉ đạo 3 2\n1.1 Kế hoạch 1 1\n1.2 Kiểm tra 2 1\n1.2.1 Tỷ lệ 0,5 0,5\n1.2.2 Xử lý 15 0,5\n"
    )
    rows = pages_to_score_rows([PageText("d", 1, "ocr", "no_text", text, len(text), 90.0, 0.0, None)])
    assert {r.criterion_code: r.repaired for r in rows if r.repaired} == {"1.2.2": ("max_points: 15 -> 1.5",)}


def test_a_row_whose_code_ocr_lost_under_a_repeated_header_is_read() -> None:
    """The first row of a page the table goes on to, its code lost ('l na Tổ chức …'), is a row (its code
    unknown: 1.1.2 or 1.2 could stand there), not a line of the repeated header; the sum of a parent whose
    parts it may belong to is not checked (a false alarm otherwise)."""
    page1 = HEADER + "1 Chỉ đạo điều hành 3 2\n1.1 Kế hoạch 2 1\n1.1.1 Ban hành 1 0\n"
    page2 = HEADER + "Điểm đạt\nl na Tổ chức kiểm tra 1 1 Văn phòng\n2 Thể chế 1 1\n"
    pages = [
        PageText("d", n, "ocr", "no_text", t, len(t), 90.0, 0.0, None) for n, t in ((1, page1), (2, page2))
    ]
    rows = pages_to_score_rows(pages)
    assert [(r.criterion_code, r.max_points, r.points_achieved) for r in rows] == [
        ("1", 3.0, 2.0), ("1.1", 2.0, 1.0), ("1.1.1", 1.0, 0.0), (None, 1.0, 1.0), ("2", 1.0, 1.0),
    ]  # fmt: skip
    assert score_total_mismatches(rows, {1: page1, 2: page2}) == []
    complete = [r for r in rows if r.criterion_code is not None]  # without it, 1 and 1.1 miss a part
    assert len(score_total_mismatches(complete, {1: page1, 2: page2})) == 2


def test_a_garbled_repeated_header_on_an_ocr_page_keeps_the_tables_columns() -> None:
    """A repeated header OCR read without its 'tối đa' names fewer columns than the table has: the table
    goes on with the columns of the one before, not with the columns the damaged header names."""
    page1 = "STT Tiêu chí Điểm tối đa Điểm tự đánh giá Mục tiêu\n1 Chỉ đạo 3 2 3\n1.1 Kế hoạch 1 1 1\n"
    page1 += "\n".join(f"dòng văn bản {k}" for k in range(9)) + "\n"  # lines without a code: the table ends
    page2 = "STT Tiêu chí ĐI ao Điểm tự đánh giá Mục tiêu\n2 Kiểm tra 2 1 2\n"
    pages = [
        PageText("d", n, "ocr", "no_text", t, len(t), 90.0, 0.0, None) for n, t in ((1, page1), (2, page2))
    ]
    rows = pages_to_score_rows(pages)
    assert (rows[-1].criterion_code, rows[-1].max_points, rows[-1].points_achieved, rows[-1].target) == (
        "2", 2.0, 1.0, 2.0,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.1", True),
        ("2.2.1", True),
        ("1.3.", True),
        ("1", False),
        ("12", False),
        ("1.1a", False),
        ("", False),
    ],
)
def test_a_criterion_code_has_a_dot(text: str, expected: bool) -> None:
    from extractors.row_codes import is_criterion_code

    assert is_criterion_code(text) is expected


def _placed(rows: list[list[tuple[str, float]]]) -> tuple[list, list]:
    """Lines of (word, x-centre) as score-table lines and their word boxes (a line 14 points high)."""
    from extractors.score_tables import Line
    from schemas.layout import PlacedWord

    lines, words, start = [], [], 0
    for k, row in enumerate(rows):
        text = " ".join(word for word, _ in row)
        lines.append(Line(1, start, start + len(text), text))
        at = start
        for word, x in row:
            words.append(PlacedWord(at, at + len(word), x - 10, 14.0 * k, x + 10, 14.0 * k + 12, 90.0))
            at += len(word) + 1
        start += len(text) + 1
    return lines, words


TITLE = [("BẢNG", 300.0), ("ĐIỂM", 340.0), ("TỰ", 370.0), ("CHẤM", 400.0)]
OCR_HEADER = [("STT", 20.0), ("Nội", 80.0), ("dung", 110.0), ("Điểm", 520.0), ("tối", 545.0), ("đa", 565.0),
              ("Piểm", 610.0), ("tự", 635.0), ("Ghi", 700.0), ("chú", 725.0)]  # fmt: skip
GARBLED_WRAP = [[("Điể", 612.0)], [*OCR_HEADER[:6], ("kilông", 620.0), *OCR_HEADER[8:]], [("chấm", 625.0)]]
PLACED_HEADERS = [  # header lines, where the first rows' numbers stand, OCR'd page -> columns named
    ("ocr_misread_name_found_when_the_max_is_named", [TITLE, OCR_HEADER], [540.0, 625.0], True,
     ("max_points", "points_achieved")),
    ("a_misread_name_is_not_read_on_a_text_layer", [TITLE, OCR_HEADER], [540.0, 625.0], False, None),
    ("a_title_saying_tu_cham_far_from_the_numbers_names_nothing", [TITLE, OCR_HEADER[:6]], [540.0, 625.0],
     True, None),
    ("no_misread_name_without_the_max", [OCR_HEADER[:3] + OCR_HEADER[6:]], [625.0], True, None),
    ("a_wrapped_name_ocr_garbled_but_its_last_word",  # 'Điểm tự chấm' over three lines: 'Điể', 'kilông', 'chấm'
     GARBLED_WRAP, [540.0, 625.0], True, ("max_points", "points_achieved")),
    ("a_lone_cham_is_not_read_on_a_text_layer",
     GARBLED_WRAP, [540.0, 625.0], False, None),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "number_xs", "ocr", "expected"), [c[1:] for c in PLACED_HEADERS],
                         ids=[c[0] for c in PLACED_HEADERS])  # fmt: skip
def test_placed_header_names_the_columns_over_the_numbers(
    rows: list, number_xs: list[float], ocr: bool, expected: tuple[str, ...] | None
) -> None:
    from extractors.score_tables import read_placed_layout

    lines, words = _placed(rows)
    layout = read_placed_layout(lines, words, number_xs, ocr)
    assert (layout.roles if layout else None) == expected


@pytest.mark.parametrize(
    ("text", "offset", "count", "start"),
    [
        ("a\nb\nSTT x", 4, 3, 0),  # fewer lines above than asked: the page's start
        ("a\nb\nc\nd\nSTT x", 8, 2, 4),  # two lines above: 'c'
        ("a\n\n  \nb\nSTT x", 9, 1, 6),  # blank lines are not counted
        ("a\nb\nSTT x", 6, 0, 4),  # the line holding the offset
    ],
)
def test_lines_above_a_header_line(text: str, offset: int, count: int, start: int) -> None:
    assert _lines_above(text, offset, count) == start


def test_a_digit_ocr_read_among_a_repeated_headers_words_opens_no_row() -> None:
    """Page 2 repeats the header, its 'Điểm tự chấm' read '3 Ghi chú' / 'châm': no row 3 (it took the next
    row's line, code and cells, for its own, and the code a misread row would be placed by was gone)."""
    page1 = HEADER + "1 Chỉ đạo điều hành 3 2\n1.1 Kế hoạch 1 1\n1.2 Kiểm tra 2 1\n"
    page2 = (
        "STT\nNội dung tiêu chí\nĐiểm tối đa\n3 Ghi chú\nchâm\n1.2.1 Tỷ lệ 1 0,5\n2.1 quy phạm pháp luật\n"
        "Xử lý 1 0,5\n2 Thể chế 1 1\n"
    )
    pages = [
        PageText("d", n, "ocr", "no_text", t, len(t), 90.0, 0.0, None) for n, t in ((1, page1), (2, page2))
    ]
    rows = pages_to_score_rows(pages)
    assert [(r.criterion_code, r.max_points, r.points_achieved) for r in rows] == [
        ("1", 3.0, 2.0), ("1.1", 1.0, 1.0), ("1.2", 2.0, 1.0), ("1.2.1", 1.0, 0.5), ("1.2.2", 1.0, 0.5),
        ("2", 1.0, 1.0),
    ]  # fmt: skip
