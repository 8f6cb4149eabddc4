"""Deterministic generator of a synthetic corpus of Vietnamese CCHC (administrative reform) reports.

Produces digital PDFs (real text layer), image-only scans, scans with a garbage text layer,
a plain-text report and a PNG scan, plus a JSON manifest with the exact page texts and the
audit errors planted on purpose. Usage: ``python -m devtools.sample_corpus OUT_DIR [--docs N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import math
import os
import random
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import zip_longest
from pathlib import Path

import pypdfium2 as pdfium
from fpdf import FPDF
from fpdf.enums import TextMode
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

from devtools import sample_corpus_data as D

KINDS = ("digital", "scanned", "garbage_layer", "text", "image")
EXTENSIONS = {"digital": ".pdf", "scanned": ".pdf", "garbage_layer": ".pdf", "text": ".txt", "image": ".png"}
FONT_DIR = Path(os.environ.get("CCHC_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONT_FILES = {
    "": "DejaVuSerif.ttf",
    "B": "DejaVuSerif-Bold.ttf",
    "I": "DejaVuSerif-Italic.ttf",
    "BI": "DejaVuSerif-BoldItalic.ttf",
}
SANS_FONT, SANS_BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
FIXED_DATE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 30.0, 20.0, 20.0, 22.0
TEXT_W = PAGE_W - MARGIN_L - MARGIN_R
BODY, LINE_H, INDENT = 12.0, 5.6, 10.0
COL_SEP = "\t"  # joins text runs sharing a baseline (header columns, table cells)
MAX_PAGES, MAX_CITATIONS = 4, 20
MAX_JPEG_BYTES = 240_000
CITATION_RE = re.compile(
    r"(?:Nghị định|Nghị quyết|Quyết định|Thông tư|Chỉ thị|Kết luận|"
    r"Kế hoạch|Văn bản|Công văn)(?: số)? \d+[/-]"
)
IntFmt = Callable[[int], str]
PctFmt = Callable[..., str]
DatedRef = tuple[int, dt.date]  # (number, date) of a provincial document
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


@dataclass(frozen=True)
class SampleDoc:
    """One generated document and its ground truth."""

    path: Path
    kind: str
    province: str
    agency: str
    doc_type: str
    period: str
    year: int
    pages: list[str]
    planted_errors: list[str]
    doc_number: str = ""
    issued: str | None = None
    period_code: str = ""
    merged_into: str | None = None
    has_score_table: bool = False


@dataclass(frozen=True)
class DocSpec:
    """What to generate for one document."""

    stem: str
    kind: str
    province: D.Province
    agency: str
    doc_type: str  # report | plan | letter
    period: str  # key of D.PERIODS
    year: int
    errors: tuple[str, ...] = ()
    options: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Block:
    """A unit of content: paragraph, heading, header, title, table, signature or page break."""

    kind: str
    text: str = ""
    style: str = ""
    size: float = BODY
    align: str = "J"
    indent: float = INDENT
    optional: bool = False
    data: tuple = ()


@dataclass
class Run:
    """A line of text placed on a page (baseline coordinates in mm)."""

    x: float
    y: float
    text: str
    style: str = ""
    size: float = BODY
    width: float = 0.0  # > 0: justify to this width
    gray: int = 0


@dataclass
class PageLayout:
    """Everything drawn on one page."""

    runs: list[Run] = field(default_factory=list)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)
    marks: list[tuple[str, float, float, str]] = field(default_factory=list)

    def text(self) -> str:
        """Page text: runs grouped by baseline, top to bottom, columns joined by a tab."""
        rows: dict[float, list[Run]] = {}
        for run in self.runs:
            rows.setdefault(round(run.y, 1), []).append(run)
        return "\n".join(
            COL_SEP.join(r.text for r in sorted(rows[y], key=lambda r: r.x)) for y in sorted(rows)
        )


# --------------------------------------------------------------------------- formatting
def fmt_int(n: int, pad: bool = False) -> str:
    """Vietnamese integer: '.' thousands separator, optional zero padding below 10."""
    return f"{n:02d}" if pad and 0 < n < 10 else f"{n:,}".replace(",", ".")


def fmt_dec(x: float, digits: int = 2, sep: str = ",") -> str:
    """Decimal with trailing zeros stripped and Vietnamese decimal comma."""
    s = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return s.replace(".", sep)


def fmt_date(d: dt.date, pad: bool) -> str:
    """Short date as cited in the body: 14/12/2022 or 2/2/2021."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if pad else f"{d.day}/{d.month}/{d.year}"


def fmt_money(rng: random.Random, lo: float, hi: float) -> str:
    """An amount in đồng, written in full or in tỷ (billions)."""
    if rng.random() < 0.5:
        return f"{fmt_dec(rng.uniform(lo, hi), 2)} tỷ đồng"
    return f"{fmt_int(int(rng.uniform(lo, hi) * 1e6) * 1000 + rng.randint(1, 999))} đồng"


def long_date(place: str, d: dt.date | None, year: int, month: int = 1) -> str:
    """Header date line; None prints the blank day left for a hand-written date."""
    if d is None:
        return f"{place}, ngày      tháng {month:02d} năm {year}"
    day = f"{d.day:02d}" if d.day < 10 else str(d.day)
    mon = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{place}, ngày {day} tháng {mon} năm {d.year}"


def rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A date in [start, end] (start if the range is empty)."""
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


# --------------------------------------------------------------------------- specs
def bundled_specs() -> list[DocSpec]:
    """The hand-picked sample corpus."""
    provinces = {p.slug: p for p in D.PROVINCES}
    return [
        DocSpec(
            stem,
            kind,
            provinces[prov],
            ag,
            dtype,
            per,
            year,
            errs,
            frozenset(o for o in opts.split(",") if o),
        )
        for stem, kind, prov, ag, dtype, per, year, errs, opts in D.BUNDLE
    ]


def generated_spec(i: int, seed: int, kinds: Sequence[str]) -> DocSpec:
    """Spec number i of a benchmark corpus (independent of the corpus size)."""
    rng = random.Random(f"spec:{seed}:{i}")
    kind = kinds[i % len(kinds)]
    province = D.PROVINCES[i % len(D.PROVINCES)]
    year = (2023, 2024)[(i // len(D.PROVINCES)) % 2]
    agency = rng.choice(tuple(D.AGENCIES))
    doc_type = "letter" if kind == "image" else ("plan" if rng.random() < 0.2 else "report")
    if doc_type == "plan" and agency == "UBND":  # the province plan itself is not modelled
        agency = "SNV"
    period = "year" if doc_type == "plan" else rng.choice(tuple(D.PERIODS))
    options = {"table"} if doc_type != "letter" and rng.random() < 0.3 else set()
    if kind == "garbage_layer":
        options.add(rng.choice(("tcvn3", "symbols")))
    errors: tuple[str, ...] = ()
    if doc_type != "letter" and rng.random() < 0.35:
        pool = [
            e
            for e in (D.PLAN_ERROR_CODES if doc_type == "plan" else D.ERROR_CODES)
            if e != "score_sum_mismatch" or "table" in options
        ]
        errors = tuple(sorted(rng.sample(pool, rng.choice((1, 1, 2)))))
    short = {"report": "bc", "plan": "kh", "letter": "cv"}[doc_type]
    stem = f"{province.slug}_{agency.lower()}_{short}_{period}_{year}_{i:05d}"
    return DocSpec(stem, kind, province, agency, doc_type, period, year, errors, frozenset(options))


# --------------------------------------------------------------------------- facts
def issue_date(spec: DocSpec, rng: random.Random) -> dt.date:
    """When the document is signed."""
    y = spec.year
    if spec.doc_type == "plan":
        return dt.date(y, 1, rng.randint(4, 25))
    month = {"year": 12, "h1": 6, "q1": 3, "q2": 6, "q3": 9}[spec.period]
    return dt.date(y, month, rng.randint(8, 20))


def _cite(
    key: str,
    pad: bool,
    with_so: bool,
    date_override: str | None = None,
    full: bool = False,
    number_override: str | None = None,
) -> str:
    """Render one central document citation."""
    kind, number, date, issuer, subject = D.CENTRAL_DOCS[key]
    number = number_override or number
    if date and pad:
        d, m, y = date.split("/")
        date = f"{int(d):02d}/{int(m):02d}/{y}"
    date = date_override or date
    parts = [kind, "số" if with_so else "", number, f"ngày {date}" if date else "", issuer]
    if full and subject:
        parts.append(subject)
    return " ".join(p for p in parts if p)


def citations(
    issued: dt.date,
    pad: bool,
    with_so: bool,
    overrides: dict[str, str],
    numbers: dict[str, str] | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """Short and full citations of the central documents issued before ``issued`` (``overrides``: dates,
    ``numbers``: numbers printed otherwise, by document key)."""
    numbers = numbers or {}
    c = {k: _cite(k, pad, with_so, overrides.get(k), number_override=numbers.get(k)) for k in D.CENTRAL_DOCS}
    cf = {
        k: _cite(k, pad, with_so, overrides.get(k), full=True, number_override=numbers.get(k))
        for k in D.CENTRAL_DOCS
    }
    after = issued >= dt.date(2023, 7, 17)
    c["eval"] = c["nd90"] + (f" (được sửa đổi, bổ sung tại {c['nd48']})" if after else "")
    c["slim"] = c["nd29"] if issued >= dt.date(2023, 6, 3) else c["kl28"]
    c["digit"] = c["tt01_2023"] if issued >= dt.date(2023, 4, 5) else c["nd45"]
    return c, cf


def figures(spec: DocSpec, rng: random.Random, fmt_pct_sep: str) -> dict[str, object]:
    """Counts, percentages and amounts, mutually consistent."""
    ag, share = D.AGENCIES[spec.agency], D.PERIODS[spec.period][2]
    pad = rng.random() < 0.5
    n = lambda x: fmt_int(x, pad)  # noqa: E731
    pct = lambda x, d=2: fmt_dec(x, d, fmt_pct_sep)  # noqa: E731
    v: dict[str, object] = {}
    n_tasks = rng.randint(24, 60)
    progress = {"q1": 0.25, "q2": 0.5, "q3": 0.75, "h1": 0.5}.get(spec.period, 1.0)
    done = n_tasks - rng.randint(0, 3) if progress == 1 else round(n_tasks * progress * rng.uniform(0.8, 1.2))
    v.update(n_tasks=n(n_tasks), done_tasks=n(done), tasks_pct=pct(100 * done / n_tasks, 1))
    n_units = rng.randint(*ag.n_units)
    checked, issues = max(2, round(n_units * rng.uniform(0.2, 0.45))), rng.randint(3, 15)
    v.update(
        n_units=n(n_units),
        checked=n(checked),
        checked_pct=pct(100 * checked / n_units, 1),
        issues=n(issues),
        fixed=n(issues - rng.randint(0, 3)),
        news=n(round(rng.randint(30, 90) * share) + 2),
        conf=n(rng.randint(2, 6)),
        conf_people=fmt_int(rng.randint(120, 900)),
    )
    assigned = max(8, round(rng.randint(150, 700) * share))
    open_, late_done = rng.randint(0, assigned // 10), rng.randint(0, 2)
    v.update(
        assigned=n(assigned),
        assigned_done=n(assigned - open_),
        assigned_open=n(open_),
        assigned_ontime=n(assigned - open_ - late_done),
    )
    v.update(
        qppl_drafted=n(rng.randint(1, 6)),
        qppl_reviewed=n(rng.randint(10, 80)),
        qppl_amend=n(rng.randint(0, 5)),
        qppl_repeal=n(rng.randint(0, 4)),
        qppl_comments=n(rng.randint(15, 90)),
    )
    v.update(_dossiers(rng, ag, share, n, pct))
    v.update(_staff_and_money(spec, rng, ag, n, pct, n_units))
    return v


def _dossiers(rng: random.Random, ag: D.Agency, share: float, n: IntFmt, pct: PctFmt) -> dict[str, object]:
    """Procedure and dossier figures (raw ints kept under '_' keys for planted errors)."""
    tthc = rng.randint(*ag.tthc)
    received = max(40, round(rng.randint(*ag.dossiers) * share))
    rejected = max(1, round(received * rng.uniform(0.005, 0.03)))
    pending = round(received * rng.uniform(0.02, 0.12))
    resolved = received - pending - rejected
    late = round(resolved * rng.uniform(0, 0.02))
    pakn = rng.randint(1, 12)
    dvc_full = round(tthc * rng.uniform(0.3, 0.6))
    return dict(
        tthc_total=fmt_int(tthc),
        tthc_new=n(rng.randint(0, 25)),
        tthc_amended=n(rng.randint(0, 30)),
        tthc_abolished=n(rng.randint(0, 15)),
        internal_reviewed=n(rng.randint(5, 40)),
        internal_simplified=n(rng.randint(1, 8)),
        received=fmt_int(received),
        resolved=fmt_int(resolved),
        pending=fmt_int(pending),
        rejected=fmt_int(rejected),
        ontime=fmt_int(resolved - late),
        late=n(late),
        ontime_pct=pct(100 * (resolved - late) / resolved),
        online_pct=pct(rng.uniform(45, 92)),
        digitized_pct=pct(rng.uniform(60, 100), 1),
        pakn=n(pakn),
        pakn_done=n(pakn if pakn < 3 else pakn - rng.randint(0, 1)),
        survey=fmt_int(rng.randint(300, 3000)),
        satisfaction=pct(rng.uniform(88, 99.5)),
        dvc_full=fmt_int(dvc_full),
        dvc_partial=fmt_int(rng.randint(5, tthc - dvc_full)),
        vneid=n(rng.randint(5, 40)),
        _received=received,
        _resolved=resolved,
        _pending=pending,
        _rejected=rejected,
        _late=late,
    )


def _staff_and_money(
    spec: DocSpec, rng: random.Random, ag: D.Agency, n: IntFmt, pct: PctFmt, n_units: int
) -> dict[str, object]:
    """Organisation, civil service, finance and e-government figures."""
    big = spec.agency in ("UBND", "SYT")
    bc = rng.randint(2000, 2600) if spec.agency == "UBND" else rng.randint(25, 90)
    cc = rng.randint(1800, 4800) if big else rng.randint(40, 120)
    x, t = round(cc * rng.uniform(0.1, 0.18)), round(cc * rng.uniform(0.68, 0.8))
    k = rng.randint(0, min(3, cc - x - t))
    lo, hi = {"UBND": (9000, 15000), "SYT": (350, 900)}.get(spec.agency, (18, 60))
    disb = {"year": (85, 98), "h1": (40, 60)}.get(spec.period, (15, 32))
    return dict(
        n_depts=n(rng.randint(*ag.n_depts)),
        units_cut=n(rng.randint(0, 3)),
        bc_assigned=fmt_int(bc),
        bc_present=fmt_int(bc - rng.randint(0, 6)),
        streamlined=n(rng.randint(0, 5)),
        cc_eval=fmt_int(cc),
        cc_x=fmt_int(x),
        cc_x_pct=pct(100 * x / cc, 1),
        cc_t=fmt_int(t),
        cc_t_pct=pct(100 * t / cc, 1),
        cc_h=fmt_int(cc - x - t - k),
        cc_k=n(k),
        trained=fmt_int(rng.randint(20, 400)),
        recruited=n(rng.randint(0, 30)),
        disciplined=n(rng.randint(1, 4)),
        budget=fmt_money(rng, lo, hi),
        disb_pct=pct(rng.uniform(*disb), 1),
        saving=fmt_money(rng, lo * 0.004, hi * 0.006),
        income=fmt_money(rng, 0.8, 6),
        autonomous=n(rng.randint(1, max(1, n_units // 2))),
        esign_pct=pct(rng.uniform(95, 100), 1),
        edoc_pct=pct(rng.uniform(96, 100), 1),
        iso_units=n(rng.randint(1, n_units)),
        t_ontime=rng.choice(("95", "98", "100")),
        t_online=rng.choice(("50", "60", "70", "80")),
        t_digit=rng.choice(("70", "80", "90")),
        t_satis=rng.choice(("90", "95")),
        t_check=rng.choice(("20", "30", "40")),
        t_score=fmt_dec(rng.uniform(80, 90), 1),
        t_rank=str(rng.randint(1, 3)),
        plan_budget=fmt_money(rng, 0.2, 1.5),
    )


def references(
    spec: DocSpec, rng: random.Random, issued: dt.date, seed: int, pad: bool
) -> tuple[dict[str, str], list[str], dict[str, str]]:
    """Provincial references with planted date errors; returns (values, notes, overrides)."""
    y, code, ubnd = spec.year, spec.agency, spec.agency == "UBND"
    prov = random.Random(f"prov:{seed}:{spec.province.slug}:{y}")  # shared by a province-year
    plan = (prov.randint(150, 3200), dt.date(y - 1, 12, prov.randint(8, 28)))
    kt = (prov.randint(20, 400), dt.date(y, 1, 15) + dt.timedelta(prov.randint(0, 40)))
    guide = (prov.randint(60, 900), dt.date(y, 1, 5) + dt.timedelta(prov.randint(0, 50)))
    if spec.doc_type == "plan":
        qd_date = rand_date(rng, dt.date(y - 1, 3, 1), dt.date(y - 1, 11, 30))
    else:
        qd_date = rand_date(rng, dt.date(y, 1, 5), issued - dt.timedelta(days=12))
    d = {
        k: fmt_date(v, pad)
        for k, v in (("plan", plan[1]), ("kt", kt[1]), ("guide", guide[1]), ("qd", qd_date))
    }
    d["plan2"] = d["plan"]
    notes: list[str] = []
    overrides: dict[str, str] = {}
    for err in spec.errors:
        _plant_date_error(err, d, notes, overrides, spec, rng, issued, plan, kt, ubnd, pad)
    return _reference_values(spec, rng, issued, d, plan, kt, guide, pad, ubnd, code), notes, overrides


def _plant_date_error(
    err: str,
    d: dict[str, str],
    notes: list[str],
    overrides: dict[str, str],
    spec: DocSpec,
    rng: random.Random,
    issued: dt.date,
    plan: DatedRef,
    kt: DatedRef,
    ubnd: bool,
    pad: bool,
) -> None:
    """Alter one date string in ``d`` (or a central citation) and describe it in ``notes``."""
    y = spec.year
    if err == "truncated_date":
        key = "plan" if ubnd or spec.doc_type == "plan" else "guide"
        d[key] = d[key][:-1]
        notes.append(f"truncated_date: year cut to three digits in 'ngày {d[key]}'")
    elif err == "impossible_date":
        limit = 13 if spec.doc_type == "plan" else issued.month
        cands = [s for s, m in (("31/4", 4), ("31/6", 6), ("31/9", 9), ("31/11", 11)) if m < limit]
        y_err = y - 1 if spec.doc_type == "plan" else y
        day = rng.choice(cands) if cands else "30/02"
        d["qd"] = f"{day}/{y_err}"
        notes.append(f"impossible_date: 'ngày {d['qd']}' does not exist")
    elif err == "same_number_different_dates":
        d["plan2"] = fmt_date(plan[1] + dt.timedelta(days=rng.randint(2, 9)), pad)
        notes.append(
            f"same_number_different_dates: {plan[0]}/KH-UBND cited as 'ngày "
            f"{d['plan']}' and as 'ngày {d['plan2']}'"
        )
    elif err == "cited_after_report":
        late = issued + dt.timedelta(days=rng.randint(5, 25))
        d["kt"] = fmt_date(late, pad)
        notes.append(
            f"cited_after_report: {kt[0]}/KH-UBND dated 'ngày {d['kt']}' is after "
            f"the document date {issued.isoformat()}"
        )
    elif err == "number_year_mismatch":
        overrides["nd34"] = "14/05/2017" if pad else "14/5/2017"
    elif err == "same_number_different_titles":
        d["plan2_subject"] = f" về cải cách hành chính năm {y - 1}"
        notes.append(
            f"same_number_different_titles: {plan[0]}/KH-UBND cited for 'cải cách hành chính năm {y}' and "
            f"'về cải cách hành chính năm {y - 1}'"
        )


def _reference_values(
    spec: DocSpec,
    rng: random.Random,
    issued: dt.date,
    d: dict[str, str],
    plan: DatedRef,
    kt: DatedRef,
    guide: DatedRef,
    pad: bool,
    ubnd: bool,
    code: str,
) -> dict[str, str]:
    """Template values for the provincial and own documents."""
    y, province = spec.year, spec.province.name
    own_plan_date = fmt_date(rand_date(rng, dt.date(y, 1, 3), dt.date(y, 1, 25)), pad)
    own_kt_date = fmt_date(
        rand_date(
            rng,
            kt[1] + dt.timedelta(days=3),
            max(kt[1] + dt.timedelta(days=3), issued - dt.timedelta(days=4)),
        ),
        pad,
    )
    plan_no = f"Kế hoạch số {plan[0]}/KH-UBND"
    v = {
        "plan_ref": f"{plan_no} ngày {d['plan']} của UBND tỉnh {province}",
        "plan_ref2": f"{plan_no} ngày {d['plan2']} của UBND tỉnh{d.get('plan2_subject', '')}",
        "own_plan": f"Kế hoạch số {rng.randint(2, 60)}/KH-{code} ngày {own_plan_date}",
        "own_qd": f"Quyết định số {rng.randint(5, 400)}/QĐ-{code} ngày {d['qd']}",
        "prov_kt": f"Kế hoạch số {kt[0]}/KH-UBND ngày {d['kt']} của UBND tỉnh",
        "own_kt": f"Kế hoạch số {rng.randint(20, 120)}/KH-{code} ngày {own_kt_date}",
        "guide_ref": f"Văn bản số {guide[0]}/SNV-CCHC ngày {d['guide']} của Sở Nội vụ",
        "assigner": "UBND tỉnh, Chủ tịch UBND tỉnh",
    }
    if spec.agency == "SNV":
        v["guide_ref"] = f"Công văn số {guide[0]}/VP-KSTT ngày {d['guide']} của Văn phòng UBND tỉnh"
    if ubnd:
        v.update(
            own_plan=f"{plan_no} ngày {d['plan2']}",
            plan_ref2="Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030",
            prov_kt=f"Kế hoạch số {kt[0]}/KH-UBND ngày {d['kt']}",
            own_kt=f"Quyết định số {rng.randint(20, 900)}/QĐ-UBND ngày {own_kt_date}",
            assigner="Chính phủ, Thủ tướng Chính phủ",
        )
    if spec.doc_type == "plan":
        v["prov_kt"] = f"kế hoạch kiểm tra cải cách hành chính năm {y} của UBND tỉnh"
    return v


def build_values(spec: DocSpec, seed: int) -> tuple[dict[str, object], list[str]]:
    """All template values for a document and the planted-error notes."""
    rng = random.Random(f"doc:{seed}:{spec.stem}")
    issued = issue_date(spec, rng)
    pad, with_so = rng.random() < 0.5, rng.random() < 0.85
    sep = "." if "dotpct" in spec.options else ","
    refs, notes, overrides = references(spec, rng, issued, seed, pad)
    v: dict[str, object] = figures(spec, rng, sep)
    v.update(refs)
    numbers = {}
    for err in spec.errors:
        if err in D.NUMBER_PLANTS:
            key, printed, what = D.NUMBER_PLANTS[err]
            numbers[key] = printed
            notes.append(f"{err}: '{printed}' ({what})")
    c, cf = citations(issued, pad, with_so, overrides, numbers)
    if "number_year_mismatch" in spec.errors:
        notes.append(f"number_year_mismatch: '{c['nd34']}' (number says 2016, date says 2017)")
    ag = D.AGENCIES[spec.agency]
    label, nxt, _ = D.PERIODS[spec.period]
    agency_full = (
        f"{ag.name} {spec.province.name}"
        if spec.agency == "UBND"
        else (f"{ag.name} tỉnh {spec.province.name}")
    )
    v.update(
        c=c,
        cf=cf,
        province=spec.province.name,
        agency=ag.name,
        short=ag.short,
        units=ag.units,
        unit_word=ag.unit_word,
        fields=ag.fields,
        year=spec.year,
        prev_year=spec.year - 1,
        period=label.format(y=spec.year),
        next_period=nxt.format(y=spec.year, y1=spec.year + 1),
        agency_full=agency_full,
        _issued=issued,
        _rng=rng,
    )
    v["discipline"] = rng.choice(D.DISCIPLINE).format(**v)
    notes += _plant_dossier_errors(spec, v, rng, sep)
    v["dossier_sentence"] = D.DOSSIER_SENTENCE.format(**v)
    return v, notes


def _plant_dossier_errors(spec: DocSpec, v: dict[str, object], rng: random.Random, sep: str) -> list[str]:
    """Break the dossier sub-totals or the on-time percentage when asked to."""
    notes = []
    if "subtotal_mismatch" in spec.errors:
        rej = int(v["_rejected"]) + rng.choice((-1, 1)) * rng.randint(2, 6)
        rej = abs(rej) if rej else 3
        v["rejected"] = fmt_int(rej)
        total = int(v["_resolved"]) + int(v["_pending"]) + rej
        notes.append(
            f"subtotal_mismatch: 'tiếp nhận {v['received']} hồ sơ' but resolved "
            f"{v['resolved']} + pending {v['pending']} + rejected {v['rejected']} = "
            f"{fmt_int(total)}"
        )
    if "percent_mismatch" in spec.errors:
        res, late = int(v["_resolved"]), int(v["_late"])
        true = 100 * (res - late) / res
        shown = true - rng.uniform(1.5, 4.0) if true > 97 else true + rng.uniform(1.5, 2.5)
        v["ontime_pct"] = fmt_dec(shown, 2, sep)
        notes.append(
            f"percent_mismatch: '{v['ontime']}/{v['resolved']} hồ sơ, đạt "
            f"{v['ontime_pct']}%' but the ratio is {fmt_dec(true, 2, sep)}%"
        )
    return notes


# --------------------------------------------------------------------------- content
def expand(template: Sequence[tuple[str, str]], v: dict[str, object], counters: list[int]) -> list[Block]:
    """Turn template tuples into blocks, numbering headings and items as it goes."""
    blocks = []
    for kind, text in template:
        optional = kind.endswith("?")
        kind = kind.rstrip("?")
        text = text.format(**v)
        if kind == "h1":
            counters[:] = [counters[0] + 1, 0, 0, 0]
            blocks.append(Block("para", f"{ROMAN[counters[0] - 1]}. {text}", "B", optional=optional))
        elif kind == "h2":
            counters[1:] = [counters[1] + 1, 0, 0]
            blocks.append(Block("para", f"{counters[1]}. {text}", "B", optional=optional))
        elif kind == "h3":
            counters[2] += 1
            blocks.append(Block("para", f"{'abcdefgh'[counters[2] - 1]}) {text}", "I", optional=optional))
        elif kind == "n":
            counters[3] += 1
            blocks.append(Block("para", f"{counters[3]}. {text}", optional=optional))
        else:
            prefix = {"b": "- ", "+": "+ "}.get(kind, "")
            blocks.append(Block("para", prefix + text, optional=optional))
    return blocks


def header_block(spec: DocSpec, v: dict[str, object], number: str, blank: bool, subject: str = "") -> Block:
    """The two-column national header: agency / number on the left, motto / date right."""
    ag, prov = D.AGENCIES[spec.agency], spec.province.name.upper()
    top = (
        ("ỦY BAN NHÂN DÂN", f"TỈNH {prov}")
        if spec.agency == "UBND"
        else (f"UBND TỈNH {prov}", ag.name.upper())
    )
    left = [
        (top[0], "", 12, False),
        (top[1], "B", 12, True),
        ("", "", 6, False),
        (f"Số: {number}", "", 12, False),
    ]
    if subject:
        left.append((subject, "", 11, False))
    issued = None if blank else v["_issued"]
    right = [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "B", 12, False),
        ("Độc lập - Tự do - Hạnh phúc", "B", 12.5, True),
        ("", "", 6, False),
        (long_date(spec.province.name, issued, spec.year), "I", 12, False),
    ]
    return Block("header", data=(tuple(left), tuple(right)))


def signature_block(spec: DocSpec, rng: random.Random, recipients: Sequence[str]) -> Block:
    """Recipients list on the left, signer titles and name on the right."""
    ag = D.AGENCIES[spec.agency]
    if spec.agency == "UBND":
        titles = rng.choice(
            (("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"))
        )
    else:
        titles = rng.choice((("GIÁM ĐỐC",), ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")))
    name = " ".join((rng.choice(D.SURNAMES), rng.choice(D.MIDDLE_NAMES), rng.choice(D.GIVEN_NAMES)))
    rec = [f"- {r}" for r in recipients] + [f"- Lưu: {ag.office}."]
    stamp = ag.name.upper() if spec.agency != "UBND" else "ỦY BAN NHÂN DÂN"
    return Block("sign", data=(tuple(rec), titles, name, f"{stamp} * TỈNH {spec.province.name.upper()} *"))


def doc_number(spec: DocSpec, rng: random.Random, blank: bool) -> str:
    """'45/BC-SYT', '1234/SYT-VP' or the blank '     /KH-SYT'."""
    kind = {"report": "BC", "plan": "KH"}.get(spec.doc_type)
    code = spec.agency
    if kind is None:
        office = D.AGENCIES[code].office.split(", ")[-1]
        return f"{rng.randint(200, 3800)}/{code}-{office}"
    return f"{'     ' if blank else rng.randint(12, 480)}/{kind}-{code}"


def report_blocks(spec: DocSpec, v: dict[str, object], number: str) -> list[Block]:
    """Header, title, all sections, closing and signature of a report."""
    rng: random.Random = v["_rng"]  # type: ignore[assignment]
    subject = f"Kết quả thực hiện công tác cải cách hành chính {v['period']}"
    if spec.period != "year":
        subject += f"; phương hướng, nhiệm vụ {v['next_period']}"
    intro = D.REPORT_INTRO_UBND if spec.agency == "UBND" else D.REPORT_INTRO
    blocks = [
        header_block(spec, v, number, False),
        Block("title", "BÁO CÁO", "B", 14),
        Block("title", subject, "B", 13),
        Block("para", rng.choice(intro).format(**v)),
    ]
    counters = [0, 0, 0, 0]
    blocks += expand(rng.choice(D.CHI_DAO), v, counters)
    blocks += expand([("h1", "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH")], v, counters)
    for section in (D.THE_CHE, D.TTHC, D.BO_MAY, D.CONG_VU, D.TAI_CHINH, D.SO_HOA):
        blocks += expand(rng.choice(section), v, counters)
    if not spec.period.startswith("q"):  # quarterly reports are shorter
        blocks += expand(rng.choice(D.DANH_GIA), v, counters)
    blocks += expand([("h1", f"PHƯƠNG HƯỚNG, NHIỆM VỤ {str(v['next_period']).upper()}")], v, counters)
    blocks += expand(D.PHUONG_HUONG, v, counters)
    if not spec.period.startswith("q"):
        blocks += expand(D.KIEN_NGHI, v, counters)
    blocks.append(Block("para", rng.choice(D.REPORT_CLOSING).format(**v)))
    blocks.append(signature_block(spec, rng, D.AGENCIES[spec.agency].recipients))
    return blocks


def plan_blocks(spec: DocSpec, v: dict[str, object], number: str) -> list[Block]:
    """Header, title, objectives with targets, tasks, closing and signature of a plan."""
    rng: random.Random = v["_rng"]  # type: ignore[assignment]
    blank = "blank" in spec.options
    blocks = [
        header_block(spec, v, number, blank),
        Block("title", "KẾ HOẠCH", "B", 14),
        Block("title", f"Cải cách hành chính năm {spec.year}", "B", 13),
        Block("para", D.PLAN_INTRO[0].format(**v)),
    ]
    blocks += expand(D.PLAN_BODY, v, [0, 0, 0, 0])
    blocks.append(Block("para", D.PLAN_CLOSING[0].format(**v)))
    blocks.append(signature_block(spec, rng, D.AGENCIES[spec.agency].recipients))
    return blocks


def letter_blocks(spec: DocSpec, v: dict[str, object], number: str) -> list[Block]:
    """A one-page cover letter (công văn) sending the periodic report."""
    rng: random.Random = v["_rng"]  # type: ignore[assignment]
    recipient, short = {
        "UBND": ("Bộ Nội vụ", "Bộ Nội vụ"),
        "SNV": (f"Ủy ban nhân dân tỉnh {v['province']}", "UBND tỉnh"),
    }.get(spec.agency, (f"Sở Nội vụ tỉnh {v['province']}", "Sở Nội vụ"))
    v = dict(
        v,
        recipient_short=short,
        report_number=f"{rng.randint(12, 480)}/BC-{spec.agency} ngày "
        f"{fmt_date(v['_issued'] - dt.timedelta(days=2), False)}",
    )
    subject = f"V/v báo cáo kết quả cải cách hành chính {v['period']}"
    blocks = [
        header_block(spec, v, number, False, subject),
        Block("title", f"Kính gửi: {recipient}.", "", 13),
    ]
    blocks += [Block("para", t.format(**v)) for t in D.LETTER_BODY]
    blocks.append(signature_block(spec, rng, ("Như trên;", "Lãnh đạo Sở;")))
    return blocks


def score_table(spec: DocSpec, v: dict[str, object], number: str) -> tuple[list[Block], list[str]]:
    """Appendix with the PAR self-assessment (report) or target (plan) scoring table."""
    rng: random.Random = v["_rng"]  # type: ignore[assignment]
    plan = spec.doc_type == "plan"
    rows, notes, total = score_rows(rng, plan, "score_sum_mismatch" in spec.errors)
    y = spec.year
    if plan:
        head = ("STT", "Lĩnh vực/Tiêu chí", "Điểm tối đa", f"Điểm đạt được năm {y - 1}", f"Mục tiêu năm {y}")
        title = f"MỤC TIÊU CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {y}"
    else:
        head = ("STT", "Lĩnh vực/Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Tỷ lệ (%)")
        title = f"KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {y}"
    kind = "Kế hoạch" if plan else "Báo cáo"
    when = "ngày      /01" if "blank" in spec.options else f"ngày {fmt_date(v['_issued'], True)}"
    table = Block("table", size=10, data=((12, 80, 20, 25, 23), ("C", "L", "C", "C", "C"), head, tuple(rows)))
    blocks = [
        Block("break"),
        Block("title", "Phụ lục", "B", 13),
        Block("title", title, "B", 12),
        Block("title", f"(Kèm theo {kind} số {number} {when} của {v['agency']})", "I", 11),
        table,
    ]
    return blocks, [*notes, f"table_total: {total}"]


def score_rows(
    rng: random.Random, plan: bool, broken: bool
) -> tuple[list[tuple[tuple[str, ...], bool]], list[str], str]:
    """Rows of the scoring table; with ``broken`` one domain does not sum its children."""
    quarter = lambda x: round(x * 4) / 4  # noqa: E731
    domains: list[list] = []
    for code, title, mx in D.SCORE_CRITERIA:
        if "." not in code:
            domains.append([code, title, []])
        else:
            got = quarter(mx * rng.uniform(0.55, 1.0))
            target = min(mx, quarter(got + mx * rng.uniform(0, 0.4)))
            domains[-1][2].append((code, title, mx, got, target))
    bad = rng.randrange(len(domains)) if broken else -1
    rows, notes, tot = [], [], [0.0, 0.0, 0.0]
    for i, (code, title, kids) in enumerate(domains):
        sums = [sum(k[j] for k in kids) for j in (2, 3, 4)]
        shown = list(sums)
        if i == bad:
            shown[1] += rng.choice((-1, 1)) * rng.choice((0.5, 0.75, 1.0, 1.25))
            notes.append(
                f"score_sum_mismatch: domain {code} ({title}) shows "
                f"{fmt_dec(shown[1])} but its criteria sum to {fmt_dec(sums[1])}"
            )
        tot = [a + b for a, b in zip(tot, sums, strict=False)]
        rows.append((_score_cells(code, title, shown, plan), True))
        rows += [(_score_cells(k[0], k[1], list(k[2:]), plan), False) for k in kids]
    rows.append((_score_cells("", "Tổng cộng", tot, plan), True))
    return rows, notes, fmt_dec(tot[1])


def _score_cells(code: str, title: str, vals: list[float], plan: bool) -> tuple[str, ...]:
    """Format one table row: max, achieved, and target (plan) or ratio (report)."""
    mx, got, target = vals
    last = fmt_dec(target) if plan else fmt_dec(100 * got / mx, 1)
    return (code, title, fmt_dec(mx), fmt_dec(got), last)


def build_blocks(spec: DocSpec, seed: int) -> tuple[list[Block], list[str], str, str | None]:
    """Content blocks, planted-error notes, document number and ISO issue date."""
    v, notes = build_values(spec, seed)
    rng: random.Random = v["_rng"]  # type: ignore[assignment]
    blank = "blank" in spec.options
    number = doc_number(spec, rng, blank)
    builder = {"report": report_blocks, "plan": plan_blocks, "letter": letter_blocks}
    blocks = builder[spec.doc_type](spec, v, number)
    if "table" in spec.options:
        extra, table_notes = score_table(spec, v, number)
        blocks += extra
        notes += [n for n in table_notes if not n.startswith("table_total")]
    # a plan's header leaves the day blank too; a report's keeps its typed date
    blank_day = blank and spec.doc_type == "plan"
    issued = None if blank_day else v["_issued"].isoformat()  # type: ignore[union-attr]
    return blocks, notes, number.replace("     ", " ").strip(), issued


# --------------------------------------------------------------------------- layout
def add_fonts(pdf: FPDF) -> None:
    """Register the DejaVu Serif family as 'serif' (raises if the fonts are missing)."""
    for style, name in FONT_FILES.items():
        pdf.add_font("serif", style, str(FONT_DIR / name))


@lru_cache(maxsize=1)
def _measurer() -> FPDF:
    """A throw-away FPDF used only to measure strings."""
    pdf = FPDF(unit="mm", format="A4")
    add_fonts(pdf)
    return pdf


@lru_cache(maxsize=100_000)
def text_width(text: str, style: str, size: float) -> float:
    """Width in mm of ``text`` in DejaVu Serif."""
    pdf = _measurer()
    pdf.set_font("serif", style, size)
    return pdf.get_string_width(text)


def wrap(text: str, style: str, size: float, width: float, indent: float = 0.0) -> list[str]:
    """Greedy word wrap; the first line is shortened by ``indent``."""
    lines: list[str] = []
    cur: list[str] = []
    cur_w, avail, space = 0.0, width - indent, text_width(" ", style, size)
    for word in text.split():
        ww = text_width(word, style, size)
        if cur and cur_w + space + ww > avail:
            lines.append(" ".join(cur))
            cur, cur_w, avail = [word], ww, width
        else:
            cur_w += (space if cur else 0.0) + ww
            cur.append(word)
    return [*lines, " ".join(cur)] if cur else lines


def wrap_keep(text: str, style: str, size: float, width: float) -> list[str]:
    """Like :func:`wrap`, but a line that fits is kept verbatim (blanks left for hand-filling)."""
    return [text] if text_width(text, style, size) <= width else wrap(text, style, size, width)


class Layout:
    """Places blocks on A4 pages and records every run of text, rule and mark."""

    def __init__(self) -> None:
        self.pages: list[PageLayout] = []
        self.y = 0.0
        self.new_page()

    @property
    def page(self) -> PageLayout:
        """The page being filled."""
        return self.pages[-1]

    def new_page(self) -> None:
        """Start a page with its number (from page 2) and the synthetic-sample footer."""
        page, n = PageLayout(), len(self.pages) + 1
        if n > 1:
            page.runs.append(Run(PAGE_W / 2 - text_width(str(n), "", 11) / 2, 13.0, str(n), "", 11))
        w = text_width(D.SYNTHETIC_NOTE, "I", 8)
        page.runs.append(Run(PAGE_W / 2 - w / 2, PAGE_H - 10, D.SYNTHETIC_NOTE, "I", 8, gray=110))
        self.pages.append(page)
        self.y = MARGIN_T

    def ensure(self, h: float) -> None:
        """Break the page unless ``h`` mm still fit."""
        if self.y + h > PAGE_H - MARGIN_B:
            self.new_page()

    def put(
        self,
        x: float,
        text: str,
        style: str,
        size: float,
        lh: float,
        width: float = 0.0,
        dy: float = 0.0,
        base_size: float | None = None,
    ) -> None:
        """Place one line whose box starts ``dy`` mm below the cursor."""
        if text:
            base = self.y + dy + 0.5 * lh + 0.3 * (base_size or size) * 25.4 / 72
            self.page.runs.append(Run(round(x, 2), round(base, 2), text, style, size, width))

    def center(
        self,
        cx: float,
        text: str,
        style: str,
        size: float,
        lh: float,
        dy: float = 0.0,
        base_size: float | None = None,
    ) -> float:
        """Place a line centred on ``cx``; returns its width."""
        w = text_width(text, style, size)
        self.put(cx - w / 2, text, style, size, lh, dy=dy, base_size=base_size)
        return w

    def para(self, b: Block) -> None:
        """Justified paragraph with a first-line indent; bold short ones keep with next."""
        lh = LINE_H * b.size / BODY
        lines = wrap(b.text, b.style, b.size, TEXT_W, b.indent)
        self.y += 1.0
        if b.style and len(lines) <= 2:
            self.ensure(lh * (len(lines) + 2))
        for i, line in enumerate(lines):
            self.ensure(lh)
            ind = b.indent if i == 0 else 0.0
            width = TEXT_W - ind if i < len(lines) - 1 else 0.0
            self.put(MARGIN_L + ind, line, b.style, b.size, lh, width)
            self.y += lh

    def title(self, b: Block) -> None:
        """Centred title lines."""
        lh = LINE_H * b.size / BODY
        self.y += 1.5
        for line in wrap_keep(b.text, b.style, b.size, TEXT_W - 10):
            self.ensure(lh)
            self.center(MARGIN_L + TEXT_W / 2, line, b.style, b.size, lh)
            self.y += lh
        self.y += 1.5

    def break_(self, b: Block) -> None:
        """Unconditional page break."""
        self.new_page()

    def header(self, b: Block) -> None:
        """Two-column header; underlines under the agency name and the motto."""
        cols = ((60.0, 78.0, 0.45), (143.0, 102.0, 1.0))  # centre, width, underline share
        for left, right in zip_longest(*b.data, fillvalue=("", "", 0, False)):
            heights = []
            lh = max(3.0, left[2] * 0.47, right[2] * 0.47)
            for (cx, cw, share), (text, style, size, rule) in zip(cols, (left, right), strict=False):
                if size >= 12:
                    while text_width(text, style, size) > cw and size > 9:
                        size -= 0.5
                lines = wrap_keep(text, style, size, cw) if text else []
                for j, line in enumerate(lines):
                    w = self.center(cx, line, style, size, lh, dy=j * lh, base_size=12)
                    if rule:
                        y = self.y + (j + 1) * lh + 0.6
                        self.page.rules.append((cx - w * share / 2, y, cx + w * share / 2, y))
                heights.append(max(1, len(lines)) * lh)
            self.y += max(heights)
        self.y += 5.0

    def table(self, b: Block) -> None:
        """Ruled table; the header row is repeated after a page break."""
        widths, aligns, head, rows = b.data
        self.y += 2.0
        self._row(head, "B", ("C",) * len(widths), widths, b.size, check=True, head=None)
        for cells, bold in rows:
            self._row(cells, "B" if bold else "", aligns, widths, b.size, check=True, head=head)

    def _row(
        self,
        cells: Sequence[str],
        style: str,
        aligns: Sequence[str],
        widths: Sequence[float],
        size: float,
        check: bool,
        head: Sequence[str] | None,
    ) -> None:
        """Draw one table row with its cell borders."""
        pad, lh = 0.9, size * 0.45
        lines = [wrap(c, style, size, w - 2 * pad) or [""] for c, w in zip(cells, widths, strict=False)]
        h = max(len(ls) for ls in lines) * lh + 2 * pad
        if check and self.y + h > PAGE_H - MARGIN_B:
            self.new_page()
            if head is not None:
                self._row(head, "B", ("C",) * len(widths), widths, size, False, None)
        x, top = MARGIN_L, self.y
        for cell_lines, w, al in zip(lines, widths, aligns, strict=False):
            for j, line in enumerate(cell_lines):
                tw = text_width(line, style, size)
                cx = x + pad if al == "L" else x + (w - tw) / 2
                self.put(cx, line, style, size, lh, dy=pad + j * lh)
            self.page.rules.append((x, top, x, top + h))
            x += w
        self.page.rules += [(x, top, x, top + h), (MARGIN_L, top, x, top), (MARGIN_L, top + h, x, top + h)]
        self.y = top + h

    def sign(self, b: Block) -> None:
        """Recipients (left) and signer block (right); records stamp and signature marks."""
        recipients, titles, name, stamp = b.data
        gap, rc = 24.0, 143.0
        h = max(6 + len(recipients) * 4.8, len(titles) * 6 + gap + 6) + 2
        self.y += 3.0
        self.ensure(h)
        top = self.y
        self.put(MARGIN_L - 2, "Nơi nhận:", "BI", 11, 6.0)
        for i, rec in enumerate(recipients):
            self.put(MARGIN_L - 2, rec, "", 10, 4.8, dy=6.0 + i * 4.8)
        for i, title in enumerate(titles):
            self.center(rc, title, "B", 12, 6.0, dy=i * 6.0)
        sig_top = top + len(titles) * 6.0
        self.center(rc, name, "B", 12, 6.0, dy=len(titles) * 6.0 + gap)
        self.page.marks += [
            ("signature", rc, sig_top + gap * 0.5, ""),
            ("stamp", rc - 16, sig_top + gap * 0.35, stamp),
        ]
        self.y = top + h


def layout(blocks: Sequence[Block]) -> list[PageLayout]:
    """Lay blocks out on pages."""
    lay = Layout()
    for b in blocks:
        getattr(lay, "break_" if b.kind == "break" else b.kind)(b)
    return lay.pages


def count_citations(blocks: Sequence[Block]) -> int:
    """Number of numbered document citations in the body."""
    return sum(len(CITATION_RE.findall(b.text)) for b in blocks)


def fit_blocks(
    blocks: list[Block], rng: random.Random, max_pages: int
) -> tuple[list[Block], list[PageLayout]]:
    """Drop optional blocks until the page and citation budgets are met."""
    optional = [i for i, b in enumerate(blocks) if b.optional]
    rng.shuffle(optional)
    dropped: set[int] = set()
    while True:
        kept = [b for i, b in enumerate(blocks) if i not in dropped]
        pages, cites = layout(kept), count_citations(kept)
        if (len(pages) <= max_pages and cites <= MAX_CITATIONS) or not optional:
            return kept, pages
        if cites > MAX_CITATIONS:
            optional.sort(key=lambda i: bool(CITATION_RE.search(blocks[i].text)))
        dropped.add(optional.pop())


# --------------------------------------------------------------------------- rendering
def new_pdf() -> FPDF:
    """An A4 FPDF with fixed metadata so output is byte-stable."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_creator("cchc.sample_corpus")
    return pdf


def render_digital(pages: Sequence[PageLayout]) -> bytes:
    """PDF with a real Unicode text layer."""
    pdf = new_pdf()
    add_fonts(pdf)
    for page in pages:
        pdf.add_page()
        pdf.set_line_width(0.25)
        for x1, y1, x2, y2 in page.rules:
            pdf.line(x1, y1, x2, y2)
        for run in page.runs:
            draw_run(pdf, run)
    return bytes(pdf.output())


def draw_run(pdf: FPDF, run: Run) -> None:
    """Draw a run, spreading its words over ``run.width`` when justified."""
    pdf.set_font("serif", run.style, run.size)
    pdf.set_text_color(run.gray)
    words = run.text.split(" ")
    if not run.width or len(words) < 2:
        pdf.text(run.x, run.y, run.text)
        return
    widths = [text_width(w, run.style, run.size) for w in words]
    gap = (run.width - sum(widths)) / (len(words) - 1)
    x = run.x
    for word, w in zip(words, widths, strict=False):
        pdf.text(x, run.y, word)
        x += w + gap


def rasterize(pdf_bytes: bytes, dpi: int) -> Iterator[Image.Image]:
    """Render each page to an 8-bit grayscale image, one at a time."""
    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        for i in range(len(doc)):
            page = doc[i]
            yield page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
    finally:
        doc.close()


def draw_signature(img: Image.Image, x: float, y: float, rng: random.Random, px: float) -> None:
    """A hand-written looking scribble centred at (x, y) mm."""
    pts, n = [], 40
    x0, amp = (x - 17) * px, rng.uniform(2.5, 4.5) * px
    for k in range(n):
        t = k / (n - 1)
        pts.append(
            (
                x0 + t * 34 * px + rng.uniform(-1, 1) * px,
                y * px + amp * math.sin(t * rng.uniform(9, 14)) * (1 - 0.5 * t),
            )
        )
    ImageDraw.Draw(img).line(pts, fill=rng.randint(30, 70), width=max(2, int(px * 0.45)), joint="curve")


def draw_stamp(img: Image.Image, x: float, y: float, label: str, rng: random.Random, px: float) -> None:
    """A faint round seal (red ink seen in gray) centred at (x, y) mm."""
    r = int(16.5 * px)
    size, tone = 2 * r + 8, rng.randint(135, 170)
    layer = Image.new("L", (size, size), 255)
    d, c = ImageDraw.Draw(layer), size / 2
    d.ellipse((c - r, c - r, c + r, c + r), outline=tone, width=max(3, r // 28))
    ri = r * 0.66
    d.ellipse((c - ri, c - ri, c + ri, c + ri), outline=tone, width=max(2, r // 50))
    star = [
        (
            c + (r * (0.2 if k % 2 == 0 else 0.08)) * math.cos(math.pi * (k / 5 - 0.5)),
            c + (r * (0.2 if k % 2 == 0 else 0.08)) * math.sin(math.pi * (k / 5 - 0.5)),
        )
        for k in range(10)
    ]
    d.polygon(star, fill=tone)
    font = ImageFont.truetype(str(FONT_DIR / SANS_BOLD), max(10, int(r * 0.2)))
    for k, ch in enumerate(label):
        ang = -90 + k * 360 / len(label)
        tile = Image.new("L", (int(r * 0.4), int(r * 0.4)), 255)
        ImageDraw.Draw(tile).text((tile.width / 2, tile.height / 2), ch, fill=tone, font=font, anchor="mm")
        tile = tile.rotate(-(ang + 90), resample=Image.Resampling.BICUBIC, fillcolor=255)
        tx = int(c + r * 0.83 * math.cos(math.radians(ang)) - tile.width / 2)
        ty = int(c + r * 0.83 * math.sin(math.radians(ang)) - tile.height / 2)
        box = (tx, ty, tx + tile.width, ty + tile.height)
        layer.paste(ImageChops.darker(layer.crop(box), tile), box)
    layer = layer.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC, fillcolor=255)
    box = (int(x * px - c), int(y * px - c), int(x * px - c) + size, int(y * px - c) + size)
    img.paste(ImageChops.darker(img.crop(box), layer), box)


def age_page(
    img: Image.Image,
    rng: random.Random,
    marks: Sequence[tuple[str, float, float, str]],
    dpi: int,
    noise: int | None = None,
) -> Image.Image:
    """Make a clean render look scanned: seal, signature, skew, tone, blur, noise, dust."""
    px = dpi / 25.4
    for kind, x, y, label in marks:
        if kind == "signature":
            draw_signature(img, x, y, rng, px)
        elif rng.random() < 0.8:
            draw_stamp(img, x, y, label, rng, px)
    angle = rng.choice((-1, 1)) * rng.uniform(0.3, 1.5)
    img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    ink, paper, gamma = rng.randint(15, 45), rng.randint(226, 244), rng.uniform(0.8, 1.25)
    img = img.point([round(ink + (paper - ink) * (i / 255) ** gamma) for i in range(256)])
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.35, 0.85)))
    amp = rng.randint(3, 7) if noise is None else noise
    if amp:
        grain = Image.frombytes("L", img.size, rng.randbytes(img.width * img.height))
        img = ImageChops.add(img, grain.point(lambda v: v * (2 * amp + 1) // 256), 1.0, -amp)
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(6, 30)):
        x, y, s = rng.randrange(img.width), rng.randrange(img.height), rng.uniform(0.5, 2.0)
        d.ellipse((x, y, x + s, y + s), fill=rng.randint(60, 150))
    return img


def jpeg_bytes(img: Image.Image, max_bytes: int = MAX_JPEG_BYTES) -> bytes:
    """Grayscale JPEG, lowering quality until it fits ``max_bytes``."""
    for quality in (60, 52, 45, 38, 32, 26, 20):
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality, optimize=True)
        if buf.tell() <= max_bytes:
            break
    return buf.getvalue()


def image_pdf(
    jpegs: Sequence[bytes],
    overlay: Sequence[PageLayout] | None = None,
    garble: Callable[[str], str] | None = None,
) -> bytes:
    """Image-only PDF; with ``overlay`` an invisible garbage text layer is added."""
    pdf = new_pdf()
    if overlay is not None:
        pdf.add_font("sans", "", str(FONT_DIR / SANS_FONT))
    for i, data in enumerate(jpegs):
        pdf.add_page()
        pdf.image(io.BytesIO(data), x=0, y=0, w=PAGE_W, h=PAGE_H)
        if overlay is not None:
            pdf.text_mode = TextMode.INVISIBLE
            for run in overlay[i].runs:
                pdf.set_font("sans", "", run.size)
                pdf.text(run.x, run.y, garble(run.text))
            pdf.text_mode = TextMode.FILL
    return bytes(pdf.output())


_TCVN3 = {**dict(zip(*D.TCVN3_LOWER, strict=False)), **dict(zip(*D.TCVN3_UPPER, strict=False))}


def to_tcvn3(text: str) -> str:
    """Text re-encoded in TCVN3 (ABC) and read back as Latin-1: 'C¶i c¸ch hµnh chÝnh'."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        out.append(_TCVN3.get(ch) or _TCVN3.get(ch.lower(), ch) if ch.isupper() else _TCVN3.get(ch, ch))
    return "".join(out)


def symbol_garbler(rng: random.Random) -> Callable[[str], str]:
    """A consistent substitution of every glyph by a random symbol (broken ToUnicode map)."""
    table: dict[str, str] = {}

    def garble(text: str) -> str:
        return "".join(
            ch if ch.isspace() else table.setdefault(ch, rng.choice(D.GARBAGE_SYMBOLS)) for ch in text
        )

    return garble


# --------------------------------------------------------------------------- text output
def blocks_to_text(blocks: Sequence[Block]) -> str:
    """Plain-text rendering: header columns padded, one paragraph per line."""
    out: list[str] = []
    for b in blocks:
        if b.kind == "header":
            for left, right in zip_longest(*b.data, fillvalue=("", "", 0, False)):
                out.append(f"{left[0]:<40}{right[0]}".rstrip())
            out.append("")
        elif b.kind == "title":
            out.append(b.text.center(80).rstrip())
        elif b.kind == "para":
            out.append(b.text)
        elif b.kind == "table":
            out += [COL_SEP.join(b.data[2])] + [COL_SEP.join(cells) for cells, _ in b.data[3]]
        elif b.kind == "sign":
            recipients, titles, name, _ = b.data
            out.append("")
            out += ["Nơi nhận:", *recipients, ""]
            out += [t.center(30).rjust(80).rstrip() for t in titles] + ["", "", ""]
            out.append(name.center(30).rjust(80).rstrip())
        elif b.kind == "break":
            out.append("")
    out += ["", D.SYNTHETIC_NOTE]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- API
def iter_specs(n_docs: int | None, seed: int, kinds: Sequence[str] | None) -> Iterator[DocSpec]:
    """Bundled specs (filtered by kinds) or n generated specs cycling through kinds."""
    bad = set(kinds or ()) - set(KINDS)
    if bad:
        raise ValueError(f"unknown kinds: {sorted(bad)}")
    if n_docs is None:
        yield from (s for s in bundled_specs() if kinds is None or s.kind in kinds)
    else:
        cycle = tuple(kinds) if kinds else D.DEFAULT_KIND_CYCLE
        yield from (generated_spec(i, seed, cycle) for i in range(n_docs))


def compose(spec: DocSpec, seed: int = 0) -> tuple[list[Block], list[PageLayout], list[str], str, str | None]:
    """Blocks and page layouts within budget, error notes, document number, issue date."""
    blocks, notes, number, issued = build_blocks(spec, seed)
    target = 1 if spec.doc_type == "letter" else 2 if spec.period[0] == "q" else MAX_PAGES
    fitted, pages = fit_blocks(blocks, random.Random(f"fit:{seed}:{spec.stem}"), target)
    if len(pages) > target:  # cannot be that short: keep the content, allow more pages
        fitted, pages = fit_blocks(blocks, random.Random(f"fit:{seed}:{spec.stem}"), MAX_PAGES)
    return fitted, pages, notes, number, issued


def generate_doc(spec: DocSpec, out_dir: Path, seed: int = 0, dpi: int = 200) -> SampleDoc:
    """Generate one document file and return its ground truth."""
    blocks, pages, notes, number, issued = compose(spec, seed)
    path = Path(out_dir) / (spec.stem + EXTENSIONS[spec.kind])
    texts = [p.text() for p in pages]
    rng = random.Random(f"scan:{seed}:{spec.stem}")
    if spec.kind == "text":
        texts = [blocks_to_text(blocks)]
        path.write_bytes(texts[0].encode("utf-8"))
    elif spec.kind == "digital":
        path.write_bytes(render_digital(pages))
    elif spec.kind == "image":
        img = next(rasterize(render_digital(pages[:1]), dpi))
        img = ImageOps.posterize(age_page(img, rng, pages[0].marks, dpi, noise=2), 5)
        img.save(path, "PNG", optimize=True, dpi=(dpi, dpi))
        texts = texts[:1]
    else:
        scans = rasterize(render_digital(pages), dpi)
        jpegs = [jpeg_bytes(age_page(img, rng, pages[i].marks, dpi)) for i, img in enumerate(scans)]
        garble = None
        if spec.kind == "garbage_layer":
            garble = symbol_garbler(rng) if "symbols" in spec.options else to_tcvn3
        path.write_bytes(image_pdf(jpegs, pages if garble else None, garble))
    label = D.PERIODS[spec.period][0].format(y=spec.year)
    return SampleDoc(
        path,
        spec.kind,
        spec.province.name,
        D.AGENCIES[spec.agency].name,
        spec.doc_type,
        label,
        spec.year,
        texts,
        notes,
        number,
        issued,
        spec.period,
        spec.province.merged_into,
        "table" in spec.options,
    )


def generate_corpus(
    out_dir: Path,
    *,
    n_docs: int | None = None,
    seed: int = 0,
    kinds: Sequence[str] | None = None,
    dpi: int = 200,
    workers: int = 1,
) -> list[SampleDoc]:
    """Write the bundled sample (n_docs=None) or n_docs generated documents into out_dir.

    Output does not depend on ``workers`` (each document has its own seeded generators).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    specs = iter_specs(n_docs, seed, kinds)
    make = partial(generate_doc, out_dir=out_dir, seed=seed, dpi=dpi)
    if workers <= 1:
        return [make(spec) for spec in specs]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(make, specs, chunksize=4))


def write_manifest(docs: Sequence[SampleDoc], path: Path) -> None:
    """Write the ground truth as JSON; document paths are relative to the manifest."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    entries = []
    for doc in docs:
        rel = Path(os.path.relpath(Path(doc.path).resolve(), path.parent.resolve())).as_posix()
        entries.append(
            {
                "path": rel,
                "file": Path(doc.path).name,
                "kind": doc.kind,
                "province": doc.province,
                "merged_into": doc.merged_into,
                "agency": doc.agency,
                "doc_type": doc.doc_type,
                "doc_number": doc.doc_number,
                "issued": doc.issued,
                "year": doc.year,
                "period": doc.period,
                "period_code": doc.period_code,
                "has_score_table": doc.has_score_table,
                "n_pages": len(doc.pages),
                "planted_errors": list(doc.planted_errors),
                "pages": list(doc.pages),
            }
        )
    data = {
        "generator": "cchc.sample_corpus",
        "synthetic": True,
        "page_text_note": "runs sharing a baseline are joined by a tab, lines by newline",
        "documents": entries,
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(prog="python -m devtools.sample_corpus", description=__doc__)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--docs", type=int, default=None, help="generate N documents (default: bundle)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--kinds", default=None, help=f"comma list from {','.join(KINDS)}")
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--workers", type=int, default=1, help="worker processes")
    ap.add_argument(
        "--manifest", type=Path, default=None, help="manifest path (default: OUT_DIR/../<name>_manifest.json)"
    )
    args = ap.parse_args(argv)
    kinds = args.kinds.split(",") if args.kinds else None
    docs = generate_corpus(
        args.out_dir, n_docs=args.docs, seed=args.seed, kinds=kinds, dpi=args.dpi, workers=args.workers
    )
    manifest = args.manifest or args.out_dir.parent / f"{args.out_dir.name}_manifest.json"
    write_manifest(docs, manifest)
    for doc in docs:
        size = Path(doc.path).stat().st_size
        print(
            f"{Path(doc.path).name:42} {doc.kind:13} {len(doc.pages)}p {size / 1024:7.1f} KB"
            f" {len(doc.planted_errors)} errors"
        )
    print(f"{len(docs)} documents, manifest: {manifest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
