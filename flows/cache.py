"""The two-part result cache the flow reads and writes: page text (costly OCR) and extraction results."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from extractors.document import (
    EXTRACTED_TABLES,
    PAGE_TABLES,
    RESULT_TABLES,
    DocumentResult,
    extraction_cache_key,
    pages_cache_key,
)
from extractors.ocr import OcrSettings
from extractors.routing import OcrMode
from schemas.base import TableSpec
from schemas.documents import DOCUMENTS
from storage.store import DocumentCache

# The extraction part holds the document row too, as extraction left it (metadata, extractor version): the
# pages part's row is what reading produced and what re-extraction starts from, stale once re-extracted.
EXTRACTED_PART = (DOCUMENTS, *EXTRACTED_TABLES)


@dataclass(frozen=True)
class ResultCache:
    """Page text is kept under its own key, so a new extractor version re-extracts without re-OCR. The pages
    part lives in the output folder, or in ``page_cache``, a folder several outputs share: it is keyed by the
    document's bytes (doc_id) and by the page-reading code and settings, so a scan ingested into another
    output (a province's folder and the national one) is not read again."""

    out: Path
    mode: OcrMode
    settings: OcrSettings
    page_cache: Path | None = None

    def key(self) -> str:
        """Both parts' keys: results made under another key are not reused."""
        return f"{pages_cache_key(self.mode, self.settings)}|{extraction_cache_key()}"

    def _pages(self) -> DocumentCache:
        return DocumentCache(self.page_cache or self.out, "pages")

    def _extracted(self) -> DocumentCache:
        return DocumentCache(self.out, "extracted")

    def load_pages(self, doc_id: str) -> DocumentResult | None:
        """The cached document row and pages (no extraction), or None."""
        tables = self._pages().load(doc_id, pages_cache_key(self.mode, self.settings), PAGE_TABLES)
        return DocumentResult.from_tables(tables) if tables else None

    def load(self, doc_id: str) -> DocumentResult | None:
        """The whole cached result when both parts are current, else None."""
        pages = self.load_pages(doc_id)
        extracted = self._extracted().load(doc_id, extraction_cache_key(), EXTRACTED_PART) if pages else None
        if pages is None or extracted is None:
            return None
        return DocumentResult.from_tables({**pages.tables_records(), **extracted})

    def load_arrow(self, doc_id: str) -> dict[str, pa.Table] | None:
        """Every result table of the document as Arrow when both parts are current, else None."""
        if not self.current(doc_id):
            return None
        tables = {spec.name: self.load_table(doc_id, spec) for spec in RESULT_TABLES}
        return tables if all(t is not None for t in tables.values()) else None  # type: ignore[return-value]

    def current(self, doc_id: str) -> bool:
        """True when both parts of the document are cached under the current keys."""
        pages_key = pages_cache_key(self.mode, self.settings)
        return self._pages().has(doc_id, pages_key) and self._extracted().has(doc_id, extraction_cache_key())

    def load_table(self, doc_id: str, spec: TableSpec[Any]) -> pa.Table | None:
        """One result table of a document ``current`` has vouched for, as Arrow, from the part that makes it
        (the keys are not checked again: one table per call, seven per document); None when unreadable."""
        part = self._extracted() if spec in EXTRACTED_PART else self._pages()
        tables = part.read_arrow(doc_id, (spec,))
        return tables[spec.name] if tables is not None else None

    def save(self, result: DocumentResult, pages_too: bool = True) -> None:
        """Store the extraction part (and the pages part unless it came from the cache)."""
        tables = result.tables()
        if pages_too:
            part = {s.name: tables[s.name] for s in PAGE_TABLES}
            self._pages().save(result.document.doc_id, pages_cache_key(self.mode, self.settings), part)
        part = {s.name: tables[s.name] for s in EXTRACTED_PART}
        self._extracted().save(result.document.doc_id, extraction_cache_key(), part, result_counts(result))

    def load_counts(self, doc_id: str) -> dict[str, Any] | None:
        """``result_counts`` of the cached result when both parts are current, read from the cache's small
        meta files only (an unchanged corpus is checked without loading any table); None otherwise."""
        if self._pages().load_about(doc_id, pages_cache_key(self.mode, self.settings)) is None:
            return None
        counts = self._extracted().load_about(doc_id, extraction_cache_key())
        return counts if counts and counts.keys() >= COUNT_KEYS else None


COUNT_KEYS = frozenset({"pages_by_source", "citations", "findings"})


def result_counts(result: DocumentResult) -> dict[str, Any]:
    """Pages by text source, citations and findings of one result (what a run's summary adds up)."""
    pages: dict[str, int] = {}
    for page in result.pages:
        pages[page.text_source] = pages.get(page.text_source, 0) + 1
    return {"pages_by_source": pages, "citations": len(result.citations), "findings": len(result.findings)}
