"""Versions of the code that makes cached results: a change invalidates that part of the cache only."""

PAGE_TEXT_VERSION = "4"  # routing, rendering, OCR assembly, normalization: bump to re-read pages
EXTRACTOR_VERSION = (
    "0.7.2"  # citations, audit (and later facts, tables): bump to re-extract from cached pages
)
