"""Tables for people as CSV and XLSX files, in one language: the caller gives translated headers, codes already
by their labels and numbers as numbers with the kind of each column (share, money, count, decimal, year).

CSV: Excel in Belgium splits a line on ``;`` and reads ``25,5`` as a number (its list separator follows the
decimal comma), so Dutch and French files use both, English ones ``,`` and ``25.5``; shares are written as
percentages (``25,5%``), which Excel reads as numbers in percent format; a byte-order mark tells Excel the
file is UTF-8. XLSX: numbers stay numbers, with percent, euro and grouped formats (Excel shows the
separators of the reader's own settings), columns as wide as their content, the header row frozen.
Machine formats (the JSON API, ``--format json``, the CSV of ``--format csv`` without ``--lang``) keep codes
and do not come here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from babel import Locale

from ..localefmt import d3_format_locale, locale_of
from .safe import safe_cell
from .xlsx import Sheet

SHARE, MONEY, COUNT, DECIMAL, YEAR = "share", "money", "count", "decimal", "year"
MIN_WIDTH, MAX_WIDTH = 8.0, 60.0
BOM = "\ufeff"


def delimiter(lang: str) -> str:
    return "," if lang == "en" else ";"


def number_format(kind: str | None, lang: str) -> str | None:
    """The Excel number format of a column kind; the euro sign stands where ``lang`` puts it."""
    if kind == SHARE:
        return "0.0%"
    if kind == MONEY:
        before, after = d3_format_locale(lang)["currency"]
        return "".join((f'"{before}"' if before else "", "#,##0", f'"{after}"' if after else ""))
    if kind == COUNT:
        return "#,##0"
    if kind == DECIMAL:
        return "#,##0.00"
    if kind == YEAR:
        return "0"
    return None


def csv_value(value: Any, kind: str | None, lang: str) -> str:
    """One CSV cell: text as it is (formula-safe), numbers with the language's decimal sign, shares as
    percentages, no thousands separator (Excel would read "1.781" as a decimal in English settings)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(safe_cell(str(value)))
    if kind == SHARE:
        return _plain(round(float(value) * 100, 2), lang) + "%"
    return _plain(value, lang)


def _plain(value: int | float | Decimal, lang: str) -> str:
    text = str(value) if isinstance(value, int) else f"{float(value):.6f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.replace(".", Locale.parse(locale_of(lang)).number_symbols["latn"]["decimal"])


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Any]], kinds: Sequence[str | None], lang: str) -> str:
    handle = io.StringIO()
    writer = csv.writer(handle, delimiter=delimiter(lang), lineterminator="\r\n")
    writer.writerow([safe_cell(header) for header in headers])
    for row in rows:
        writer.writerow([csv_value(value, kind, lang) for value, kind in zip(row, kinds, strict=False)])
    return BOM + handle.getvalue()


def sheet(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    kinds: Sequence[str | None],
    lang: str,
    notes: Sequence[str] = (),
    highlight: Sequence[int] = (),
) -> Sheet:
    """An XLSX sheet for people: formats per column kind and widths to content; ``highlight`` rows drawn out."""
    formats = tuple(number_format(kind, lang) for kind in kinds)
    return Sheet(title, headers, rows, notes, formats, widths(headers, rows), tuple(highlight))


def widths(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> tuple[float, ...]:
    """Each column as wide as its header or its widest value (numbers with room for separators)."""
    longest = [float(len(header)) for header in headers]
    for row in rows:
        for index, value in enumerate(row[: len(longest)]):
            size = len(value) if isinstance(value, str) else len(str(value)) * 1.3
            longest[index] = max(longest[index], float(size))
    return tuple(min(MAX_WIDTH, max(MIN_WIDTH, width + 2)) for width in longest)
