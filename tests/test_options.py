"""One options object from the command line to the flow to a served deployment (flows/options.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from extractors.ocr import OcrSettings
from extractors.routing import OcrMode
from flows.options import IngestOptions
from tests.ingest_helpers import run_cli

OPTIONS = [
    IngestOptions(),
    IngestOptions(ocr=OcrMode.ALWAYS, workers=4, runner="thread", in_flight=2, registry="/data/known.csv"),
    IngestOptions(runner="dask", dask_address="tcp://10.0.0.5:8786", settings=OcrSettings(dpi=200, psm=4)),
]


@pytest.mark.parametrize("options", OPTIONS)
def test_options_survive_a_deployments_json_parameters(options: IngestOptions) -> None:
    stored = json.loads(json.dumps(options.as_parameters()))  # what Prefect keeps for a deployment
    assert IngestOptions.model_validate(stored) == options


@pytest.mark.parametrize(
    "values",
    [{"workers": 0}, {"runner": "spark"}, {"ocr": "sometimes"}, {"in_flight": 0}, {"threads": 2}],
    ids=["no workers", "unknown runner", "unknown OCR mode", "empty window", "unknown option"],
)
def test_bad_options_are_refused(values: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        IngestOptions.model_validate(values)


def test_the_cli_refuses_a_bad_option_in_one_line_before_any_work(tmp_path: Path) -> None:
    done = run_cli("ingest", str(tmp_path), "--out", str(tmp_path / "out"), "--runner", "spark")
    assert done.returncode == 2
    assert done.stderr.strip().startswith("cchc: --runner:") and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()
