"""Citation precision and recall on real documents against gold lists read by eye from the page images.

    .venv/bin/python -m benchmarks.real_citations [--gold tests/gold/real/citations] [--cache DIR]

A citation matches when the page and the canonical number agree (each gold citation matched once);
dates are scored on the matched citations whose gold gives a date. A gold number left null (a
handwritten number nobody could read) is left out of the counts. ``--cache`` keeps the OCR'd pages
between runs (see benchmarks/real_metadata.py).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from benchmarks.real_metadata import REAL, ROOT, extraction_of

GOLD = ROOT / "tests" / "gold" / "real" / "citations"


def score_document(gold: list[dict], found: list[tuple[int, str, str | None]]) -> dict[str, int]:
    """Matched, gold and found counts, and dates right among the matched (gold dated) ones."""
    wanted = Counter((g["page"], g["number"]) for g in gold if g["number"])
    got = Counter((page, number) for page, number, _ in found)
    matched = sum((wanted & got).values())
    dates = {(g["page"], g["number"]): g["issue_date"] for g in gold if g["number"] and g["issue_date"]}
    found_dates = {(page, number): date for page, number, date in found}
    dated = [key for key in dates if key in found_dates]
    right = sum(found_dates[key] == dates[key] for key in dated)
    return {"matched": matched, "gold": sum(wanted.values()), "found": sum(got.values()),
            "dated": len(dated), "dates_right": right}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--dir", type=Path, default=REAL)
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()
    totals: Counter = Counter()
    print("| document | gold | found | matched | P | R | dates right |")
    print("|---|---|---|---|---|---|---|")
    for path in sorted(args.gold.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        result = extraction_of(args.dir / gold["pdf"], args.cache)
        found = [
            (c.page, c.number, c.issue_date.isoformat() if c.issue_date else None) for c in result.citations
        ]
        s = score_document(gold["citations"], found)
        totals.update(s)
        p = s["matched"] / s["found"] if s["found"] else 1.0
        r = s["matched"] / s["gold"] if s["gold"] else 1.0
        print(f"| {gold['pdf'][:30]} | {s['gold']} | {s['found']} | {s['matched']} | {p:.2f} | {r:.2f} | "
              f"{s['dates_right']}/{s['dated']} |")  # fmt: skip
    p = totals["matched"] / totals["found"] if totals["found"] else 1.0
    r = totals["matched"] / totals["gold"] if totals["gold"] else 1.0
    print(f"| **all** | {totals['gold']} | {totals['found']} | {totals['matched']} | {p:.2f} | {r:.2f} | "
          f"{totals['dates_right']}/{totals['dated']} |")  # fmt: skip


if __name__ == "__main__":
    main()
