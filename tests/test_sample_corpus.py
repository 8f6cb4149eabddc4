"""Tests of the synthetic sample-corpus generator (devtools.sample_corpus)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pytest

from devtools import sample_corpus as sc
from devtools import sample_corpus_data as scd

KINDS = ("digital", "scanned", "garbage_layer")


def _generate(out: Path) -> list[sc.SampleDoc]:
    docs = sc.generate_corpus(out / "docs", n_docs=3, seed=7, kinds=KINDS)
    sc.write_manifest(docs, out / "manifest.json")
    return docs


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[sc.SampleDoc]]:
    out = tmp_path_factory.mktemp("corpus")
    return out, _generate(out)


def _words(text: str) -> list[str]:
    return text.split()


def test_generation_is_deterministic(corpus, tmp_path: Path) -> None:
    out, _ = corpus
    _generate(tmp_path)
    names = sorted(p.name for p in (out / "docs").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "docs").iterdir())
    for name in names:
        assert (out / "docs" / name).read_bytes() == (tmp_path / "docs" / name).read_bytes(), name
    assert (out / "manifest.json").read_bytes() == (tmp_path / "manifest.json").read_bytes()


def test_manifest_lists_every_file(corpus) -> None:
    out, _ = corpus
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entries = manifest["documents"]
    assert {e["file"] for e in entries} == {p.name for p in (out / "docs").iterdir()}
    for e in entries:
        assert (out / e["path"]).is_file()
        assert e["kind"] in sc.KINDS and e["pages"] and e["n_pages"] == len(e["pages"])
    assert [e["kind"] for e in entries] == list(KINDS)


def test_digital_text_layer_matches_manifest(corpus) -> None:
    _, docs = corpus
    doc = next(d for d in docs if d.kind == "digital")
    with pdfplumber.open(doc.path) as pdf:
        assert len(pdf.pages) == len(doc.pages)
        for page, truth in zip(pdf.pages, doc.pages, strict=True):
            extracted = set(_words(page.extract_text() or ""))
            missing = [w for w in _words(truth) if w not in extracted]
            assert not missing, missing[:10]


def test_scanned_pdf_has_no_text_layer(corpus) -> None:
    _, docs = corpus
    doc = next(d for d in docs if d.kind == "scanned")
    with pdfplumber.open(doc.path) as pdf:
        assert len(pdf.pages) == len(doc.pages)
        for page in pdf.pages:
            assert not (page.extract_text() or "").strip()
            assert page.images, "a scanned page must hold its page image"
    assert all(Path(d.path).stat().st_size < 300_000 * len(d.pages) for d in docs)


def test_garbage_layer_does_not_match_truth(corpus) -> None:
    _, docs = corpus
    doc = next(d for d in docs if d.kind == "garbage_layer")
    with pdfplumber.open(doc.path) as pdf:
        text = pdf.pages[0].extract_text() or ""
        assert pdf.pages[0].images
    truth = _words(doc.pages[0])
    found = set(_words(text))
    assert len(text) > 200
    assert sum(w in found for w in truth) < 0.35 * len(truth)


def test_tcvn3_mojibake() -> None:
    assert sc.to_tcvn3("Cải cách hành chính") == "C¶i c¸ch hµnh chÝnh"
    assert sc.to_tcvn3("Đ") == "§"


def test_bundle_covers_the_brief() -> None:
    specs = sc.bundled_specs()
    kinds = [s.kind for s in specs]
    assert kinds.count("digital") >= 6 and kinds.count("scanned") >= 4
    assert {"garbage_layer", "text", "image"} <= set(kinds)
    scans = [s for s in specs if s.kind == "scanned"]
    assert len({s.province.slug for s in scans}) >= 3 and {2023, 2024} <= {s.year for s in scans}
    assert len({s.province.slug for s in specs}) >= 6
    assert sum(s.province.merged_into is not None for s in specs) >= 2
    assert sum("table" in s.options for s in specs) >= 2
    assert {"report", "plan", "letter"} == {s.doc_type for s in specs}
    assert {e for s in specs for e in s.errors} == set(scd.ERROR_CODES)


@pytest.mark.parametrize("spec", sc.bundled_specs(), ids=lambda s: s.stem)
def test_bundled_layout_budget_and_planted_errors(spec: sc.DocSpec) -> None:
    blocks, pages, notes, _, _ = sc.compose(spec)
    assert len(pages) == 1 if spec.doc_type == "letter" else 2 <= len(pages) <= 4
    if spec.doc_type != "letter":
        assert 8 <= sc.count_citations(blocks) <= sc.MAX_CITATIONS
    assert len(notes) == len(spec.errors)
    text = " ".join(" ".join(p.text() for p in pages).split())
    for note in notes:
        for snippet in re.findall(r"'([^']+)'", note):
            assert snippet in text, note
