"""XLSX workbooks: one sheet per table, formula-safe text cells, numbers as numbers, written atomically."""

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


@dataclass(frozen=True, slots=True)
class Sheet:
    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    notes: Sequence[str] = ()


def sheet_title(title: str, taken: set[str]) -> str:
    """An Excel-valid, unique sheet name (≤ 31 characters, no []:*?/\\)."""
    base = _SHEET_FORBIDDEN.sub("-", title).strip("' ")[:31] or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def cell(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    text = _CONTROL.sub("", str(value))
    return safe_cell(text)


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

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
        if sheet.notes:
            worksheet.append([])
            for note in sheet.notes:
                worksheet.append([cell(note)])
        worksheet.freeze_panes = "A2"
    with atomic_binary_file(path) as handle:
        workbook.save(handle)
