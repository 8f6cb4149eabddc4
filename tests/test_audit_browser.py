"""The HTML audit report in a real headless Chromium: it loads without console errors, shows every
finding (seed 001's with their highlighted evidence), filters and sorts, and its screenshot is not blank.
The screenshot stays as an artifact in test-artifacts/ (its path is printed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from tests.chromium import CHROMIUM, Chromium
from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed: run scripts/setup.sh")

VISIBLE_ROWS = "[...document.querySelectorAll('tr.finding')].filter(r => r.offsetParent !== null)"


def cchc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cchc.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


@pytest.fixture(scope="module")
def report(analyst_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    path = tmp_path_factory.mktemp("report") / "report.html"
    done = cchc("audit", str(analyst_corpus), "--html", str(path), "--json")
    assert done.returncode == 0, done.stderr
    return {"path": path, "json": json.loads(done.stdout)}


@pytest.fixture(scope="module")
def browser(report: dict):
    with Chromium() as chromium:
        chromium.open(report["path"])
        yield chromium


def set_filter(browser: Chromium, control: str, value: str) -> int:
    browser.evaluate(
        f"(() => {{ const c = document.getElementById('{control}'); c.value = {json.dumps(value)};"
        " c.dispatchEvent(new Event('input')); })()"
    )
    return browser.evaluate(f"{VISIBLE_ROWS}.length")


def test_page_loads_without_console_errors(browser: Chromium) -> None:
    assert browser.evaluate("document.title").startswith("CCHC audit")
    assert browser.errors == []


def test_every_finding_is_shown(browser: Chromium, report: dict) -> None:
    total = report["json"]["findings_total"]
    assert total > 0
    assert browser.evaluate(f"{VISIBLE_ROWS}.length") == total
    assert browser.evaluate("document.getElementById('shown').textContent") == f"{total} of {total} shown"


def test_seed_001_findings_show_their_evidence(browser: Chromium, report: dict) -> None:
    expected = [f for f in report["json"]["findings"] if (f["file_name"] or "").startswith("001_")]
    assert expected, "seed 001 has findings"
    shown = browser.evaluate(
        "[...document.querySelectorAll('tr.finding')].filter(r => r.dataset.document.startsWith('001_'))"
        ".map(r => ({message: r.querySelector('.message').textContent,"
        " marks: [...r.querySelectorAll('mark')].map(m => m.textContent), text: r.innerText}))"
    )
    assert sorted(s["message"] for s in shown) == sorted(f["message"] for f in expected)
    for finding in expected:
        row = next(s for s in shown if s["message"] == finding["message"])
        assert " ".join(finding["raw"].split()) in row["marks"], finding["message"]
        assert finding["source_path"] in row["text"]


@pytest.mark.parametrize(
    ("control", "field"),
    [("filter-province", "province_current"), ("filter-type", "type")],
)
def test_filters_show_only_matching_findings(
    browser: Chromium, report: dict, control: str, field: str
) -> None:
    findings = report["json"]["findings"]
    for value in sorted({f[field] for f in findings}):
        assert set_filter(browser, control, value) == sum(f[field] == value for f in findings), value
    assert set_filter(browser, control, "") == len(findings)


def test_severity_filter_keeps_that_severity_and_worse(browser: Chromium, report: dict) -> None:
    findings = report["json"]["findings"]
    errors = sum(f["severity"] == "error" for f in findings)
    assert set_filter(browser, "filter-severity", "2") == errors
    assert set_filter(browser, "filter-severity", "0") == len(findings)


def test_clicking_a_header_sorts_the_rows(browser: Chromium) -> None:
    order = "[...document.querySelectorAll('tr.finding')].map(r => Number(r.dataset.page))"
    browser.evaluate("document.querySelector('th[data-sort=page]').click()")
    descending = browser.evaluate(order)
    browser.evaluate("document.querySelector('th[data-sort=page]').click()")
    ascending = browser.evaluate(order)
    assert descending == sorted(descending, reverse=True) and ascending == sorted(ascending)
    assert len(set(ascending)) > 1
    assert browser.errors == []


def test_screenshot_is_a_non_blank_png(browser: Chromium) -> None:
    set_filter(browser, "filter-province", "")
    path = browser.screenshot(ARTIFACTS / "audit_report.png")
    print(f"\nscreenshot: {path}")
    with Image.open(path) as image:
        assert image.format == "PNG" and image.width >= 1000 and image.height >= 1000
        gray = image.convert("L")
        assert ImageStat.Stat(gray).stddev[0] > 20  # text and tables, not one flat colour
        assert len(gray.getcolors(256 * 256) or []) > 16


def test_the_console_check_catches_errors(tmp_path: Path) -> None:
    """The browser harness does report a broken page (so an empty error list means something)."""
    page = tmp_path / "broken.html"
    page.write_text("<html><body><script>console.error('boom'); notDefined();</script></body></html>")
    with Chromium() as chromium:
        chromium.open(page)
        assert chromium.errors[0] == "boom" and "notDefined" in chromium.errors[1]
