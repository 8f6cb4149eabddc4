"""Every seed's findings, each pinned: a lost or a new finding fails (the sample's are checked on the
README's sample ingest in test_sample_ingest.py). Regenerate with tests/gold/findings/build_gold.py
and review the diff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.document import file_to_document
from tests.conftest import ROOT, seed_files

GOLD = json.loads((ROOT / "tests" / "gold" / "findings" / "findings.json").read_text(encoding="utf-8"))


def finding_rows(findings: list) -> list[list]:
    """Findings as the golden file holds them: type, first number, page, raw evidence."""
    return sorted([f.type, f.numbers[0] if f.numbers else None, f.page, " ".join((f.raw or "").split())]
                  for f in findings)  # fmt: skip


@pytest.mark.parametrize("seed", seed_files(), ids=lambda p: p.name[:3])
def test_seed_findings_are_the_golden_list(seed: Path) -> None:
    assert finding_rows(list(file_to_document(seed).findings)) == GOLD[seed.name]


def test_golden_list_covers_every_seed_and_sample_document() -> None:
    sample = {p.name for p in (ROOT / "data" / "raw" / "sample").iterdir() if p.suffix != ".json"}
    assert set(GOLD) == {p.name for p in seed_files()} | sample
