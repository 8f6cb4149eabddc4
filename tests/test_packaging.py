"""The installed package holds the product: no development tools in the wheel, no unused dependency."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

SHIPPED = ("cchc", "flows", "extractors", "schemas", "storage")
IMPORT_NAMES = {
    "pillow": "PIL",
    "prefect-dask": "prefect_dask",
    "python-docx": "docx",
    "opencv-python-headless": "cv2",
}
NOT_IMPORTED = {  # declared on purpose though no shipped module imports them
    "fastapi": "pins Prefect's server dependency below a release that breaks every flow",
    "pandas": "the analysts' dataframes: open_dataset(...).sql(...).df() returns pandas",
    "rapidocr": "its wheel ships the handwriting recogniser's model file, which extractors/handwritten_digits.py "
    "finds without importing the package and runs with onnxruntime (tests/test_handwriting.py reads it)",
}


def runtime_dependencies() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [re.split(r"[<>=!~ \[;]", spec, maxsplit=1)[0].lower() for spec in project["dependencies"]]


def shipped_source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for pkg in SHIPPED for p in (ROOT / pkg).rglob("*.py"))


@pytest.mark.parametrize("dependency", runtime_dependencies())
def test_every_runtime_dependency_is_used_by_the_shipped_code(dependency: str) -> None:
    if dependency in NOT_IMPORTED:
        return
    module = IMPORT_NAMES.get(dependency, dependency.replace("-", "_"))
    assert re.search(rf"^\s*(?:import|from)\s+{re.escape(module)}\b", shipped_source(), re.MULTILINE), (
        f"{dependency} is declared but no module of {SHIPPED} imports {module}"
    )


def _not_source(folder: str, names: list[str]) -> list[str]:
    skipped = {".venv", ".git", "__pycache__", "build", "test-artifacts"}
    return [
        n for n in names if n in skipped or n.endswith(".egg-info") or (Path(folder) == ROOT and n == "data")
    ]


def test_wheel_holds_the_product_and_not_the_sample_generator(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy of the tree: the build leaves build/ and *.egg-info behind
    shutil.copytree(ROOT, source, ignore=_not_source)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("cchc_extract-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names if "/" in n and not n.split("/")[0].endswith(".dist-info")} == set(
        SHIPPED
    )
    assert not [
        n for n in names if "sample_corpus" in n or n.startswith(("devtools/", "tests/", "benchmarks/"))
    ]
    assert "extractors/data/doc_types.csv" in names  # the pattern tables ship with the code
    assert {"extractors/data/registry/national.csv", "extractors/data/registry/README.md"} <= set(names)
