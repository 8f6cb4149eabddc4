"""The README's analyst and auditor sections stay true: their query runs, their exit codes are the CLI's."""

from __future__ import annotations

import json
import re

import pytest

from cchc import cli
from cchc.dataset import open_dataset
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(f"## {title}\n")
    return README[start : README.index("\n## ", start + 1)]


@pytest.mark.slow
def test_the_readme_query_runs_on_an_ingested_corpus(analyst_run: dict) -> None:
    block = re.search(r'con\.sql\("""(.*?)"""\)', section("For analysts"), re.S)
    assert block, "For analysts shows a DuckDB query"
    frame = open_dataset(analyst_run["out"]).sql(block.group(1)).df()
    assert len(frame) > 0 and frame.province_current.nunique() >= 4


@pytest.mark.slow
def test_every_analyst_command_runs_as_written(analyst_run: dict) -> None:
    """Ingest, query, plot: each command of "For analysts" exits 0 in a fresh clone's layout; the query
    writes its CSV and the notebook comes back executed, every code cell with output and none with an error."""
    for line, done in analyst_run["results"]:
        assert done.returncode == 0, f"{line}\n{done.stderr[-2000:]}"
    rows = (analyst_run["workspace"] / "per_province.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "province_current,count_star()" and len(rows) >= 5
    notebook = json.loads((analyst_run["workspace"] / "notebooks" / "cross_province.ipynb").read_text())
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code and all(cell["execution_count"] for cell in code)
    assert not [o for cell in code for o in cell["outputs"] if o["output_type"] == "error"]
    assert any(o.get("data", {}).get("image/png") for cell in code for o in cell["outputs"])  # a chart drawn


def test_the_analyst_extra_installs_jupyterlab() -> None:
    """ "or open it in Jupyter": the setup installs the analyst extra (with the dev one) and it has JupyterLab."""
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    assert any(spec.startswith("jupyterlab") for spec in extras["analyst"])
    assert (
        "cchc-extract[analyst]" in extras["dev"] and '".[dev]"' in (ROOT / "scripts" / "setup.sh").read_text()
    )


def test_the_readme_sql_command_is_the_done_criterion() -> None:
    assert 'cchc sql "SELECT province_current, count(*) FROM citations GROUP BY 1"' in section("For analysts")


@pytest.mark.parametrize(
    "phrase",
    [
        f"{cli.EXIT_FINDINGS} when findings at or above --fail-on exist",
        f"{cli.EXIT_NO_DATA} = DATA_DIR holds no ingested tables",
        f"{cli.EXIT_NO_DATA} = DIR holds no tables",
        f"{cli.EXIT_QUERY} = the query failed",
    ],
)
def test_exit_codes_in_the_readme_are_the_cli_constants(phrase: str) -> None:
    assert phrase in " ".join(section("Command line").split())


def test_the_auditor_section_names_every_severity() -> None:
    from extractors.audit import finding_types

    text = section("For auditors")
    for severity in {row["severity"] for row in finding_types().values()}:
        assert f"`{severity}`" in text
