"""`cchc extract --debug-html`: the layout regions drawn over each page image, so a reader sees at a
glance which lines the model put in the header, title, body, table, signature block and stamps."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

from PIL import Image, ImageDraw

from cchc.evidence_crops import CROP_DPI, page_image
from extractors.document import DocumentResult
from schemas.layout import REGIONS

REGION_COLOURS: dict[str, tuple[int, int, int]] = {
    "header_left": (0, 114, 178),
    "header_right": (86, 180, 233),
    "title": (213, 94, 0),
    "body": (150, 150, 150),
    "table": (0, 158, 115),
    "signature_left": (204, 121, 167),
    "signature_right": (230, 159, 0),
    "stamp": (220, 0, 0),
}  # colour-blind-safe palette (Okabe-Ito)


def layout_overlay_html(result: DocumentResult, source: Path) -> str:
    """An HTML section with every page that has a layout: its image, each line piece boxed in its region's
    colour, and a legend; pages without a page image (text files) show their boxes on white."""
    figures = []
    for page in result.pages:
        rows = [row for row in result.layout if row.page == page.page]
        if not rows or not page.width or not page.height:
            continue
        image = _background(source, page.page, page.rotation or 0, page.width, page.height)
        draw = ImageDraw.Draw(image, "RGBA")
        scale = CROP_DPI / 72.0
        for row in rows:
            colour = REGION_COLOURS[row.region]
            box = [row.x0 * scale, row.y0 * scale, row.x1 * scale, row.y1 * scale]
            draw.rectangle(box, fill=(*colour, 40), outline=(*colour, 255), width=2)
        figures.append(
            f'<figure><img src="{_data_uri(image)}" alt="page {page.page} layout">'
            f"<figcaption>page {page.page}</figcaption></figure>"
        )
    legend = "".join(
        f'<li><span style="background:rgb{REGION_COLOURS[name]}"></span>{html.escape(name)}: '
        f"{html.escape(meaning)}</li>"
        for name, meaning in REGIONS.items()
    )
    return (
        "<section class='layout'><h2>Layout regions</h2>"
        "<style>.layout figure{display:inline-block;margin:1em}.layout img{border:1px solid #ccc;max-width:100%}"
        ".layout li span{display:inline-block;width:1em;height:1em;margin-right:.4em}</style>"
        f"<ul>{legend}</ul>{''.join(figures)}</section>"
    )


def _background(source: Path, page: int, rotation: int, width: float, height: float) -> Image.Image:
    try:
        image = page_image(source, page, rotation)
    except Exception:  # a page that cannot be rendered: the boxes on white
        image = None
    if image is None:
        scale = CROP_DPI / 72.0
        return Image.new("RGB", (round(width * scale), round(height * scale)), "white")
    return image.convert("RGB")


def _data_uri(image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=70, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
