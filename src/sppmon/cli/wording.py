"""Texts and numbers of command-line tables for people, in the language of ``--lang``: texts from the message
catalogue, numbers in the locale's format, languages and evidence fields by their names. Machine outputs
(``--format json``, CSV files) do not come here: they keep codes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from .. import localefmt, messages

LANGUAGES = ("en", "nl", "fr")


def lang_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True, help=help_text)


def t(key: str, lang: str, **values: object) -> str:
    """The catalogue's text ``key`` in ``lang`` (English when it lacks one), with ``values`` filled in."""
    texts = messages.catalogue()[key]
    text = texts.get(lang) or texts["en"]
    return text.format(**values) if values else text


def named(value: str, lang: str, *prefixes: str) -> str:
    """The catalogue's name of ``value`` under the first prefix that has one; else the value as it is."""
    catalogue = messages.catalogue()
    for prefix in prefixes:
        if f"{prefix}{value}" in catalogue:
            return t(f"{prefix}{value}", lang)
    return value


def count(value: int, lang: str) -> str:
    return localefmt.number(value, lang)


def ratio(value: float | None, lang: str) -> str:
    """A precision, recall or F1 between 0 and 1, two decimals in the locale's format."""
    return localefmt.EMPTY if value is None else localefmt.number(value, lang, 2)


def share(value: float | None, lang: str) -> str:
    return localefmt.EMPTY if value is None else localefmt.share(value, lang)


@functools.cache
def language_name(code: str, lang: str) -> str:
    """A language's name in ``lang`` with its code (“Nederlands (nl)”), from a two- or three-letter code."""
    import pycountry
    from babel import Locale

    lowered = code.lower()
    found = pycountry.languages.get(alpha_2=lowered) if len(lowered) == 2 else None
    if found is None and len(lowered) == 3:
        found = pycountry.languages.get(alpha_3=lowered) or pycountry.languages.get(bibliographic=lowered)
    alpha_2 = getattr(found, "alpha_2", None) if found is not None else None
    name = Locale.parse(localefmt.locale_of(lang)).languages.get(alpha_2) if alpha_2 else None
    return f"{name} ({code})" if name else code
