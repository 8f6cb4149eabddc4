"""Two titles given to one number, compared by meaning: years, numbers, names and actions decide; the
words are compared in one spelling (abbreviations spelt out, near-synonyms as one word, filler dropped)."""

from __future__ import annotations

import pytest

from extractors.titles import title_meaning, titles_name_different_things


@pytest.mark.parametrize(
    ("a", "b", "different"),
    [
        ("cải cách hành chính năm 2023", "cải cách hành chính năm 2022", True),  # years decide
        (
            "triển khai Nghị quyết số 18 của Tỉnh ủy",
            "triển khai Nghị quyết số 19 của Tỉnh ủy",
            True,
        ),  # numbers
        ("thực hiện 05 nhiệm vụ trọng tâm năm 2023", "thực hiện 5 nhiệm vụ trọng tâm năm 2023", False),
        ("cải cách hành chính giai đoạn 2021-2025", "cải cách hành chính giai đoạn 2021 - 2025", False),
        (
            "sửa đổi Nghị định số 63/2010/NĐ-CP",
            "sửa đổi, bổ sung Nghị định 63/2010/NĐ-CP về kiểm soát",
            False,
        ),
        ("kiểm soát thủ tục hành chính", "kiểm soát thủ tục hành chính năm 2023", False),  # one cut shorter
        # abbreviations are the words they stand for
        ("CCHC", "cải cách hành chính", False),
        ("kiểm soát TTHC", "kiểm soát thủ tục hành chính", False),
        ("Kế hoạch CCHC năm 2023", "kế hoạch cải cách hành chính năm 2023 của Sở Nội vụ", False),
        ("công tác CCHC của UBND tỉnh", "cải cách hành chính của Ủy ban nhân dân tỉnh", False),
        ("nâng cao Chỉ số PAR INDEX", "nâng cao chỉ số cải cách hành chính", False),
        # near-synonyms, old tone placement
        ("triển khai Kế hoạch CCHC", "tổ chức thực hiện kế hoạch cải cách hành chính", False),
        ("đẩy mạnh ứng dụng CNTT", "tăng cường ứng dụng công nghệ thông tin", False),
        ("Uỷ ban nhân dân tỉnh Hoà Bình", "Ủy ban nhân dân tỉnh Hòa Bình", False),
        # what the document does to its object decides
        ("ban hành Quy chế làm việc của UBND tỉnh", "bãi bỏ Quy chế làm việc của UBND tỉnh", True),
        ("thành lập Tổ công tác cải cách hành chính", "giải thể Tổ công tác cải cách hành chính", True),
        ("ban hành Quy chế phối hợp", "sửa đổi, bổ sung Quy chế phối hợp", True),
        ("phê duyệt Đề án văn hóa công vụ", "ban hành Đề án văn hóa công vụ", False),  # both adopt it
        ("sửa đổi, bổ sung Quy chế", "sửa đổi Quy chế", False),
        # Roman ordinals are numbers
        ("kết quả CCHC quý I năm 2024", "kết quả CCHC quý III năm 2024", True),
        ("kết quả CCHC quý IV năm 2024", "kết quả cải cách hành chính quý IV năm 2024", False),
        # other names, or hardly a word in common
        ("Sở Y tế tỉnh Sơn La", "Sở Tư pháp tỉnh Sơn La", True),
        ("cải cách hành chính", "phòng, chống dịch bệnh", True),
    ],
)
def test_titles_differ_by_meaning(a: str, b: str, different: bool) -> None:
    assert titles_name_different_things(a, b) is different
    assert titles_name_different_things(b, a) is different


@pytest.mark.parametrize(
    ("title", "years", "numbers", "actions", "words"),
    [
        ("về việc ban hành Kế hoạch CCHC năm 2023", {"2023"}, set(), {"adopt"}, "ban hành kế hoạch cải cách hành chính 2023"),
        ("kết quả CCHC quý III", set(), {"3"}, set(), "kết quả cải cách hành chính quý iii"),
        ("bãi bỏ 05 quyết định", set(), {"5"}, {"repeal"}, "bãi bỏ 05 quyết định"),
    ],
)  # fmt: skip
def test_title_meaning(title: str, years: set, numbers: set, actions: set, words: str) -> None:
    meaning = title_meaning(title)
    assert (set(meaning.years), set(meaning.numbers), set(meaning.actions), meaning.words) == (
        years, numbers, actions, words,
    )  # fmt: skip
