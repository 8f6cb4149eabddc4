"""The README stays true: its table docs are generated from schemas/, its commands are the ones CI runs."""

from __future__ import annotations

from schemas.docs import tables_markdown
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
TEST_COMMAND = "bash scripts/setup.sh && .venv/bin/python -m pytest"


def test_readme_tables_section_is_generated_from_the_schemas() -> None:
    assert tables_markdown() in README


def test_ci_runs_the_readme_test_command() -> None:
    assert TEST_COMMAND in README
    assert TEST_COMMAND in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_run_command_ingests_the_sample() -> None:
    assert "bash scripts/setup.sh && .venv/bin/cchc ingest data/raw/sample --out data/parquet" in README


def test_readme_explains_every_finding_type() -> None:
    from extractors.audit import finding_types

    for type_, row in finding_types().items():
        assert f"| `{type_}` | {row['severity']} |" in README, type_
