"""`cchc extract FILE --json` is the contract: checked by ../shared/tools/check_extract_json.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.normalize import normalize_text
from tests.conftest import REAL, ROOT, SHARED, seed_files
from tests.conftest import SEEDS as SEEDS_DIR
from tests.pdf_builders import digital_pdf

CHECKER = SHARED / "tools" / "check_extract_json.py"
CCHC = [sys.executable, "-m", "cchc.cli"]


def run_extract(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CCHC, "extract", str(path), *args], capture_output=True, text=True, cwd=ROOT, timeout=600
    )


def check_contract(stdout: str) -> str:
    checked = subprocess.run([sys.executable, str(CHECKER)], input=stdout, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout
    return checked.stdout


@pytest.mark.parametrize("seed", seed_files(), ids=lambda p: p.name[:3])
def test_extract_json_on_seed_holds_the_contract(seed: Path) -> None:
    done = run_extract(seed, "--json")
    assert done.returncode == 0, done.stderr
    assert "contract holds" in check_contract(done.stdout)
    out = json.loads(done.stdout)
    assert out["document"]["text_source"] == "text"
    assert out["pages"][0]["text"] == normalize_text(seed.read_text(encoding="utf-8"))


def test_extract_json_on_digital_pdf(tmp_path: Path, serif_font: Path) -> None:
    pdf = digital_pdf(
        tmp_path / "bc.pdf", ["BÁO CÁO\nSố: 45/BC-SYT", "Trang 2: đạt 92,03% hồ sơ đúng hạn"], serif_font
    )
    done = run_extract(pdf, "--json")
    assert done.returncode == 0, done.stderr
    check_contract(done.stdout)
    out = json.loads(done.stdout)
    assert [p["text_source"] for p in out["pages"]] == ["text_layer", "text_layer"]
    assert set(out) == {
        "document",
        "pages",
        "sections",
        "citations",
        "facts",
        "score_rows",
        "findings",
        "layout",
        "table_cells",
    }
    assert ("title", "BÁO CÁO") in {(row["region"], row["raw"]) for row in out["layout"]}
    fact = out["facts"][0]
    assert 0 < fact["x0"] < fact["x1"] <= out["pages"][1]["width"] and 0 < fact["y0"] < fact["y1"]
    assert "words" not in out["pages"][0] and "cells" not in out["pages"][0]  # they stay in Parquet


BAD_INPUTS = [
    ("empty", "empty.pdf", b"", 10),
    ("not_a_pdf", "page.pdf", b"<!DOCTYPE html><html><body>404</body></html>", 11),
    ("unsupported", "notes.pages", b"PK\x03\x04rest", 15),
    ("corrupt", "notes.docx", b"PK\x03\x04rest", 13),  # a Word file whose zip is broken
]


@pytest.mark.parametrize(
    ("error_type", "name", "content", "code"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS]
)
def test_extract_bad_input_is_one_line_and_distinct_exit_code(
    error_type: str, name: str, content: bytes, code: int, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    done = run_extract(path, "--json")
    assert done.returncode == code
    assert done.stdout == ""
    assert done.stderr.strip().count("\n") == 0 and error_type in done.stderr


def test_extract_encrypted_pdf_exit_code(tmp_path: Path, serif_font: Path) -> None:
    pdf = digital_pdf(tmp_path / "locked.pdf", ["Mật"], serif_font, password="secret")
    done = run_extract(pdf, "--json")
    assert done.returncode == 12 and "encrypted" in done.stderr


def test_debug_html_shows_the_citation_spans(tmp_path: Path) -> None:
    page = tmp_path / "seen.html"
    done = run_extract(SEEDS_DIR / "000_37cec8ec2d1626d1.txt", "--debug-html", str(page))
    assert done.returncode == 0, done.stderr
    html = page.read_text(encoding="utf-8")
    assert html.count("2351/QĐ-SYT") == 1 and "Quyết định" in html and "<span" in html
    assert "truncated_date" in done.stdout
    assert "Layout regions" in html and "data:image/jpeg" not in html  # a text file has no page boxes


def test_debug_html_draws_the_layout_over_each_pdf_page(tmp_path: Path) -> None:
    page = tmp_path / "seen.html"
    done = run_extract(REAL / "05.signed_20250517_044750.pdf", "--debug-html", str(page))
    assert done.returncode == 0, done.stderr
    html = page.read_text(encoding="utf-8")
    assert html.count('<img src="data:image/jpeg;base64,') == 2  # both pages, regions drawn over them
    assert all(region in html for region in ("header_left", "signature_right", "stamp"))


@pytest.mark.slow
def test_extract_json_on_a_scanned_sample_pdf() -> None:
    done = run_extract(ROOT / "data" / "raw" / "sample" / "caobang_ubnd_bc_2024.pdf", "--json")
    assert done.returncode == 0, done.stderr
    assert "contract holds" in check_contract(done.stdout)
    out = json.loads(done.stdout)
    assert {p["text_source"] for p in out["pages"]} == {"ocr"} and out["citations"]
    assert "impossible_date" in {f["type"] for f in out["findings"]}  # the planted 31/9/2024


def test_tables_are_written_as_csv_files_an_analyst_opens_in_excel(tmp_path: Path) -> None:
    """The dossier annex drawn as a ruled text PDF: its CSV holds every number as printed, each column
    named by its header path, UTF-8 with the byte-order mark Excel needs for Vietnamese."""
    import pandas as pd

    from benchmarks import tables as bench

    table = bench.dossier_table()
    pdf = bench.build(table, "ruled_digital", tmp_path)
    done = run_extract(pdf, "--tables", str(tmp_path / "csv"))
    assert done.returncode == 0, done.stderr
    written = sorted((tmp_path / "csv").glob("*.csv"))
    assert [p.name for p in written] == [f"{pdf.stem}_table_1.csv"] and "wrote" in done.stderr
    assert written[0].read_bytes().startswith("\ufeff".encode())
    frame = pd.read_csv(written[0], encoding="utf-8-sig", dtype=str)
    assert list(frame.columns[:4]) == ["Trang", "STT", "Đơn vị", "Số hồ sơ tiếp nhận / Tổng số"]
    assert len(frame) == len(table.body)
    for (_, row), truth in zip(frame.iterrows(), table.truth, strict=True):
        assert {k: float(row.iloc[1 + k]) for k in truth} == truth
