"""Word documents: .docx read with python-docx (paragraphs and tables in body order, one page per section
or page break); .doc, .odt and .rtf converted to .docx by LibreOffice when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from itertools import zip_longest
from pathlib import Path

from extractors.errors import CorruptDocument, NeedsConversion

CONVERT_TIMEOUT_SECONDS = 180
PAGE_BREAK = "\f"


def docx_text(path: Path) -> str:
    """The document's text in reading order, pages separated by form feeds: each paragraph a line, each
    table row a line of tab-separated cells (a cell of several paragraphs spreads over several lines, cell
    beside cell, as a two-column header of agency and motto is laid out)."""
    import docx  # here: only office inputs need it
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx and lxml raise many types for a damaged package
        raise CorruptDocument(f"{path.name}: not a readable .docx ({type(exc).__name__})") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text + (PAGE_BREAK if _breaks_page(block) else ""))
        elif isinstance(block, Table):
            lines += list(_table_lines(block))
    return "\n".join(lines).replace(PAGE_BREAK + "\n", PAGE_BREAK).strip(PAGE_BREAK)


def _breaks_page(paragraph: object) -> bool:
    """A section ends here, or a page break is typed in the paragraph."""
    element = paragraph._p  # type: ignore[attr-defined]
    has_section = element.pPr is not None and element.pPr.sectPr is not None
    return has_section or bool(element.xpath('.//w:br[@w:type="page"]'))


def _table_lines(table: object) -> Iterator[str]:
    for row in table.rows:  # type: ignore[attr-defined]
        cells = _distinct_cells(row.cells)
        columns = [
            [line for p in cell.paragraphs for line in p.text.split("\n") if line.strip()] for cell in cells
        ]
        for parts in zip_longest(*columns, fillvalue=""):
            if any(part.strip() for part in parts):
                yield "\t".join(parts).rstrip("\t")


def _distinct_cells(cells: list) -> list:
    """A merged cell appears once per grid column it spans: keep it once."""
    seen: list = []
    for cell in cells:
        if not any(cell._tc is other._tc for other in seen):
            seen.append(cell)
    return seen


def convert_to_docx(path: Path, workdir: Path) -> Path:
    """``path`` (.doc, .odt, .rtf) converted by LibreOffice into ``workdir``; NeedsConversion when it is
    not installed or fails."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise NeedsConversion(
            f"{path.name}: {path.suffix} needs LibreOffice to be read; convert it to .docx or .pdf"
        )
    with tempfile.TemporaryDirectory() as profile:  # a profile of its own: runs in parallel never collide
        command = [office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "docx",
                   "--outdir", str(workdir), str(path)]  # fmt: skip
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT_SECONDS, check=True)
        except (subprocess.SubprocessError, OSError) as exc:
            raise NeedsConversion(
                f"{path.name}: LibreOffice could not convert it ({exc}); convert it to .docx or .pdf"
            ) from exc
    converted = workdir / f"{path.stem}.docx"
    if not converted.exists():
        raise NeedsConversion(f"{path.name}: LibreOffice wrote nothing; convert it to .docx or .pdf")
    return converted
