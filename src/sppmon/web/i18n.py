"""Interface languages (English, Dutch, French): the message catalogue (``sppmon.messages``), the choice of
language (query parameter, then cookie, then the browser's Accept-Language) and Babel formatting of numbers,
shares, amounts and dates per language."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from sppmon import messages

LANGUAGES = ("en", "nl", "fr")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands", "fr": "Français"}
# Belgian conventions for Dutch and French; British English (day month year, comma for thousands).
LOCALES = {"en": "en_GB", "nl": "nl_BE", "fr": "fr_BE"}
COOKIE = "sppmon_lang"


def catalogue() -> dict[str, dict[str, str]]:
    """key → {language → text}: the project's one catalogue (``sppmon.messages``)."""
    return messages.catalogue()


def translate(key: str, lang: str, **values: object) -> str:
    """The message ``key`` in ``lang``; unknown keys raise, so that a missing text is caught by the tests."""
    text = catalogue()[key][lang]
    return text.format(**values) if values else text


def choose_language(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    for candidate in (query, cookie):
        if candidate and candidate.lower()[:2] in LANGUAGES:
            return candidate.lower()[:2]
    return best_accepted(accept_language or "")


def best_accepted(header: str) -> str:
    """The preferred supported language of an Accept-Language header."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        lang = tag.strip().lower()[:2]
        if lang in LANGUAGES and quality > 0:
            weighted.append((-quality, index, lang))
    return min(weighted)[2] if weighted else DEFAULT_LANGUAGE


class Formatter:
    """Numbers, shares, amounts and dates in the conventions of one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = LOCALES[lang]

    def number(self, value: object, digits: int = 0) -> str:
        if value is None or value == "":
            return "–"
        if isinstance(value, bool):
            return str(value)
        if not isinstance(value, int | float | Decimal):
            return str(value)
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def share(self, value: object, digits: int = 1) -> str:
        if value is None or not isinstance(value, int | float | Decimal):
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits else "") + " %"
        return format_percent(value, format=pattern, locale=self.locale)

    def money(self, value: object, currency: str | None = "EUR") -> str:
        if value is None or not isinstance(value, int | float | Decimal):
            return "–"
        if not currency:
            return self.number(value)
        return format_currency(value, currency, format="¤ #,##0", locale=self.locale, currency_digits=False)

    def date(self, value: object) -> str:
        if isinstance(value, datetime):
            value = value.date()
        if not isinstance(value, date):
            return "–" if value is None else str(value)
        return format_date(value, format="medium", locale=self.locale)

    def duration(self, seconds: object) -> str:
        if seconds is None or not isinstance(seconds, int | float):
            return "–"
        whole = round(seconds)
        return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
