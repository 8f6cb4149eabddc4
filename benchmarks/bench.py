"""Speed, scaling and memory of the ingest pipeline on a generated corpus, as ratios measured in one run.

    .venv/bin/python benchmarks/bench.py            # full: 24 mixed docs, RSS at 10/100/1,000 docs (~10 min)
    .venv/bin/python benchmarks/bench.py --quick    # smoke run (~3 min): 6 docs, RSS at 10 and 30 docs

Builds documents with the sample generator (``devtools.sample_corpus``: digital PDFs and image-only scans) and
measures, each against its baseline on the same input in the same run:

* OCR: the pipeline's seconds per page (render + red channel + tesseract TSV + text assembly,
  ``extractors.pages.ocr_pdf_page``) vs the raw ``tesseract`` CLI and bare ``pytesseract`` on the very
  image the pipeline renders (same language and page-segmentation mode);
* text layer: the pipeline's pages per second (``pdf_to_pages``: PDFium checks, pdfplumber text, image
  coverage, routing, normalization) vs bare pdfplumber ``extract_text``;
* extraction: MB of page text per second through every extractor (``extract_from_pages``);
* speed-up of a whole ingest from 1 worker to all cores, and an unchanged re-ingest as a fraction of the
  first run (flow time, after Prefect's start-up);
* peak memory of the whole process tree of ``cchc ingest`` (CLI, Prefect's ephemeral server, workers,
  tesseract) at 10, 100 and 1,000 digital documents, sampled every 0.1 s with psutil: summed RSS (shared
  library pages counted once per process), summed PSS (shared pages divided among the processes that map
  them) and each role's RSS at the peak.

Writes ``benchmarks/results/bench.json`` and prints a table. Wall times depend on whatever else runs on
the machine; the ratios compare runs made side by side.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # before tesseract is ever spawned

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402
import psutil  # noqa: E402
import pytesseract  # noqa: E402

from devtools.sample_corpus import generate_corpus  # noqa: E402
from extractors.document import extract_from_pages, file_sha256, summarize  # noqa: E402
from extractors.ocr import OcrSettings, tesseract_version  # noqa: E402
from extractors.pages import OcrJob, ocr_pdf_page, pdf_to_pages  # noqa: E402
from extractors.pdf import pdf_page_count, render_page  # noqa: E402
from extractors.routing import OcrMode  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "bench.json"
SETTINGS = OcrSettings()
TARGETS = {
    "ocr_overhead": 0.10,
    "ocr_batch_ratio": 1.5,
    "speedup": 1.8,
    "reingest_fraction": 0.02,
    "peak_rss_mb_at_1000": 1024,
}


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Seconds ``fn`` took and what it returned."""
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


# --------------------------------------------------------------------------- corpus
def build_corpus(folder: Path, docs: int, kinds: Sequence[str]) -> list[Path]:
    """``docs`` generated documents of the given kinds (deterministic), in ``folder``."""
    if not folder.exists() or len(list(folder.iterdir())) < docs:
        generate_corpus(folder, n_docs=docs, kinds=list(kinds), workers=os.cpu_count() or 1)
    return sorted(folder.iterdir())[:docs]


def link_subset(files: Sequence[Path], folder: Path) -> Path:
    """A folder holding hard links to ``files`` (an input set of that size without copying bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in files:
        if not (folder / f.name).exists():
            os.link(f, folder / f.name)
    return folder


def fresh_outputs(*folders: Path) -> None:
    """First runs are measured into empty outputs (a kept --work folder still holds the last run's)."""
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def is_scan(path: Path) -> bool:
    with pdfplumber.open(path) as pdf:
        return not (pdf.pages[0].extract_text() or "").strip()


# --------------------------------------------------------------------------- OCR vs raw tesseract
def ocr_overhead(scans: Sequence[Path], max_pages: int, tmp: Path) -> dict[str, float]:
    """Pipeline OCR seconds per page vs raw tesseract CLI and pytesseract on the same rendered images."""
    pipeline, cli, bare = [], [], []
    pages = [(p, n) for p in scans for n in range(1, pdf_page_count(p) + 1)][:max_pages]
    for path, number in pages:
        image, _ = render_page(
            path, number, None, SETTINGS.max_pixels, default_dpi=SETTINGS.dpi
        )  # the scan as is
        png = tmp / f"page-{len(cli)}.png"
        image.save(png)
        cli.append(timed(lambda png=png: _tesseract_cli(png))[0])
        bare.append(timed(lambda image=image: _pytesseract(image))[0])
        seconds, outcome = timed(lambda p=path, n=number: ocr_pdf_page(OcrJob(p, n, "bench", SETTINGS)))
        assert not isinstance(outcome, str), outcome
        pipeline.append(seconds)
    return {
        "pages": len(pages),
        "pipeline_s_per_page": statistics.mean(pipeline),
        "tesseract_cli_s_per_page": statistics.mean(cli),
        "pytesseract_s_per_page": statistics.mean(bare),
        "overhead_vs_cli": sum(pipeline) / sum(cli) - 1,
        "overhead_vs_pytesseract": sum(pipeline) / sum(bare) - 1,
    }


def ocr_batch(scans: Sequence[Path], min_pages: int, work: Path, rounds: int = 3) -> dict[str, object]:
    """Wall time of `cchc ingest` over scanned documents holding at least ``min_pages`` pages (all cores, a
    fresh output, its own Prefect server: start-up included) vs plain `tesseract -l vie` run serially on
    the same page images (each at the resolution the pipeline reads it at) divided by the cores.

    Tesseract and the ingest take turns, ``rounds`` ingests between ``rounds`` + 1 tesseract runs; each
    ingest is compared with the mean of the tesseract runs on its two sides (a machine that drifts
    meanwhile, its speed changed 20 % between runs minutes apart, moves the baseline with it, not the
    ratio), and the median of the rounds' ratios is the figure (one run on a shared machine moved by
    ±0.05 from run to run)."""
    chosen, pages = [], 0
    for path in scans:
        if pages >= min_pages:
            break
        chosen.append(path)
        pages += pdf_page_count(path)
    batch = link_subset(chosen, work / "ocr-batch")
    pngs = []
    for path in chosen:
        for number in range(1, pdf_page_count(path) + 1):
            image, _ = render_page(path, number, None, SETTINGS.max_pixels, default_dpi=SETTINGS.dpi)
            pngs.append(work / f"ocr-batch-page-{len(pngs)}.png")
            image.save(pngs[-1])

    def plain_tesseract() -> float:
        return sum(timed(lambda png=png: _tesseract_cli(png))[0] for png in pngs)

    cores = os.cpu_count() or 1
    out = work / "ocr-batch-out"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    command = [
        sys.executable,
        "-m",
        "cchc.cli",
        "ingest",
        str(batch),
        "--out",
        str(out),
        "--workers",
        str(cores),
    ]
    serial_runs, walls = [plain_tesseract()], []
    for _ in range(rounds):
        fresh_outputs(out)
        wall, done = timed(lambda: subprocess.run(command, capture_output=True, text=True, env=env))
        assert done.returncode == 0, done.stderr[-2000:]
        walls.append(wall)
        serial_runs.append(plain_tesseract())
    serials = [(before + after) / 2 for before, after in itertools.pairwise(serial_runs)]
    ratios = [wall / (serial / cores) for wall, serial in zip(walls, serials, strict=True)]
    return {
        "documents": len(chosen), "pages": pages, "cores": cores, "rounds": rounds,
        "ingest_wall_s": statistics.median(walls), "ingest_walls_s": walls,
        "tesseract_serial_s": statistics.median(serials), "tesseract_serial_runs_s": serial_runs,
        "ratios": ratios, "ratio": statistics.median(ratios),
    }  # fmt: skip


def _tesseract_cli(png: Path) -> None:
    command = ["tesseract", str(png), "stdout", "-l", SETTINGS.lang, "--psm", str(SETTINGS.psm)]
    subprocess.run(command, check=True, capture_output=True)


def _pytesseract(image: object) -> None:
    pytesseract.image_to_string(image, lang=SETTINGS.lang, config=f"--psm {SETTINGS.psm}")


# --------------------------------------------------------------------------- text layer and extraction
def text_layer_speed(digital: Sequence[Path]) -> dict[str, float]:
    """Pipeline text-layer pages/s vs bare pdfplumber extract_text, and extraction MB/s on that text."""
    raw_s, _ = timed(lambda: [_plumber_text(p) for p in digital])
    pipe_s, results = timed(lambda: [_pipeline_pages(p) for p in digital])
    pages = sum(len(r[1]) for r in results)
    megabytes = sum(len(pg.text.encode()) for _, ps in results for pg in ps) / 1e6
    extract_s, _ = timed(lambda: [extract_from_pages(doc, ps) for doc, ps in results])
    return {
        "documents": len(digital),
        "pages": pages,
        "pipeline_pages_per_s": pages / pipe_s,
        "pdfplumber_pages_per_s": pages / raw_s,
        "pipeline_vs_pdfplumber": raw_s / pipe_s,
        "text_mb": megabytes,
        "extraction_mb_per_s": megabytes / extract_s,
        "extraction_s_per_page": extract_s / pages,
    }


def _plumber_text(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _pipeline_pages(path: Path) -> tuple[object, tuple]:
    doc_id = file_sha256(path)
    pages = tuple(pdf_to_pages(path, doc_id, OcrMode.AUTO, SETTINGS))
    return summarize(path, doc_id, "pdf", pages), pages


# --------------------------------------------------------------------------- whole ingests
def ingest_runs(corpus: Path, work: Path) -> dict[str, float]:
    """Flow seconds with 1 worker and all cores (fresh outputs), then an unchanged re-ingest."""
    from flows.ingest import run_ingest
    from flows.options import IngestOptions

    cores = os.cpu_count() or 1
    fresh_outputs(work / "out-1", work / f"out-{cores}")
    one = run_ingest([corpus], work / "out-1", IngestOptions(workers=1))
    alls = run_ingest([corpus], work / f"out-{cores}", IngestOptions(workers=cores))
    again = run_ingest([corpus], work / f"out-{cores}", IngestOptions(workers=cores))
    assert again.cached == alls.documents_ok, (again.cached, alls.documents_ok)
    return {
        "cores": cores,
        "documents": alls.documents_ok,
        "pages": sum(alls.pages_by_source.values()),
        "ocr_pages": alls.pages_by_source.get("ocr", 0),
        "seconds_1_worker": one.seconds,
        f"seconds_{cores}_workers": alls.seconds,
        "speedup": one.seconds / alls.seconds,
        "reingest_seconds": again.seconds,
        "reingest_fraction": again.seconds / alls.seconds,
        "phase_seconds_1_worker": one.phase_seconds,
        f"phase_seconds_{cores}_workers": alls.phase_seconds,
    }


# --------------------------------------------------------------------------- memory
def peak_rss(corpus: Path, out: Path, workers: int, env: dict[str, str] | None = None) -> dict[str, object]:
    """Run `cchc ingest` and sample the memory of its whole process tree until it exits: summed RSS (shared
    library pages counted in every process), summed PSS (shared pages divided among their processes: what
    the tree really occupies) and, at the RSS peak, each process's RSS by role."""
    command = [sys.executable, "-m", "cchc.cli", "ingest", str(corpus), "--out", str(out)]
    if env is None:  # its own ephemeral server, in its tree: not the API this process may have started
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    started = time.perf_counter()
    proc = psutil.Popen(
        [*command, "--workers", str(workers)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    peak: dict[str, object] = {"rss": 0, "pss": 0, "processes": 0, "roles": {}}
    stop = threading.Event()
    sampler = threading.Thread(target=_sample_tree, args=(proc, peak, stop), daemon=True)
    sampler.start()
    _, stderr = proc.communicate()
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"ingest failed ({proc.returncode}): {stderr.decode()[-2000:]}")
    return {
        "peak_rss_mb": peak["rss"] / 2**20,
        "peak_pss_mb": peak["pss"] / 2**20,
        "processes": peak["processes"],
        "rss_mb_by_role_at_peak": peak["roles"],
        "seconds": time.perf_counter() - started,
    }


PROCESS_ROLES = (("server start", "prefect_server"), ("flows.prefect_api", "prefect_server"), ("spawn_main", "worker"), ("resource_tracker", "tracker"),
                 ("tesseract", "tesseract"), ("cchc.cli", "cli"))  # fmt: skip


def process_role(process: psutil.Process) -> str:
    """What a process of the ingest tree is, from its command line."""
    command = " ".join(process.cmdline())
    return next((role for marker, role in PROCESS_ROLES if marker in command), "other")


def _sample_tree(proc: psutil.Popen, peak: dict[str, object], stop: threading.Event) -> None:
    while not stop.is_set():
        rss, pss, measured, roles = 0, 0, 0, {}
        try:
            processes = [proc, *proc.children(recursive=True)]
        except psutil.Error:
            processes = []
        for p in processes:
            try:
                memory = p.memory_full_info()
                role = process_role(p)
            except psutil.Error:
                continue
            rss, pss, measured = rss + memory.rss, pss + memory.pss, measured + 1
            roles[role] = roles.get(role, 0) + round(memory.rss / 2**20)
        if rss > peak["rss"]:
            peak.update(rss=rss, processes=measured, roles=roles)
        peak["pss"] = max(peak["pss"], pss)
        stop.wait(0.1)


def rss_series(digital: Path, sizes: Sequence[int], work: Path, workers: int) -> dict[str, dict]:
    """Peak RSS at each corpus size (digital documents, first ingest into a fresh output)."""
    files = build_corpus(digital, max(sizes), ["digital"])
    series = {}
    for size in sizes:
        subset = link_subset(files[:size], work / f"rss-in-{size}")
        fresh_outputs(work / f"rss-out-{size}")
        series[str(size)] = peak_rss(subset, work / f"rss-out-{size}", workers)
        print(f"  rss at {size} documents: {series[str(size)]['peak_rss_mb']:.0f} MB", flush=True)
    return series


def rss_with_standing_server(digital: Path, size: int, work: Path, workers: int) -> dict[str, object]:
    """Peak memory at ``size`` documents when the run reports to a standing Prefect server (as with
    `cchc serve` or a cluster): the server is outside the ingest's process tree."""
    from flows.prefect_server import standing_prefect_server

    subset = link_subset(build_corpus(digital, size, ["digital"])[:size], work / f"rss-in-{size}")
    fresh_outputs(work / f"rss-server-out-{size}")
    fresh_outputs(work / "prefect-home")
    with standing_prefect_server(work / "prefect-home") as env:
        return peak_rss(subset, work / f"rss-server-out-{size}", workers, env)


# --------------------------------------------------------------------------- report
def report(results: dict) -> str:
    """A short table of the headline figures and their targets."""
    ocr, text, runs, rss = results["ocr"], results["text_layer"], results["ingest"], results["rss"]
    largest = max(rss, key=int)
    cores = runs["cores"]
    rows = [
        ("OCR s/page: pipeline / tesseract CLI", f"{ocr['pipeline_s_per_page']:.2f} / "
         f"{ocr['tesseract_cli_s_per_page']:.2f} s", f"overhead {ocr['overhead_vs_cli']:+.1%}", "≤ +10 %"),
        *[(f"OCR batch ({b['pages']} pages): ingest / tesseract ÷ {b['cores']}", f"{b['ingest_wall_s']:.1f} / "
           f"{b['tesseract_serial_s'] / b['cores']:.1f} s", f"{b['ratio']:.2f}×", "≤ 1.5×")
          for b in [results["ocr_batch"]] if b],
        ("text layer pages/s: pipeline / pdfplumber", f"{text['pipeline_pages_per_s']:.1f} / "
         f"{text['pdfplumber_pages_per_s']:.1f}", f"{text['pipeline_vs_pdfplumber']:.2f}×", ""),
        ("extraction", f"{text['extraction_mb_per_s']:.3f} MB/s", f"{text['extraction_s_per_page']:.3f} s/page", ""),
        (f"speed-up 1 → {cores} workers", f"{runs['seconds_1_worker']:.0f} → {runs[f'seconds_{cores}_workers']:.0f} s",
         f"{runs['speedup']:.2f}×", "≥ 1.8×"),
        ("unchanged re-ingest", f"{runs['reingest_seconds']:.2f} s", f"{runs['reingest_fraction']:.1%}", "≤ 2 %"),
        *[(f"peak RSS (PSS), {n} documents", f"{v['peak_rss_mb']:.0f} ({v['peak_pss_mb']:.0f}) MB",
           f"{v['seconds']:.0f} s", "< 1 GB" if n == largest else "") for n, v in rss.items()],
        *[(f"… {n} documents, standing Prefect server", f"{v['peak_rss_mb']:.0f} ({v['peak_pss_mb']:.0f}) MB",
           f"{v['seconds']:.0f} s", "") for n, v in results.get("rss_standing_server", {}).items()],
    ]  # fmt: skip
    width = max(len(r[0]) for r in rows)
    lines = [f"{'what':<{width}}  {'measured':<22} {'ratio':<18} target"]
    lines += [f"{a:<{width}}  {b:<22} {c:<18} {d}" for a, b, c, d in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=24, help="mixed digital/scanned documents (default 24)")
    ap.add_argument("--ocr-pages", type=int, default=8, help="scanned pages timed against tesseract")
    ap.add_argument("--rss-docs", default="10,100,1000", help="corpus sizes for peak RSS")
    ap.add_argument("--batch-pages", type=int, default=20, help="scanned pages in the OCR batch (at least)")
    ap.add_argument("--batch-rounds", type=int, default=3, help="OCR batch ingests (the median ratio counts)")
    ap.add_argument("--ocr-only", action="store_true", help="only the OCR figures (per page and batch)")
    ap.add_argument("--quick", action="store_true", help="6 documents, 3 OCR pages, RSS at 10 and 30")
    ap.add_argument("--work", type=Path, default=None, help="keep generated corpora and outputs here")
    ap.add_argument("--json", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    if args.quick:
        args.docs, args.ocr_pages, args.rss_docs = 6, 3, "10,30"
    work = args.work or Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    try:
        results = run(args, work)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(report(results) if "ingest" in results else json.dumps(results["ocr_batch"], indent=1))
    print(f"written to {args.json}")
    return 0


def run(args: argparse.Namespace, work: Path) -> dict:
    started = time.perf_counter()
    work.mkdir(parents=True, exist_ok=True)
    files = build_corpus(work / "mixed", args.docs, ["digital", "scanned"])
    scans = [f for f in files if is_scan(f)]
    digital = [f for f in files if f not in scans]
    print(f"corpus: {len(digital)} digital, {len(scans)} scanned documents", flush=True)
    results: dict = {"machine": _machine(), "targets": TARGETS, "corpus_documents": len(files)}
    results["ocr"] = ocr_overhead(scans, args.ocr_pages, work)
    print(f"  ocr overhead {results['ocr']['overhead_vs_cli']:+.1%}", flush=True)
    results["ocr_batch"] = ocr_batch(scans, args.batch_pages, work, args.batch_rounds)
    print(f"  ocr batch ratio {results['ocr_batch']['ratio']:.2f}×", flush=True)
    if args.ocr_only:
        return results
    results["text_layer"] = text_layer_speed(digital)
    results["ingest"] = ingest_runs(work / "mixed", work)
    print(f"  speed-up {results['ingest']['speedup']:.2f}×", flush=True)
    sizes = [int(s) for s in args.rss_docs.split(",")]
    results["rss"] = rss_series(work / "digital", sizes, work, os.cpu_count() or 1)
    results["rss_standing_server"] = {
        str(max(sizes)): rss_with_standing_server(work / "digital", max(sizes), work, os.cpu_count() or 1)
    }
    results["seconds_total"] = time.perf_counter() - started
    return results


def _machine() -> dict[str, object]:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "tesseract": tesseract_version(),
        "load_average_at_start": os.getloadavg(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
    }


if __name__ == "__main__":
    raise SystemExit(main())
