"""Tables published to any fsspec URL (s3://, gs://, abfs://, memory:// …), versioned behind a manifest.

An ingest always builds its tables and its cache in a local working folder (OCR results must be cheap to
reuse; locks, symlinks and renames need a real filesystem). When ``--out`` is a URL of another
filesystem, the finished tables are then published there:

  URL/_tables/<table>.<version>/…     each table's files, uploaded under a new version name
                                      (partitioned tables keep their province_current=/period_year= folders)
  URL/_manifest.json                  which version of each table is current; written last, in one PUT

Object stores have no atomic rename, but a single object write is atomic: readers that go through the
manifest (``open_dataset(URL)``, ``cchc sql --data URL``) see the previous publication or the new one,
never a mix. The versions of the previous manifest are kept (a reader may still be reading them); older
ones are removed. A local path or a file:// URL is used directly, as a plain output folder.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fsspec
from fsspec.core import url_to_fs
from fsspec.spec import AbstractFileSystem

from schemas.base import TableSpec, utc_now
from storage.partitions import VERSIONS_DIR
from storage.store import table_path

MANIFEST = "_manifest.json"
LOCAL_PROTOCOLS = frozenset({"file", "local"})
URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


class OutputUnavailable(RuntimeError):
    """An output URL whose filesystem cannot be used here (unknown protocol, its package not installed)."""


@dataclass(frozen=True)
class OutputTarget:
    """Where an ingest writes: its local working folder, and the URL it publishes to (None: local only)."""

    local: Path
    remote: str | None = None

    @property
    def shown(self) -> str:
        """The output as the user named it."""
        return self.remote or str(self.local)


def is_remote(out: str | Path) -> bool:
    """True for a URL of a non-local fsspec filesystem (s3://bucket/x); False for paths and file:// URLs."""
    text = str(out)
    return bool(URL_SCHEME.match(text)) and fsspec.utils.get_protocol(text) not in LOCAL_PROTOCOLS


def local_path(out: str | Path) -> Path:
    """A local output as a path (file:///x/y -> /x/y)."""
    text = str(out)
    return Path(url_to_fs(text)[1]) if URL_SCHEME.match(text) else Path(text)


def resolve_output(out: str | Path, work: Path | None = None) -> OutputTarget:
    """The working folder and publication URL for ``--out``: a local output is its own working folder; a
    remote one is built in ``work`` (default: a folder under ~/.cache/cchc named after the URL)."""
    if not is_remote(out):
        return OutputTarget(local_path(out))
    try:  # now, not after hours of OCR: the filesystem's package must be installed
        url_to_fs(str(out))
    except (ImportError, ValueError) as exc:
        raise OutputUnavailable(f"cannot write to {out}: {exc}") from exc
    return OutputTarget(work or default_work_folder(str(out)), str(out))


def default_work_folder(url: str) -> Path:
    """~/.cache/cchc/outputs/<readable name>-<hash of the URL>: the same URL reuses its cache."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", url).strip("-")[-60:]
    digest = hashlib.sha256(url.encode()).hexdigest()[:12]
    return Path.home() / ".cache" / "cchc" / "outputs" / f"{slug}-{digest}"


def publish_tables(local: Path, url: str, specs: Iterable[TableSpec[Any]]) -> dict[str, Any]:
    """Upload the current version of every table under ``local`` to ``url``, then its manifest; returns it."""
    fs, root = url_to_fs(url)
    previous = read_manifest(fs, root)
    tables = {}
    for spec in specs:
        source = table_path(local, spec)
        if source.exists():
            tables[spec.name] = _upload_table(fs, root, source, spec, previous)
    manifest = {"published_at": utc_now().isoformat(), "tables": tables}
    fs.pipe_file(f"{root}/{MANIFEST}", json.dumps(manifest, indent=1, ensure_ascii=False).encode())
    _remove_unlisted_versions(fs, root, [manifest, previous])
    return manifest


def _upload_table(
    fs: AbstractFileSystem, root: str, source: Path, spec: TableSpec[Any], previous: dict[str, Any]
) -> dict[str, Any]:
    """One table's files under a version named after their content (an unchanged table is not re-sent)."""
    partitioned = source.is_dir()
    base = source.resolve() if partitioned else source.parent
    files = sorted(base.rglob("*.parquet")) if partitioned else [source]
    version = f"{spec.name}.{_content_digest(files, base)}"
    entry = {"path": f"{VERSIONS_DIR}/{version}", "partitioned": partitioned, "schema_version": spec.version}
    target = f"{root}/{entry['path']}"
    if previous.get("tables", {}).get(spec.name) == entry and fs.exists(target):
        return entry  # complete: the previous manifest names only finished uploads
    for file in files:
        relative = file.relative_to(base).as_posix() if partitioned else "part-0.parquet"
        fs.makedirs(f"{target}/{relative}".rsplit("/", 1)[0], exist_ok=True)
        fs.put_file(str(file), f"{target}/{relative}")
    return entry


def _content_digest(files: list[Path], base: Path) -> str:
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.relative_to(base).as_posix().encode())
        with file.open("rb") as fh:
            digest.update(hashlib.file_digest(fh, "sha256").digest())
    return digest.hexdigest()[:16]


def read_manifest(fs: AbstractFileSystem, root: str) -> dict[str, Any]:
    """The published manifest under ``root`` ({} before the first publication)."""
    try:
        return json.loads(fs.cat_file(f"{root}/{MANIFEST}"))
    except FileNotFoundError:
        return {}


def _remove_unlisted_versions(fs: AbstractFileSystem, root: str, manifests: list[dict[str, Any]]) -> None:
    keep = {entry["path"].rsplit("/", 1)[-1] for m in manifests for entry in m.get("tables", {}).values()}
    versions = f"{root}/{VERSIONS_DIR}"
    if not fs.exists(versions):
        return
    for folder in fs.ls(versions, detail=False):
        if folder.rstrip("/").rsplit("/", 1)[-1] not in keep:
            fs.rm(folder, recursive=True)


def published_table_urls(url: str) -> dict[str, tuple[str, bool]]:
    """table -> (URL of its current version, partitioned?) from the manifest at ``url``."""
    fs, root = url_to_fs(url)
    manifest = read_manifest(fs, root)
    if not manifest:
        raise FileNotFoundError(f"{url}: no {MANIFEST} (nothing published there yet)")
    base = url.rstrip("/")
    return {name: (f"{base}/{e['path']}", e["partitioned"]) for name, e in manifest["tables"].items()}
