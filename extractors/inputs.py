"""Find input files and group them by content (the same bytes under two names are one document)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from extractors.document import file_sha256, read_head
from extractors.errors import IngestError
from extractors.pages import media_type_of
from schemas.base import utc_now
from schemas.failures import FailureRecord


@dataclass(frozen=True)
class InputDocument:
    """One distinct document: its id, media type and every path that holds its bytes."""

    doc_id: str
    media_type: str
    paths: tuple[Path, ...]
    size_bytes: int = 0

    @property
    def path(self) -> Path:
        """The path read (the first in sorted order)."""
        return self.paths[0]


@dataclass(frozen=True)
class Identified:
    """Inputs sorted into distinct documents and files that failed before they could be read."""

    documents: tuple[InputDocument, ...]
    failures: tuple[FailureRecord, ...]


def discover_inputs(sources: Iterable[str | Path]) -> list[Path]:
    """Every regular file under ``sources`` (files or folders, recursively), hidden ones skipped, sorted."""
    found: set[Path] = set()
    for source in map(Path, sources):
        if source.is_dir():
            found.update(_walk(source))
        else:
            found.add(source)
    return sorted(found)


def _walk(folder: Path) -> Iterable[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        yield from (Path(root) / f for f in files if not f.startswith("."))


def identify_inputs(paths: Iterable[Path]) -> Identified:
    """Hash and type every file; group identical bytes into one document; failures get a row each."""
    by_id: dict[str, list[Path]] = {}
    media: dict[str, str] = {}
    sizes: dict[str, int] = {}
    failures: list[FailureRecord] = []
    for path in paths:
        try:
            media_type = media_type_of(path, read_head(path))
            doc_id = file_sha256(path)
            size = path.stat().st_size
        except IngestError as exc:
            failures.append(failure_from_error(path, exc))
            continue
        by_id.setdefault(doc_id, []).append(path)
        media[doc_id], sizes[doc_id] = media_type, size
    documents = tuple(
        InputDocument(d, media[d], tuple(sorted(p)), sizes[d]) for d, p in sorted(by_id.items())
    )
    return Identified(documents, tuple(failures))


def failure_from_error(path: Path, exc: Exception, doc_id: str | None = None) -> FailureRecord:
    """A failures row for ``exc`` raised while reading ``path`` (unexpected errors are kept, typed 'internal')."""
    if isinstance(exc, IngestError):
        stage, error_type = exc.stage, exc.error_type
        message = " ".join(str(exc).split())
    else:
        stage, error_type = "extract", "internal"
        message = " ".join(f"{type(exc).__name__}: {exc}".split())
    return FailureRecord(str(path), doc_id, stage, error_type, message, utc_now())
