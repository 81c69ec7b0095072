"""Interface languages (English, Dutch, French): the message catalogue (``sppmon.messages``), the choice of
language (query parameter, then cookie, then the browser's Accept-Language), and :class:`Formatter`, the
figures of one language for the templates (Babel, through ``sppmon.localefmt``, as the reports)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TypeGuard

from babel.dates import format_datetime

from sppmon import localefmt, messages
from sppmon.localefmt import EMPTY, LOCALES

__all__ = ["EMPTY", "LANGUAGES", "LOCALES", "Formatter", "catalogue", "choose_language", "translate"]

LANGUAGES = ("en", "nl", "fr")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands", "fr": "Français"}
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


NO_BREAK = "\u00a0"


def _unbroken(text: str) -> str:
    """A figure whose parts never wrap apart (the locale data already joins €, % and groups without a break;
    Babel's date and time patterns use ordinary spaces)."""
    return text.replace(" ", NO_BREAK)


class Formatter:
    """Numbers, shares, amounts and dates in the conventions of one language; an unknown value is ``–``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = localefmt.locale_of(lang)

    def number(self, value: object, digits: int = 0) -> str:
        """A count or amount, grouped: 1,471 · 1.471 · 1 471."""
        return EMPTY if value == "" else localefmt.number(value, self.lang, digits)

    def decimal(self, value: object, digits: int = 2) -> str:
        """A measure with up to ``digits`` decimals: 3.32 · 3,32."""
        return EMPTY if value == "" else localefmt.decimal(value, self.lang, digits)

    def share(self, value: object, digits: int = 1) -> str:
        """A fraction as a percentage: 25.3% · 25,3% · 25,3 %."""
        return localefmt.share(value, self.lang, digits) if _is_number(value) else EMPTY

    def points(self, value: object, digits: int = 1) -> str:
        """A difference of two shares in percentage points, signed: +1.4 · −0,6."""
        if not _is_number(value):
            return EMPTY
        number = round(float(value) * 100, digits)
        sign = "+" if number > 0 else "\u2212" if number < 0 else ""
        return sign + localefmt.number(abs(number), self.lang, digits)

    def money(self, value: object, currency: str | None = "EUR", digits: int = 0) -> str:
        """An amount with its currency where the locale puts it: €1,250 · € 1.250 · 1 250 €."""
        return localefmt.money(value, self.lang, currency, digits) if _is_number(value) else EMPTY

    def date(self, value: object) -> str:
        """A date, short enough for a table: 6 Sept 2025 · 6 sep 2025 · 6 sept. 2025."""
        return _unbroken(localefmt.day(value, self.lang, "medium"))

    def moment(self, value: object) -> str:
        """A date and time (a datetime, or its ISO text)."""
        moment = value
        if isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                return value
        if not isinstance(moment, datetime):
            return EMPTY if value is None else str(value)
        return _unbroken(format_datetime(moment, format="medium", locale=self.locale, tzinfo=moment.tzinfo))

    def duration(self, seconds: object) -> str:
        """A duration as hours:minutes:seconds."""
        if not _is_number(seconds):
            return EMPTY
        whole = round(float(seconds))
        return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _is_number(value: object) -> TypeGuard[int | float | Decimal]:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)
