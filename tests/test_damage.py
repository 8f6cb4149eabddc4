"""Scan damage (benchmarks/damage.py): per kind of damage, the pipeline reads a damaged render of our own
sample report with citation recall and precision and a CER above the floors the README reports."""

from __future__ import annotations

import pytest

from benchmarks import damage

FLOORS = {"recall": 0.95, "precision": 0.95, "cer": 0.03}


@pytest.fixture(scope="module")
def damaged() -> dict[str, dict]:
    summary, _ = damage.run(pages_per_kind=1, workers=2)
    return summary


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(damage.DAMAGE))
def test_damaged_scan_reads_above_the_floors(damaged: dict[str, dict], kind: str) -> None:
    got = damaged[kind]
    assert got["recall"] >= FLOORS["recall"] and got["precision"] >= FLOORS["precision"], got
    assert got["cer"] <= FLOORS["cer"], got
