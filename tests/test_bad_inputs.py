"""Bad inputs: the whole messy corpus ingests with every file accounted for, plus one test per hazard."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.document import file_to_document
from extractors.errors import IngestError, NoText, PagesFailed
from extractors.legacy import decode_legacy, legacy_table
from extractors.ocr import OcrSettings
from extractors.pdf import render_page
from flows.ingest import DocumentOutcome, progress_listener
from schemas import DOCUMENTS, FAILURES, PAGES
from storage.store import read_table
from tests.bad_inputs import (
    DUPLICATES,
    REPORT,
    absurd_page_pdf,
    bomb_png,
    build_bad_inputs,
    legacy_layer_pdf,
    many_pages_pdf,
    to_vni,
)
from tests.conftest import ROOT
from tests.ingest_helpers import IN_PROCESS, ingest_in_process, run_cli
from tests.pdf_builders import digital_pdf, image_only_pdf, render_text_pages


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory, serif_font: Path) -> dict:
    folder = tmp_path_factory.mktemp("bad inputs")
    expected = build_bad_inputs(folder, serif_font)
    out = tmp_path_factory.mktemp("parquet")
    done = run_cli("ingest", str(folder), "--out", str(out), "--workers", "2", *IN_PROCESS)
    tables = {spec.name: read_table(out, spec).to_pylist() for spec in (DOCUMENTS, PAGES, FAILURES)}
    return {"folder": folder, "expected": expected, "done": done, "tables": tables}


def test_corpus_completes_with_failures_exit_code(corpus_run: dict) -> None:
    done = corpus_run["done"]
    assert done.returncode == 3, done.stderr[-3000:]
    failed = sum(e.outcome == "failure" for e in corpus_run["expected"].values())
    assert f"failed {failed}" in " ".join(done.stderr.split())


def test_every_file_is_exactly_one_row_of_the_expected_kind(corpus_run: dict) -> None:
    tables, folder = corpus_run["tables"], corpus_run["folder"]
    got: dict[str, tuple[str, str]] = {}
    for doc in tables["documents"]:
        for path in [doc["source_path"], *doc["other_paths"]]:
            assert Path(path).name not in got, path
            got[Path(path).name] = ("document", doc["text_source"])
    for fail in tables["failures"]:
        assert Path(fail["source_path"]).name not in got, fail
        got[Path(fail["source_path"]).name] = ("failure", fail["error_type"])
        assert fail["message"] and "\n" not in fail["message"]
    expected = {name: (e.outcome, e.kind) for name, e in corpus_run["expected"].items()}
    assert got == expected
    assert sorted(got) == sorted(p.name for p in folder.iterdir())


def test_good_documents_hold_their_text(corpus_run: dict) -> None:
    tables = corpus_run["tables"]
    by_name = {Path(d["source_path"]).name: d for d in tables["documents"]}
    for name, expected in corpus_run["expected"].items():
        if expected.outcome == "document" and name in by_name:
            doc = by_name[name]
            text = " ".join(p["text"] for p in tables["pages"] if p["doc_id"] == doc["doc_id"])
            assert expected.text in " ".join(text.split()), name
            assert doc["status"] == "ok" and doc["failed_pages"] == 0


def test_duplicate_files_are_one_document_with_both_paths(corpus_run: dict) -> None:
    docs = [d for d in corpus_run["tables"]["documents"] if d["other_paths"]]
    assert len(docs) == 1
    assert sorted(Path(p).name for p in [docs[0]["source_path"], *docs[0]["other_paths"]]) == sorted(
        DUPLICATES
    )


def test_legacy_layers_are_decoded_not_ocrd(corpus_run: dict) -> None:
    tables = corpus_run["tables"]
    ids = {Path(d["source_path"]).name: d["doc_id"] for d in tables["documents"]}
    for name, encoding in (("mã TCVN3.pdf", "tcvn3"), ("mã VNI.pdf", "vni")):
        pages = [p for p in tables["pages"] if p["doc_id"] == ids[name]]
        assert [(p["text_source"], p["route_reason"]) for p in pages] == [
            ("text_layer_decoded", f"decoded_{encoding}")
        ]
        if encoding == "vni":
            assert pages[0]["text"].splitlines() == REPORT
        else:  # TCVN3 fonts have no accented capitals of their own: 'Ủy' inside a sentence reads 'ủy'
            assert pages[0]["text"].lower().splitlines() == [line.lower() for line in REPORT]


LEGACY = [
    ("tcvn3_routing_case", "Thùc hiÖn KÕ ho¹ch sè 244/KH-UBND ngµy 25/12/2023 vÒ viÖc c¶i c¸ch hµnh chÝnh",
     "tcvn3", "Thực hiện Kế hoạch số 244/KH-UBND ngày 25/12/2023 về việc cải cách hành chính"),
    ("tcvn3_capitals", "BA¸O CA¸O KÕT QUA¶ ", "tcvn3", None),
    ("vni_routing_case", "Thöïc hieän Keá hoaïch soá 244/KH-UBND ngaøy 25/12/2023 cuûa UÛy ban nhaân daân tænh Hoøa Bình",
     "vni", "Thực hiện Kế hoạch số 244/KH-UBND ngày 25/12/2023 của Ủy ban nhân dân tỉnh Hòa Bình"),
    ("vni_national_motto", "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM Ñoäc laäp - Töï do - Haïnh phuùc", "vni",
     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"),
    ("unicode_is_left_alone", "Thực hiện Kế hoạch số 244/KH-UBND ngày 25/12/2023 của Ủy ban nhân dân", None, None),
    ("utf8_mojibake_is_not_legacy", "Thá»±c hiá»‡n Káº¿ hoáº¡ch sá»‘ 244/KH-UBND ngÃ y 25/12/2023 cá»§a", None, None),
]  # fmt: skip


@pytest.mark.parametrize(("case", "raw", "encoding", "text"), LEGACY, ids=[c[0] for c in LEGACY])
def test_decode_legacy(case: str, raw: str, encoding: str | None, text: str | None) -> None:
    decoded = decode_legacy(raw * 2)
    if encoding is None or text is None:
        assert decoded is None or encoding is not None
        return
    assert decoded is not None and decoded.encoding == encoding
    assert decoded.text.startswith(text)


def test_tcvn3_capitals_are_restored_from_context() -> None:
    assert legacy_table("tcvn3").decode("B¸O C¸O KÕT QU¶\nñy ban nh©n d©n. KÕ ho¹ch") == (
        "BÁO CÁO KẾT QUẢ\nỦy ban nhân dân. Kế hoạch"
    )


@pytest.mark.parametrize("encode", [to_vni], ids=["vni"])
def test_vni_table_round_trips_every_letter(encode) -> None:
    letters = "".join(legacy_table("vni").to_unicode.values())
    assert legacy_table("vni").decode(encode(letters)) == letters


def test_disappearing_file_is_one_failure_and_the_batch_goes_on(tmp_path: Path, serif_font: Path) -> None:
    folder = tmp_path / "lô"
    folder.mkdir()
    kept = digital_pdf(folder / "còn lại.pdf", ["\n".join(REPORT)], serif_font)
    gone = digital_pdf(folder / "sẽ biến mất.pdf", ["\n".join(REPORT), "Trang hai."], serif_font)

    class DeleteOnStart:
        def started(self, inputs: int) -> None:
            gone.unlink()  # after discovery and hashing, before any document is read

        def finished(self, outcome: DocumentOutcome) -> None:
            pass

    with progress_listener(DeleteOnStart()):
        summary = ingest_in_process([folder], tmp_path / "out", workers=1)
    assert (summary.documents_ok, summary.documents_failed) == (1, 1)
    failures = read_table(tmp_path / "out", FAILURES).to_pylist()
    assert [(f["source_path"], f["error_type"]) for f in failures] == [(str(gone), "unreadable")]
    docs = read_table(tmp_path / "out", DOCUMENTS).to_pylist()
    assert [d["source_path"] for d in docs] == [str(kept)]


@pytest.mark.slow
def test_page_that_times_out_is_recorded_and_the_document_succeeds(tmp_path: Path, serif_font: Path) -> None:
    scan, _ = render_text_pages(REPORT, serif_font, dpi=150)[0]
    digital = digital_pdf(tmp_path / "digital.pdf", ["\n".join(REPORT)], serif_font)
    scanned = image_only_pdf(tmp_path / "scan.pdf", [scan], dpi=150)
    both = tmp_path / "both.pdf"
    import pypdfium2 as pdfium

    merged = pdfium.PdfDocument.new()
    for part in (digital, scanned):
        merged.import_pages(pdfium.PdfDocument(str(part)))
    merged.save(both)
    result = file_to_document(both, settings=OcrSettings(timeout_seconds=0.05))
    assert [p.text_source for p in result.pages] == ["text_layer", "none"]
    assert "timeout" in (result.pages[1].error or "").lower()
    assert result.document.status == "ok" and result.document.failed_pages == 1


@pytest.mark.slow
def test_only_page_timing_out_fails_the_document_typed(tmp_path: Path, serif_font: Path) -> None:
    scan, _ = render_text_pages(REPORT, serif_font, dpi=150)[0]
    path = tmp_path / "scan.png"
    scan.save(path)
    with pytest.raises(PagesFailed, match="timeout"):
        file_to_document(path, settings=OcrSettings(timeout_seconds=0.05))


BOMBS = [("over_pillow_limit", 10_000), ("over_pillow_hard_limit", 30_000)]


@pytest.mark.parametrize(("case", "side"), BOMBS, ids=[b[0] for b in BOMBS])
def test_decompression_bomb_is_refused_not_decoded(tmp_path: Path, case: str, side: int) -> None:
    path = bomb_png(tmp_path / "bomb.png", side)
    assert path.stat().st_size < 2_000_000  # small on disk, huge in memory
    with pytest.raises(IngestError) as raised:
        file_to_document(path)
    assert raised.value.error_type == "bad_image"


def test_blank_image_is_no_text(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "trắng.png"
    Image.new("L", (600, 800), 255).save(path)
    with pytest.raises(NoText):
        file_to_document(path)


def test_extract_exit_code_for_no_text(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "trắng.png"
    Image.new("L", (600, 800), 255).save(path)
    done = subprocess.run(
        [sys.executable, "-m", "cchc.cli", "extract", str(path)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == NoText.exit_code and "no_text" in done.stderr


def test_absurd_media_box_renders_within_the_pixel_cap(tmp_path: Path, serif_font: Path) -> None:
    path = absurd_page_pdf(tmp_path / "huge.pdf", serif_font, text=False)
    cap = 4_000_000
    image, _ = render_page(path, 1, dpi=300, max_pixels=cap)
    assert image.width * image.height <= cap * 1.01
    assert image.width == pytest.approx(image.height, rel=0.01)


def test_legacy_pdf_text_layer_is_decoded(tmp_path: Path, serif_font: Path) -> None:
    path = legacy_layer_pdf(tmp_path / "vni.pdf", REPORT, to_vni, serif_font)
    result = file_to_document(path)
    assert result.document.text_source == "text_layer" and result.document.ocr_pages == 0
    assert result.pages[0].text.splitlines() == REPORT


MEMORY_PROBE = """
import json, resource, sys
from pathlib import Path
from extractors.document import file_to_document
result = file_to_document(Path(sys.argv[1]))
print(json.dumps({"pages": len(result.pages), "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _read_in_child(path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(path)], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.slow
def test_thousand_page_pdf_streams_in_bounded_memory(tmp_path: Path, serif_font: Path) -> None:
    small = _read_in_child(many_pages_pdf(tmp_path / "100.pdf", serif_font, pages=100))
    large = _read_in_child(many_pages_pdf(tmp_path / "1000.pdf", serif_font, pages=1000))
    assert (small["pages"], large["pages"]) == (100, 1000)
    assert large["maxrss_mb"] - small["maxrss_mb"] < 120, (small, large)
