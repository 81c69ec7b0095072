"""An indicator result as table text, CSV, JSON or XLSX (formula-safe, numbers as numbers)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from ..outputs.safe import write_csv
from ..outputs.xlsx import Sheet, write_xlsx
from .base import IndicatorResult

FORMATS = ("table", "csv", "json", "xlsx")
_SHARE_SUFFIXES = ("_share", "_coverage")


def as_json(result: IndicatorResult) -> str:
    """A list of row objects keyed by the column names."""
    return json.dumps([{name: row.get(name) for name in result.columns} for row in result.rows], ensure_ascii=False)


def as_csv(result: IndicatorResult) -> str:
    buffer = io.StringIO()
    write_csv(buffer, result.columns, ([row.get(name) for name in result.columns] for row in result.rows))
    return buffer.getvalue()


def write_result_xlsx(result: IndicatorResult, path: Path, lang: str = "en") -> None:
    rows = [[row.get(name) for name in result.columns] for row in result.rows]
    notes = [f"{result.call()}", *result.notes_in(lang)]
    write_xlsx(path, [Sheet(result.indicator.code, result.columns, rows, notes)])


def display(value: object, column: str) -> str:
    """A cell for people: shares as percentages, euros and counts with thousands separators."""
    if value is None:
        return "–"
    if isinstance(value, float) and column.endswith(_SHARE_SUFFIXES):
        return f"{value * 100:.1f} %"
    if isinstance(value, float):
        return f"{value:,.2f}" if column.startswith("value_eur") else f"{value:,.6g}"
    if isinstance(value, int) and not isinstance(value, bool) and column != "year":
        return f"{value:,}"
    return str(value)
