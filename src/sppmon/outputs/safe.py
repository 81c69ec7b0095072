"""Spreadsheet-safe cells: text that a spreadsheet would run as a formula is neutralised.

Cells starting with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return, which some programs strip before
looking) get a leading apostrophe. Numbers stay numbers: only strings are touched, so ``-12.5`` written as a
number is unchanged while the text ``"-1+1"`` is not.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO, Any

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def write_csv(handle: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow([safe_cell(name) for name in header])
    count = 0
    for row in rows:
        writer.writerow(["" if value is None else safe_cell(value) for value in row])
        count += 1
    return count
