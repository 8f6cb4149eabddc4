"""Section trees and PAR domains: headings, nesting of restarted lists, domains inherited by figures."""

from __future__ import annotations

import pytest

from extractors.document import file_to_document
from extractors.sections import heading_level, par_domain_of
from tests.conftest import SEEDS

LEVELS = [("I.", 1), ("IV.", 1), ("1.", 2), ("2.1.", 3), ("2.1.1.", 4), ("a)", 5)]


@pytest.mark.parametrize(("label", "level"), LEVELS)
def test_heading_level(label: str, level: int) -> None:
    assert heading_level(label) == level


DOMAINS = [
    ("CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", "chi_dao_dieu_hanh"),
    ("Cải cách thể chế", "the_che"),
    ("Cải cách thủ tục hành chính (TTHC)", "thu_tuc_hanh_chinh"),
    ("Cải cách tổ chức bộ máy hành chính nhà nước", "to_chuc_bo_may"),
    ("Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức", "che_do_cong_vu"),
    ("Cải cách tài chính công", "tai_chinh_cong"),
    ("Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "chinh_quyen_so"),
    ("KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH", None),
]


@pytest.mark.parametrize(("heading", "domain"), DOMAINS)
def test_par_domain_of(heading: str, domain: str | None) -> None:
    assert par_domain_of(heading) == domain


def test_restarted_numbering_is_a_list_inside_its_section() -> None:
    result = file_to_document(SEEDS / "001_d76b854a65e5ff62.txt")
    by_heading = {s.heading[:30]: s for s in result.sections}
    tthc = by_heading["Cải cách thủ tục hành chính (T"]
    field = by_heading["Lĩnh vực Dược phẩm: 24 thủ tục"]
    nxt = by_heading["Cải cách tổ chức bộ máy"]
    assert (tthc.level, field.level, nxt.level) == (2, 3, 2)
    assert field.parent_id == tthc.section_id and field.par_domain == "thu_tuc_hanh_chinh"
    assert nxt.parent_id == by_heading["KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI"].section_id


def test_figures_carry_the_domain_of_their_section() -> None:
    result = file_to_document(SEEDS / "001_d76b854a65e5ff62.txt")
    survey = next(f for f in result.facts if f.raw == "2.771 phiếu")
    assert survey.par_domain == "thu_tuc_hanh_chinh" and survey.section_id
    assert sum(f.par_domain is not None for f in result.facts) / len(result.facts) > 0.9
    for s in result.sections:
        assert result.pages[s.page - 1].text[s.start : s.end].lstrip().startswith(s.label)
