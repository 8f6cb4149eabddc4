"""The two-part result cache the flow reads and writes: page text (costly OCR) and extraction results."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractors.document import (
    EXTRACTED_TABLES,
    PAGE_TABLES,
    DocumentResult,
    extraction_cache_key,
    pages_cache_key,
)
from extractors.ocr import OcrSettings
from extractors.routing import OcrMode
from schemas.store import DocumentCache


@dataclass(frozen=True)
class ResultCache:
    """Page text is kept under its own key, so a new extractor version re-extracts without re-OCR."""

    out: Path
    mode: OcrMode
    settings: OcrSettings

    def _pages(self) -> DocumentCache:
        return DocumentCache(self.out, "pages")

    def _extracted(self) -> DocumentCache:
        return DocumentCache(self.out, "extracted")

    def load_pages(self, doc_id: str) -> DocumentResult | None:
        """The cached document row and pages (no extraction), or None."""
        tables = self._pages().load(doc_id, pages_cache_key(self.mode, self.settings), PAGE_TABLES)
        return DocumentResult.from_tables(tables) if tables else None

    def load(self, doc_id: str) -> DocumentResult | None:
        """The whole cached result when both parts are current, else None."""
        pages = self.load_pages(doc_id)
        extracted = (
            self._extracted().load(doc_id, extraction_cache_key(), EXTRACTED_TABLES) if pages else None
        )
        if pages is None or extracted is None:
            return None
        return DocumentResult.from_tables({**pages.tables_records(), **extracted})

    def save(self, result: DocumentResult, pages_too: bool = True) -> None:
        """Store the extraction part (and the pages part unless it came from the cache)."""
        tables = result.tables()
        if pages_too:
            part = {s.name: tables[s.name] for s in PAGE_TABLES}
            self._pages().save(result.document.doc_id, pages_cache_key(self.mode, self.settings), part)
        part = {s.name: tables[s.name] for s in EXTRACTED_TABLES}
        self._extracted().save(result.document.doc_id, extraction_cache_key(), part)
