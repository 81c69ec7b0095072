"""Rendering a :class:`Document` to HTML (SVG charts inline), PDF (WeasyPrint) or XLSX (one sheet per table).
Files are written atomically: they appear complete or not at all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import ConfigError
from ..indicators.export import display
from ..outputs.atomic import atomic_binary_file, atomic_text_file
from ..outputs.xlsx import Sheet, write_xlsx
from .charts import to_svg
from .document import ChartBlock, Document

FORMATS = (".html", ".pdf", ".xlsx")


def render_html(doc: Document) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(
        loader=PackageLoader("sppmon.reports", "templates"), autoescape=select_autoescape(("html", "j2"))
    )
    svgs: list[str] = []
    block_ids: dict[str, int] = {}
    for section in doc.sections:
        for index, block in enumerate(section.blocks):
            if isinstance(block, ChartBlock):
                block_ids[f"{index}-{section.title}"] = len(svgs)
                svgs.append(to_svg(block.spec))
    call_numbers = {call: number for number, call in enumerate(doc.calls, 1)}
    template = environment.get_template("report.html.j2")
    return template.render(doc=doc, svgs=svgs, block_ids=block_ids, call_numbers=call_numbers, cell=_cell)


def _cell(value: object, column: str) -> str:
    return display(value, column)


def render_pdf(doc: Document) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=render_html(doc)).write_pdf()
    return pdf


def xlsx_sheets(doc: Document) -> list[Sheet]:
    sheets = [Sheet(block.title, block.headers, block.rows, [*block.calls, *block.notes]) for block in doc.tables]
    sheets.append(Sheet("calls", ["#", "sppmon indicators call"], list(enumerate(doc.calls, 1))))
    return sheets


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
