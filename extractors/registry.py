"""Registries of known documents (number, issue date, title) that cited numbers are checked against.

The package ships ``extractors/data/registry/national.csv``: 5,824 national documents read from the
Ministry of Justice's Bộ pháp điển (its README, beside it, gives the source, rules and limits), loaded
by default. A user's own CSV (columns number, date, title) and what the corpus itself dates
consistently (``cchc registry``) merge with it. Numbers without a year in them (``1847/QĐ-TTg``,
``27-NQ/TW``) are reused in other years, so they are looked up by number and year."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from schemas.citations import Citation

NATIONAL = "national"  # the shipped registry's name, as registry_mismatch findings cite it
EVIDENCE = re.compile(r"\((\d+)\)")  # 'phapdien:ghichu(1)+phapdien:chidan(3)' -> 1 + 3 pieces of evidence
YEAR_IN_NUMBER = re.compile(r"/(?:19|20)\d\d/")
COLUMNS = ("number", "date", "title", "issuer", "source")


@dataclass(frozen=True)
class RegistryEntry:
    """A known document: canonical number, issue date, title; where the row comes from and how many pieces
    of evidence it rests on (pháp điển notes, links and citations; documents of the corpus)."""

    number: str
    issue_date: dt.date
    title: str
    issuer: str = ""
    source: str = ""
    evidence: int = 1
    registry: str = ""  # which registry holds it: national, corpus or the user's file name


@dataclass(frozen=True)
class Registry:
    """Entries keyed by number, and by number and year for numbers without a year in them. A key may hold
    two documents (a Luật and a Nghị quyết under one `…/QH12` number)."""

    entries: tuple[RegistryEntry, ...]
    by_key: dict[tuple[str, int | None], tuple[RegistryEntry, ...]] = field(
        default_factory=dict, compare=False
    )

    @classmethod
    def of(cls, entries: Iterable[RegistryEntry]) -> Registry:
        """A registry of ``entries``."""
        by_key: dict[tuple[str, int | None], tuple[RegistryEntry, ...]] = {}
        for entry in entries:
            key = registry_key(entry.number, entry.issue_date.year)
            by_key[key] = (*by_key.get(key, ()), entry)
        return cls(tuple(e for group in by_key.values() for e in group), by_key)

    def lookup(self, number: str, year: int | None) -> tuple[RegistryEntry, ...]:
        """The entries for ``number`` (with a year in it), or for ``number`` issued in ``year`` (without)."""
        if has_year(number):
            return self.by_key.get((number, None), ())
        return self.by_key.get((number, year), ()) if year is not None else ()

    def knows(self, citation: Citation) -> tuple[RegistryEntry, ...]:
        """The entries for a citation (its date's year where its number has none)."""
        return self.lookup(citation.number, citation.issue_date.year if citation.issue_date else None)

    def __len__(self) -> int:
        return len(self.entries)


def has_year(number: str) -> bool:
    """True when the number holds its year ('61/2018/NĐ-CP'); 'N/QĐ-TTg' and '27-NQ/TW' do not."""
    return YEAR_IN_NUMBER.search(f"{number}/") is not None


def registry_key(number: str, year: int) -> tuple[str, int | None]:
    """How an entry is keyed: its number alone, plus its year when the number holds none."""
    return (number, None) if has_year(number) else (number, year)


def read_registry_csv(lines: Iterable[str], name: str) -> list[RegistryEntry]:
    """Entries of a registry CSV (number, date YYYY-MM-DD, title; issuer and source when present)."""
    out = []
    for row in csv.DictReader(lines):
        source = row.get("source") or ""
        evidence = sum(int(n) for n in EVIDENCE.findall(source)) or 1
        out.append(
            RegistryEntry(
                row["number"],
                dt.date.fromisoformat(row["date"]),
                row.get("title") or "",
                row.get("issuer") or "",
                source,
                evidence,
                name,
            )
        )
    return out


def load_registry(path: Path) -> Registry:
    """A user's registry CSV, named after its file."""
    with open(path, encoding="utf-8", newline="") as fh:
        return Registry.of(read_registry_csv(fh, path.name))


def national_registry_text() -> str:
    """The shipped registry's CSV text."""
    return (
        resources.files("extractors").joinpath("data", "registry", "national.csv").read_text(encoding="utf-8")
    )


@functools.cache
def national_registry() -> Registry:
    """The shipped registry of national documents (loaded once)."""
    return Registry.of(read_registry_csv(national_registry_text().splitlines(), NATIONAL))


def national_registry_version() -> str:
    """The first 12 hex digits of the shipped registry file's sha256 (a changed copy changes it)."""
    data = resources.files("extractors").joinpath("data", "registry", "national.csv").read_bytes()
    return hashlib.sha256(data).hexdigest()[:12]


def merge_registries(*registries: Registry) -> Registry:
    """One registry of all; a key a later registry holds replaces what earlier ones say of it (a user's
    own entry for a number overrides the shipped one)."""
    by_key: dict[tuple[str, int | None], tuple[RegistryEntry, ...]] = {}
    for registry in registries:
        by_key.update(registry.by_key)
    return Registry.of(e for group in by_key.values() for e in group)


def write_registry(entries: Sequence[RegistryEntry], path: Path) -> None:
    """Write a registry CSV (number, date, title, issuer, source) that ``load_registry`` reads."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for e in entries:
            writer.writerow([e.number, e.issue_date.isoformat(), e.title, e.issuer, e.source or e.registry])
