"""Property-based tests: the citation and date parsers never crash and their offsets always hold."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.citations import text_to_citations
from extractors.dates import find_dates
from extractors.legacy import decode_legacy, legacy_table
from extractors.normalize import normalize_text
from extractors.routing import measure_text_layer, page_needs_ocr
from tests.bad_inputs import to_vni

PIECES = st.sampled_from(
    ["Quyết định số ", "Nghị định ", "Kế hoạch số ", "Số: ", "ngày ", " tháng ", " năm ", "/", "-", "QĐ", "NĐ",
     "CP", "UBND", "KH", "SYT", "TW", "NQ", "21.06", "2023", "202", "31", "4", "12", " ", "\n", "\n\n", ", ",
     "; ", "về việc ", "và ", "của ", "Đ", "Ð", "…", "(Kèm theo ", "Ngày ", "ban hành ", "%", "0"]
)  # fmt: skip
REPORTISH = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(REPORTISH)
def test_citations_never_crash_and_offsets_hold(raw: str) -> None:
    text = normalize_text(raw)
    for citation in text_to_citations(text, "d", 1):
        assert text[citation.start : citation.end] == citation.raw
        assert citation.number and "\n" not in citation.number and " " not in citation.number


@settings(max_examples=300, deadline=None)
@given(REPORTISH)
def test_dates_never_crash_and_offsets_hold(raw: str) -> None:
    for date in find_dates(raw):
        assert raw[date.start : date.end] == date.raw
        assert date.value is not None or date.problem in {"truncated", "impossible"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.floats(min_value=0, max_value=1))
def test_routing_is_total(text: str, coverage: float) -> None:
    decision = page_needs_ocr(measure_text_layer(text, coverage))
    assert decision.reason


VIETNAMESE_LETTERS = "".join(sorted(set(legacy_table("vni").to_unicode.values())))
VIETNAMESE_TEXT = st.text(
    alphabet=VIETNAMESE_LETTERS + "abcdeghiklmnopqrstuvxyABCDGHKLNOQTUVXY 0123456789,./-\n"
)


@settings(max_examples=300, deadline=None)
@given(VIETNAMESE_TEXT)
def test_vni_spelling_decodes_back_to_the_text(text: str) -> None:
    assert legacy_table("vni").decode(to_vni(text)) == text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.floats(min_value=0, max_value=1))
def test_legacy_decoding_is_total_and_yields_sound_text(raw: str, coverage: float) -> None:
    decoded = decode_legacy(raw, coverage)
    if decoded is not None:
        assert decoded.text == normalize_text(decoded.text)
        assert not page_needs_ocr(measure_text_layer(decoded.text, coverage)).use_ocr
