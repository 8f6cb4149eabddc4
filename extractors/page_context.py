"""What every extractor of a page needs besides its text, computed once per page: its headings (with the
heading a page that opens mid-section inherits from the previous page), its sentences, where its
numbers begin and its text in today's tone placement."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.normalize import new_tone_placement
from extractors.number_scan import number_starts
from extractors.text_spans import Heading, PageSentences, find_headings
from schemas.pages import PageText


@dataclass(frozen=True)
class PageContext:
    """One page with its headings, the headings in force on it, and its sentence spans."""

    page: PageText
    headings: list[Heading]  # the page's own numbered headings
    in_force: list[Heading]  # the previous page's last heading (start -1) first, when it carries over
    sentences: PageSentences  # its sentence spans, and the sentence around a span
    number_starts: list[int]  # where each run of digits begins (document numbers and figures open there)
    toned_text: (
        str  # the text in today's tone placement ('Uỷ' -> 'Ủy'; same length), where names are looked up
    )


def page_contexts(pages: Sequence[PageText]) -> list[PageContext]:
    """The context of every page, headings carried from page to page."""
    contexts = []
    carried: list[Heading] = []
    for page in pages:
        headings = find_headings(page.text)
        in_force = [dataclasses.replace(carried[-1], start=-1), *headings] if carried else headings
        text = page.text
        contexts.append(
            PageContext(
                page, headings, in_force, PageSentences(text), number_starts(text), new_tone_placement(text)
            )
        )
        carried = headings or carried
    return contexts
