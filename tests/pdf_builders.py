"""Builders of small PDFs and page images for tests, each named after the case it makes."""

from __future__ import annotations

import datetime as dt
import random
import textwrap
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFilter, ImageFont

A4_MM = (210, 297)
CREATED = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)  # fpdf2 stamps the clock otherwise: same input, other bytes


def new_pdf(**options: object) -> FPDF:
    """An FPDF document whose bytes depend on what is drawn only (fixed creation date)."""
    pdf = FPDF(**options)  # type: ignore[arg-type]
    pdf.set_creation_date(CREATED)
    return pdf


def digital_pdf(path: Path, pages: list[str], font: Path, password: str | None = None) -> Path:
    """A PDF with a real Unicode text layer (one string per page); optionally encrypted."""
    pdf = new_pdf(format="A4")
    pdf.add_font("serif", fname=str(font))
    pdf.set_font("serif", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    if password is not None:
        pdf.set_encryption(owner_password="owner-secret", user_password=password)
    pdf.output(str(path))
    return path


def render_text_pages(
    lines: list[str], font: Path, dpi: int = 300, size_pt: float = 12, lines_per_page: int = 42
) -> list[tuple[Image.Image, str]]:
    """Lay ``lines`` out on white A4 pages (wrapped to the text width); each page with the text it shows."""
    face = ImageFont.truetype(str(font), round(size_pt * dpi / 72))
    width, height = (round(mm / 25.4 * dpi) for mm in A4_MM)
    margin = round(20 / 25.4 * dpi)
    wrapped = [w for line in lines for w in _wrap(line, face, width - 2 * margin)]
    pages = []
    for start in range(0, len(wrapped), lines_per_page):
        image = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(image)
        page_lines = wrapped[start : start + lines_per_page]
        for i, line in enumerate(page_lines):
            draw.text((margin, margin + i * round(face.size * 1.5)), line, font=face, fill=0)
        pages.append((image, "\n".join(page_lines)))
    return pages


def _wrap(line: str, face: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    for width in range(len(line), 10, -1):
        parts = textwrap.wrap(line, width)
        if all(face.getlength(p) <= max_width for p in parts):
            return parts
    return textwrap.wrap(line, 10)


def degrade_like_a_scan(image: Image.Image, seed: int = 0) -> Image.Image:
    """Slight rotation, blur and speckle noise, as a flatbed scan of a printed page."""
    rng = random.Random(seed)
    image = image.rotate(rng.uniform(-0.8, 0.8), fillcolor=255, resample=Image.Resampling.BICUBIC)
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    pixels = image.load()
    for _ in range(image.width * image.height // 400):
        x, y = rng.randrange(image.width), rng.randrange(image.height)
        pixels[x, y] = rng.choice((0, 90, 200))
    return image


def image_only_pdf(path: Path, images: list[Image.Image], dpi: int = 300) -> Path:
    """An image-only PDF (no text layer), as a scanner makes."""
    first, *rest = [im.convert("L") for im in images]
    first.save(path, "PDF", resolution=dpi, save_all=True, append_images=rest)
    return path


def garbage_layer_pdf(path: Path, image: Image.Image, garbage: str, dpi: int = 300) -> Path:
    """A page image with an invisible text layer of mojibake over it (a broken OCR/legacy layer)."""
    png = path.with_suffix(".png")
    image.convert("L").save(png)
    pdf = new_pdf(format="A4")
    pdf.add_page()
    pdf.image(str(png), x=0, y=0, w=A4_MM[0], h=A4_MM[1])
    pdf.set_font("helvetica", size=10)
    pdf.text_mode = 3  # invisible text, as OCR layers are drawn
    pdf.set_xy(20, 20)
    pdf.multi_cell(170, 5, garbage)
    pdf.output(str(path))
    png.unlink()
    return path
