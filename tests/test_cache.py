"""The two-part result cache: page text survives a new extractor version; a new OCR setting does not."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from extractors.document import file_to_document
from extractors.ocr import OcrSettings
from extractors.routing import OcrMode
from flows.cache import ResultCache
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


def test_new_ocr_settings_read_the_pages_again(cached) -> None:
    cache, result = cached
    other = dataclasses.replace(cache, settings=OcrSettings(dpi=400))
    assert other.load_pages(result.document.doc_id) is None
