"""Unruled tables on scans (extractors/unruled_ocr): where the number columns are, which lines are the
header, and how the two readings of a page are put together; on tesseract's TSV as dicts of columns."""

from __future__ import annotations

import pytest

from extractors.unruled_ocr import _words, header_band, number_columns, with_header_from

LINE_HEIGHT = 20


def tsv(rows: list[tuple[str, int, int, int]]) -> dict[str, list]:
    """A TSV of words: (text, left, top, line number), each word 40 px wide and LINE_HEIGHT tall."""
    data: dict[str, list] = {k: [] for k in ("text", "left", "top", "width", "height", "conf", "block_num",
                                             "par_num", "line_num")}  # fmt: skip
    for text, left, top, line in rows:
        for key, value in zip(data, (text, left, top, 40, LINE_HEIGHT, 90.0, 1, 1, line), strict=True):
            data[key].append(value)
    return data


# a table: codes at x=10, criterion text at x=80, numbers in columns at x=400 and x=500, unit at x=600;
# its header ('Điểm tối đa', 'Điểm đạt') on two lines above the first row of numbers
TABLE = [
    ("STT", 10, 0, 1), ("Tiêu", 80, 0, 1), ("Điểm", 400, 0, 1), ("Điểm", 500, 0, 1), ("Đơn", 600, 0, 1),
    ("tối", 400, 25, 2), ("đạt", 500, 25, 2),
    *[row for k in range(6) for row in (
        (f"1.{k + 1}", 10, 60 + 30 * k, 3 + k), ("Kế", 80, 60 + 30 * k, 3 + k), ("hoạch", 130, 60 + 30 * k, 3 + k),
        ("1,5", 400, 60 + 30 * k, 3 + k), ("1" if k != 2 else "¡Ì", 500, 60 + 30 * k, 3 + k),
        ("Sở", 600, 60 + 30 * k, 3 + k),
    )],
]  # fmt: skip


def test_number_columns_are_where_the_numbers_stand_not_the_codes() -> None:
    columns = number_columns(_words(tsv(TABLE)))
    assert len(columns) == 2
    (a0, a1), (b0, b1) = columns
    assert a0 < 420 < a1 < b0 < 520 < b1 < 600  # the unit column and the codes' column are not numbers


def test_the_header_band_is_the_lines_naming_number_columns_above_the_first_row() -> None:
    words = _words(tsv(TABLE))
    top, bottom = header_band(words, number_columns(words))  # type: ignore[misc]
    assert top == pytest.approx(-LINE_HEIGHT / 2) and bottom == pytest.approx(55)


def test_a_first_row_whose_cells_ocr_garbled_is_no_header_line() -> None:
    """'4.1.1 … LỆ) 1D': words in both number columns, but the line opens with a code: a row. The band ends
    above it (the reading by columns would take the row's words into the header)."""
    garbled = [("1.0", 10, 45, 50), ("Kế", 80, 45, 50), ("LỆ)", 400, 45, 50), ("1D", 500, 45, 50)]
    rows = [(t, x, y + 30, line) for t, x, y, line in TABLE if y >= 60]
    words = _words(tsv([*[w for w in TABLE if w[2] < 60], *garbled, *rows]))
    top, bottom = header_band(words, number_columns(words))  # type: ignore[misc]
    assert top == pytest.approx(-LINE_HEIGHT / 2) and bottom <= 45


def test_a_numbered_line_above_the_header_does_not_end_it() -> None:
    above = [("1.2", 10, 0, 90), ("Kế", 80, 0, 90), ("hoạch", 130, 0, 90)]  # prose above the table
    words = _words(tsv([*above, *[(t, x, y + 60, line) for t, x, y, line in TABLE]]))
    top, bottom = header_band(words, number_columns(words))  # type: ignore[misc]
    assert top == pytest.approx(60 - LINE_HEIGHT / 2) and bottom == pytest.approx(115)


def test_no_number_columns_no_header_band() -> None:
    prose = [(f"chữ{k}", 80 + 50 * (k % 8), 30 * (k // 8), k // 8) for k in range(40)]
    words = _words(tsv(prose))
    assert number_columns(words) == [] and header_band(words, []) is None


def test_the_header_comes_from_the_reading_by_columns_and_the_rows_from_the_reading_by_lines() -> None:
    rows = tsv(TABLE)
    by_columns = tsv([("STT", 10, 0, 1), ("Điểm", 400, 0, 2), ("tối", 400, 25, 3), ("đa", 400, 50, 3),
                      ("Điểm", 500, 0, 4), ("đạt", 500, 25, 5), ("1.1", 10, 60, 9)])  # fmt: skip
    composed = with_header_from(rows, by_columns)
    header = composed["text"][: composed["text"].index("1.1")]
    assert header == ["STT", "Điểm", "tối", "Điểm", "đạt"]  # 'đa' at y=50 stands below the band's end
    assert composed["text"][len(header) :] == [w[0] for w in TABLE if w[2] >= 60]
    assert set(composed) == set(rows) and all(len(v) == len(composed["text"]) for v in composed.values())
    blocks = composed["block_num"]
    assert set(blocks[: len(header)]).isdisjoint(blocks[len(header) :])  # no line runs on into the header


def test_a_page_without_a_table_keeps_its_reading() -> None:
    prose = tsv([(f"chữ{k}", 80 + 50 * (k % 8), 30 * (k // 8), k // 8) for k in range(40)])
    assert with_header_from(prose, tsv([("khác", 0, 0, 1)])) is prose


VOTES = [  # readings of one number cell (the page's, eng, vie, despeckled) -> the number kept
    (["15", "15", "1,5", "1,5"], "1,5"),  # a tie: OCR loses a comma far more often than it makes one
    (["1,5", "15", "1,5", "15"], "1,5"),
    (["15", "15", "15", "1,5"], "15"),  # the majority holds
    (["2", "2", "2,5", "2,5"], "2"),  # tied, but not the same digits
    (["15", "1;5", "1:5", "x"], "1,5"),  # ';' and ':' read for the comma
]


@pytest.mark.parametrize(("votes", "kept"), VOTES)
def test_a_number_cell_keeps_the_reading_most_give_and_its_comma_on_a_tie(
    votes: list[str], kept: str
) -> None:
    from extractors.table_ocr import voted_number

    assert voted_number(votes)[0] == kept
