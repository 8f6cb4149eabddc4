"""Where a document's metadata values were read (`documents.field_evidence`): for each settled value, the
page, the offsets and raw text there (``page_text[start:end] == raw``) and the box of its words, so an
auditor can look at the header or signature block a value came from.

The own number is the own citation's span; the issue date the header's date line, the place its 'Place,
ngày' line; the signer the layout rows of the signature block's right column (else the role and name
lines of the last page); the other values where the pages first write them (case, spacing and old tone
placement aside: 'UỶ BAN NHÂN DÂN' is 'Ủy ban nhân dân'). A value the pages do not write as such (an
agency read from 'UBND') has no evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from extractors.metadata import DATE_LINE, HEADER_CHARS, PLACE
from extractors.normalize import new_tone_placement
from extractors.signer import layout_to_signer
from extractors.tables import whole_word_matches
from extractors.words import span_box
from schemas.citations import Citation
from schemas.documents import DocumentMetadata, FieldEvidence
from schemas.layout import LayoutLine
from schemas.pages import PageText

HEADER_FIELDS = ("province", "agency", "title")  # where the pages first write them (the header first)


def metadata_evidence(
    metadata: DocumentMetadata,
    pages: Sequence[PageText],
    citations: Sequence[Citation],
    layouts: Sequence[Sequence[LayoutLine]] = (),
    toned_texts: Sequence[str] | None = None,
) -> tuple[FieldEvidence, ...]:
    """The evidence of every settled metadata value that the pages show (fields in a fixed order);
    ``toned_texts``: the pages' texts in today's tone placement, when already made."""
    if not pages:
        return ()
    toned = TonedPages(pages, toned_texts)
    found = [
        _own_number(metadata, pages, citations),
        _issue_date(metadata, pages[0]),
        _place(metadata, pages[0], toned),
        *(_written_first(toned, name, getattr(metadata, name)) for name in HEADER_FIELDS),
        *_signer(metadata, toned, layouts),
    ]
    return tuple(e for e in found if e is not None)


class TonedPages:
    """The pages, and each page's text in today's tone placement (the same length: offsets hold), made
    once a page and only when a value is looked for on it (or given, made already)."""

    def __init__(self, pages: Sequence[PageText], toned_texts: Sequence[str] | None = None) -> None:
        self.pages = pages
        given = zip(pages, toned_texts, strict=True) if toned_texts is not None else ()
        self._texts: dict[int, str] = {page.page: text for page, text in given}

    def text(self, page: PageText) -> str:
        if page.page not in self._texts:
            self._texts[page.page] = new_tone_placement(page.text)
        return self._texts[page.page]


def evidence(field: str, page: PageText, start: int, end: int) -> FieldEvidence:
    """``field`` read from ``page.text[start:end]``, with the box of its words when the page has them."""
    box = span_box(page.words, start, end)
    corners = (box.x0, box.y0, box.x1, box.y1) if box else (None, None, None, None)
    return FieldEvidence(field, page.page, start, end, page.text[start:end], *corners)


def _own_number(
    metadata: DocumentMetadata, pages: Sequence[PageText], citations: Sequence[Citation]
) -> FieldEvidence | None:
    own = next((c for c in citations if c.role == "self" and c.number == metadata.doc_number), None)
    if metadata.doc_number is None or own is None:
        return None
    page = next(p for p in pages if p.page == own.page)
    return evidence("doc_number", page, own.start, own.end)


def _issue_date(metadata: DocumentMetadata, first: PageText) -> FieldEvidence | None:
    line = DATE_LINE.search(first.text, 0, HEADER_CHARS)
    if metadata.issue_date is None or line is None:
        return None
    return evidence("issue_date", first, line.start(), line.end())


def _place(metadata: DocumentMetadata, first: PageText, toned: TonedPages) -> FieldEvidence | None:
    """The place where the header's 'Place, ngày …' line writes it."""
    line = PLACE.search(first.text, 0, HEADER_CHARS)
    if metadata.place is None or line is None:
        return None
    found = next(
        whole_word_matches(_written(metadata.place), toned.text(first), line.start(), line.end()), None
    )
    return evidence("place", first, *found.span()) if found else None


def _written_first(toned: TonedPages, field: str, value: str | None) -> FieldEvidence | None:
    """Where ``value`` is first written, pages in order."""
    if not value:
        return None
    pattern = _written(value)
    for page in toned.pages:
        found = next(whole_word_matches(pattern, toned.text(page)), None)
        if found:
            return evidence(field, page, *found.span())
    return None


def _written_last(pages: Sequence[PageText], field: str, value: str) -> FieldEvidence | None:
    """Where ``value``, read from the text as it stands (a signer's name or role line), is last written,
    pages from the last."""
    pattern = re.compile(r"\s+".join(map(re.escape, value.split())) + r"(?!\w)")
    for page in reversed(pages):
        found = list(whole_word_matches(pattern, page.text))
        if found:
            return evidence(field, page, *found[-1].span())
    return None


def _written(value: str) -> re.Pattern[str]:
    """``value`` as a page may write it: any case, any spacing, today's tone placement, not followed by a
    letter (``_whole_words`` checks the letter before: a lookbehind would have the pattern tried at every
    character of the page)."""
    words = new_tone_placement(value).split()
    return re.compile(r"\s+".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE)


def _signer(
    metadata: DocumentMetadata, toned: TonedPages, layouts: Sequence[Sequence[LayoutLine]]
) -> Iterable[FieldEvidence | None]:
    """The signer's name and each line of the role ('KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'): from the signature
    block's layout rows they were read from, else where the last page writes them."""
    signer = layout_to_signer(layouts)
    by_page = {p.page: p for p in toned.pages}
    if signer is not None and signer.name == metadata.signer_name and signer.role == metadata.signer_role:
        rows = list(signer.rows)
        name_row = rows.pop() if signer.name else None
        if name_row is not None:
            yield _within_row(by_page[name_row.page], name_row, "signer_name", signer.name, toned)
        if signer.role:
            yield from (evidence("signer_role", by_page[r.page], r.start, r.end) for r in rows)
        return
    if metadata.signer_name:
        yield _written_last(toned.pages, "signer_name", metadata.signer_name)
    for part in metadata.signer_role.split(" / ") if metadata.signer_role else ():
        yield _written_last(toned.pages, "signer_role", part)


def _within_row(
    page: PageText, row: LayoutLine, field: str, value: str | None, toned: TonedPages
) -> FieldEvidence | None:
    """``value`` where ``row`` writes it (its marks around it left out), else the whole row."""
    found = (
        next(whole_word_matches(_written(value), toned.text(page), row.start, row.end), None)
        if value
        else None
    )
    return evidence(field, page, *(found.span() if found else (row.start, row.end)))
