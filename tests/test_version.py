"""Cache keys come from the code: a change to a module or table a cached part is made from changes its key,
a change elsewhere does not (page text is not re-read, and so not re-OCR'd, for an extractor change)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extractors import version
from tests.conftest import ROOT

EDITS = [  # (file changed, page-text key changes, extraction key changes)
    ("extractors/ocr.py", True, True),
    ("extractors/data/legacy_vni.csv", True, True),
    ("schemas/pages.py", True, True),
    ("extractors/facts.py", False, True),
    ("extractors/data/indicators.csv", False, True),
    ("extractors/data/doc_types.csv", False, True),
    ("cchc/cli.py", False, False),
]


def digests(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    monkeypatch.setattr(version, "PROJECT_ROOT", root)
    monkeypatch.setattr(version, "DATA_DIR", root / "extractors" / "data")
    return (
        version.code_digest.__wrapped__(version.PAGE_READING_ROOT),
        version.code_digest.__wrapped__(version.EXTRACTION_ROOT),
    )


@pytest.mark.parametrize(("edited", "pages_change", "extraction_changes"), EDITS, ids=[e[0] for e in EDITS])
def test_a_change_invalidates_exactly_the_parts_made_from_it(
    edited: str, pages_change: bool, extraction_changes: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for package in ("extractors", "schemas", "cchc"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    before = digests(tmp_path, monkeypatch)
    with (tmp_path / edited).open("a", encoding="utf-8") as fh:
        fh.write("\n# an edit\n")
    after = digests(tmp_path, monkeypatch)
    assert (before[0] != after[0], before[1] != after[1]) == (pages_change, extraction_changes)


def test_page_reading_digest_covers_its_modules_and_tables_only() -> None:
    modules = version.module_closure(version.PAGE_READING_ROOT)
    assert {"extractors.ocr", "extractors.cleanup", "extractors.pdf", "schemas.pages"} <= set(modules)
    assert not {"extractors.facts", "extractors.citations", "extractors.audit"} & set(modules)
    tables = {p.name for p in version.data_files_named(modules.values())}
    assert tables == {"legacy_tcvn3.csv", "legacy_vni.csv"}
