"""Interface languages (English, Dutch, French): the message catalogue (``sppmon.messages``), the choice of
language (query parameter, then cookie, then the browser's Accept-Language); numbers, shares, amounts and
dates are formatted by ``sppmon.localize``."""

from __future__ import annotations

from sppmon import messages
from sppmon.localize import LOCALES, Formatter

__all__ = ["LANGUAGES", "LOCALES", "Formatter", "catalogue", "choose_language", "translate"]

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
