"""Dependencies point one way: cchc and flows -> extractors -> schemas; storage (Parquet I/O) serves
flows and cchc and is never imported by extractors or schemas."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

FORBIDDEN = {  # package -> project packages its modules must not import
    "schemas": {"extractors", "flows", "cchc", "storage"},
    "extractors": {"flows", "cchc", "storage"},
    "storage": {"extractors", "flows", "cchc"},
    "flows": {"cchc"},
}


def project_imports(path: Path) -> set[str]:
    """The top-level project packages a module imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_module_imports_against_the_layering(package: str) -> None:
    offending = {
        str(path.relative_to(ROOT)): sorted(project_imports(path) & FORBIDDEN[package])
        for path in sorted((ROOT / package).rglob("*.py"))
    }
    assert {name: bad for name, bad in offending.items() if bad} == {}
