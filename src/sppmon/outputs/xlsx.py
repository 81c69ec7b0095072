"""XLSX workbooks: one sheet per table, formula-safe text cells, numbers as numbers (with a number format per
column where the caller gives one: percent, euro, grouped counts), the header row frozen, column widths to
content where given, written atomically."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomic import atomic_binary_file
from .safe import safe_cell

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
HIGHLIGHT_FILL = "FDECEA"  # the tint of highlighted rows in the HTML and PDF reports (tr.highlight)


@dataclass(frozen=True, slots=True)
class Sheet:
    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    notes: Sequence[str] = ()
    formats: Sequence[str | None] = ()  # Excel number format of each column (None: General)
    widths: Sequence[float] = ()  # width of each column, in characters
    highlight: Sequence[int] = ()  # rows (0 = the first below the header) drawn out: bold on a tinted fill


def sheet_title(title: str, taken: set[str]) -> str:
    """An Excel-valid, unique sheet name (≤ 31 characters, no []:*?/\\); a longer title is shortened at a
    word boundary, never in the middle of a word."""
    base = _shortened(_SHEET_FORBIDDEN.sub("-", title).strip("' "), 31) or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = _shortened(base, 31 - len(suffix)) + suffix, number + 1
    taken.add(name.lower())
    return name


def _shortened(title: str, limit: int) -> str:
    if len(title) <= limit:
        return title
    if " (" in title:  # an explanation in brackets goes first
        return _shortened(re.sub(r" \([^)]*\)", "", title), limit)
    words = title[: limit + 1].split(" ")[:-1]  # the last word may be cut: drop it
    while len(words) > 1 and (len(words[-1]) <= 3 or not words[-1][-1:].isalnum()):
        words.pop()  # no title ends on "de", "van", "(", "—" or a comma
    return " ".join(words) or title[:limit]


def cell(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    text = _CONTROL.sub("", str(value))
    return safe_cell(text)


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> None:
    workbook = _workbook(sheets)
    with atomic_binary_file(path) as handle:
        workbook.save(handle)


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The workbook as bytes (a download)."""
    import io

    handle = io.BytesIO()
    _workbook(sheets).save(handle)
    return handle.getvalue()


def _workbook(sheets: Sequence[Sheet]) -> Any:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    if workbook.active is not None:
        workbook.remove(workbook.active)
    taken: set[str] = set()
    for sheet in sheets or [Sheet("Empty", [], [])]:
        worksheet = workbook.create_sheet(sheet_title(sheet.title, taken))
        worksheet.append([cell(name) for name in sheet.columns])
        for header in worksheet[1]:
            header.font = Font(bold=True)
        for row in sheet.rows:
            worksheet.append([cell(value) for value in row])
        _layout(worksheet, sheet)
        _highlight(worksheet, sheet.highlight, PatternFill("solid", fgColor=HIGHLIGHT_FILL), Font(bold=True))
        if sheet.notes:
            worksheet.append([])
            for note in sheet.notes:
                worksheet.append([cell(note)])
        worksheet.freeze_panes = "A2"
    return workbook


def _highlight(worksheet: Any, rows: Sequence[int], fill: Any, font: Any) -> None:
    """The rows to draw out (the focus country among the countries) as in the HTML and PDF reports."""
    for index in rows:
        for value in worksheet[index + 2]:  # + 1 for the header, + 1 as Excel counts from 1
            value.fill, value.font = fill, font


def _layout(worksheet: Any, sheet: Sheet) -> None:
    """Number formats per column (rows below the header) and column widths."""
    from openpyxl.utils import get_column_letter

    for index, number_format in enumerate(sheet.formats, 1):
        if not number_format:
            continue
        for (value,) in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
            value.number_format = number_format
    for index, width in enumerate(sheet.widths, 1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
