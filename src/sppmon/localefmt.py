"""Numbers, shares, amounts and dates as people read them in one language, by Babel: Belgian conventions for
Dutch and French (``nl_BE``, ``fr_BE``), British English (``en_GB``).

Below the web layer, so that reports, downloads, the command line and the web pages format alike. Each
function takes the value and the language (``en``, ``nl``, ``fr``; anything else is English) and returns the
text; an absent value is ``–``. Numbers are formatted by :mod:`.numberfmt` (Babel's output, with the pattern
read once per locale). Patterns come from the locale (where the euro sign stands, the space before
``%`` in French, the group separator), only the number of decimals is chosen here. Spaces inside a formatted
value are no-break spaces, so that ``€`` or ``%`` never wraps onto a line of its own.

:func:`d3_format_locale` gives the same conventions to the Vega-Lite charts (their ``formatLocale``).
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeGuard

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_percent

from .numberfmt import formatter

LANGUAGES = ("en", "nl", "fr")
LOCALES = {"en": "en_GB", "nl": "nl_BE", "fr": "fr_BE"}
EMPTY = "–"
_NUMBER = int | float | Decimal


def locale_of(lang: str) -> str:
    """The Babel locale of a language (English for an unknown one)."""
    return LOCALES.get(lang, LOCALES["en"])


def _is_number(value: object) -> TypeGuard[int | float | Decimal]:
    return isinstance(value, _NUMBER) and not isinstance(value, bool)


def _decimals(digits: int) -> str:
    return "." + "0" * digits if digits > 0 else ""


def number(value: object, lang: str, digits: int = 0) -> str:
    """A number with the locale's group and decimal separators and exactly ``digits`` decimals."""
    if not _is_number(value):
        return EMPTY if value is None else str(value)
    return formatter("#,##0" + _decimals(digits), locale_of(lang))(value)


def decimal(value: object, lang: str, max_digits: int = 2) -> str:
    """A number with up to ``max_digits`` decimals (no trailing zeros): averages, quantities."""
    if not _is_number(value):
        return EMPTY if value is None else str(value)
    return formatter("#,##0." + "#" * max_digits, locale_of(lang))(value)


def year(value: object) -> str:
    """A year or another whole number that is a name, not a quantity: never grouped (2025, not 2.025)."""
    return EMPTY if value is None else str(value)


@functools.cache
def _percent_pattern(lang: str, digits: int) -> str:
    pattern = str(Locale.parse(locale_of(lang)).percent_formats[None].pattern)
    return pattern.replace("#,##0", "#,##0" + _decimals(digits))


def share(value: object, lang: str, digits: int = 1) -> str:
    """A share given as a fraction (0.255) as a percentage in the locale's pattern: 25,5% · 25,5 % · 25.5%."""
    if not _is_number(value):
        return EMPTY if value is None else str(value)
    return formatter(_percent_pattern(lang, digits), locale_of(lang))(value)


@functools.cache
def _currency_pattern(lang: str, digits: int) -> str:
    pattern = str(Locale.parse(locale_of(lang)).currency_formats["standard"].pattern)
    return pattern.replace("0.00", "0" + _decimals(digits))


def money(value: object, lang: str, currency: str | None = "EUR", digits: int = 0) -> str:
    """An amount with its currency sign where the locale puts it (€ 1.234 · 1 234 € · €1,234); without a
    currency, the plain number."""
    if not _is_number(value):
        return EMPTY if value is None else str(value)
    if not currency:
        return number(value, lang, digits)
    return formatter(_currency_pattern(lang, digits), locale_of(lang), currency)(value)


def day(value: object, lang: str, length: str = "long") -> str:
    """A date in words (3 december 2026 · 3 décembre 2026 · 3 December 2026); ISO text is parsed first."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return str(value)
    if not isinstance(value, date):
        return EMPTY if value is None else str(value)
    return format_date(value, format=length, locale=locale_of(lang))


@functools.cache
def d3_format_locale(lang: str) -> dict[str, Any]:
    """The d3-format locale (Vega's ``formatLocale``) with the separators, currency position and percent sign
    of the Babel locale, so that chart axes read like the tables beside them."""
    locale = Locale.parse(locale_of(lang))
    symbols = locale.number_symbols["latn"]
    sample = money(1, lang, "EUR")  # where the euro sign goes, and with which space
    prefix, _, suffix = sample.partition("1")
    percent = format_percent(0.01, format=_percent_pattern(lang, 0), locale=locale_of(lang)).replace("1", "", 1)
    return {
        "decimal": symbols["decimal"],
        "thousands": symbols["group"],
        "grouping": [3],
        "currency": [prefix, suffix],
        "percent": percent,
        "minus": "\u2212",
        "nan": EMPTY,
    }
