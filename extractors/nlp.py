"""spaCy as the container: a blank Vietnamese pipeline (no pyvi) whose component writes citation spans.

`page_to_doc(text, doc_id, page)` returns a Doc with ``doc.spans["citations"]`` (labelled by document
kind, renderable with displaCy) and the typed records in ``doc.user_data["citations"]``; other
extractors add their own span groups to the same Doc.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.citations import text_to_citations
from extractors.text_spans import Heading, find_headings

CITATIONS_KEY = "citations"


@Language.component("cchc_citations", requires=["doc.text"], assigns=["doc.spans", "doc.user_data"])
def citations_component(doc: Doc) -> Doc:
    """Find citations in the Doc's text; offsets are the page text's own (exact, not token-snapped)."""
    meta = doc.user_data
    headings = meta.get("headings") or find_headings(doc.text)
    records = text_to_citations(doc.text, meta.get("doc_id", ""), meta.get("page", 1), headings)
    doc.user_data[CITATIONS_KEY] = records
    doc.spans[CITATIONS_KEY] = [_span(doc, c.start, c.end, c.doc_kind or "citation") for c in records]
    return doc


def _span(doc: Doc, start: int, end: int, label: str) -> Span:
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    return span if span is not None else Span(doc, 0, 0, label=label)


@functools.cache
def make_nlp() -> Language:
    """The shared pipeline: blank Vietnamese tokenizer (pyvi off) + the citation component."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("cchc_citations")
    return nlp


def render_citations_html(docs: list[Doc]) -> str:
    """A self-contained HTML page showing each page's text with its citation spans (displaCy)."""
    from spacy import displacy

    for doc in docs:
        doc.user_data.pop("headings", None)  # displaCy copies user_data into its output
    return displacy.render(docs, style="span", page=True, options={"spans_key": CITATIONS_KEY})


def page_to_doc(text: str, doc_id: str = "", page: int = 1, headings: list[Heading] | None = None) -> Doc:
    """Run the pipeline over one page's text, telling components which document and page it is."""
    nlp = make_nlp()
    doc = nlp.make_doc(text)
    doc.user_data.update({"doc_id": doc_id, "page": page, "headings": headings})
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc
