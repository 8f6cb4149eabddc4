"""The `sections` table: the heading tree of each document, mapped to PAR-index domains."""

from __future__ import annotations

import pyarrow as pa

from schemas.base import field, make_spec, record


@record
class Section:
    """One numbered heading (I., 1., 2.1., a)) and the text it governs on its page."""

    doc_id: str
    section_id: str
    parent_id: str | None
    level: int
    label: str
    heading: str
    page: int
    start: int
    end: int
    par_domain: str | None


SECTIONS = make_spec(
    "sections",
    Section,
    version="1.0",
    key=("doc_id", "section_id"),
    description="One row per numbered heading; parent_id builds the tree; par_domain from par_domains.csv.",
    fields=[
        field("doc_id", pa.string(), "document id (sha256 of the file)", nullable=False),
        field(
            "section_id", pa.string(), "page:offset of the heading, unique in the document", nullable=False
        ),
        field("parent_id", pa.string(), "section_id of the enclosing heading"),
        field("level", pa.int32(), "1 = I./II., 2 = 1./2., 3 = 2.1., 4 = 2.1.1., 5 = a)", nullable=False),
        field("label", pa.string(), "the number as written: 'II.', '2.1.', 'a)'", nullable=False),
        field("heading", pa.string(), "the heading line's text", nullable=False),
        field("page", pa.int32(), "page of the heading", nullable=False),
        field("start", pa.int32(), "offset of the heading in pages.text", nullable=False),
        field(
            "end",
            pa.int32(),
            "end of the section on that page (next heading of the same or a higher level)",
            nullable=False,
        ),
        field("par_domain", pa.string(), "PAR-index domain code (own keywords, else the parent's)"),
    ],
)
