"""Which rendering, preprocessing and page-segmentation mode give the lowest OCR error on real scans?

Measures tesseract's character error rate (CER, whitespace-insensitive, ``extractors.quality``) on
hand-transcribed regions of the real scanned PDFs (``tests/gold/ocr/regions.json``; the PDFs stay in
/work/shared/real and are never copied). For every region it builds the page image from a *source*
(pdfium render at 300 or 400 dpi, or - for the 100-dpi scans - the embedded scan image at its
native resolution upscaled 3x with LANCZOS), crops the region, applies a *preprocessing* variant and runs
``extractors.ocr.image_to_ocr`` with psm 3, 4 and 6.

    .venv/bin/python benchmarks/ocr_tuning.py                       # everything (~18 min on 2 cores)
    .venv/bin/python benchmarks/ocr_tuning.py --quick               # small subset (~1.5 min)
    .venv/bin/python benchmarks/ocr_tuning.py --header-digits-only  # header-digit pass (~1 min)

Besides the region grid (756 OCR runs) the full run
  * OCRs the whole pages with a few candidate variants and scores each gold region against the
    best-aligned span of the page text (checks that a crop-level winner also wins on real pages);
  * runs a dedicated pass on the handwritten header digits ("Số: 23 /BC-UBND", "ngày 23 tháng 01"):
    the whole row with psm 6/7 and a digit whitelist, then each field cropped between its printed
    anchors with psm 7/8, digit whitelist, vie and eng models (pytesseract called directly).

Prints tables (variant x region CER, mean CER over body regions, wall and CPU seconds) and writes
``benchmarks/results/ocr_tuning.json`` (every run plus the summaries). Header regions are reported
separately: their CER mixes two-column reading order with handwritten digits. Wall seconds depend on
whatever else runs on the machine; ``ocr_cpu_seconds`` (tesseract's own CPU time) does not.
"""

from __future__ import annotations

import argparse
import functools
import html
import json
import math
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # before tesseract is ever spawned

import numpy as np
import pypdfium2 as pdfium
import pytesseract
from PIL import Image, ImageFilter, ImageOps

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.ocr import OcrSettings, image_to_ocr, tesseract_version  # noqa: E402
from extractors.pdf import render_page, render_scale  # noqa: E402
from extractors.quality import character_error_rate, comparable_text  # noqa: E402

GOLD_DIR = ROOT / "tests" / "gold" / "ocr"
RESULTS = ROOT / "benchmarks" / "results" / "ocr_tuning.json"
MAX_PIXELS = 60_000_000
BASELINE = "r300|gray|psm3"  # what the pipeline does today (DEFAULT_OCR)


# --------------------------------------------------------------------------- sources


def embedded_scan(pdf: Path, page: int) -> tuple[Image.Image, tuple[float, float, float, float], float]:
    """The largest image object of the page (RGB), its bounds in PDF points and its native dpi."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        pg = doc[page - 1]
        best = None
        for obj in pg.get_objects():
            if obj.type != pdfium.raw.FPDF_PAGEOBJ_IMAGE:
                continue
            left, bottom, right, top = obj.get_bounds()
            area = (right - left) * (top - bottom)
            if best is None or area > best[0]:
                best = (area, obj, (left, bottom, right, top))
        if best is None:
            raise ValueError(f"{pdf.name} p{page}: no image object")
        _, obj, bounds = best
        image = obj.get_bitmap(render=False).to_pil().convert("RGB")
        page_height = pg.get_size()[1]
        native_dpi = image.width / ((bounds[2] - bounds[0]) / 72.0)
        # bounds as (x0, y0, x1, y1) in top-left-origin points
        return image, (bounds[0], page_height - bounds[3], bounds[2], page_height - bounds[1]), native_dpi
    finally:
        doc.close()


def render_color(pdf: Path, page: int, dpi: int) -> Image.Image:
    """Colour render at the same scale ``render_page`` would use (for stamp-ink channel tricks)."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        pg = doc[page - 1]
        width, height = pg.get_size()
        scale = render_scale(width, height, dpi, MAX_PIXELS)
        return pg.render(scale=scale, grayscale=False).to_pil().convert("RGB")
    finally:
        doc.close()


def crop_fraction(image: Image.Image, bbox: list[float]) -> Image.Image:
    x0, y0, x1, y1 = bbox
    w, h = image.size
    return image.crop((round(x0 * w), round(y0 * h), round(x1 * w), round(y1 * h)))


def load_source(region: dict, source: str) -> tuple[Image.Image, Image.Image, float]:
    """(gray crop, colour crop, effective dpi) of the region from one source (cached per worker)."""
    return _load_source(region["pdf_path"], region["page"], tuple(region["bbox"]), source)


@functools.lru_cache(maxsize=4)
def _load_source(
    pdf_path: str, page: int, bbox: tuple, source: str
) -> tuple[Image.Image, Image.Image, float]:
    pdf = Path(pdf_path)
    if source in ("r300", "r400"):
        dpi = int(source[1:])
        gray, _ = render_page(pdf, page, dpi, MAX_PIXELS, color=False)  # exactly what the pipeline OCRs
        color = render_color(pdf, page, dpi)
        return crop_fraction(gray, list(bbox)), crop_fraction(color, list(bbox)), dpi
    if source == "native":
        image, (bx0, by0, bx1, by1), native_dpi = embedded_scan(pdf, page)
        doc = pdfium.PdfDocument(str(pdf))
        pw, ph = doc[page - 1].get_size()
        doc.close()
        x0, y0, x1, y1 = bbox
        sx, sy = image.width / (bx1 - bx0), image.height / (by1 - by0)
        box = (
            round((x0 * pw - bx0) * sx),
            round((y0 * ph - by0) * sy),
            round((x1 * pw - bx0) * sx),
            round((y1 * ph - by0) * sy),
        )
        crop = image.crop(box)
        factor = max(1, math.ceil(300 / native_dpi - 0.05))  # 100 dpi -> x3, 300 dpi -> x1
        if factor > 1:
            crop = crop.resize((crop.width * factor, crop.height * factor), Image.LANCZOS)
        return crop.convert("L"), crop, native_dpi * factor
    raise ValueError(source)


# --------------------------------------------------------------------------- preprocessing


def _to_array(image: Image.Image) -> np.ndarray:
    return np.asarray(image, dtype=np.float64)


def _from_bool(dark: np.ndarray) -> Image.Image:
    return Image.fromarray(np.where(dark, 0, 255).astype(np.uint8), "L")


def otsu(gray: Image.Image) -> Image.Image:
    """Global Otsu threshold (numpy)."""
    a = np.asarray(gray, dtype=np.uint8)
    hist = np.bincount(a.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    omega = np.cumsum(hist) / total
    mu = np.cumsum(hist * np.arange(256)) / total
    mu_t = mu[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mu_t * omega - mu) ** 2 / (omega * (1 - omega))
    t = int(np.nanargmax(between))
    return _from_bool(a <= t)


def _box_mean(a: np.ndarray, window: int) -> np.ndarray:
    """Mean over a window x window box (edge-padded), via an integral image."""
    r = window // 2
    p = np.pad(a, r + 1, mode="edge")
    ii = p.cumsum(0).cumsum(1)
    h, w = a.shape
    s = (
        ii[window : window + h, window : window + w]
        - ii[:h, window : window + w]
        - ii[window : window + h, :w]
        + ii[:h, :w]
    )
    return s / (window * window)


def sauvola(gray: Image.Image, dpi: float, k: float = 0.2, r: float = 128.0) -> Image.Image:
    """Sauvola local threshold, window ~ 1/12 inch (25 px at 300 dpi)."""
    window = round(dpi / 12) | 1
    a = _to_array(gray)
    mean = _box_mean(a, window)
    sq = _box_mean(a * a, window)
    std = np.sqrt(np.maximum(sq - mean * mean, 0))
    return _from_bool(a <= mean * (1 + k * (std / r - 1)))


def unsharp(gray: Image.Image, dpi: float) -> Image.Image:
    return gray.filter(ImageFilter.UnsharpMask(radius=2 * dpi / 300, percent=150, threshold=3))


def red_channel(color: Image.Image) -> Image.Image:
    """Red stamp ink is light in the red channel; black print stays dark."""
    return color.getchannel("R")


def max_channel(color: Image.Image) -> Image.Image:
    """Max of R, G, B: any saturated ink (red stamp, blue signature) turns light, black stays dark."""
    return Image.fromarray(np.asarray(color).max(axis=2).astype(np.uint8), "L")


def autocontrast(gray: Image.Image) -> Image.Image:
    return ImageOps.autocontrast(gray, cutoff=1)


Preproc = Callable[[Image.Image, Image.Image, float], Image.Image]

PREPROCESSING: dict[str, Preproc] = {
    "gray": lambda g, c, d: g,
    "autocontrast": lambda g, c, d: autocontrast(g),
    "unsharp": lambda g, c, d: unsharp(g, d),
    "median3": lambda g, c, d: g.filter(ImageFilter.MedianFilter(3)),
    "otsu": lambda g, c, d: otsu(g),
    "sauvola": lambda g, c, d: sauvola(g, d),
    "red": lambda g, c, d: red_channel(c),
    "maxch": lambda g, c, d: max_channel(c),
    "red+autocontrast": lambda g, c, d: autocontrast(red_channel(c)),
    "red+sauvola": lambda g, c, d: sauvola(red_channel(c), d),
    "red+unsharp": lambda g, c, d: unsharp(red_channel(c), d),
    "autocontrast+unsharp": lambda g, c, d: unsharp(autocontrast(g), d),
}

PSMS = (3, 4, 6)
SOURCES = ("r300", "r400", "native")

QUICK_REGIONS = ("01CT_p1_body", "23BC_p1_body", "H14_p2_body")
QUICK_SOURCES = ("r300", "native")  # native only applies to 01CT (100 dpi)
QUICK_PREPROCESSING = ("gray", "autocontrast", "red", "sauvola")
QUICK_PSMS = (3, 6)


# --------------------------------------------------------------------------- runs


def run_task(region: dict, source: str, preprocs: tuple[str, ...], psms: tuple[int, ...]) -> list[dict]:
    """All preprocessing x psm runs of one region from one source (one render per task)."""
    gold = (GOLD_DIR / region["gold"]).read_text(encoding="utf-8")
    started = time.perf_counter()
    gray, color, dpi = load_source(region, source)
    load_seconds = time.perf_counter() - started
    rows = []
    for name in preprocs:
        t0 = time.perf_counter()
        image = PREPROCESSING[name](gray, color, dpi)
        prep_seconds = time.perf_counter() - t0
        for psm in psms:
            before = os.times()
            result = image_to_ocr(image, OcrSettings(dpi=round(dpi), psm=psm))
            after = os.times()
            # tesseract's own CPU time: robust when other jobs share the cores (wall seconds are not)
            cpu = (after.children_user + after.children_system) - (
                before.children_user + before.children_system
            )
            rows.append(
                {
                    "region": region["id"],
                    "kind": region["kind"],
                    "native_dpi": region["native_dpi"],
                    "source": source,
                    "preprocessing": name,
                    "psm": psm,
                    "variant": f"{source}|{name}|psm{psm}",
                    "cer": round(character_error_rate(gold, result.text), 5),
                    "confidence": None if result.confidence is None else round(result.confidence, 2),
                    "ocr_seconds": round(result.seconds, 3),
                    "ocr_cpu_seconds": round(cpu, 3),
                    "prep_seconds": round(prep_seconds + load_seconds / (len(preprocs) * len(psms)), 3),
                    "size": list(image.size),
                    "text": result.text,
                }
            )
    return rows


def summarise(rows: list[dict]) -> dict:
    by_variant: dict[str, dict[str, dict]] = defaultdict(dict)
    for r in rows:
        by_variant[r["variant"]][r["region"]] = r
    body_regions = sorted({r["region"] for r in rows if r["kind"] == "body"})
    header_regions = sorted({r["region"] for r in rows if r["kind"] == "header"})
    low = sorted({r["region"] for r in rows if r["kind"] == "body" and r["native_dpi"] < 200})
    high = sorted({r["region"] for r in rows if r["kind"] == "body" and r["native_dpi"] >= 200})

    def mean_of(cells: dict, regions: list[str], key: str = "cer") -> float | None:
        vals = [cells[g][key] for g in regions if g in cells]
        return round(statistics.fmean(vals), 5) if vals and len(vals) == len(regions) else None

    variants = []
    for variant, cells in by_variant.items():
        variants.append(
            {
                "variant": variant,
                "mean_cer_body": mean_of(cells, body_regions),
                "mean_cer_body_100dpi": mean_of(cells, low),
                "mean_cer_body_300dpi": mean_of(cells, high),
                "mean_cer_header": mean_of(cells, header_regions),
                "worst_cer_body": max(cells[g]["cer"] for g in body_regions)
                if all(g in cells for g in body_regions)
                else None,
                "mean_seconds_body": round(
                    statistics.fmean(
                        cells[g]["ocr_seconds"] + cells[g]["prep_seconds"] for g in body_regions if g in cells
                    ),
                    3,
                )
                if any(g in cells for g in body_regions)
                else None,
                "mean_cpu_seconds_body": round(
                    statistics.fmean(
                        cells[g]["ocr_cpu_seconds"] + cells[g]["prep_seconds"]
                        for g in body_regions
                        if g in cells
                    ),
                    3,
                )
                if any(g in cells for g in body_regions)
                else None,
                "cer": {g: cells[g]["cer"] for g in sorted(cells)},
                "seconds": {
                    g: round(cells[g]["ocr_seconds"] + cells[g]["prep_seconds"], 3) for g in sorted(cells)
                },
            }
        )
    variants.sort(key=lambda v: (v["mean_cer_body"] is None, v["mean_cer_body"] or 9))

    def marginal(field: str, subset: list[str]) -> dict:
        groups: dict = defaultdict(list)
        for r in rows:
            if r["region"] in subset:
                groups[r[field]].append(r["cer"])
        return {
            str(k): round(statistics.fmean(v), 5)
            for k, v in sorted(groups.items(), key=lambda kv: statistics.fmean(kv[1]))
        }

    def best(field: str) -> dict | None:
        ok = [v for v in variants if v[field] is not None]
        return min(ok, key=lambda v: v[field]) if ok else None

    return {
        "body_regions": body_regions,
        "header_regions": header_regions,
        "body_regions_100dpi": low,
        "body_regions_300dpi": high,
        "baseline": next((v for v in variants if v["variant"] == BASELINE), None),
        "best_body": best("mean_cer_body"),
        "best_body_100dpi": best("mean_cer_body_100dpi"),
        "best_body_300dpi": best("mean_cer_body_300dpi"),
        "best_header": best("mean_cer_header"),
        "marginal_mean_cer_body_100dpi": {f: marginal(f, low) for f in ("source", "preprocessing", "psm")},
        "marginal_mean_cer_body_300dpi": {f: marginal(f, high) for f in ("source", "preprocessing", "psm")},
        "variants": variants,
    }


def print_tables(summary: dict, top: int) -> None:
    regions = summary["body_regions"] + summary["header_regions"]
    short = {g: g.replace("_body", "").replace("_header", "_hdr") for g in regions}
    head = (
        f"{'variant':36s} {'mean':>6s} {'100dpi':>6s} {'300dpi':>6s} {'hdr':>6s} {'sec':>5s} {'cpu':>5s}  "
        + " ".join(f"{short[g]:>9s}" for g in regions)
    )

    def fmt(x: float | None) -> str:
        return f"{100 * x:6.2f}" if x is not None else f"{'-':>6s}"

    def line(v: dict) -> str:
        cells = " ".join(f"{100 * v['cer'][g]:9.2f}" if g in v["cer"] else f"{'-':>9s}" for g in regions)
        sec = f"{v['mean_seconds_body']:5.1f}" if v["mean_seconds_body"] is not None else f"{'-':>5s}"
        sec += (
            f" {v['mean_cpu_seconds_body']:5.1f}" if v["mean_cpu_seconds_body"] is not None else f" {'-':>5s}"
        )
        return (
            f"{v['variant']:32s} {fmt(v['mean_cer_body'])} {fmt(v['worst_cer_body'])} {fmt(v['mean_cer_body_100dpi'])} "
            f"{fmt(v['mean_cer_body_300dpi'])} {fmt(v['mean_cer_header'])} {sec}  {cells}"
        )

    print(
        "\nCER in % (mean/worst = over body regions; 100dpi/300dpi = body regions of scans at that native dpi; hdr = headers;"
        " sec = wall s per body region incl. render+preprocessing, cpu = tesseract CPU s + preprocessing)"
    )
    print(head)
    shown = set()
    for v in summary["variants"][:top]:
        print(line(v))
        shown.add(v["variant"])
    base = summary["baseline"]
    if base and base["variant"] not in shown:
        print("...")
        print(line(base))
    for key in ("best_body_100dpi", "best_body_300dpi", "best_header"):
        v = summary[key]
        if v and v["variant"] not in shown:
            print(f"[{key}]")
            print(line(v))
    for group in ("100dpi", "300dpi"):
        print(f"\nmarginal mean CER over the {group} body regions (%), averaged over all other factors:")
        for field, values in summary[f"marginal_mean_cer_body_{group}"].items():
            print(f"  {field:14s} " + "  ".join(f"{k}={100 * v:.2f}" for k, v in values.items()))


# --------------------------------------------------------------------------- full pages

FULL_PAGE_VARIANTS = ("r300|gray|psm3", "r300|gray|psm6", "r300|red|psm3", "r300|red|psm6", "r300|red|psm4")


def substring_cer(reference: str, page_text: str) -> float:
    """CER of ``reference`` against the best-matching span of a whole page's OCR (semi-global alignment)."""
    ref, hyp = comparable_text(reference), comparable_text(page_text)
    if not ref:
        return 0.0
    h = np.frombuffer(hyp.encode("utf-32-le"), dtype=np.uint32)
    cols = np.arange(len(h) + 1)
    prev = np.zeros(len(h) + 1)  # free start anywhere in the page text
    for i, ch in enumerate(ref, 1):
        cur = np.empty_like(prev)
        cur[0] = i
        sub = prev[:-1] + (h != ord(ch))
        cur[1:] = np.minimum(sub, prev[1:] + 1)  # substitution/match, or skip a reference char
        cur = np.minimum.accumulate(cur - cols) + cols  # insertions of page characters
        prev = cur
    return float(prev.min()) / len(ref)  # free end


def full_page_task(pdf_path: str, page: int, variant: str, golds: list[tuple[str, str]]) -> list[dict]:
    """OCR a whole page with one variant; CER of each gold region found inside the page text."""
    source, prep, psm = variant.split("|")
    dpi = int(source[1:])
    gray, _ = render_page(Path(pdf_path), page, dpi, MAX_PIXELS, color=False)
    color = (
        render_color(Path(pdf_path), page, dpi)
        if prep in ("red", "maxch", "red+autocontrast", "red+unsharp", "red+sauvola")
        else None
    )
    t0 = time.perf_counter()
    image = PREPROCESSING[prep](gray, color, dpi)
    prep_seconds = time.perf_counter() - t0
    before = os.times()
    result = image_to_ocr(image, OcrSettings(dpi=dpi, psm=int(psm[3:])))
    after = os.times()
    cpu = (after.children_user + after.children_system) - (before.children_user + before.children_system)
    return [
        {
            "region": region_id,
            "pdf": Path(pdf_path).name,
            "page": page,
            "variant": variant,
            "cer_in_page": round(substring_cer(gold, result.text), 5),
            "page_chars": len(comparable_text(result.text)),
            "confidence": None if result.confidence is None else round(result.confidence, 2),
            "ocr_seconds": round(result.seconds, 3),
            "ocr_cpu_seconds": round(cpu, 3),
            "prep_seconds": round(prep_seconds, 3),
        }
        for region_id, gold in golds
    ]


def print_full_pages(rows: list[dict]) -> dict:
    regions = sorted({r["region"] for r in rows})
    variants = [v for v in FULL_PAGE_VARIANTS if any(r["variant"] == v for r in rows)]
    cell = {(r["variant"], r["region"]): r for r in rows}
    body = [g for g in regions if g.endswith("_body")]
    print("\nwhole-page OCR: CER (%) of each gold region within the page text (best-aligned span)")
    print(
        f"{'variant':18s} {'body':>6s} {'cpu/p':>6s}  "
        + " ".join(f"{g.replace('_body', '').replace('_header', '_hdr'):>11s}" for g in regions)
    )
    summary = {}
    for v in variants:
        vals = [cell[(v, g)]["cer_in_page"] for g in body if (v, g) in cell]
        pages = {
            (cell[(v, g)]["pdf"], cell[(v, g)]["page"]): cell[(v, g)]["ocr_cpu_seconds"]
            for g in regions
            if (v, g) in cell
        }
        mean = statistics.fmean(vals) if vals else float("nan")
        cpu = statistics.fmean(pages.values()) if pages else float("nan")
        summary[v] = {
            "mean_cer_body": round(mean, 5),
            "mean_cpu_seconds_per_page": round(cpu, 2),
            "cer": {g: cell[(v, g)]["cer_in_page"] for g in regions if (v, g) in cell},
        }
        cells = " ".join(
            f"{100 * cell[(v, g)]['cer_in_page']:11.2f}" if (v, g) in cell else f"{'-':>11s}" for g in regions
        )
        print(f"{v:18s} {100 * mean:6.2f} {cpu:6.1f}  {cells}")
    return summary


# --------------------------------------------------------------------------- header digits

DIGITS = "0123456789/"
SO_RE = re.compile(r"S[ốôoó]\s*[:;.]?\s*(.*?)\s*/\s*[A-ZĐ]{2}", re.IGNORECASE)
DATE_RE = re.compile(r"ng[àa]y\s*(.*?)\s*th[áa]ng\s*(.*?)\s*n[ăa]m", re.IGNORECASE)
_CINFO = re.compile(r"<span class='ocrx_cinfo' title='x_bboxes [^;']*; x_conf ([\d.]+)'>([^<]*)</span>")
_WCONF = re.compile(r"x_wconf (\d+)")


def _tess(image: Image.Image, config: str, lang: str = "vie") -> dict:
    """Text, word confidences and character confidences straight from tesseract's hOCR.

    ``image_to_ocr`` builds its own config, so this pass calls pytesseract directly. Under a
    ``tessedit_char_whitelist`` tesseract 5.3 reports word confidence 0, but the per-character
    confidences (hocr_char_boxes) stay meaningful, so both are kept.
    """
    hocr = pytesseract.image_to_pdf_or_hocr(
        image, lang=lang, config=f"{config} -c hocr_char_boxes=1", extension="hocr", timeout=60
    ).decode("utf-8")
    chars = [(html.unescape(ch), round(float(conf), 1)) for conf, ch in _CINFO.findall(hocr)]
    words = []
    for chunk in hocr.split("<span class='ocrx_word'")[1:]:
        text = "".join(html.unescape(ch) for _, ch in _CINFO.findall(chunk)).strip()
        wconf = _WCONF.search(chunk)
        if text and wconf:
            words.append((text, int(wconf.group(1))))
    return {
        "text": " ".join(w for w, _ in words),
        "word_conf": words,
        "char_conf": [(c, v) for c, v in chars if c.strip()],
    }


def _fields(text: str) -> dict:
    so, date = SO_RE.search(text), DATE_RE.search(text)
    return {
        "so": so.group(1).strip() if so else None,
        "day": date.group(1).strip() if date else None,
        "month": date.group(2).strip() if date else None,
    }


def _char_boxes(image: Image.Image) -> tuple[str, list[tuple[int, int, int, int]]]:
    """The row's characters (psm 7, lower-cased) and their boxes (x0, top, x1, bottom; image coordinates)."""
    text, boxes = "", []
    for row in pytesseract.image_to_boxes(image, lang="vie", config="--psm 7").splitlines():
        ch, x0, y0, x1, y1, _ = row.rsplit(" ", 5)
        for c in ch.lower():  # one box per unichar; keep offsets aligned with the string
            text += c
            boxes.append((int(x0), image.height - int(y1), int(x1), image.height - int(y0)))
    return text, boxes


def _field_boxes(image: Image.Image) -> dict[str, tuple[int, int, int, int]]:
    """Boxes of the handwritten fields between printed anchors: Số:[..]/XX  ngày[..]tháng[..]năm.

    The last glyph of 'ngày'/'tháng' often swallows the handwritten digits in tesseract's boxes, so
    its right edge is extrapolated from the glyph before it. Vertically the crop spans the printed
    anchors' height with a margin, which keeps rules above/below the row out.
    """
    text, xs = _char_boxes(image)
    found: dict[str, tuple[int, int]] = {}
    anchors: list[int] = []

    def right_edge(end: int) -> int:  # end = index after the anchor's last char
        p0, _, p1, _ = xs[end - 2]
        return min(xs[end - 1][2], p1 + round(1.2 * (p1 - p0)))

    m = re.search(r"s[ốôoó][:;.]", text)
    if m:
        slash = text.find("/", m.end())
        if slash > 0:
            found["so"] = (xs[m.end() - 1][2] + 1, xs[slash][0] - 1)
            anchors += [*range(m.start(), m.end()), slash]
    m = re.search(r"ng[àa]y", text)
    t = re.search(r"th[áa]ng", text[m.end() :]) if m else None
    if m and t:
        t0, t1 = m.end() + t.start(), m.end() + t.end()
        found["day"] = (right_edge(m.end()) + 1, xs[t0][0] - 1)
        anchors += [*range(m.start(), m.end() - 1), *range(t0, t1 - 1)]
        n = re.search(r"n[ăa]m", text[t1:])
        if n:
            found["month"] = (right_edge(t1) + 1, xs[t1 + n.start()][0] - 1)
    if not anchors:
        return {}
    top = min(xs[i][1] for i in anchors)
    bottom = max(xs[i][3] for i in anchors)
    margin = round(0.15 * (bottom - top))
    y0, y1 = max(0, top - margin), min(image.height, bottom + margin)
    return {k: (x0, y0, x1, y1) for k, (x0, x1) in found.items() if x1 > x0}


FIELD_PASSES = (
    ("psm7", "--psm 7", "vie"),
    ("psm7_digits", f"--psm 7 -c tessedit_char_whitelist={DIGITS}", "vie"),
    ("psm8_digits", f"--psm 8 -c tessedit_char_whitelist={DIGITS}", "vie"),
    ("psm7_eng", "--psm 7", "eng"),
    ("psm7_digits_eng", f"--psm 7 -c tessedit_char_whitelist={DIGITS}", "eng"),
)


def header_digit_pass(line: dict, source: str = "r300") -> dict:
    """Dedicated OCR of the 'Số: .. / ngày .. tháng ..' row: whole row psm 6/7 (+ digit whitelist), then
    crops of each handwritten field (located by the printed anchors) with psm 7/8 and a digit whitelist."""
    gray, _, dpi = load_source(line, source)
    out: dict = {
        "id": line["id"],
        "source": source,
        "expected": line["expected"],
        "handwritten": line.get("handwritten", []),
        "row": {},
        "field_crops": {},
    }
    for name, config in (
        ("psm6", "--psm 6"),
        ("psm7", "--psm 7"),
        ("psm7_digits", f"--psm 7 -c tessedit_char_whitelist={DIGITS}"),
    ):
        res = _tess(gray, config)
        res["fields"] = None if "digits" in name else _fields(res["text"])
        out["row"][name] = res
    pad = round(dpi / 30)
    for field, (x0, y0, x1, y1) in _field_boxes(gray).items():
        crop = ImageOps.expand(gray.crop((x0, y0, x1, y1)), border=pad, fill=255)
        readings = {}
        for name, config, lang in FIELD_PASSES:
            res = _tess(crop, config, lang)
            res["digits"] = re.sub(r"\D", "", res["text"])
            readings[name] = res
        out["field_crops"][field] = {"box": [x0, y0, x1, y1], "readings": readings}
    return out


def score_header_digits(results: list[dict]) -> dict:
    """How often each approach reads the handwritten field exactly (digits only, leading zeros kept)."""
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in results:
        for field in r["handwritten"]:
            want = r["expected"][field]
            for name, res in r["row"].items():
                if res["fields"] is not None:
                    got = re.sub(r"\D", "", res["fields"].get(field) or "")
                    hits[f"row_{name}"][0] += got == want
                    hits[f"row_{name}"][1] += 1
            crop = r["field_crops"].get(field)
            for name, _, _ in FIELD_PASSES:
                got = crop["readings"][name]["digits"] if crop else ""
                hits[f"crop_{name}"][0] += got == want
                hits[f"crop_{name}"][1] += 1
    return {k: {"correct": v[0], "of": v[1]} for k, v in hits.items()}


def print_header_digits(results: list[dict]) -> dict:
    print(
        "\nheader digits: what each approach reads (word conf; char conf where a whitelist zeroes word conf)"
    )
    for r in results:
        exp = r["expected"]
        print(
            f"  {r['id']} [{r['source']}] expected so={exp['so']} day={exp['day']} month={exp['month']}"
            f" (handwritten: {', '.join(r['handwritten'])})"
        )
        for name, res in r["row"].items():
            got = (
                ""
                if res["fields"] is None
                else "  -> " + " ".join(f"{k}={v!r}" for k, v in res["fields"].items())
            )
            conf = " ".join(f"{w}:{c}" for w, c in res["word_conf"])
            print(f"    row {name:12s} {res['text']!r}{got}\n    {'':16s} word conf {conf}")
            if "digits" in name:
                print(f"    {'':16s} char conf " + " ".join(f"{c}:{v:.0f}" for c, v in res["char_conf"]))
        for field, f in r["field_crops"].items():
            cells = "  ".join(
                f"{n}={v['text']!r}[" + ",".join(f"{c:.0f}" for _, c in v["char_conf"]) + "]"
                for n, v in f["readings"].items()
            )
            print(f"    crop {field:5s} {cells}")
    score = score_header_digits(results)
    print(
        "  exact reads of handwritten fields: "
        + "  ".join(f"{k}={v['correct']}/{v['of']}" for k, v in score.items())
    )
    return score


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="small subset (3 regions, 2 sources, 4 preprocessings, psm 3/6)"
    )
    parser.add_argument("--workers", type=int, default=2, help="parallel tesseract processes (default 2)")
    parser.add_argument("--top", type=int, default=30, help="variants to print")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--header-digits-only", action="store_true", help="only the header-digit pass")
    args = parser.parse_args(argv)

    spec = json.loads((GOLD_DIR / "regions.json").read_text(encoding="utf-8"))
    regions = spec["regions"]
    for r in regions:
        r["pdf_path"] = str(Path(spec["pdf_dir"]) / r["pdf"])
    sources, preprocs, psms = SOURCES, tuple(PREPROCESSING), PSMS
    if args.quick:
        regions = [r for r in regions if r["id"] in QUICK_REGIONS]
        sources, preprocs, psms = QUICK_SOURCES, QUICK_PREPROCESSING, QUICK_PSMS

    # "native" = embedded scan upscaled to 300 dpi: only meaningful for low-dpi scans (for 300-dpi
    # scans it is the same bitmap pdfium renders at 300 dpi).
    lines = spec.get("header_lines", [])
    for line in lines:
        line["pdf_path"] = str(Path(spec["pdf_dir"]) / line["pdf"])
    if args.quick:
        lines = [line for line in lines if line["id"].startswith(("23BC", "01CT"))]
    digit_sources = ("r300",) if args.quick else ("r300", "r400")
    if args.header_digits_only:
        regions = []

    tasks = [
        (r, s, (p,), psms)
        for s in sources
        for r in regions
        if s != "native" or r["native_dpi"] < 200
        for p in preprocs
    ]
    started = time.perf_counter()
    rows: list[dict] = []
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        futures = [pool.submit(run_task, *t) for t in tasks]
        for i, fut in enumerate(as_completed(futures), 1):
            rows.extend(fut.result())
            if i % 20 == 0 or i == len(futures):
                print(
                    f"  {i}/{len(futures)} tasks, {time.perf_counter() - started:.0f}s",
                    file=sys.stderr,
                    flush=True,
                )
        pages: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
        for r in regions:
            pages[(r["pdf_path"], r["page"])].append(
                (r["id"], (GOLD_DIR / r["gold"]).read_text(encoding="utf-8"))
            )
        page_variants = () if args.quick or args.header_digits_only else FULL_PAGE_VARIANTS
        page_futures = [
            pool.submit(full_page_task, pdf, pg, v, golds)
            for (pdf, pg), golds in pages.items()
            for v in page_variants
        ]
        full_page_rows = [row for f in as_completed(page_futures) for row in f.result()]
        digit_futures = [pool.submit(header_digit_pass, line, src) for line in lines for src in digit_sources]
        header_digits = [f.result() for f in digit_futures]
    wall = time.perf_counter() - started
    header_digit_score = print_header_digits(header_digits)
    if args.header_digits_only:
        return
    full_page_summary = print_full_pages(full_page_rows) if full_page_rows else {}

    summary = summarise(rows)
    print_tables(summary, args.top)
    base, best = summary["baseline"], summary["best_body"]
    if base and best and base["mean_cer_body"]:
        print(
            f"\nbaseline {base['variant']}: {100 * base['mean_cer_body']:.2f}%  best {best['variant']}: "
            f"{100 * best['mean_cer_body']:.2f}%  (relative reduction {1 - best['mean_cer_body'] / base['mean_cer_body']:.0%})"
        )
    print(f"{len(rows)} OCR runs in {wall:.0f}s wall with {args.workers} workers")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "tesseract": tesseract_version(),
        "quick": args.quick,
        "wall_seconds": round(wall, 1),
        "workers": args.workers,
        "sources": list(sources),
        "preprocessing": list(preprocs),
        "psms": list(psms),
        "summary": summary,
        "full_pages": {"summary": full_page_summary, "runs": full_page_rows},
        "header_digits": {"score": header_digit_score, "runs": header_digits},
        "runs": sorted(rows, key=lambda r: (r["region"], r["variant"])),
    }
    args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")


if __name__ == "__main__":
    main()
