"""Write the golden list of per-document findings of every seed and sample document.

    .venv/bin/python tests/gold/findings/build_gold.py

Unlike the citation gold, this list is what the audit finds now, each finding reviewed by eye
when the list was written (README.md says how). It is a regression net: a finding that is lost or
new fails tests/test_findings_golden.py until this script is run again and the difference is
reviewed in the diff.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from extractors.document import file_to_document  # noqa: E402
from schemas.findings import Finding  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
SAMPLE = ROOT / "data" / "raw" / "sample"
GOLD = Path(__file__).with_name("findings.json")


def finding_key(f: Finding) -> list:
    """What a golden row pins down: type, first number, page and the raw evidence."""
    return [f.type, f.numbers[0] if f.numbers else None, f.page, " ".join((f.raw or "").split())]


def documents() -> list[Path]:
    """The seeds and the sample's documents (its manifest excluded)."""
    sample = [p for p in sorted(SAMPLE.iterdir()) if p.suffix in {".pdf", ".txt", ".png", ".docx"}]
    return sorted(SEEDS.glob("*.txt")) + sample


def main() -> None:
    gold = {}
    for path in documents():
        findings = file_to_document(path).findings
        gold[path.name] = sorted(finding_key(f) for f in findings)
        print(f"{path.name}: {len(findings)} findings", file=sys.stderr)
    GOLD.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
