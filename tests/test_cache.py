"""The two-part result cache: page text survives a new extractor version; a new OCR setting does not."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extractors.document import file_to_document
from extractors.ocr import OcrSettings
from extractors.routing import OcrMode
from flows.cache import ResultCache, result_counts
from schemas import FACTS, records_to_table, table_to_records
from schemas.base import conform_table
from tests.conftest import SEEDS


@pytest.fixture
def cached(tmp_path: Path) -> tuple[ResultCache, object]:
    result = file_to_document(SEEDS / "000_37cec8ec2d1626d1.txt")
    cache = ResultCache(tmp_path, OcrMode.AUTO, OcrSettings())
    cache.save(result)
    return cache, result


def test_unchanged_document_is_served_whole(cached) -> None:
    cache, result = cached
    assert cache.load(result.document.doc_id) == result


def test_new_extractor_version_keeps_the_page_text(cached, monkeypatch: pytest.MonkeyPatch) -> None:
    cache, result = cached
    monkeypatch.setattr("flows.cache.extraction_cache_key", lambda: "extract-next-version")
    assert cache.load(result.document.doc_id) is None
    pages = cache.load_pages(result.document.doc_id)
    assert pages is not None and pages.pages == result.pages


def test_a_re_extracted_document_row_replaces_the_one_read_with_the_pages(cached) -> None:
    """Re-extraction from cached pages (a new extractor version) saves only the extraction part: the
    document row it made (metadata, extractor version) must be the one served, not the pages part's."""
    cache, result = cached
    document = dataclasses.replace(result.document, title="Re-extracted", extractor_version="next")
    cache.save(dataclasses.replace(result, document=document), pages_too=False)
    assert cache.load(document.doc_id).document == document
    tables = cache.load_arrow(document.doc_id)
    assert tables is not None
    assert tables["documents"].select(["title", "extractor_version"]).to_pylist() == [
        {"title": "Re-extracted", "extractor_version": "next"}
    ]


def test_new_ocr_settings_read_the_pages_again(cached) -> None:
    cache, result = cached
    other = dataclasses.replace(cache, settings=OcrSettings(dpi=400))
    assert other.load_pages(result.document.doc_id) is None


def test_arrow_tables_hold_the_same_rows_as_the_records(cached) -> None:
    cache, result = cached
    tables = cache.load_arrow(result.document.doc_id)
    assert tables is not None and set(tables) == set(result.tables())
    for name, (spec, records) in result.tables().items():
        assert tables[name].schema == spec.schema_with_metadata(), name
        assert table_to_records(tables[name], spec) == list(records), name


def test_counts_come_from_the_cache_meta_files(cached) -> None:
    cache, result = cached
    assert cache.load_counts(result.document.doc_id) == result_counts(result)
    assert result_counts(result)["citations"] == len(result.citations) > 0
    assert (
        dataclasses.replace(cache, settings=OcrSettings(dpi=400)).load_counts(result.document.doc_id) is None
    )


def test_a_table_cached_before_a_column_existed_reads_with_its_default(cached) -> None:
    """Cached facts written before facts.indicator existed: the Arrow path fills the field's default,
    as the records path does, instead of dropping the cache (which would mean re-OCR)."""
    cache, result = cached
    assert result.facts
    path = next(cache.out.rglob("extracted/facts.parquet"))
    pq.write_table(pq.read_table(path).drop_columns(["indicator"]), path)
    tables = cache.load_arrow(result.document.doc_id)
    assert tables is not None and tables["facts"].column("indicator").null_count == len(result.facts)
    assert [f.indicator for f in cache.load(result.document.doc_id).facts] == [None] * len(result.facts)


def test_a_column_without_a_default_is_refused() -> None:
    table = records_to_table([], FACTS).drop_columns(["raw"])
    with pytest.raises(KeyError, match="raw"):
        conform_table(table, FACTS)


def test_outputs_sharing_a_page_cache_read_a_scan_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scan ingested into a second output through the same page cache is not OCR'd again: with tesseract
    gone, the second output still gets the first one's pages and tables; its own cache holds no pages."""
    import pytesseract

    from tests.ingest_helpers import copy_sample, ingest_in_process, table_rows

    batch = copy_sample(tmp_path / "batch", ["quangninh_syt_cv_quy3_2024.png"])
    shared = tmp_path / "pages"
    first = ingest_in_process([batch], tmp_path / "first", page_cache=str(shared))
    assert first.pages_by_source == {"ocr": 1}
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-tesseract"))
    second = ingest_in_process([batch], tmp_path / "second", page_cache=str(shared))
    assert second.documents_ok == 1 and second.pages_by_source == {"ocr": 1} and not second.failures
    assert table_rows(tmp_path / "second") == table_rows(tmp_path / "first")
    assert list(shared.rglob("pages")) and not list((tmp_path / "second").rglob("pages/*.parquet"))


def test_two_writers_of_one_document_in_a_shared_cache_both_succeed(tmp_path: Path) -> None:
    """Ingests sharing a page cache may save the same document at once: the one whose folder lands second
    finds the other's there, written with the same key, and that is a success, not an error."""
    from concurrent.futures import ThreadPoolExecutor

    from storage.store import DocumentCache

    result = file_to_document(SEEDS / "000_37cec8ec2d1626d1.txt")
    tables = {name: table for name, table in result.tables().items() if name == "pages"}
    shared = DocumentCache(tmp_path, "pages")

    def save_many(_: int) -> None:
        for _ in range(40):
            shared.save(result.document.doc_id, "key-1", tables)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(save_many, range(4)))  # re-raises a writer's error
    assert shared.has(result.document.doc_id, "key-1")
