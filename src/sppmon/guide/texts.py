"""Texts of the guide's and the planning's outputs (command line and files) in English, Dutch and French.

They come from the project's one message catalogue, ``data/messages/*.tsv`` (key, en, nl, fr): the web
app reads the same file, so that a heading or a score explanation reads the same on the command line, in a
file and on a page. Keys used only here start with ``guide.cli.`` or ``plan.``.
"""

from __future__ import annotations

from sppmon import messages
from sppmon.numberfmt import Formatter, formatter

LANGUAGES = ("en", "nl", "fr")
# Belgian conventions for Dutch and French, British English: the same as the web app's.
_LOCALES = {"en": "en_GB", "nl": "nl_BE", "fr": "fr_BE"}


def _catalogue() -> dict[str, dict[str, str]]:
    return messages.catalogue()


def _lang(lang: str) -> str:
    return lang if lang in LANGUAGES else "en"


def text(key: str, lang: str = "en", **values: object) -> str:
    """The message ``key`` in ``lang`` (English for another language); an unknown key raises ``KeyError`` so
    that a missing text is caught by the tests, never printed as a key."""
    template = _catalogue()[key][_lang(lang)]
    return template.format(**values) if values else template


def colon(lang: str = "en") -> str:
    """The colon after a heading: French typography puts a (narrow) space before it."""
    return "\u202f:" if lang == "fr" else ":"


def number(value: float, lang: str = "en", digits: int = 0) -> str:
    """A number with the grouping and decimal mark of ``lang`` (1,250,000 · 1.250.000 · 1 250 000)."""
    return number_format(lang, digits)(value)


def number_format(lang: str = "en", digits: int = 0) -> Formatter:
    """The function :func:`number` applies, for a long list of numbers in one language."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return formatter(pattern, _LOCALES[_lang(lang)])


def share(value: float | None, lang: str = "en") -> str:
    """A share as a percentage with one decimal, or a dash when unknown."""
    return "–" if value is None else f"{number(value * 100, lang, 1)} %"
