"""Section tree of a document from its numbered headings, each mapped to a PAR-index domain
(keywords in extractors/data/par_domains.csv; a heading without one inherits its parent's)."""

from __future__ import annotations

import bisect
import functools
import operator
import re
from collections.abc import Sequence

from extractors.tables import load_table, phrase_pattern
from extractors.text_spans import Heading, find_headings
from schemas.pages import PageText
from schemas.sections import Section

PLACE = operator.attrgetter("page", "start")  # where a section begins (a bisect key)
ROMAN = re.compile(r"^[IVX]{1,4}[.)]$")


def heading_level(label: str) -> int:
    """I. -> 1, 1. -> 2, 2.1. -> 3, 2.1.1. -> 4, a) -> 5."""
    if ROMAN.match(label):
        return 1
    if label[0].isdigit():
        return 2 + label.rstrip(".)").count(".")
    return 5


@functools.cache
def _domains() -> list[tuple[str, re.Pattern[str]]]:
    return [(row["code"], phrase_pattern(row["keywords"].split("|"))) for row in load_table("par_domains")]


def par_domain_of(heading: str) -> str | None:
    """The PAR domain whose keywords the heading names (the first listed wins)."""
    return next((code for code, pattern in _domains() if pattern.search(heading)), None)


def pages_to_sections(
    pages: Sequence[PageText], headings_of: Sequence[list[Heading]] | None = None
) -> list[Section]:
    """Every numbered heading of the document as a tree (parents may sit on earlier pages);
    ``headings_of``: each page's headings when already found."""
    sections: list[Section] = []
    open_by_level: dict[int, Section] = {}
    for index, page in enumerate(pages):
        headings = headings_of[index] if headings_of is not None else find_headings(page.text)
        for i, h in enumerate(headings):
            level = nested_level(h.label, heading_level(h.label), open_by_level)
            parent = next((open_by_level[lv] for lv in range(level - 1, 0, -1) if lv in open_by_level), None)
            end = _section_end(headings, i, level, len(page.text))
            domain = par_domain_of(h.text) or (parent.par_domain if parent else None)
            section = Section(
                page.doc_id, f"{page.page}:{h.start}", parent.section_id if parent else None, level,
                h.label, " ".join(h.text.split()), page.page, h.start, end, domain,
            )  # fmt: skip
            sections.append(section)
            open_by_level = {lv: s for lv, s in open_by_level.items() if lv < level} | {level: section}
    return sections


def nested_level(label: str, level: int, open_by_level: dict[int, Section]) -> int:
    """A numbering that restarts under a heading of the same kind ('2. Cải cách TTHC' … '1. Lĩnh vực …')
    is a list inside that section, one level deeper; a number that continues an open list
    ('2. Lĩnh vực …' after '1. Lĩnh vực …', or '3. Cải cách …' after the list) joins that list's level."""
    number = _number(label)
    numbered = sorted(lv for lv, s in open_by_level.items() if lv >= level and _number(s.label) is not None)
    if number is None or not numbered:
        return level
    for lv in reversed(numbered):  # deepest open list first
        if number == _number(open_by_level[lv].label) + 1:
            return lv
    if level in open_by_level and number <= (_number(open_by_level[level].label) or 0):
        return numbered[-1] + 1
    return level


def _number(label: str) -> int | None:
    last = label.rstrip(".)").split(".")[-1]
    return int(last) if last.isdigit() else None


def _section_end(headings: list[Heading], i: int, level: int, page_end: int) -> int:
    for later in headings[i + 1 :]:
        if heading_level(later.label) <= level:
            return later.start
    return page_end


def section_at(sections: Sequence[Section], page: int, offset: int) -> Section | None:
    """The innermost section holding (page, offset): the last heading before it (``sections`` in
    document order, as `pages_to_sections` gives them)."""
    index = bisect.bisect_right(sections, (page, offset), key=PLACE)
    return sections[index - 1] if index else None
