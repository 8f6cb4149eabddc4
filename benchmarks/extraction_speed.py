"""Extraction speed on the five seeds: MB of page text per second through every extractor
(`extract_from_pages`: sections, citations, facts, tables, score rows, metadata, audit), and where the time
goes.

    .venv/bin/python -m benchmarks.extraction_speed [--passes 10]

The pages are read once (text files: no OCR); each pass extracts all five seeds again. The best pass
counts (the machine's quietest moment), as for any throughput figure. A profile of one more pass lists the
functions that spend the most time of their own. Writes ``benchmarks/results/extraction_speed.json``.
Target (issue 17): ≥ 5 MB/s.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import time
from pathlib import Path

from extractors.document import extract_from_pages, file_sha256, read_head, summarize
from extractors.pages import file_to_pages, media_type_of

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
RESULTS = ROOT / "benchmarks" / "results" / "extraction_speed.json"
TOP = 12


def read_seeds() -> list[tuple[object, tuple]]:
    """Each seed's document row and pages, read once."""
    documents = []
    for path in sorted(SEEDS.glob("*.txt")):
        doc_id = file_sha256(path)
        media_type = media_type_of(path, read_head(path))
        pages = tuple(file_to_pages(path, doc_id, media_type))
        documents.append((summarize(path, doc_id, media_type, pages), pages))
    return documents


def extract_all(documents: list[tuple[object, tuple]]) -> None:
    for document, pages in documents:
        extract_from_pages(document, pages)  # type: ignore[arg-type]


def hotspots(documents: list[tuple[object, tuple]]) -> list[dict[str, object]]:
    """The functions with the most time of their own in one pass."""
    profile = cProfile.Profile()
    profile.runcall(extract_all, documents)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    rows = sorted(stats.items(), key=lambda item: -item[1][2])[:TOP]
    return [
        {"function": f"{Path(file).name}:{line}({name})", "calls": calls, "own_s": round(own, 4)}
        for (file, line, name), (_, calls, own, _, _) in rows
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=10)
    args = parser.parse_args()
    documents = read_seeds()
    megabytes = sum(len(page.text.encode()) for _, pages in documents for page in pages) / 1e6
    extract_all(documents)  # warm: tables and patterns load on first use
    seconds = []
    for _ in range(args.passes):
        started = time.perf_counter()
        extract_all(documents)
        seconds.append(time.perf_counter() - started)
    result = {
        "seeds": len(documents),
        "text_mb": round(megabytes, 4),
        "passes": args.passes,
        "best_pass_s": round(min(seconds), 4),
        "mb_per_s": round(megabytes / min(seconds), 3),
        "median_mb_per_s": round(megabytes / sorted(seconds)[len(seconds) // 2], 3),
        "hotspots": hotspots(documents),
    }
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
