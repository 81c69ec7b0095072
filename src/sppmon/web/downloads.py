"""The CSV and XLSX downloads of the pages' tables, for people in the page's language: the columns as the page
titles them, codes and closed values by their names, numbers as numbers (with percent, euro and grouped formats
in XLSX, the language's decimal sign in CSV, see :mod:`sppmon.outputs.people`). The JSON API keeps codes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..outputs import people as files
from ..outputs.xlsx import xlsx_bytes
from .tables import Column, DataTable, display

if TYPE_CHECKING:
    from .context import Env

# Column kinds of the web tables whose values stay numbers in a file, and the file kind that formats them.
_NUMBERS = {
    "int": files.COUNT,
    "float": files.DECIMAL,
    "decimal": files.DECIMAL,
    "share": files.SHARE,
    "points": files.SHARE,
    "money": files.MONEY,
}


def _kind(column: Column) -> str | None:
    return _NUMBERS.get(column.kind)


def _value(env: Env, column: Column, value: Any) -> Any:
    """A number stays a number where the column holds numbers (a year in a text column too); everything else
    is shown as the page shows it."""
    if isinstance(value, bool) or value is None:
        return display(env, column, value) if value is not None or column.kind == "result" else None
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, int | float) and (_kind(column) or column.kind == "text"):
        return value
    if isinstance(value, date) and column.kind == "date":  # ISO dates: Excel reads them in every language
        return value.isoformat()[:10]
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return display(env, column, value)


def _table(env: Env, data: DataTable) -> tuple[list[str], list[list[Any]], list[str | None]]:
    headers = [column.label for column in data.columns]
    rows = [[_value(env, column, row.get(column.key)) for column in data.columns] for row in data.rows]
    return headers, rows, [_kind(column) for column in data.columns]


def people_csv(env: Env, data: DataTable) -> str:
    headers, rows, kinds = _table(env, data)
    return files.csv_text(headers, rows, kinds, env.lang)


def people_xlsx(env: Env, data: DataTable) -> bytes:
    headers, rows, kinds = _table(env, data)
    return xlsx_bytes([files.sheet(data.title or data.name, headers, rows, kinds, env.lang)])
