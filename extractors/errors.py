"""Typed ingestion failures: each kind has an error_type (failures table) and a CLI exit code."""

from __future__ import annotations


class IngestError(Exception):
    """An input that cannot become a document; subclasses name the reason."""

    error_type = "ingest_error"
    exit_code = 20
    stage = "open"


class EmptyFile(IngestError):
    """The file has zero bytes."""

    error_type = "empty"
    exit_code = 10
    stage = "read"


class NotAPdf(IngestError):
    """The file is named .pdf but is something else (HTML, an image, ...)."""

    error_type = "not_a_pdf"
    exit_code = 11


class EncryptedPdf(IngestError):
    """The PDF needs a password we do not have."""

    error_type = "encrypted"
    exit_code = 12


class CorruptPdf(IngestError):
    """The PDF is truncated or damaged beyond what the parser can repair."""

    error_type = "corrupt"
    exit_code = 13


class NoPages(IngestError):
    """The PDF opens but has zero pages."""

    error_type = "no_pages"
    exit_code = 14


class UnsupportedFile(IngestError):
    """A file type the pipeline does not read."""

    error_type = "unsupported_type"
    exit_code = 15


class FileVanished(IngestError):
    """The file disappeared or became unreadable between discovery and reading."""

    error_type = "unreadable"
    exit_code = 16
    stage = "read"


class BadImage(IngestError):
    """An image file that cannot be decoded (or is too large to decode safely)."""

    error_type = "bad_image"
    exit_code = 17


class NoText(IngestError):
    """Every page was read but none holds any text (a blank page, an image without writing)."""

    error_type = "no_text"
    exit_code = 18
    stage = "pages"


class PagesFailed(IngestError):
    """Every page failed (OCR timeout, render error): nothing to extract. Retried on the next run."""

    error_type = "pages_failed"
    exit_code = 19
    stage = "pages"


class CorruptDocument(IngestError):
    """A Word file (.docx) that cannot be opened: not a zip, or its parts are damaged."""

    error_type = "corrupt"
    exit_code = 13


class NeedsConversion(UnsupportedFile):
    """An office format (.doc, .odt, .rtf) read only through LibreOffice, which is missing or failed."""

    error_type = "needs_conversion"
