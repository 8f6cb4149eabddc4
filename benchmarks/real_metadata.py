"""Own number, issue date, signer and agency of real documents against a hand-made gold file.

    .venv/bin/python -m benchmarks.real_metadata [--gold tests/gold/real/metadata.json] [--cache DIR]

For every field: exact, empty (null: the tool said it does not know) or wrong (filled but different: the
worst outcome). The gold was read by eye from the page images of ../shared/real (the PDFs are not copied
into the project). ``--cache`` keeps each document's pages (OCR) between runs while the page-reading code
is unchanged, so tuning the extractors does not re-OCR.
"""

from __future__ import annotations

import argparse
import json
import pickle
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from extractors.document import DocumentResult, extract_from_pages, file_sha256, read_head, summarize
from extractors.pages import file_to_pages, media_type_of
from extractors.version import page_text_version
from schemas.documents import DocumentRecord

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "real" / "metadata.json"
REAL = ROOT.parent / "shared" / "real"
FIELDS = ("doc_number", "issue_date", "signer_name", "signer_role", "agency")


def comparable(field: str, value: object) -> str | None:
    """A field's value as compared: whitespace collapsed, NFC, case-folded for names and roles."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", " ".join(str(value).split()))
    if field == "doc_number":
        return text.replace(" ", "")
    if field in ("signer_name", "signer_role"):
        return text.casefold().replace("uỷ", "ủy")
    return text


def expected_values(gold: dict) -> dict[str, str | None]:
    """The gold entry in the documents table's terms (the agency as its canonical name)."""
    header = (gold.get("agency") or "").upper()
    agency = header.split(" / ")[-1].title().replace("Sở", "Sở") if "SỞ" in header else "Ủy ban nhân dân"
    return {
        "doc_number": gold.get("own_number"),
        "issue_date": gold.get("issue_date"),
        "signer_name": gold.get("signer_name"),
        "signer_role": gold.get("signer_role"),
        "agency": agency if header else None,
    }


def document_of(path: Path, cache: Path | None) -> DocumentRecord:
    """The document row of ``path`` (its pages from ``cache`` when they were read by this code before)."""
    return extraction_of(path, cache).document


def extraction_of(path: Path, cache: Path | None) -> DocumentResult:
    """Everything extracted from ``path`` (its pages from ``cache`` when read by this code before)."""
    doc_id = file_sha256(path)
    stored = cache / f"{doc_id}-{page_text_version()}.pickle" if cache else None
    if stored and stored.exists():
        pages = pickle.loads(stored.read_bytes())
    else:
        pages = tuple(file_to_pages(path, doc_id, media_type_of(path, read_head(path))))
        if stored:
            stored.parent.mkdir(parents=True, exist_ok=True)
            stored.write_bytes(pickle.dumps(pages))
    return extract_from_pages(summarize(path, doc_id, "pdf", pages), pages)


def score(gold: dict[str, dict], documents: dict[str, DocumentRecord]) -> tuple[Counter, list[str]]:
    """Counts of (field, outcome) and a line per miss."""
    counts: Counter = Counter()
    misses = []
    for name, entry in gold.items():
        expected = expected_values(entry)
        doc = documents[name]
        for field in FIELDS:
            want = comparable(field, expected[field])
            got = comparable(field, getattr(doc, field))
            outcome = "exact" if got == want else "empty" if got is None else "wrong"
            counts[field, outcome] += 1
            if outcome != "exact":
                misses.append(f"{outcome:5} {field:12} {name[:28]:28} got {got!r} want {want!r}")
    return counts, misses


def report(counts: Counter, total: int) -> Iterable[str]:
    yield "| field | exact | empty (null) | wrong (filled, different) |"
    yield "|---|---|---|---|"
    for field in FIELDS:
        yield f"| {field} | {counts[field, 'exact']}/{total} | {counts[field, 'empty']} | {counts[field, 'wrong']} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--dir", type=Path, default=REAL, help="folder holding the gold's files")
    parser.add_argument("--cache", type=Path, default=None, help="keep pages here between runs")
    args = parser.parse_args()
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    documents = {name: document_of(args.dir / name, args.cache) for name in gold}
    counts, misses = score(gold, documents)
    print("\n".join(report(counts, len(gold))))
    print("\n".join(misses))


if __name__ == "__main__":
    main()
