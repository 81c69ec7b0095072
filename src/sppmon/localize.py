"""Numbers, shares, amounts and dates as people read them in English, Dutch and French: Babel with the
Belgian locales (``nl_BE``, ``fr_BE``) and British English (``en_GB``).

Below the web app and the reports, so that a page, a report and a chart write ``1.234,5`` or ``1 234,5``
the same way. Every figure keeps its figure: a share is a percentage, an amount carries its currency where
the locale puts it (``€ 1.250`` in Dutch, ``1 250 €`` in French), and the pieces of one figure are joined by
non-breaking spaces, so that a line never breaks inside it.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeGuard

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent

LANGUAGES = ("en", "nl", "fr")
LOCALES = {"en": "en_GB", "nl": "nl_BE", "fr": "fr_BE"}
MISSING = "–"  # an unknown figure: never a fake 0
NO_BREAK = "\u00a0"
_BREAKABLE = (" ", "\u2009")  # spaces a browser may break a line at; the locale data uses them in patterns


def locale_of(lang: str) -> str:
    """The Babel locale of an interface language (``en`` for an unknown one)."""
    return LOCALES.get(lang, LOCALES["en"])


def _unbroken(text: str) -> str:
    for space in _BREAKABLE:
        text = text.replace(space, NO_BREAK)
    return text


def _is_number(value: object) -> TypeGuard[int | float | Decimal]:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


class Formatter:
    """The figures of one language. Every method takes what a store or an indicator holds (None for an
    unknown value) and gives text; anything that is not a number is shown as it is."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else "en"
        self.locale = LOCALES[self.lang]

    def number(self, value: object, digits: int = 0) -> str:
        """A whole number (or ``digits`` decimals), grouped: 1,471 · 1.471 · 1 471."""
        if value is None or value == "":
            return MISSING
        if not _is_number(value):
            return str(value)
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return _unbroken(format_decimal(value, format=pattern, locale=self.locale))

    def decimal(self, value: object, digits: int = 2) -> str:
        """A measure with up to ``digits`` decimals (trailing zeros dropped): 3.32 · 3,32."""
        if value is None or value == "":
            return MISSING
        if not _is_number(value):
            return str(value)
        pattern = "#,##0" + ("." + "#" * digits if digits else "")
        return _unbroken(format_decimal(value, format=pattern, locale=self.locale))

    def share(self, value: object, digits: int = 1) -> str:
        """A fraction (0.253) as a percentage with the locale's sign and spacing: 25.3% · 25,3% · 25,3 %."""
        if not _is_number(value):
            return MISSING
        return _unbroken(format_percent(value, format=self._percent_pattern(digits), locale=self.locale))

    def points(self, value: object, digits: int = 1) -> str:
        """A difference of two shares in percentage points, with its sign: +1.4 · −0,6."""
        if not _is_number(value):
            return MISSING
        number = float(value) * 100
        sign = "+" if number > 0 else "−" if number < 0 else ""
        return sign + self.number(abs(round(number, digits)), digits)

    def money(self, value: object, currency: str | None = "EUR", digits: int = 0) -> str:
        """An amount with its currency where the locale puts it: €1,250 · € 1.250 · 1 250 €."""
        if not _is_number(value):
            return MISSING
        if not currency:
            return self.number(value, digits)
        pattern = self._currency_pattern(digits)
        text = format_currency(value, currency, format=pattern, locale=self.locale, currency_digits=False)
        return _unbroken(text)

    def date(self, value: object) -> str:
        """A date in the locale's medium form: 6 Sept 2025 · 6 sep. 2025 · 6 sept. 2025."""
        if isinstance(value, datetime):
            value = value.date()
        if not isinstance(value, date):
            return MISSING if value is None else str(value)
        return _unbroken(format_date(value, format="medium", locale=self.locale))

    def moment(self, value: object) -> str:
        """A date and time (a datetime, or its ISO text) in the locale's medium form."""
        moment = value
        if isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                return value
        if not isinstance(moment, datetime):
            return MISSING if value is None else str(value)
        return _unbroken(format_datetime(moment, format="medium", locale=self.locale, tzinfo=moment.tzinfo))

    def duration(self, seconds: object) -> str:
        """A duration as hours:minutes:seconds."""
        if not _is_number(seconds):
            return MISSING
        whole = round(float(seconds))
        return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"

    def _percent_pattern(self, digits: int) -> str:
        return _with_digits(_positive(Locale.parse(self.locale).percent_formats[None].pattern), digits)

    def _currency_pattern(self, digits: int) -> str:
        return _with_digits(_positive(Locale.parse(self.locale).currency_formats["standard"].pattern), digits)


def _positive(pattern: str) -> str:
    return pattern.split(";", maxsplit=1)[0]


def _with_digits(pattern: str, digits: int) -> str:
    """The locale's pattern with exactly ``digits`` decimals (``#,##0.00 ¤`` → ``#,##0 ¤`` for 0)."""
    start = pattern.find("0")
    end = start
    while end < len(pattern) and pattern[end] in "0#,.":
        end += 1
    integer = pattern[start:end].split(".", maxsplit=1)[0]
    decimals = "." + "0" * digits if digits else ""
    return pattern[:start] + integer + decimals + pattern[end:]


@functools.cache
def chart_locale(lang: str) -> dict[str, Any]:
    """The number-format locale of Vega charts (d3-format's definition) for ``lang``, from the same Babel
    data as the pages: decimal mark, grouping, currency placement and the percent sign's spacing."""
    locale = Locale.parse(locale_of(lang))
    symbols = locale.number_symbols.get("latn", locale.number_symbols)
    currency = _positive(locale.currency_formats["standard"].pattern)
    sign = locale.currency_symbols.get("EUR", "€")
    before, _, after = currency.partition("#")
    after = after[after.rfind("0") + 1 :] if "0" in after else after
    percent = _positive(locale.percent_formats[None].pattern)
    return {
        "decimal": symbols["decimal"],
        "thousands": _unbroken(symbols["group"]),
        "grouping": [3],
        "currency": [_unbroken(before.replace("¤", sign)), _unbroken(after.replace("¤", sign))],
        "percent": _unbroken(percent[percent.rfind("0") + 1 :]) or "%",
    }


def country_name(code: str, lang: str, sdk_folder: str | None = None) -> str:
    """A country's name in ``lang`` from its ISO code (``BEL`` or ``BE``): the eForms SDK's label when an SDK
    folder is configured, else the locale data's territory name; the code itself when neither knows it."""
    from . import labels

    text = code.strip().upper()
    found = labels.label("country", text, lang, sdk_folder) if len(text) == 3 else None
    if found:
        return found
    alpha2 = _alpha2(text)
    names = Locale.parse(locale_of(lang)).territories
    return str(names.get(alpha2, code)) if alpha2 else code


@functools.cache
def _alpha2(code: str) -> str | None:
    import pycountry

    if len(code) == 2 and code.isalpha():
        return code
    found = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    return str(found.alpha_2) if found else None


def language_name(code: str, lang: str) -> str:
    """A language's name in ``lang`` from its ISO 639 code (``NLD``, ``nld`` or ``nl``); the code when unknown."""
    import pycountry

    text = code.strip().lower()
    found = pycountry.languages.get(alpha_3=text) if len(text) == 3 else None
    if found is None and len(text) == 3:
        found = pycountry.languages.get(bibliographic=text)
    alpha2 = getattr(found, "alpha_2", None) if found is not None else (text if len(text) == 2 else None)
    names = Locale.parse(locale_of(lang)).languages
    return str(names.get(alpha2, code)) if alpha2 else code
