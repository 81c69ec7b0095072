"""Rendering a :class:`Document` to HTML (SVG charts inline), PDF (WeasyPrint, charts as images drawn at twice
their size) or XLSX (one sheet per table, see :mod:`.workbook`). Numbers are formatted for the document's
language by :mod:`sppmon.localefmt`. Files are written atomically: they appear complete or not at all."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

from ..errors import ConfigError
from ..indicators import columns as people
from ..outputs.atomic import atomic_binary_file, atomic_text_file
from ..outputs.xlsx import write_xlsx
from .charts import to_png, to_svg
from .document import ChartBlock, Document
from .texts import t
from .workbook import xlsx_sheets

FORMATS = (".html", ".pdf", ".xlsx")
PNG_SCALE = 2.5  # pixels per CSS pixel of the charts in a PDF: sharp in print

__all__ = ["FORMATS", "render_html", "render_pdf", "write_report", "xlsx_sheets"]


def render_html(doc: Document, images: bool = False) -> str:
    """The document as one HTML page; ``images`` draws the charts as PNG (for the PDF) instead of SVG."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(
        loader=PackageLoader("sppmon.reports", "templates"), autoescape=select_autoescape(("html", "j2"))
    )
    charts: list[str] = []
    block_ids: dict[str, int] = {}
    for section in doc.sections:
        for index, block in enumerate(section.blocks):
            if isinstance(block, ChartBlock):
                block_ids[f"{index}-{section.title}"] = len(charts)
                charts.append(_png_image(block, doc.lang) if images else to_svg(block.spec, doc.lang))
    call_numbers = {call: number for number, call in enumerate(doc.calls, 1)}
    template = environment.get_template("report.html.j2")
    return template.render(
        doc=doc,
        svgs=charts,
        block_ids=block_ids,
        call_numbers=call_numbers,
        cell=_cell_in(doc.lang),
        link_text=t("open", doc.lang),  # the address itself is too long for a table cell
    )


def _png_image(block: ChartBlock, lang: str) -> str:
    from markupsafe import escape

    png = to_png(block.spec, lang, PNG_SCALE)
    width = int.from_bytes(png[16:20], "big") / PNG_SCALE  # the IHDR chunk: the drawn size, in CSS pixels
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<img class="chart" alt="{escape(block.title)}" style="width: {width:.0f}px" '
        f'src="data:image/png;base64,{data}">'
    )


def _cell_in(lang: str) -> Callable[[object, str], str]:
    def cell(value: object, column: str) -> str:
        """Texts (labels already in the document's language) as they are, numbers in the locale's format."""
        if isinstance(value, str):
            return value
        if value is None:
            return people.cell("title", value, lang)
        return people.cell(column, value, lang)

    return cell


def render_pdf(doc: Document) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=render_html(doc, images=True)).write_pdf()
    return pdf


def write_report(doc: Document, path: Path) -> None:
    """Write ``doc`` in the format named by the suffix of ``path``."""
    writers: dict[str, Callable[[], None]] = {
        ".html": lambda: _write_text(path, render_html(doc)),
        ".pdf": lambda: _write_bytes(path, render_pdf(doc)),
        ".xlsx": lambda: write_xlsx(path, xlsx_sheets(doc)),
    }
    writer = writers.get(path.suffix.lower())
    if writer is None:
        raise ConfigError(f"{path}: the report format is chosen by the suffix: {', '.join(FORMATS)}")
    writer()


def _write_text(path: Path, text: str) -> None:
    with atomic_text_file(path) as handle:
        handle.write(text)


def _write_bytes(path: Path, data: bytes) -> None:
    with atomic_binary_file(path) as handle:
        handle.write(data)
