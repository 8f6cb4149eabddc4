"""Audit of cited document numbers: what does not hold together within a document and across the corpus.

Finding types and severities are data (extractors/data/finding_types.csv); each check is one function
from citations to findings.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from extractors.dates import CORRUPT_YEAR
from extractors.metadata import signature_times
from extractors.registry import (
    NATIONAL,
    Registry,
    RegistryEntry,
    load_registry,
    merge_registries,
    national_registry,
)
from extractors.tables import load_table
from extractors.titles import meanings_name_different_things, title_meaning
from schemas.citations import Citation
from schemas.findings import Finding
from schemas.pages import PageText

STRONG_EVIDENCE = 2  # a registry date resting on fewer pieces of evidence may be the registry's error (1-2 %)
CONTEXT = 60  # characters of text quoted on each side of the evidence


@functools.cache
def finding_types() -> dict[str, dict[str, str]]:
    """type -> {severity, scope, meaning}, from finding_types.csv."""
    return {row["type"]: row for row in load_table("finding_types")}


def corpus_finding_types() -> set[str]:
    """Finding types computed over the whole corpus (recomputed, never kept per document)."""
    return {t for t, row in finding_types().items() if row["scope"] == "corpus"}


def make_finding(
    type_: str,
    message: str,
    doc_id: str | None,
    page: int,
    start: int,
    end: int,
    raw: str,
    evidence: str,
    pages: tuple[int, ...] = (),
    numbers: tuple[str, ...] = (),
) -> Finding:
    """The one constructor of findings: its severity from finding_types.csv, its first evidence
    page_text[start:end] == raw (``pages``: every page involved, ``numbers``: the citations involved)."""
    severity = finding_types()[type_]["severity"]
    return Finding(
        doc_id, type_, severity, message, evidence, pages or (page,), numbers, page, start, end, raw
    )


def finding(type_: str, message: str, items: Sequence[Citation], texts: dict[int, str]) -> Finding:
    """A finding of ``type_`` whose evidence quotes each citation in its page text."""
    first = items[0]
    evidence = " | ".join(quote(texts.get(c.page, ""), c) for c in items)
    pages = tuple(sorted({c.page for c in items}))
    numbers = tuple(dict.fromkeys(c.number for c in items))
    return make_finding(
        type_, message, first.doc_id, first.page, first.start, first.end, first.raw, evidence, pages, numbers
    )


def quote(text: str, c: Citation) -> str:
    """'p3: …context «raw» context…' with whitespace collapsed."""
    if not text:
        return f"p{c.page}: «{' '.join(c.raw.split())}»"
    before = " ".join(text[max(0, c.start - CONTEXT) : c.start].split())
    after = " ".join(text[c.end : c.end + CONTEXT].split())
    return f"p{c.page}: …{before} «{' '.join(c.raw.split())}» {after}…"


def report_date(pages: Sequence[PageText], citations: Sequence[Citation]) -> dt.date | None:
    """The document's own date: its header (self citation) date, else the earliest digital-signature time."""
    own = [c.issue_date for c in citations if c.role == "self" and c.issue_date]
    if own:
        return own[0]
    stamps = [t.date() for p in pages for t in signature_times(p.text)]
    return min(stamps) if stamps else None


Check = Callable[[Sequence[Citation], dict[int, str], dt.date | None], list[Finding]]


def audit_document(
    citations: Sequence[Citation],
    texts: dict[int, str],
    reported: dt.date | None,
    ocr_pages: frozenset[int] = frozenset(),
) -> list[Finding]:
    """Every per-document check over one document's citations (texts: page -> page text; ``ocr_pages``:
    the pages read by OCR, where a repaired number is OCR damage rather than the report's misprint)."""
    checks: tuple[Check, ...] = (
        check_same_number_dates,
        check_same_number_titles,
        check_date_after_report,
        check_year_mismatch,
        check_date_problems,
        check_malformed_numbers,
        check_symbol_rules,
        check_self_citations,
    )
    return [f for check in checks for f in check(citations, texts, reported)] + check_repairs(
        citations, texts, ocr_pages
    )


def check_repairs(
    citations: Sequence[Citation], texts: dict[int, str], ocr_pages: frozenset[int]
) -> list[Finding]:
    """Every number or date read as other than printed ('34/21.06/NĐ-CP' as 34/2016/NĐ-CP, 'QD' as QĐ):
    a misprint of the report on typed pages, OCR damage on scanned ones; the printed and the read form."""
    out = []
    for c in citations:
        if not c.repaired:
            continue
        printed = " ".join(c.raw.split())
        message = f"printed {printed!r}, read as {c.number}" if printed.replace(" ", "") != c.number else ""
        if c.date_problem == "repaired" and c.issue_date:
            message += (
                f"{'; ' if message else ''}date printed {c.date_raw!r}, read as {c.issue_date:%d/%m/%Y}"
            )
        misprint = c.page not in ocr_pages or _misprint_ocr_keeps(c)
        type_ = "misprinted_number" if misprint else "ocr_repair"
        out.append(finding(type_, message or f"printed {printed!r}, read as {c.number}", [c], texts))
    return out


PRINTED_CORRUPT_YEAR = re.compile(rf"(?<![\d.]){CORRUPT_YEAR}(?![\d.])")


def _misprint_ocr_keeps(c: Citation) -> bool:
    """A repair OCR does not cause: a year printed as '21.06' (digits reordered around a dot) is the report's
    own misprint, which OCR reads as printed; glyph confusions (O/0, l/1, a lost hyphen) may be OCR's."""
    return any(PRINTED_CORRUPT_YEAR.search(text or "") for text in (c.raw, c.date_raw))


def _cited_by_number(citations: Iterable[Citation]) -> dict[str, list[Citation]]:
    groups: dict[str, list[Citation]] = defaultdict(list)
    for c in citations:
        if c.role == "cited" and c.seq is not None:
            groups[c.number].append(c)
    return groups


def check_same_number_dates(citations, texts, reported) -> list[Finding]:
    """One number, several dates in the same document."""
    out = []
    for number, group in _cited_by_number(citations).items():
        dates = sorted({c.issue_date for c in group if c.issue_date})
        if len(dates) > 1:
            shown = ", ".join(d.strftime("%d/%m/%Y") for d in dates)
            items = [next(c for c in group if c.issue_date == d) for d in dates]
            out.append(finding("same_number_different_dates", f"{number} is dated {shown}", items, texts))
    return out


def check_same_number_titles(citations, texts, reported) -> list[Finding]:
    """One number, two clearly different subjects ('về việc …') in the same document."""
    out = []
    for number, group in _cited_by_number(citations).items():
        titled = [c for c in group if c.title]
        pair = _different_titles(titled)
        if pair:
            message = f"{number} is cited for “{pair[0].title}” and for “{pair[1].title}”"
            out.append(finding("same_number_different_titles", message, pair, texts))
    return out


def _different_titles(titled: list[Citation]) -> tuple[Citation, Citation] | None:
    """The first two citations whose titles name different things; each distinct title is read once."""
    first_with: dict[str, Citation] = {}
    for c in titled:
        first_with.setdefault(c.title or "", c)
    if len(first_with) < 2:
        return None
    read = [(c, title_meaning(title)) for title, c in first_with.items()]
    for i, (a, meaning_a) in enumerate(read):
        for b, meaning_b in read[i + 1 :]:
            if meanings_name_different_things(meaning_a, meaning_b):
                return a, b
    return None


def check_date_after_report(citations, texts, reported) -> list[Finding]:
    """A cited document dated after the report itself."""
    if reported is None:
        return []
    own = {c.number for c in citations if c.role == "self"}  # its own number: self_citation_mismatch
    return [
        finding(
            "date_after_report",
            f"{c.number} is dated {c.issue_date:%d/%m/%Y}, after the report ({reported:%d/%m/%Y})",
            [c],
            texts,
        )
        for c in citations
        if c.role == "cited" and c.issue_date and c.issue_date > reported and c.number not in own
    ]


def check_year_mismatch(citations, texts, reported) -> list[Finding]:
    """The year inside a normative number differs from the year of its date."""
    return [
        finding(
            "year_mismatch",
            f"{c.number} carries year {c.year_in_number} but is dated {c.issue_date:%d/%m/%Y}",
            [c],
            texts,
        )
        for c in citations
        if c.year_in_number and c.issue_date and c.year_in_number != c.issue_date.year
    ]


DATE_PROBLEM_FINDINGS = {
    "impossible": "impossible_date",
    "truncated": "truncated_date",
    "missing": "missing_date",
}


def check_date_problems(citations, texts, reported) -> list[Finding]:
    """Impossible, truncated and missing dates of cited documents."""
    out = []
    for c in citations:
        type_ = DATE_PROBLEM_FINDINGS.get(c.date_problem or "")
        if type_ and c.role == "cited":
            shown = f"“{c.date_raw}”" if c.date_raw else "no date after 'ngày'"
            out.append(finding(type_, f"{c.number}: {shown}", [c], texts))
    return out


def check_malformed_numbers(citations, texts, reported) -> list[Finding]:
    """Numbers that break the symbol rules (a type glued to its issuer), and a header whose number was
    left blank ('Số: /KH-SYT': filed before it was numbered)."""
    out = []
    for c in citations:
        raw = " ".join(c.raw.split())
        if c.role == "self" and c.seq is None:
            out.append(finding("blank_own_number", f"the header's number is blank ('Số: {raw}')", [c], texts))
        elif not c.valid_format:
            out.append(finding("malformed_number", f"{raw} is not a well-formed document number", [c], texts))
    return out


@dataclass(frozen=True)
class SymbolRule:
    """A rule of Nghị định 30/2020 or of the Party's numbering, from extractors/data/symbol_rules.csv."""

    rule: str
    symbol_type: str
    issuers: re.Pattern[str]
    since: int | None
    notes: str


@functools.cache
def symbol_rules() -> tuple[SymbolRule, ...]:
    """The symbol rules table."""
    return tuple(
        SymbolRule(r["rule"], r["symbol_type"], re.compile(r["issuers"]), int(r["since"]) if r["since"] else None,
                   r["notes"])
        for r in load_table("symbol_rules")
    )  # fmt: skip


def check_symbol_rules(citations, texts, reported) -> list[Finding]:
    """Cited numbers that break a symbol rule: a decree or circular without its year (120/NĐ-CP, when
    cited as issued since the rule's year or undated), a Party document numbered state-style (57/NQ-TW)."""
    out = []
    for c in citations:
        if c.role != "cited" or c.seq is None or not c.valid_format:
            continue
        issuer = (c.issuer or "").split("-")[-1]
        for rule in symbol_rules():
            if not rule.issuers.search(issuer) or (rule.symbol_type and rule.symbol_type != c.symbol_type):
                continue
            if rule.rule == "year_required" and c.year_in_number is None and _issued_since(c, rule.since):
                message = f"{c.number} has no year; {c.doc_kind or 'this kind'} numbers carry it (N/YYYY/{c.symbol_type}-…)"
                out.append(finding("number_without_year", message, [c], texts))
            elif rule.rule == "party_form" and (state := re.match(r"^(\d+)/", c.number)):
                written = f"{state[1]}-{c.symbol_type}/{issuer}"
                message = f"{c.number} is a Party document numbered state-style; written {written}"
                out.append(finding("party_number_in_state_form", message, [c], texts))
    return out


def _issued_since(c: Citation, year: int | None) -> bool:
    return year is None or c.issue_date is None or c.issue_date.year >= year


def check_self_citations(citations, texts, reported) -> list[Finding]:
    """The document's own number: one number, and the same date wherever it is cited."""
    own = [c for c in citations if c.role == "self" and c.seq is not None]
    out = []
    numbers = sorted({c.number for c in own})
    if len(numbers) > 1:
        out.append(finding("self_citation_mismatch", f"own number given as {', '.join(numbers)}", own, texts))
    for c in own:
        for other in (x for x in citations if x.role == "cited" and x.number == c.number):
            if c.issue_date and other.issue_date and other.issue_date != c.issue_date:
                message = f"own number {c.number} dated {c.issue_date:%d/%m/%Y} but cited as {other.issue_date:%d/%m/%Y}"
                out.append(finding("self_citation_mismatch", message, [c, other], texts))
    return out


def consistent_registry(citations: Sequence[Citation], min_documents: int = 2) -> list[RegistryEntry]:
    """National numbers the corpus dates consistently: cited with a date by >= ``min_documents``
    documents and never with another date. Nothing is invented: every entry is what the corpus says."""
    dates: dict[str, set[dt.date]] = defaultdict(set)
    docs: dict[str, set[str]] = defaultdict(set)
    titles: dict[str, Counter[str]] = defaultdict(Counter)
    for c in citations:
        if c.role == "cited" and c.issue_date and c.valid_format and is_national(c):
            dates[c.number].add(c.issue_date)
            docs[c.number].add(c.doc_id)
            if c.title:
                titles[c.number][c.title] += 1
    return [
        RegistryEntry(
            n,
            next(iter(d)),
            titles[n].most_common(1)[0][0] if titles[n] else "",
            source=f"corpus({len(docs[n])})",
            evidence=len(docs[n]),
            registry="corpus",
        )
        for n, d in sorted(dates.items())
        if len(d) == 1 and len(docs[n]) >= min_documents
    ]


def audit_corpus(
    citations: Sequence[Citation],
    texts: dict[tuple[str, int], str],
    registry: Registry | None,
    provinces: dict[str, str | None] | None = None,
) -> list[Finding]:
    """Corpus-wide checks: dates that disagree across documents, and against a registry.
    ``provinces`` (doc_id -> province_current) lets provincial numbers be compared within a province."""
    findings = cross_document_conflicts(citations, texts, provinces or {})
    if registry:
        findings += registry_mismatches(citations, texts, registry)
    return findings


def registry_for(user: Path | None) -> Registry:
    """The shipped national registry, merged with a user's CSV when given."""
    return merge_registries(national_registry(), load_registry(user)) if user else national_registry()


@dataclass(frozen=True)
class Coverage:
    """How much of the corpus's national citations a registry knows."""

    national_citations: int
    known: int
    national_numbers: int
    known_numbers: int


def registry_coverage(citations: Sequence[Citation], registry: Registry) -> Coverage:
    """Cited national numbers (well-formed) and how many of them the registry holds."""
    national = [c for c in citations if c.role == "cited" and c.valid_format and is_national(c)]
    known = [c for c in national if registry.knows(c)]
    return Coverage(
        len(national), len(known), len({c.number for c in national}), len({c.number for c in known})
    )


@functools.cache
def national_issuers() -> frozenset[str]:
    """Issuer codes whose numbers are unique nationwide (a province's SYT/UBND numbers are not)."""
    return frozenset(row["code"] for row in load_table("issuers") if row["level"] in {"central", "party"})


def is_national(c: Citation) -> bool:
    """True when the citation's last issuer code is a national one (CP, TTg, BNV, TW, QH15 ...)."""
    issuer = (c.issuer or "").split("-")[-1]
    return issuer in national_issuers() or issuer.startswith("QH")


def cross_document_conflicts(
    citations: Sequence[Citation],
    texts: dict[tuple[str, int], str],
    provinces: dict[str, str | None] | None = None,
) -> list[Finding]:
    """For each number dated differently by different documents: the majority date and who disagrees.

    National numbers (…/NĐ-CP, …/QĐ-TTg) are compared across the corpus; provincial ones (…/KH-UBND,
    …/QĐ-SYT) repeat across provinces, so they are compared only among documents of one province."""
    by_number: dict[tuple[str, str], dict[str, Citation]] = defaultdict(dict)
    for c in citations:
        if c.role != "cited" or not c.issue_date or c.seq is None:
            continue
        scope = "" if is_national(c) else (provinces or {}).get(c.doc_id)
        if scope is not None:
            by_number[(c.number, scope)].setdefault(c.doc_id, c)
    out = []
    for (number, _), per_doc in sorted(by_number.items()):
        votes = Counter(c.issue_date for c in per_doc.values())
        if len(votes) < 2:
            continue
        (top, top_n), (_, second_n) = votes.most_common(2)
        for doc_id, c in sorted(per_doc.items()):
            if top_n > second_n and c.issue_date == top:
                continue
            majority = f"{top:%d/%m/%Y} in {top_n} documents" if top_n > second_n else "no majority date"
            message = f"{number} is dated {c.issue_date:%d/%m/%Y} here; {majority} ({len(per_doc)} documents cite it)"
            out.append(
                finding(
                    "cross_document_date_conflict", message, [c], {c.page: texts.get((doc_id, c.page), "")}
                )
            )
    return out


def registry_mismatches(
    citations: Sequence[Citation], texts: dict[tuple[str, int], str], registry: Registry
) -> list[Finding]:
    """Citations dated differently from every registry entry for the same number (and year, where the
    number holds none); the message names the registry that disagrees and how much evidence it has."""
    out = []
    for c in citations:
        known = registry.knows(c) if c.issue_date else ()
        if known and all(c.issue_date != entry.issue_date for entry in known):
            entry = max(known, key=lambda e: e.evidence)
            weak = entry.registry in (NATIONAL, "corpus") and entry.evidence < STRONG_EVIDENCE
            message = (
                f"{c.number} is dated {c.issue_date:%d/%m/%Y}; the registry ({entry.registry}) says "
                f"{entry.issue_date:%d/%m/%Y} ({entry.evidence} piece{'s' * (entry.evidence != 1)} of evidence"
                f"{': ' + entry.source if entry.source else ''})"
            )
            type_ = "registry_mismatch_weak" if weak else "registry_mismatch"
            out.append(finding(type_, message, [c], {c.page: texts.get((c.doc_id, c.page), "")}))
    return out
