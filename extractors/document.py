"""One input file -> a `DocumentResult`: its document row and its pages."""

from __future__ import annotations

import dataclasses
import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from extractors.arithmetic import audit_figures, score_total_mismatches, table_total_mismatches
from extractors.audit import audit_document, report_date
from extractors.citations import text_to_citations
from extractors.errors import FileVanished
from extractors.facts import text_to_facts
from extractors.indicators import indicator_of
from extractors.layout import page_to_layout
from extractors.metadata import checked_own_dates, pages_to_metadata, reconciled_own_citation
from extractors.metadata_evidence import metadata_evidence
from extractors.ocr import DEFAULT_OCR, OcrSettings
from extractors.page_context import PageContext, page_contexts
from extractors.pages import MapFn, file_to_pages, media_type_of
from extractors.routing import OcrMode
from extractors.score_tables import cells_to_score_rows, document_score_rows
from extractors.sections import pages_to_sections, section_at
from extractors.table_cells import pages_to_table_cells
from extractors.table_facts import table_cells_to_facts, tables_read_as_score_rows, without_row_numbers
from extractors.version import extractor_version, page_text_version
from extractors.words import span_box
from schemas.base import TableSpec, replaced, utc_now
from schemas.citations import CITATIONS, Citation
from schemas.documents import DOCUMENTS, DocumentRecord
from schemas.facts import FACTS, Fact
from schemas.findings import FINDINGS, Finding
from schemas.layout import LAYOUT, LayoutLine
from schemas.pages import PAGES, PageText
from schemas.score_rows import SCORE_ROWS, ScoreRow
from schemas.sections import SECTIONS, Section
from schemas.table_cells import TABLE_CELLS, TableCell

HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class DocumentResult:
    """Everything extracted from one document: its row, pages, citations and audit findings."""

    document: DocumentRecord
    pages: tuple[PageText, ...]
    sections: tuple[Section, ...] = ()
    citations: tuple[Citation, ...] = ()
    facts: tuple[Fact, ...] = ()
    findings: tuple[Finding, ...] = ()
    score_rows: tuple[ScoreRow, ...] = ()
    layout: tuple[LayoutLine, ...] = ()
    table_cells: tuple[TableCell, ...] = ()

    def tables(self) -> dict[str, tuple[TableSpec[Any], Sequence[Any]]]:
        """The result as records per table, as the Parquet store and the cache take them."""
        return {
            DOCUMENTS.name: (DOCUMENTS, [self.document]),
            PAGES.name: (PAGES, self.pages),
            SECTIONS.name: (SECTIONS, self.sections),
            CITATIONS.name: (CITATIONS, self.citations),
            FACTS.name: (FACTS, self.facts),
            SCORE_ROWS.name: (SCORE_ROWS, self.score_rows),
            FINDINGS.name: (FINDINGS, self.findings),
            LAYOUT.name: (LAYOUT, self.layout),
            TABLE_CELLS.name: (TABLE_CELLS, self.table_cells),
        }

    def tables_records(self) -> dict[str, list[Any]]:
        """Records per table name (what ``from_tables`` takes)."""
        return {name: list(records) for name, (_, records) in self.tables().items()}

    @classmethod
    def from_tables(cls, tables: dict[str, list[Any]]) -> DocumentResult:
        """Rebuild a result from records per table (the inverse of ``tables``); missing parts are empty."""
        return cls(
            tables[DOCUMENTS.name][0],
            tuple(tables[PAGES.name]),
            tuple(tables.get(SECTIONS.name, ())),
            tuple(tables.get(CITATIONS.name, ())),
            tuple(tables.get(FACTS.name, ())),
            tuple(tables.get(FINDINGS.name, ())),
            tuple(tables.get(SCORE_ROWS.name, ())),
            tuple(tables.get(LAYOUT.name, ())),
            tuple(tables.get(TABLE_CELLS.name, ())),
        )


PAGE_TABLES: tuple[TableSpec[Any], ...] = (DOCUMENTS, PAGES)  # what reading (and OCR) produces
EXTRACTED_TABLES: tuple[TableSpec[Any], ...] = (
    SECTIONS,
    CITATIONS,
    FACTS,
    SCORE_ROWS,
    FINDINGS,
    LAYOUT,
    TABLE_CELLS,
)  # made from pages
RESULT_TABLES: tuple[TableSpec[Any], ...] = PAGE_TABLES + EXTRACTED_TABLES


def file_sha256(path: Path) -> str:
    """sha256 of the file bytes, read in 1 MiB chunks (the document id)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(HASH_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise FileVanished(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return digest.hexdigest()


def read_head(path: Path, size: int = 1024) -> bytes:
    """The first ``size`` bytes of a file, with a typed error when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError as exc:
        raise FileVanished(f"{path}: cannot read ({exc.strerror or exc})") from exc


def file_to_document(
    path: Path,
    mode: OcrMode = OcrMode.AUTO,
    settings: OcrSettings = DEFAULT_OCR,
    map_fn: MapFn = map,
) -> DocumentResult:
    """Hash, identify, route and read every page of ``path``; raises an IngestError subclass if it cannot."""
    media_type = media_type_of(path, read_head(path))
    return read_document(path, file_sha256(path), media_type, mode, settings, map_fn)


def read_document(
    path: Path,
    doc_id: str,
    media_type: str,
    mode: OcrMode = OcrMode.AUTO,
    settings: OcrSettings = DEFAULT_OCR,
    map_fn: MapFn = map,
) -> DocumentResult:
    """Read every page of an identified document, summarize it, extract citations and audit them."""
    pages = tuple(file_to_pages(path, doc_id, media_type, mode, settings, map_fn))
    return extract_from_pages(summarize(path, doc_id, media_type, pages), pages)


def extract_from_pages(document: DocumentRecord, pages: tuple[PageText, ...]) -> DocumentResult:
    """Run the extractors over the pages' text and audit what they found."""
    layouts = [page_to_layout(page, first_page=i == 0) for i, page in enumerate(pages)]
    contexts = page_contexts(pages)  # headings and sentences, found once for every extractor
    sections = tuple(pages_to_sections(pages, [c.headings for c in contexts]))
    citations = with_boxes(checked_own_dates(pages, pages_to_citations(pages, contexts)), pages)
    facts = with_boxes(pages_to_facts(pages, citations, sections, contexts), pages)
    table_cells = tuple(pages_to_table_cells(pages))
    from_cells = cells_to_score_rows(table_cells, pages)
    score_rows = tuple(document_score_rows(pages, from_cells))
    score_tables = frozenset(from_cells) | tables_read_as_score_rows(table_cells, score_rows)
    facts = tuple(without_row_numbers(facts, table_cells))
    facts += tuple(cell_facts(table_cells, score_tables, facts, sections))
    toned_texts = [c.toned_text for c in contexts]
    metadata = pages_to_metadata(pages, citations, document.file_name, layouts, toned_texts)
    citations = (
        with_boxes(reconciled_own_citation(citations, metadata, pages[0]), pages) if pages else citations
    )
    reported = metadata.issue_date or report_date(pages, citations)
    texts = {p.page: p.text for p in pages}
    findings = tuple(
        audit_document(citations, texts, reported, frozenset(p.page for p in pages if p.text_source == "ocr"))
        + audit_figures(facts, texts, document.doc_id, table_cells)
        + score_total_mismatches(score_rows, texts)
        + table_total_mismatches(table_cells, texts, score_tables)
    )
    metadata = dataclasses.replace(
        metadata, field_evidence=metadata_evidence(metadata, pages, citations, layouts, toned_texts)
    )
    document = dataclasses.replace(
        document,
        extractor_version=extractor_version(),
        **{f.name: getattr(metadata, f.name) for f in dataclasses.fields(metadata)},
    )
    layout = tuple(row for rows in layouts for row in rows)
    return DocumentResult(
        document, pages, sections, citations, facts, findings, score_rows, layout, table_cells
    )


Boxed = TypeVar("Boxed", Citation, Fact)


def with_boxes(records: Sequence[Boxed], pages: Sequence[PageText]) -> tuple[Boxed, ...]:
    """``records`` with the box of their words on the page (x0, y0, x1, y1), where the page has boxes."""
    words = {page.page: page.words for page in pages}
    boxed = []
    for record in records:
        box = span_box(words.get(record.page, ()), record.start, record.end)
        boxed.append(replaced(record, **dataclasses.asdict(box)) if box else record)
    return tuple(boxed)


def pages_to_facts(
    pages: Sequence[PageText],
    citations: Sequence[Citation],
    sections: Sequence[Section] = (),
    contexts: Sequence[PageContext] | None = None,
) -> list[Fact]:
    """Figures of every page, skipping the spans of document numbers, each tied to its section."""
    found: list[Fact] = []
    for context in contexts if contexts is not None else page_contexts(pages):
        page = context.page
        skip = [(c.start, c.end) for c in citations if c.page == page.page]
        figures = text_to_facts(
            page.text,
            page.doc_id,
            page.page,
            context.headings,
            skip,
            context.sentences,
            context.number_starts,
        )
        for fact in figures:
            section = section_at(sections, fact.page, fact.start)
            found.append(
                replaced(
                    fact,
                    section_id=section.section_id if section else None,
                    par_domain=section.par_domain if section else None,
                    indicator=indicator_of(fact, page.text),
                )
            )
    return found


def cell_facts(
    cells: Sequence[TableCell],
    score_tables: frozenset[int],
    facts: Sequence[Fact],
    sections: Sequence[Section],
) -> list[Fact]:
    """Facts from the statistical tables' cells where the page text's own figures hold none (a '97,2%'
    in a cell is found in the text already), each tied to its section."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for fact in facts:
        spans.setdefault(fact.page, []).append((fact.start, fact.end))
    found = []
    for fact in table_cells_to_facts(cells, score_tables):
        if any(start < fact.end and fact.start < end for start, end in spans.get(fact.page, ())):
            continue
        section = section_at(sections, fact.page, fact.start)
        found.append(
            replaced(
                fact, section=f"{section.label} {section.heading}" if section else None,
                section_id=section.section_id if section else None, par_domain=section.par_domain if section else None,
            )
        )  # fmt: skip
    return found


def pages_to_citations(
    pages: Sequence[PageText], contexts: Sequence[PageContext] | None = None
) -> list[Citation]:
    """Citations of every page; a page that opens mid-section inherits the previous page's heading.
    (The spaCy pipeline in extractors/nlp.py runs the same function as its component, for displaCy.)"""
    found: list[Citation] = []
    for context in contexts if contexts is not None else page_contexts(pages):
        page = context.page
        found += text_to_citations(
            page.text,
            page.doc_id,
            page.page,
            context.in_force,
            context.sentences,
            page.text_source == "ocr",
            context.number_starts,
        )
    return found


def pages_cache_key(mode: OcrMode, settings: OcrSettings) -> str:
    """Cached page text is reused while the page-reading code, OCR mode and OCR settings are unchanged."""
    return f"pages-{page_text_version()}|{mode.value}|{settings.cache_key()}"


def extraction_cache_key() -> str:
    """Cached extraction results are reused while the extractors are unchanged."""
    return f"extract-{extractor_version()}"


def summarize(path: Path, doc_id: str, media_type: str, pages: tuple[PageText, ...]) -> DocumentRecord:
    """The documents row for ``pages`` of ``path``."""
    ocr = [p for p in pages if p.text_source == "ocr"]
    failed = [p for p in pages if p.error is not None]
    confidences = [p.ocr_confidence for p in ocr if p.ocr_confidence is not None]
    status = "failed" if pages and len(failed) == len(pages) else "ok"
    return DocumentRecord(
        doc_id=doc_id,
        source_path=str(path),
        other_paths=(),
        file_name=unicodedata.normalize("NFC", path.name),
        bytes=path.stat().st_size,
        media_type=media_type,
        pages=len(pages),
        text_source=document_text_source(pages),
        ocr_pages=len(ocr),
        failed_pages=len(failed),
        mean_ocr_confidence=round(sum(confidences) / len(confidences), 2) if confidences else None,
        status=status,
        error=failed[0].error if status == "failed" else None,
        extractor_version=extractor_version(),
        ingested_at=utc_now(),
    )


def document_text_source(pages: tuple[PageText, ...]) -> str:
    """text, text_layer, ocr or mixed: where the document's (non-failed) pages got their text."""
    sources = {p.text_source for p in pages if p.error is None}
    if sources == {"text"}:
        return "text"
    if sources == {"ocr"}:
        return "ocr"
    if sources <= {"text_layer", "text_layer_decoded"}:  # decoded TCVN3/VNI layers are text layers too
        return "text_layer"
    return "mixed"
