"""Euro reference exchange rates by date, for converting published amounts to EUR.

A rate is the number of currency units per 1 EUR, valid from its date until the next entry of the same
currency. The package ships a rates file (``data/eur_rates.csv``); ``sppmon rates refresh FILE.csv`` merges a
newer file into the user's rates file (setting ``rates_file``), which then takes precedence. Two CSV layouts are
read: the long layout ``date,currency,rate`` and the wide layout of the ECB's historical file (``Date`` then one
column per currency, ``N/A`` for missing days).
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from . import settings
from .errors import CatalogedError
from .outputs.atomic import atomic_text_file

EURO = "EUR"
_HEADER = "# Euro reference exchange rates: units of the currency per 1 EUR, valid from the date on.\n"


@dataclass(frozen=True, slots=True)
class Rate:
    day: date
    currency: str
    per_euro: float


@dataclass(frozen=True, slots=True)
class RateTable:
    """Rates per currency, sorted by date. ``source`` says which file they came from."""

    dates: dict[str, tuple[date, ...]]
    values: dict[str, tuple[float, ...]]
    source: str

    @property
    def currencies(self) -> list[str]:
        return sorted(self.dates)

    def per_euro(self, currency: str, day: date | None) -> float | None:
        """Units of ``currency`` per EUR on ``day``: the latest rate on or before it, else the earliest known
        (amounts older than the table); ``None`` for a currency without rates."""
        currency = currency.upper()
        if currency == EURO:
            return 1.0
        days = self.dates.get(currency)
        if not days:
            return None
        if day is None:
            return self.values[currency][-1]
        index = bisect.bisect_right(days, day) - 1
        return self.values[currency][max(index, 0)]

    def to_eur(self, amount: float, currency: str, day: date | None) -> float | None:
        rate = self.per_euro(currency, day)
        return None if rate is None else amount / rate

    def rates(self) -> Iterator[Rate]:
        for currency in self.currencies:
            for day, value in zip(self.dates[currency], self.values[currency], strict=True):
                yield Rate(day, currency, value)


def table_of(rates: Iterable[Rate], source: str) -> RateTable:
    """A table from rates; a later rate for the same currency and date replaces an earlier one."""
    merged: dict[str, dict[date, float]] = {}
    for rate in rates:
        merged.setdefault(rate.currency, {})[rate.day] = rate.per_euro
    dates = {currency: tuple(sorted(by_day)) for currency, by_day in merged.items()}
    values = {currency: tuple(merged[currency][day] for day in dates[currency]) for currency in merged}
    return RateTable(dates, values, source)


def _invalid(source: str, line: int, message: str) -> CatalogedError:
    return CatalogedError("RATES_FILE_INVALID", f"{source} line {line}: {message}")


def _day(text: str, source: str, line: int) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise _invalid(source, line, f"date {text!r} is not YYYY-MM-DD") from None


def _rate_value(text: str, source: str, line: int, currency: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise _invalid(source, line, f"rate {text!r} of {currency} is not a number") from None
    if not value > 0 or value == float("inf"):
        raise _invalid(source, line, f"rate {text!r} of {currency} must be a positive number")
    return value


def _currency(text: str, source: str, line: int) -> str:
    code = text.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise _invalid(source, line, f"currency {text!r} is not a three-letter ISO 4217 code")
    return code


def parse_rates(text: str, source: str) -> list[Rate]:
    """Rates from CSV text in the long or the ECB wide layout; a precise RATES_FILE_INVALID error otherwise."""
    numbered = [
        (number, line)
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not numbered:
        raise CatalogedError("RATES_FILE_INVALID", f"{source}: no rates in the file")
    header_line, header_text = numbered[0]
    header = [name.strip() for name in next(csv.reader([header_text]))]
    lowered = [name.lower() for name in header]
    rows = [(number, next(csv.reader([line]))) for number, line in numbered[1:]]
    if lowered[:3] == ["date", "currency", "rate"]:
        return [_long_row(cells, source, number) for number, cells in rows]
    if lowered and lowered[0] == "date" and len(header) > 1:
        currencies = [_currency(name, source, header_line) if name else "" for name in header[1:]]
        return list(_wide_rows(rows, currencies, source))
    raise _invalid(source, header_line, "expected a header 'date,currency,rate' or 'Date,<currency>,...'")


def _long_row(cells: list[str], source: str, number: int) -> Rate:
    if len(cells) < 3:
        raise _invalid(source, number, "expected three values: date,currency,rate")
    currency = _currency(cells[1], source, number)
    return Rate(_day(cells[0], source, number), currency, _rate_value(cells[2].strip(), source, number, currency))


def _wide_rows(rows: list[tuple[int, list[str]]], currencies: list[str], source: str) -> Iterator[Rate]:
    for number, cells in rows:
        day = _day(cells[0], source, number)
        for currency, cell in zip(currencies, cells[1:], strict=False):
            value = cell.strip()
            if currency and value and value.upper() != "N/A":
                yield Rate(day, currency, _rate_value(value, source, number, currency))


SHIPPED_SOURCE = "shipped rates (sppmon/data/eur_rates.csv)"


def rates_file() -> Path:
    return Path(str(settings.get("rates_file")))


def _shipped_text() -> str:
    return resources.files("sppmon.data").joinpath("eur_rates.csv").read_text(encoding="utf-8")


@functools.cache
def _load(path: str, stamp: float) -> RateTable:
    text = Path(path).read_text(encoding="utf-8") if path else _shipped_text()
    source = path or SHIPPED_SOURCE
    return table_of(parse_rates(text, source), source)


def load_rates() -> RateTable:
    """The user's rates file when it exists, else the shipped one (cached until the file changes)."""
    path = rates_file()
    if path.is_file():
        return _load(str(path), path.stat().st_mtime)
    return _load("", 0.0)


@dataclass(frozen=True, slots=True)
class RefreshSummary:
    read: int
    currencies: int
    first: date
    last: date
    target: Path


def refresh_rates(source: Path) -> RefreshSummary:
    """Merge the rates of ``source`` into the user's rates file (new values win); all or nothing."""
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogedError("RATES_FILE_INVALID", f"{source}: cannot be read: {exc}") from None
    new = parse_rates(text, str(source))
    if not new:
        raise CatalogedError("RATES_FILE_INVALID", f"{source}: no rates in the file")
    merged = table_of([*load_rates().rates(), *new], "merged")
    target = rates_file()
    with atomic_text_file(target) as handle:
        handle.write(_HEADER)
        handle.write(render_rates(merged))
    _load.cache_clear()
    days = [rate.day for rate in new]
    return RefreshSummary(len(new), len({rate.currency for rate in new}), min(days), max(days), target)


def render_rates(table: RateTable) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["date", "currency", "rate"])
    for rate in table.rates():
        writer.writerow([rate.day.isoformat(), rate.currency, repr(rate.per_euro)])
    return buffer.getvalue()
