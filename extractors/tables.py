"""Pattern tables shipped as CSV files in extractors/data (data, not code), loaded once."""

from __future__ import annotations

import csv
import functools
from importlib import resources


@functools.cache
def load_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``extractors/data/<name>.csv`` as dicts (cached)."""
    text = resources.files("extractors").joinpath("data", f"{name}.csv").read_text(encoding="utf-8")
    return tuple(csv.DictReader(text.splitlines()))
