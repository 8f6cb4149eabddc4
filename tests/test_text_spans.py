"""Sentence spans: underthesea's splitter loaded on its own gives underthesea's sentences, offsets tile the text."""

from __future__ import annotations

import itertools
import random
import subprocess
import sys

import pytest
from underthesea import sent_tokenize

from extractors.text_spans import (
    PageSentences,
    _aligned,
    _fill_gaps,
    sentence_at,
    sentence_spans,
    underthesea_sent_tokenize,
)
from tests.conftest import ROOT, seed_files


@pytest.mark.parametrize("seed", seed_files(), ids=lambda p: p.stem)
def test_the_standalone_splitter_gives_underthesea_sentences(seed) -> None:
    text = seed.read_text(encoding="utf-8")
    assert underthesea_sent_tokenize()(text) == sent_tokenize(text)


@pytest.mark.parametrize("seed", seed_files(), ids=lambda p: p.stem)
def test_sentence_spans_tile_the_text(seed) -> None:
    text = seed.read_text(encoding="utf-8")
    spans = sentence_spans(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(end == next_start for (_, end), (next_start, _) in itertools.pairwise(spans))
    assert len(spans) > 1


@pytest.mark.parametrize("seed", seed_files(), ids=lambda p: p.stem)
def test_sentence_spans_are_underthesea_sentences_found_again_in_the_text(seed) -> None:
    """The spans cut from the splitter's pieces are where underthesea's sentence strings stand (what the
    spans are when its module is not built as expected and its ``sent_tokenize`` is used as it is)."""
    text = seed.read_text(encoding="utf-8")
    assert sentence_spans(text) == _fill_gaps(_aligned(text, sent_tokenize(text)), len(text))


def test_sentence_splitting_does_not_import_the_underthesea_package() -> None:
    code = (
        "import sys; from extractors.text_spans import sentence_spans; "
        "assert len(sentence_spans('Một câu. Câu thứ hai.')) == 2; "
        "assert 'underthesea' not in sys.modules, 'underthesea package imported'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


SPLITTER_ALPHABET = "aB .?!…\n\t1đĐ."


@pytest.mark.parametrize("seed", range(100))
def test_the_splitter_agrees_with_underthesea_on_random_punctuation(seed) -> None:
    """Ellipses, runs of '?!', decimal dots, abbreviations ('TP.', 'e.g.') and blank text, mixed at random."""
    rng = random.Random(seed)
    words = ["TP.", "e.g.", "Số", "1.500.000", "...", "?!", "x", "ĐẾN.", "..", "\n\n", "a.b", "4."]
    pieces = [rng.choice(words) if rng.random() < 0.3 else rng.choice(SPLITTER_ALPHABET) for _ in range(60)]
    text = "".join(pieces)
    assert underthesea_sent_tokenize()(text) == sent_tokenize(text)


def _headings_line_by_line(text: str) -> list[tuple[int, str, str]]:
    """What a multiline '^…$' scan of every character finds: the reference ``find_headings`` must equal."""
    from extractors.text_spans import HEADING

    return [(m.start(), m["label"], m["text"]) for m in HEADING.finditer(text)]


@pytest.mark.parametrize("seed", seed_files(), ids=lambda p: p.stem)
def test_headings_found_after_line_breaks_are_every_heading_line(seed) -> None:
    from extractors.text_spans import find_headings

    text = seed.read_text(encoding="utf-8")
    found = [(h.start, h.label, h.text) for h in find_headings(text)]
    assert found == _headings_line_by_line(text) and found


@pytest.mark.parametrize("seed", range(300))
def test_headings_on_random_lines_are_every_heading_line(seed: int) -> None:
    from extractors.text_spans import find_headings

    pieces = ["\n", "\n\n", " ", "\t", "1.", "I.", "a)", "2.3.", "IV)", "đ.", "Kết quả", "x", "1"]
    rng = random.Random(seed)
    text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
    assert [(h.start, h.label, h.text) for h in find_headings(text)] == _headings_line_by_line(text)


COLLAPSE_ALPHABET = ["a", "ễ", "1", ".", " ", "  ", "\n", "\n\n", "\t", "\x0c", "\u2028", "\u3000", "Đ", "x"]


@pytest.mark.parametrize("seed", range(40))
def test_a_page_collapsed_at_once_gives_the_sentences_joined_word_by_word(seed: int) -> None:
    """Every sentence around every span, from a page whose whole text was collapsed at once (announced
    records enough) and from one joined sentence by sentence: the same text (odd whitespace, a page
    opening and ending with blanks, a code point past the tables: '𝟘')."""
    rng = random.Random(seed)
    text = "".join(
        rng.choice(COLLAPSE_ALPHABET + ["𝟘"] * (seed % 5 == 0)) for _ in range(rng.randrange(1, 3000))
    )
    spans = sentence_spans(text)
    collapsed, joined = PageSentences(text, spans), PageSentences(text, spans)
    collapsed.expect(len(text))
    for _ in range(200):
        start = rng.randrange(len(text))
        end = min(len(text), start + rng.randrange(1, 30))
        assert collapsed.at(start, end) == joined.at(start, end) == sentence_at(text, spans, start, end)


@pytest.mark.parametrize("seed", seed_files(), ids=lambda p: p.stem)
def test_a_seed_collapsed_at_once_gives_the_sentences_joined_word_by_word(seed) -> None:
    text = seed.read_text(encoding="utf-8")
    collapsed = PageSentences(text)
    collapsed.expect(len(text))
    spans = collapsed.spans
    for start in range(0, len(text) - 10, 97):
        assert collapsed.at(start, start + 10) == sentence_at(text, spans, start, start + 10)
