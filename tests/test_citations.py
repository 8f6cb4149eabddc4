"""Citation patterns and their look-alikes, one table row per case; gold precision/recall on the seeds."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
import regex

from extractors.citation_grammar import grammar
from extractors.citations import KIND_WINDOW, _kind_before, find_numbers, text_to_citations
from extractors.normalize import normalize_text
from extractors.text_spans import find_headings
from tests.conftest import ROOT, SEEDS

D = dt.date
# (case, sentence, expected: list of (number, doc_kind, issue_date, role, valid_format, repaired))
CASES = [
    ("decision_with_date", "Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng",
     [("1847/QĐ-TTg", "Quyết định", D(2018, 12, 27), "cited", True, False)]),
    ("normative_decree", "theo Nghị định 61/2018/NĐ-CP của Chính phủ",
     [("61/2018/NĐ-CP", "Nghị định", None, "cited", True, False)]),
    ("joint_circular", "Thông tư liên tịch số 01/2015/TTLT-BNV-BTC ngày 14/4/2015",
     [("01/2015/TTLT-BNV-BTC", "Thông tư liên tịch", D(2015, 4, 14), "cited", True, False)]),
    ("letter_without_type", "Thực hiện văn bản số 222/SNV-XDCQ ngày 22/02/2021 của Sở Nội vụ",
     [("222/SNV-XDCQ", "Văn bản", D(2021, 2, 22), "cited", True, False)]),
    ("official_letter_issuer_only", "Công văn số 1973/SNV ngày 04/11/2022",
     [("1973/SNV", "Công văn", D(2022, 11, 4), "cited", True, False)]),
    ("party_resolution", "Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương",
     [("18-NQ/TW", "Nghị quyết", D(2017, 10, 25), "cited", True, False)]),
    ("party_directive", "Chỉ thị 05-CT/TU của Tỉnh ủy", [("05-CT/TU", "Chỉ thị", None, "cited", True, False)]),
    ("law", "Luật số 80/2015/QH13 ngày 22/6/2015", [("80/2015/QH13", "Luật", D(2015, 6, 22), "cited", True, False)]),
    ("self_number_in_header", "SỞ Y TẾ\nSố: 45/BC-SYT\t\tLai Châu, ngày 14 tháng 6 năm 2021",
     [("45/BC-SYT", "Báo cáo", D(2021, 6, 14), "self", True, False)]),
    ("blank_self_number", "SỞ Y TẾ\nSố :      /KH-SYT      Hòa Bình, ngày      tháng  01  năm 2024",
     [("/KH-SYT", "Kế hoạch", None, "self", False, False)]),
    ("space_inside_symbol", "Kế hoạch số 121/KH- SYT, ngày 29/9/2020",
     [("121/KH-SYT", "Kế hoạch", D(2020, 9, 29), "cited", True, False)]),
    ("symbol_across_line_break", "Kế hoạch số 24/KH-\n\nSYT ngày 03/02/2021",
     [("24/KH-SYT", "Kế hoạch", D(2021, 2, 3), "cited", True, False)]),
    ("missing_hyphen", "Nghị quyết số 35/NQCP và các nghị quyết", [("35/NQCP", "Nghị quyết", None, "cited", False, False)]),
    ("corrupted_year_repaired", "Nghị định số 34/21.06/NĐ-CP ngày 14/5/21.06 của Chính phủ",
     [("34/2016/NĐ-CP", "Nghị định", D(2016, 5, 14), "cited", True, True)]),
    ("eth_for_d_stroke", "Quyết định số 12/QÐ-UBND ngày 3/1/2024",
     [("12/QĐ-UBND", "Quyết định", D(2024, 1, 3), "cited", True, False)]),
    ("ascii_folded_type", "Quyết định số 2705/QD-UBND ngày 24/12/2022",
     [("2705/QĐ-UBND", "Quyết định", D(2022, 12, 24), "cited", True, True)]),
    ("worded_date", "Nghị định số 34/2016/NĐ-CP ngày 14 tháng 5 năm 2016",
     [("34/2016/NĐ-CP", "Nghị định", D(2016, 5, 14), "cited", True, False)]),
    ("hyphen_date", "Quyết định số 30/2018/QĐ-UBND ngày 14-5-2018",
     [("30/2018/QĐ-UBND", "Quyết định", D(2018, 5, 14), "cited", True, False)]),
    ("truncated_date", "văn bản số 222/SNV-XDCQ ngày 22/02/202 của Sở Nội vụ",
     [("222/SNV-XDCQ", "Văn bản", None, "cited", True, False)]),
    ("missing_date", "Thông tư 56/2022/TT-BTC ngày  của Bộ Tài chính",
     [("56/2022/TT-BTC", "Thông tư", None, "cited", True, False)]),
    ("date_before_number", "Ngày 10/02/2023, UBND tỉnh ban hành Quyết định số 03/2023/QĐ-UBND về việc quy định",
     [("03/2023/QĐ-UBND", "Quyết định", D(2023, 2, 10), "cited", True, False)]),
    ("shared_date", "Quyết định số 1165/QĐ-SYT và 1166/QĐ-SYT ngày 19/12/2022 xếp loại",
     [("1165/QĐ-SYT", "Quyết định", D(2022, 12, 19), "cited", True, False),
      ("1166/QĐ-SYT", "Quyết định", D(2022, 12, 19), "cited", True, False)]),
    ("kind_from_type_code", "Kế hoạch số 63-KH/ĐU; 1166/QĐ-SYT", [
        ("63-KH/ĐU", "Kế hoạch", None, "cited", True, False), ("1166/QĐ-SYT", "Quyết định", None, "cited", True, False)]),
    ("kind_word_glued_to_number", "Nghị định số108/2014/NĐ-CP về chính sách",
     [("108/2014/NĐ-CP", "Nghị định", None, "cited", True, False)]),
]  # fmt: skip


@pytest.mark.parametrize(("case", "sentence", "expected"), CASES, ids=[c[0] for c in CASES])
def test_citation_patterns(case: str, sentence: str, expected: list[tuple]) -> None:
    text = normalize_text(sentence)
    got = text_to_citations(text)
    assert [(c.number, c.doc_kind, c.issue_date, c.role, c.valid_format, c.repaired) for c in got] == expected
    for citation in got:
        assert text[citation.start : citation.end] == citation.raw


OCR_DAMAGE = [  # what OCR does to a number, and what the grammar makes of it (raw kept, repaired = True)
    ("no_space_after_colon", "Số:04 /CT-UBND Quảng Ngãi", [("04/CT-UBND", "Chỉ thị", None, "self", True, False)]),
    ("next_word_glued", "Nghị định số 61/2018/NĐ-CPngày 23/4/2018 của Chính phủ",
     [("61/2018/NĐ-CP", "Nghị định", D(2018, 4, 23), "cited", True, True)]),
    ("glued_word_lost_its_tone", "Nghị quyết số 12/NQ-HĐNDngy 10/7/2023",
     [("12/NQ-HĐND", "Nghị quyết", D(2023, 7, 10), "cited", True, True)]),
    ("issuer_digit_read_as_letter", "Nghị quyết số 1231/NQ-UBTVQHI5 ngày 20/6/2024",
     [("1231/NQ-UBTVQH15", "Nghị quyết", D(2024, 6, 20), "cited", True, True)]),
    ("year_zero_read_as_o", "Nghị định số 30/2O20/NĐ-CP ngày 05/3/2020",
     [("30/2020/NĐ-CP", "Nghị định", D(2020, 3, 5), "cited", True, True)]),
    ("number_one_read_as_l", "Chỉ thị số l5/CT-TTg ngày 27/3/2020",
     [("15/CT-TTg", "Chỉ thị", D(2020, 3, 27), "cited", True, True)]),
    ("letter_read_twice", "Quyết định số 876/QĐĐ-BNV ngày 10/11/2020",
     [("876/QĐ-BNV", "Quyết định", D(2020, 11, 10), "cited", True, True)]),
    ("q_read_as_o", "Quyết định số 06/OĐ-TTg ngày 06/01/2022",
     [("06/QĐ-TTg", "Quyết định", D(2022, 1, 6), "cited", True, True)]),
    ("t_read_as_i_in_a_party_symbol", "Nghị quyết số 18-NQ/IW ngày 25/10/2017",
     [("18-NQ/TW", "Nghị quyết", D(2017, 10, 25), "cited", True, True)]),
    ("day_one_read_as_l", "Chỉ thị số 11/CT-TTg ngày l6 tháng 4 năm 2021 của Thủ tướng",
     [("11/CT-TTg", "Chỉ thị", D(2021, 4, 16), "cited", True, True)]),
    ("day_one_read_as_i", "Quyết định số 350/UB-QĐ ngày I8 tháng 9 năm 1986",
     [("350/UB-QĐ", "Quyết định", D(1986, 9, 18), "cited", True, True)]),
    ("month_digits_set_apart", "Kế hoạch số 7889/KH-UBND ngày 25/1 1/2025 về ứng phó sự cố",
     [("7889/KH-UBND", "Kế hoạch", D(2025, 11, 25), "cited", True, True)]),
]  # fmt: skip


@pytest.mark.parametrize(("case", "sentence", "expected"), OCR_DAMAGE, ids=[c[0] for c in OCR_DAMAGE])
def test_ocr_damaged_numbers_are_repaired(case: str, sentence: str, expected: list[tuple]) -> None:
    test_citation_patterns(case, sentence, expected)


@pytest.mark.parametrize(
    ("sentence", "number", "repaired"),
    [
        ("Thực hiện Báo cáo số 312/BCSNV ngày 12/3/2024 của Sở Nội vụ", "312/BC-SNV", True),
        ("Quyết định số 12/QĐUBND ngày 3/4/2024", "12/QĐ-UBND", True),
        ("Kế hoạch số 12/KH-SYT ngày 1/2/2024", "12/KH-SYT", False),  # nothing lost
    ],
)
def test_on_ocr_pages_a_hyphen_lost_between_type_and_issuer_is_put_back(
    sentence: str, number: str, repaired: bool
) -> None:
    """OCR drops the hyphen of '312/BC-SNV'; typed, '35/NQCP' is the document's own misprint (malformed)."""
    (read,) = text_to_citations(sentence, "d", 1, ocr=True)
    assert (read.number, read.valid_format, read.repaired) == (number, True, repaired)
    (typed,) = text_to_citations(sentence, "d", 1)
    assert typed.number == read.raw.replace(" ", "") and typed.valid_format is not repaired


OCR_GARBAGE = [  # look-alikes OCR makes that must stay non-citations
    ("letters_only", "Il/OO và lO/II"),
    ("word_then_slash", "Hoàn thành l/QĐ và O/TTg"),
    ("glued_word_is_not_a_code", "tỷ lệ 5/năm và 3/vềviệc"),
    ("number_glued_to_a_letter", "S64 /CT-UBND Quảng Ngãi"),
    ("number_zero", "Số: 6§0 /TB-UBND Quảng Ngãi"),
]


@pytest.mark.parametrize(("case", "sentence"), OCR_GARBAGE, ids=[c[0] for c in OCR_GARBAGE])
def test_ocr_garbage_is_not_a_citation(case: str, sentence: str) -> None:
    assert text_to_citations(normalize_text(sentence)) == []


NOT_CITATIONS = [
    ("ratio", "Trong quý I đã hoàn thành được 26/52 nhiệm vụ."),
    ("full_ratio_units", "36/36 cơ quan, đơn vị; 6/14 vị trí; 02đơn/02 vụ việc"),
    ("date", "ngày 14/5/2021 và ngày 14-5-2021"),
    ("month_year", "lịch tiếp công dân tháng 01/2023 của Sở Y tế"),
    ("iso_standard", "tiêu chuẩn ISO 9001:2015 và TCVN ISO 9001-2015"),
    ("phone_fax", "Phone: 0212.3750983 - Fax: 0212.3750926"),
    ("page_number", "Trang 3/10"),
    ("abbreviation_slash", "Sở Nội vụ (b/c); Tăng/giảm so với năm 2020"),
    ("period", "giai đoạn 2021-2025, định hướng đến năm 2030"),
    ("percent_and_money", "đạt 92,03%; kinh phí 546.489.887 đồng"),
    ("law_without_number", "Luật ban hành văn bản QPPL 21.05 và Luật Ngân sách nhà nước 2015"),
    ("url", "https://soyte.sonla.gov.vn/ - Mục công khai tài chính"),
    ("levels", "dịch vụ công trực tuyến mức độ 3/4 và 3, 4"),
]


@pytest.mark.parametrize(("case", "sentence"), NOT_CITATIONS, ids=[c[0] for c in NOT_CITATIONS])
def test_look_alikes_are_not_citations(case: str, sentence: str) -> None:
    assert text_to_citations(normalize_text(sentence)) == []


GOLD = ROOT / "tests" / "gold" / "citations"
FIELDS = ("number", "doc_kind", "issue_date", "date_raw", "role", "valid_format", "repaired")


def gold_and_found() -> tuple[list[tuple[str, dict]], list[tuple[str, object]]]:
    gold, found = [], []
    for path in sorted(GOLD.glob("*.jsonl")):
        text = normalize_text((SEEDS / f"{path.stem}.txt").read_text(encoding="utf-8"))
        gold += [(path.stem, json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()]
        found += [(path.stem, c) for c in text_to_citations(text, headings=find_headings(text))]
    return gold, found


def test_gold_precision_and_recall_on_the_seeds() -> None:
    gold, found = gold_and_found()
    gold_spans = {(seed, g["start"], g["end"]) for seed, g in gold}
    found_spans = {(seed, c.start, c.end) for seed, c in found}
    precision = len(gold_spans & found_spans) / len(found_spans)
    recall = len(gold_spans & found_spans) / len(gold_spans)
    print(f"citations on the seeds: precision {precision:.4f}, recall {recall:.4f}, gold {len(gold_spans)}")
    assert precision >= 0.99 and recall >= 0.99


def test_gold_fields_on_the_seeds() -> None:
    gold, found = gold_and_found()
    by_span = {(seed, c.start, c.end): c for seed, c in found}
    wrong = []
    for seed, g in gold:
        c = by_span.get((seed, g["start"], g["end"]))
        if c is None:
            continue
        got = {f: getattr(c, f) for f in FIELDS}
        got["issue_date"] = got["issue_date"].isoformat() if got["issue_date"] else None
        wrong += [(seed[:3], g["raw"], f, g[f], got[f]) for f in FIELDS if g[f] != got[f]]
    accuracy = 1 - len(wrong) / (len(gold) * len(FIELDS))
    print(f"field accuracy {accuracy:.4f}; wrong: {wrong}")
    assert accuracy >= 0.99, wrong


def test_offsets_hold_the_raw_text_on_every_seed() -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        text = normalize_text(seed.read_text(encoding="utf-8"))
        for citation in text_to_citations(text):
            assert text[citation.start : citation.end] == citation.raw


def test_gold_files_cover_every_seed() -> None:
    assert sorted(p.stem for p in GOLD.glob("*.jsonl")) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert Path(GOLD / "README.md").exists()


@pytest.mark.slow
def test_citations_in_a_real_scan_match_the_hand_checked_list() -> None:
    """A document the grammar was not written from, read by OCR: every citation, number and date."""
    from extractors.document import file_to_document
    from tests.conftest import REAL

    gold = json.loads((GOLD.parent / "scanned" / "23BC_citations.json").read_text(encoding="utf-8"))
    result = file_to_document(REAL / gold["pdf"])
    found = [[c.number, c.issue_date.isoformat() if c.issue_date else None, c.role] for c in result.citations]
    assert found == gold["citations"]


def _kind_before_searched_backwards(text: str, start: int) -> tuple[int, str | None]:
    """The kind word before a number as it was found: the window searched backwards by `regex` for the
    kind words (longest first), an optional 'số' and blanks or a colon up to the number."""
    words = grammar().kind_words
    alternation = "|".join(
        r"\s+".join(map(regex.escape, w.split())) for w in sorted(words, key=len, reverse=True)
    )
    pattern = regex.compile(rf"(?P<kind>{alternation})(?:\s+số)?[\s:]*$", regex.IGNORECASE | regex.REVERSE)
    match = pattern.search(text, max(0, start - KIND_WINDOW), start)
    return (start, None) if match is None else (match.start(), words[" ".join(match["kind"].split()).lower()])


@pytest.mark.parametrize("seed", range(30))
def test_the_kind_word_before_a_number_is_the_one_a_backward_search_finds(seed: int) -> None:
    """Kind words in any case, wrapped, with 'số', a colon or none before the number, inside words, cut by
    the window's start: read on the reversed window, the same kind and start as the backward search."""
    rng = random.Random(seed)
    pieces = [*grammar().kind_words, "số", "Số", ":", "QUYẾT ĐỊNH", "và", "theo", "x", "Thông tư liên tịch"]
    for _ in range(300):
        text = "".join(
            rng.choice(pieces) + rng.choice(["", " ", "\n", " \n "]) for _ in range(rng.randrange(1, 9))
        )
        text += "12/2020/NĐ-CP"
        start = len(text) - len("12/2020/NĐ-CP")
        assert _kind_before(text, start) == _kind_before_searched_backwards(text, start)


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_the_kind_word_before_each_seed_number_is_the_one_a_backward_search_finds(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    for number in find_numbers(text):
        assert _kind_before(text, number.start) == _kind_before_searched_backwards(text, number.start)
