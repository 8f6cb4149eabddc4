"""Damage benchmark: our own sample reports rendered as scans with each kind of damage a cabinet of real
scans has, read by the pipeline (image-only PDF -> page routing -> clean-up -> OCR -> citations), scored
against the clean text layer of the same page.

    .venv/bin/python benchmarks/damage.py               # every kind, 6 pages each (~3 min on 2 cores)
    .venv/bin/python benchmarks/damage.py --pages 2     # quicker

Per kind: character error rate (CER, whitespace-insensitive) and citation precision / recall (the set of
normalized document numbers the extractor finds on the clean text layer is the truth). Writes
``benchmarks/results/damage.json`` and prints a Markdown table (the README quotes it).
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PIL import Image, ImageDraw, ImageFilter, ImageFont  # noqa: E402

from extractors.citations import text_to_citations  # noqa: E402
from extractors.normalize import normalize_text  # noqa: E402
from extractors.ocr import DEFAULT_OCR  # noqa: E402
from extractors.pages import pdf_to_pages  # noqa: E402
from extractors.pdf import pdf_text_layers, render_page  # noqa: E402
from extractors.quality import character_error_rate  # noqa: E402
from extractors.routing import OcrMode  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "damage.json"
SAMPLE = ROOT / "data" / "raw" / "sample"
SOURCES = (  # digital sample reports: their text layer is the truth
    "laichau_syt_bc_6thang_2023.pdf", "hoabinh_syt_kh_2024.pdf", "quangninh_snv_bc_2023.pdf",
    "hagiang_stp_bc_quy3_2024.pdf", "laichau_ubnd_bc_quy2_2024.pdf", "sonla_snv_bc_2024.pdf",
)  # fmt: skip
SCAN_DPI = 200
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


@dataclass(frozen=True)
class Page:
    """One source page: its clean text and its render as a 200 dpi grayscale scan."""

    source: str
    page: int
    text: str


# --------------------------------------------------------------------------- damage kinds
def clean(image: Image.Image, rng: random.Random) -> tuple[Image.Image, int]:
    return image, SCAN_DPI


def sideways(image: Image.Image, rng: random.Random) -> tuple[Image.Image, int]:
    return image.transpose(rng.choice((Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270))), SCAN_DPI


def upside_down(image: Image.Image, rng: random.Random) -> tuple[Image.Image, int]:
    return image.transpose(Image.Transpose.ROTATE_180), SCAN_DPI


def skew(image: Image.Image, rng: random.Random) -> tuple[Image.Image, int]:
    angle = rng.choice((-1, 1)) * rng.uniform(3.0, 4.0)
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255), SCAN_DPI


def jpeg_100dpi(image: Image.Image, rng: random.Random) -> tuple[Image.Image, int]:
    small = image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    small.convert("RGB").save(buffer, "JPEG", quality=45)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L"), SCAN_DPI // 2


def yellow_low_contrast(image: Image.Image, rng: random.Random) -> tuple[Image.Image, int]:
    gray = np.asarray(image, dtype=np.float32) / 255
    paper, ink = np.array([236, 222, 160]), np.array([120, 110, 90])  # yellowed paper, faded toner
    rgb = ink + (paper - ink) * gray[..., None]
    shade = np.linspace(0.92, 1.0, gray.shape[1])[None, :, None]  # uneven light across the page
    noisy = rgb * shade + np.random.default_rng(rng.randrange(1 << 30)).normal(0, 6, rgb.shape)
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8), "RGB"), SCAN_DPI


def seals_and_ink(image: Image.Image, rng: random.Random) -> tuple[Image.Image, int]:
    page = image.convert("RGB")
    draw = ImageDraw.Draw(page)
    for _ in range(2):  # red round seals over the text
        cx, cy, r = rng.randrange(200, page.width - 200), rng.randrange(200, page.height - 200), 150
        for width in (10, 4):
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(220, 40, 40), width=width)
            r -= 30
        font = ImageFont.truetype(str(FONT), 26)
        draw.text((cx - 95, cy - 15), "ỦY BAN NHÂN DÂN", fill=(220, 40, 40), font=font)
    for _ in range(3):  # blue ink: a signature scrawled across lines
        x, y = rng.randrange(100, page.width - 500), rng.randrange(100, page.height - 200)
        points = [(x + i * 20, y + int(40 * np.sin(i / 2.0)) + rng.randrange(-10, 10)) for i in range(24)]
        draw.line(points, fill=(40, 60, 200), width=5)
    return page, SCAN_DPI


def borders_and_bleed(image: Image.Image, rng: random.Random) -> tuple[Image.Image, int]:
    front = np.asarray(image, dtype=np.float32)
    back = np.asarray(image.transpose(Image.Transpose.FLIP_LEFT_RIGHT), dtype=np.float32)
    page = np.minimum(front, 255 - (255 - back) * 0.18)  # the back page shows through faintly
    height, width = page.shape
    page[:, : rng.randrange(30, 60)] = 25  # scanner lid shadows on two edges
    page[: rng.randrange(20, 45), :] = 25
    for cy in (height // 4, 3 * height // 4):  # punch holes
        y, x = np.ogrid[:height, :width]
        page[(y - cy) ** 2 + (x - 110) ** 2 < 35**2] = 20
    return Image.fromarray(page.astype(np.uint8), "L"), SCAN_DPI


def speckle(image: Image.Image, rng: random.Random) -> tuple[Image.Image, int]:
    page = np.asarray(image.filter(ImageFilter.GaussianBlur(0.7)), dtype=np.uint8).copy()
    noise = np.random.default_rng(rng.randrange(1 << 30))
    mask = noise.random(page.shape)
    page[mask < 0.015] = 0  # photocopier speckle
    page[mask > 0.992] = 255
    return Image.fromarray(page, "L"), SCAN_DPI


DAMAGE: dict[str, Callable[[Image.Image, random.Random], tuple[Image.Image, int]]] = {
    "clean": clean,
    "sideways": sideways,
    "upside_down": upside_down,
    "skew_3_4deg": skew,
    "jpeg_100dpi": jpeg_100dpi,
    "yellow_low_contrast": yellow_low_contrast,
    "seals_and_ink": seals_and_ink,
    "borders_and_bleed": borders_and_bleed,
    "speckle": speckle,
}


# --------------------------------------------------------------------------- runs
def source_pages(limit: int) -> list[Page]:
    """The first ``limit`` pages with citations from the digital sample reports (their text layers)."""
    pages = []
    for name in SOURCES:
        for layer in pdf_text_layers(SAMPLE / name):
            text = normalize_text(layer.text)
            if text_to_citations(text) and len(pages) < limit:
                pages.append(Page(name, layer.page, text))
    return pages


def numbers(text: str) -> list[str]:
    return sorted(c.number for c in text_to_citations(text) if c.seq)


def read_damaged(args: tuple[Page, str, int]) -> dict:
    """Render ``page`` as a scan, damage it, wrap it as an image-only PDF, read it as the pipeline does."""
    page, kind, seed = args
    rng = random.Random(seed)
    scan, _ = render_page(SAMPLE / page.source, page.page, SCAN_DPI, 60_000_000, color=False)
    damaged, dpi = DAMAGE[kind](scan.convert("L"), rng)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "scan.pdf"
        damaged.save(pdf, "PDF", resolution=dpi)
        started = time.perf_counter()
        (read,) = pdf_to_pages(pdf, "bench", OcrMode.AUTO, DEFAULT_OCR)
        seconds = time.perf_counter() - started
    truth, found = numbers(page.text), numbers(read.text)
    hits = sum(min(truth.count(n), found.count(n)) for n in set(found))
    return {
        "kind": kind, "source": page.source, "page": page.page, "seconds": seconds,
        "cer": character_error_rate(page.text, read.text), "truth": len(truth), "found": len(found),
        "hits": hits, "rotation": read.rotation, "skew": read.skew_degrees, "dpi": read.ocr_dpi,
        "missed": sorted(set(truth) - set(found)), "invented": sorted(set(found) - set(truth)),
    }  # fmt: skip


def summarize(rows: list[dict]) -> dict[str, dict]:
    """Per kind: mean CER, citation precision and recall (pooled), seconds per page."""
    summary = {}
    for kind in dict.fromkeys(r["kind"] for r in rows):
        mine = [r for r in rows if r["kind"] == kind]
        truth, found, hits = (sum(r[k] for r in mine) for k in ("truth", "found", "hits"))
        summary[kind] = {
            "pages": len(mine),
            "cer": sum(r["cer"] for r in mine) / len(mine),
            "precision": hits / found if found else 1.0,
            "recall": hits / truth if truth else 1.0,
            "seconds_per_page": sum(r["seconds"] for r in mine) / len(mine),
        }
    return summary


def markdown(summary: dict[str, dict]) -> str:
    lines = [
        "| damage | pages | CER | citation precision | citation recall | s/page |",
        "|---|---|---|---|---|---|",
    ]
    for kind, s in summary.items():
        lines.append(
            f"| {kind} | {s['pages']} | {s['cer']:.2%} | {s['precision']:.2f} | {s['recall']:.2f} "
            f"| {s['seconds_per_page']:.1f} |"
        )
    return "\n".join(lines)


def run(pages_per_kind: int, workers: int, kinds: tuple[str, ...] = tuple(DAMAGE)) -> tuple[dict, list]:
    pages = source_pages(pages_per_kind)
    jobs = [(page, kind, i) for kind in kinds for i, page in enumerate(pages)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        rows = list(pool.map(read_damaged, jobs))
    summary = summarize(rows)
    return {k: v for k, v in summary.items() if k in kinds}, rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6, help="pages per damage kind")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--kinds", default=",".join(DAMAGE), help="comma-separated damage kinds")
    parser.add_argument("--json", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    summary, rows = run(args.pages, args.workers, tuple(args.kinds.split(",")))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"summary": summary, "pages": rows}, ensure_ascii=False, indent=1) + "\n")
    print(markdown(summary))
    for row in rows:
        if row["missed"] or row["invented"]:
            print(
                f"  {row['kind']:<20} {row['source']} p{row['page']}: missed {row['missed']} invented {row['invented']}"
            )


if __name__ == "__main__":
    main()
