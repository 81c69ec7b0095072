"""A report as an XLSX workbook for people: one sheet per table under its title in the report's language
(shortened at a word boundary), headers and code labels translated, numbers kept as numbers with percent, euro
and grouped formats, columns as wide as their content, the header row frozen; a last sheet lists the
``sppmon indicators`` calls."""

from __future__ import annotations

from ..indicators import columns as people
from ..outputs import people as files
from ..outputs.xlsx import Sheet
from .document import Document
from .texts import t

SHEET_LIMIT = 31  # Excel's longest sheet name


def xlsx_sheets(doc: Document) -> list[Sheet]:
    lang = doc.lang
    sheets = [
        files.sheet(
            block.title if len(block.title) <= SHEET_LIMIT else (block.sheet or block.title),
            block.headers,
            block.rows,
            kinds(block.columns),
            lang,
            (*block.calls, *block.notes),
            block.highlight,
        )
        for block in doc.tables
    ]
    calls = list(enumerate(doc.calls, 1))
    sheets.append(files.sheet(t("sheet.calls", lang), ("#", t("command", lang)), calls, (files.COUNT, None), lang))
    return sheets


def kinds(columns: tuple[str, ...]) -> tuple[str | None, ...]:
    """The file kind of each indicator column (texts and codes: none)."""
    shown = {people.SHARE: files.SHARE, people.MONEY: files.MONEY, people.COUNT: files.COUNT}
    shown |= {people.DECIMAL: files.DECIMAL, people.YEAR: files.YEAR}
    return tuple(shown.get(people.kind(column)) for column in columns)
