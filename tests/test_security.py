"""Untrusted input: nothing a document holds can write outside the output folder, images are capped."""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image

from schemas import DOCUMENTS, FAILURES
from storage.store import read_table
from tests.bad_inputs import REPORT, bomb_png
from tests.ingest_helpers import IN_PROCESS, run_cli
from tests.pdf_builders import new_pdf

PILLOW_DEFAULT_LIMIT = 89_478_485
ESCAPE = "../../../escaped.txt"


def hostile_pdf(path: Path, font: Path) -> Path:
    """A report whose attachment, title and text all name paths outside any output folder."""
    pdf = new_pdf(format="A4")
    pdf.add_font("serif", fname=str(font))
    pdf.set_font("serif", size=12)
    pdf.set_title(ESCAPE)
    pdf.add_page()
    pdf.multi_cell(0, 6, "\n".join([*REPORT, f"Tệp đính kèm: {ESCAPE} và /tmp/escaped.txt"]))
    pdf.embed_file(bytes=b"attached payload", basename=ESCAPE)
    pdf.output(str(path))
    return path


def files_under(root: Path, skip: Path) -> set[Path]:
    return {p for p in root.rglob("*") if skip not in p.parents and p != skip}


def test_no_document_writes_outside_the_output_folder(tmp_path: Path, serif_font: Path) -> None:
    inbox = tmp_path / "in" / "sâu" / "hơn"
    inbox.mkdir(parents=True)
    hostile_pdf(inbox / "báo cáo ..pdf", serif_font)
    hostile_pdf(inbox / "tệp ..%2F..%2Fescaped.pdf", serif_font).write_bytes(b"%PDF-1.7 but nothing else")
    bomb_png(inbox / "bom.png", 30_000)
    outside = tmp_path / "outside.pdf"
    hostile_pdf(outside, serif_font)
    os.symlink(outside, inbox / "liên kết.pdf")  # a link to a file outside the inputs: read, never written
    out = tmp_path / "in" / "out"
    before = files_under(tmp_path, out)
    stamps = {p: p.stat().st_mtime_ns for p in before if p.is_file()}

    done = run_cli("ingest", str(tmp_path / "in" / "sâu"), "--out", str(out), "--workers", "2", *IN_PROCESS)

    assert done.returncode == 3, done.stderr[-2000:]
    assert files_under(tmp_path, out) == before  # nothing new beside or above the output
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps  # and nothing rewritten
    assert not list(tmp_path.parent.glob("**/escaped.txt"))
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve()), path
    docs = read_table(out, DOCUMENTS).to_pylist()
    paths = [Path(p).name for d in docs for p in [d["source_path"], *d["other_paths"]]]
    assert sorted(paths) == ["báo cáo ..pdf", "liên kết.pdf"]  # one or two documents: same bytes or not
    errors = {Path(f["source_path"]).name: f["error_type"] for f in read_table(out, FAILURES).to_pylist()}
    assert errors == {"tệp ..%2F..%2Fescaped.pdf": "corrupt", "bom.png": "bad_image"}


def test_pillow_decompression_bomb_limit_stays_on() -> None:
    import extractors.document  # noqa: F401  (every reader the pipeline imports)
    import flows.ingest  # noqa: F401

    assert Image.MAX_IMAGE_PIXELS is not None and Image.MAX_IMAGE_PIXELS <= PILLOW_DEFAULT_LIMIT
