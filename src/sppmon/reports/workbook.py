"""A report as an XLSX workbook for people: one sheet per table under a short title in the report's language,
headers and code labels translated, numbers kept as numbers with percent, euro and grouped formats, columns as
wide as their content, the header row frozen; a last sheet lists the ``sppmon indicators`` calls."""

from __future__ import annotations

from collections.abc import Sequence

from ..indicators import columns as people
from ..localefmt import d3_format_locale
from ..outputs.xlsx import Sheet
from .document import Document, TableBlock
from .texts import t

MIN_WIDTH, MAX_WIDTH = 8.0, 60.0


def xlsx_sheets(doc: Document) -> list[Sheet]:
    lang = doc.lang
    sheets = [_sheet(block, lang) for block in doc.tables]
    calls = list(enumerate(doc.calls, 1))
    headers = ("#", t("command", lang))
    sheets.append(Sheet(t("sheet.calls", lang), headers, calls, (), ("0", None), _widths(headers, calls, lang)))
    return sheets


def _sheet(block: TableBlock, lang: str) -> Sheet:
    formats = tuple(number_format(people.kind(column), lang) for column in block.columns)
    notes = (*block.calls, *block.notes)
    widths = _widths(block.headers, block.rows, lang, block.columns)
    return Sheet(block.title, block.headers, block.rows, notes, formats, widths)


def number_format(kind: str, lang: str) -> str | None:
    """The Excel number format of a column kind: Excel shows the separators of the reader's own settings, the
    euro sign stands where the report's language puts it."""
    if kind == people.SHARE:
        return "0.0%"
    if kind == people.MONEY:
        before, after = d3_format_locale(lang)["currency"]
        return "".join((f'"{before}"' if before else "", "#,##0", f'"{after}"' if after else ""))
    if kind == people.COUNT:
        return "#,##0"
    if kind == people.DECIMAL:
        return "#,##0.00"
    if kind == people.YEAR:
        return "0"
    return None


def _widths(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    lang: str,
    columns: tuple[str, ...] | None = None,
) -> tuple[float, ...]:
    """Each column as wide as its longest header word run or formatted value, within bounds."""
    longest = [float(len(header)) for header in headers]
    for row in rows:
        for index, value in enumerate(row):
            if index >= len(longest):
                break
            shown = value if isinstance(value, str) or columns is None else people.cell(columns[index], value, lang)
            longest[index] = max(longest[index], float(len(str(shown))))
    return tuple(min(MAX_WIDTH, max(MIN_WIDTH, width + 2)) for width in longest)
