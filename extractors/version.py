"""Versions of the code that makes cached results, derived from the code itself: a digest of the source of a
module, of every project module it imports (transitively), and of the data tables their source names. Any
change to what a result is made from invalidates that part of the cache; nothing needs bumping by hand."""

from __future__ import annotations

import ast
import fnmatch
import functools
import hashlib
import importlib.metadata
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

PROJECT_PACKAGES = ("extractors", "schemas")  # the code a cached result can depend on
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"
PAGE_READING_ROOT = "extractors.pages"  # page text: routing, rendering, clean-up, OCR, normalization
EXTRACTION_ROOT = "extractors.document"  # every extractor, the audit, metadata
MODEL_PACKAGES = ("rapidocr", "onnxruntime")  # installed packages whose model reads pages (handwriting)


@functools.cache
def code_digest(root: str) -> str:
    """12 hex digits of sha256 over the source of ``root``, the project modules it imports and the data
    tables they name, each with its path (a moved file changes the digest too)."""
    digest = hashlib.sha256()
    modules = module_closure(root)
    for name in sorted(modules):
        digest.update(name.encode() + b"\0" + modules[name].read_bytes() + b"\0")
    for table in sorted(data_files_named(modules.values())):
        digest.update(table.name.encode() + b"\0" + table.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def module_closure(root: str) -> dict[str, Path]:
    """``root`` and every module of PROJECT_PACKAGES it imports, directly or not: module name -> file."""
    found: dict[str, Path] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        path = _module_file(name)
        if name in found or path is None:
            continue
        found[name] = path
        todo += _imported_modules(name, path)
    return found


def _module_file(name: str) -> Path | None:
    """The source file of a project module, found on disk (importing it here could be circular)."""
    if name.split(".")[0] not in PROJECT_PACKAGES:
        return None
    base = PROJECT_ROOT.joinpath(*name.split("."))
    return next((p for p in (base.with_suffix(".py"), base / "__init__.py") if p.is_file()), None)


def _imported_modules(name: str, path: Path) -> list[str]:
    """Names a module imports (``from x import y`` also yields x.y: y may be a module), relative ones resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names = []
    for level, base, aliases in _source_facts(path).imports:
        if level:
            parent = package.rsplit(".", level - 1)[0] if level > 1 else package
            base = f"{parent}.{base}" if base else parent
        names += [base, *(f"{base}.{alias}" for alias in aliases)]
    return [n for n in names if n.split(".")[0] in PROJECT_PACKAGES]


class _SourceFacts(NamedTuple):
    imports: tuple[tuple[int, str, tuple[str, ...]], ...]  # (level, module, names); `import x`: (0, "x", ())
    strings: frozenset[str]  # string constants, f-strings with their fields as '*'


def _source_facts(path: Path) -> _SourceFacts:
    """What the digest reads from a module's source, parsed once per version of the file (both roots share
    most modules)."""
    stat = path.stat()
    return _parsed_source_facts(path, stat.st_mtime_ns, stat.st_size)


@functools.cache
def _parsed_source_facts(path: Path, mtime_ns: int, size: int) -> _SourceFacts:
    imports: list[tuple[int, str, tuple[str, ...]]] = []
    strings: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imports += [(0, alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            imports.append((node.level, node.module or "", tuple(alias.name for alias in node.names)))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings.add(node.value)
        elif isinstance(node, ast.JoinedStr):
            parts = [v.value if isinstance(v, ast.Constant) else "*" for v in node.values]
            strings.add("".join(str(p) for p in parts))
    return _SourceFacts(tuple(imports), frozenset(strings))


def data_files_named(sources: Iterable[Path]) -> set[Path]:
    """Data tables whose file name or stem a source names in a string: 'doc_types', 'legacy_{name}.csv'
    (an f-string's fields match anything)."""
    patterns = set().union(*(_source_facts(path).strings for path in sources))
    tables = sorted(DATA_DIR.glob("*.csv"))
    return {t for t in tables for p in patterns if p and (p in (t.name, t.stem) or _glob_names(p, t))}


def _glob_names(pattern: str, table: Path) -> bool:
    return "*" in pattern and pattern.strip("*") != "" and fnmatch.fnmatch(table.name, pattern)


@functools.cache
def page_text_version() -> str:
    """The digest of the code that reads page text and of the versions of the packages whose model reads
    it (computed on first use: a worker that only reads pages never pays the 0.6 s of parsing every
    source)."""
    models = ",".join(f"{name}={_installed_version(name)}" for name in MODEL_PACKAGES)
    return hashlib.sha256(f"{code_digest(PAGE_READING_ROOT)}\0{models}".encode()).hexdigest()[:12]


def _installed_version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def extractor_version() -> str:
    """The digest of every extractor, the audit and metadata (computed on first use)."""
    return code_digest(EXTRACTION_ROOT)


def compute_versions_now() -> None:
    """Compute both digests in the calling thread, before a run starts threads. Digesting parses the
    sources (``ast``), and CPython 3.11's AST constructor keeps its recursion depth in state shared by
    threads: a parse overlapping one in another thread (Prefect's and pydantic's parse signatures) fails
    with "SystemError: AST constructor recursion depth mismatch" (python/cpython#106905)."""
    page_text_version()
    extractor_version()
