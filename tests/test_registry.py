"""The shipped national registry: a faithful copy, looked up by number (and year), used by the audit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extractors.audit import audit_corpus, registry_coverage, registry_mismatches
from extractors.document import file_to_document
from extractors.registry import (
    Registry,
    RegistryEntry,
    load_registry,
    merge_registries,
    national_registry,
    national_registry_version,
)
from schemas.citations import Citation
from tests.conftest import ROOT, SEEDS, SHARED

SHIPPED = ROOT / "extractors" / "data" / "registry"


def test_shipped_registry_is_the_shared_one_byte_for_byte() -> None:
    for name in ("national.csv", "README.md"):
        assert (SHIPPED / name).read_bytes() == (SHARED / "registry" / name).read_bytes(), name
    assert len(national_registry()) == 5824
    assert len(national_registry_version()) == 12


LOOKUPS = [  # number, year of the citing date -> the registry's date (None: not known for that year)
    ("61/2018/NĐ-CP", None, dt.date(2018, 4, 23)),
    ("61/2018/NĐ-CP", 2019, dt.date(2018, 4, 23)),  # a year in the number: the citing date's year is moot
    ("73-CP", 1993, dt.date(1993, 10, 25)),  # no year in the number: one number, two documents
    ("73-CP", 1994, dt.date(1994, 7, 30)),
    ("73-CP", 1995, None),
    ("73-CP", None, None),
]


@pytest.mark.parametrize(("number", "year", "date"), LOOKUPS)
def test_lookup_by_number_and_year(number: str, year: int | None, date: dt.date | None) -> None:
    found = national_registry().lookup(number, year)
    assert [e.issue_date for e in found] == ([date] if date else [])


def cited(number: str, date: dt.date, doc_id: str = "a") -> Citation:
    return Citation(doc_id, 1, 0, len(number), number, number, "Nghị định", 61, 2018, "NĐ", "CP", date,
                    f"{date:%d/%m/%Y}", None, "cited", True, False, None, None, number)  # fmt: skip


def test_mismatch_names_the_registry_and_its_evidence() -> None:
    findings = registry_mismatches([cited("61/2018/NĐ-CP", dt.date(2019, 4, 23))], {}, national_registry())
    assert len(findings) == 1
    message = findings[0].message
    assert "the registry (national) says 23/04/2018" in message and "22 pieces of evidence" in message
    assert registry_mismatches([cited("61/2018/NĐ-CP", dt.date(2018, 4, 23))], {}, national_registry()) == []


def test_a_users_entry_overrides_the_shipped_one(tmp_path: Path) -> None:
    own = tmp_path / "own.csv"
    own.write_text("number,date,title\n61/2018/NĐ-CP,2018-04-24,one-stop shop\n", encoding="utf-8")
    merged = merge_registries(national_registry(), load_registry(own))
    assert [(e.issue_date, e.registry) for e in merged.lookup("61/2018/NĐ-CP", None)] == [
        (dt.date(2018, 4, 24), "own.csv")
    ]
    assert len(merged) == len(national_registry())
    assert Registry.of([RegistryEntry("1/QĐ-TTg", dt.date(2020, 1, 2), "")]).lookup("1/QĐ-TTg", 2020)


def test_seeds_agree_with_the_registry_and_its_coverage_is_known() -> None:
    """The seeds' dated national citations that the registry knows all carry its date."""
    citations, texts = [], {}
    for path in sorted(SEEDS.glob("*.txt")):
        result = file_to_document(path)
        citations += result.citations
        texts.update({(p.doc_id, p.page): p.text for p in result.pages})
    findings = audit_corpus(citations, texts, national_registry())
    assert [f for f in findings if f.type == "registry_mismatch"] == []
    coverage = registry_coverage(citations, national_registry())
    assert (coverage.known, coverage.national_citations) == (39, 75)


def test_a_registry_date_on_one_piece_of_evidence_gives_a_warning_not_an_error() -> None:
    weak = next(e for e in national_registry().entries if e.evidence == 1 and "/" in e.number)
    (found,) = registry_mismatches([cited(weak.number, weak.issue_date.replace(day=1) if weak.issue_date.day != 1
                                          else weak.issue_date.replace(day=2))], {}, national_registry())  # fmt: skip
    assert (found.type, found.severity) == ("registry_mismatch_weak", "warning")
    assert "1 piece of evidence" in found.message
