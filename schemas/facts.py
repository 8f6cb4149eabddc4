"""The `facts` table: every count, percentage, money amount and x/y ratio, typed and with provenance."""

from __future__ import annotations

import pyarrow as pa

from schemas.base import box_fields, field, make_spec, provenance_fields, record


@record
class Fact:
    """One figure found in a page's text (``page_text[start:end] == raw``)."""

    doc_id: str
    page: int
    start: int
    end: int
    raw: str
    kind: str
    value: float
    unit: str | None
    numerator: float | None
    denominator: float | None
    subject: str | None
    is_target: bool
    comparator: str | None
    section: str | None
    sentence: str
    section_id: str | None = None
    par_domain: str | None = None
    indicator: str | None = None
    x0: float | None = None
    y0: float | None = None
    x1: float | None = None
    y1: float | None = None


FACTS = make_spec(
    "facts",
    Fact,
    version="1.3",
    key=("doc_id", "page", "start"),
    description="One row per figure: counts, percentages, money (in đồng) and x/y ratios.",
    fields=[
        *provenance_fields("the figure as written ('2.771 phiếu', '92,03%', '26/52 nhiệm vụ')"),
        field("kind", pa.string(), "count, percent, money or ratio", nullable=False),
        field(
            "value",
            pa.float64(),
            "the number: count, percent (92.03), đồng, or numerator/denominator",
            nullable=False,
        ),
        field("unit", pa.string(), "hồ sơ, thủ tục, phiếu, nhiệm vụ, %, đồng, ..."),
        field("numerator", pa.float64(), "x of x/y"),
        field("denominator", pa.float64(), "y of x/y"),
        field(
            "subject", pa.string(), "what is measured, in the report's words (e.g. 'Tỷ lệ hài lòng chung')"
        ),
        field(
            "is_target",
            pa.bool_(),
            "a goal ('phấn đấu', 'tối thiểu', 'trở lên', plan targets), not a result",
            nullable=False,
        ),
        field("comparator", pa.string(), ">=, >, <=, < or = for targets"),
        field("section", pa.string(), "heading the figure sits under"),
        field(
            "sentence", pa.string(), "the sentence holding the figure (whitespace collapsed)", nullable=False
        ),
        field("section_id", pa.string(), "sections.section_id of the innermost section holding it"),
        field("par_domain", pa.string(), "PAR-index domain of that section"),
        field(
            "indicator",
            pa.string(),
            "code from extractors/data/indicators.csv (dossiers_on_time_share, satisfaction_rate …), null if none",
        ),
        *box_fields(),
    ],
)
