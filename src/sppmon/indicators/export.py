"""An indicator result as table text, CSV, JSON or XLSX (formula-safe, numbers as numbers).

Machine forms (:func:`as_json`, :func:`as_csv`) keep the column names and codes. Forms for people
(:func:`people_table`: the terminal table, CSV in a language, XLSX) title the columns, name the codes in the
chosen language and format numbers the way it does (:mod:`.columns`, :mod:`sppmon.outputs.people`)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from ..outputs import people as files
from ..outputs.safe import write_csv
from ..outputs.xlsx import write_xlsx
from . import columns
from .base import IndicatorResult

FORMATS = ("table", "csv", "json", "xlsx")
_FILE_KINDS = {
    columns.SHARE: files.SHARE,
    columns.MONEY: files.MONEY,
    columns.COUNT: files.COUNT,
    columns.DECIMAL: files.DECIMAL,
    columns.YEAR: files.YEAR,
}


def as_json(result: IndicatorResult) -> str:
    """A list of row objects keyed by the column names."""
    return json.dumps([{name: row.get(name) for name in result.columns} for row in result.rows], ensure_ascii=False)


def as_csv(result: IndicatorResult) -> str:
    buffer = io.StringIO()
    write_csv(buffer, result.columns, ([row.get(name) for name in result.columns] for row in result.rows))
    return buffer.getvalue()


def people_table(result: IndicatorResult, lang: str) -> tuple[list[str], list[list[object]], list[str | None]]:
    """Headers, rows and file kinds of a result for people in ``lang``: column titles, codes by their labels,
    numbers as numbers."""
    code_list = columns.code_list_of(result)
    shown = list(result.columns)
    named = "buyer_name" in shown  # beside the buyer's name, the buyer column holds its key
    variant = result.variant  # a detected "none" is titled "examined, nothing found"
    headers = [
        columns.title("buyer_key" if named and name == "buyer" else name, lang, code_list, variant) for name in shown
    ]
    rows = [
        [columns.value_label(name, row.get(name), lang, code_list, variant) for name in shown] for row in result.rows
    ]
    kinds = [_FILE_KINDS.get(columns.kind(name)) for name in shown]
    return headers, rows, kinds


def as_people_csv(result: IndicatorResult, lang: str) -> str:
    headers, rows, kinds = people_table(result, lang)
    return files.csv_text(headers, rows, kinds, lang)


def write_result_xlsx(result: IndicatorResult, path: Path, lang: str = "en") -> None:
    headers, rows, kinds = people_table(result, lang)
    notes = [f"{result.call()}", *(columns.readable(note, lang) for note in result.notes_in(lang))]
    write_xlsx(path, [files.sheet(result.indicator.title(lang), headers, rows, kinds, lang, notes)])


def display(value: object, column: str, lang: str = "en") -> str:
    """A cell for people in ``lang``: shares as percentages, euros and counts in the locale's format, codes
    by their labels."""
    return columns.cell(column, value, lang)
