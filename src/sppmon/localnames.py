"""Names of countries and languages in English, Dutch and French, from their codes: ``BEL`` is "België" on a
Dutch page and "Belgique" on a French one, ``NLD`` (a notice's language) "néerlandais".

Countries take the eForms SDK's label when an SDK folder is configured, else the locale data's name (Babel,
with pycountry to go from the three-letter codes of eForms to the two-letter ones of the locale data);
languages take the locale data's name. An unknown code is shown as it is. The works, publishers and labels the
guide cites have their Dutch and French names in ``data/cited-names.tsv``.
"""

from __future__ import annotations

import csv
import functools
from importlib import resources

from babel import Locale

from . import labels
from .localefmt import locale_of


def country_name(code: str, lang: str, sdk_folder: str | None = None) -> str:
    """A country's name in ``lang`` from its ISO code (``BEL`` or ``BE``)."""
    text = code.strip().upper()
    found = labels.label("country", text, lang, sdk_folder) if len(text) == 3 and lang in labels.LANGUAGES else None
    if found:
        return found
    alpha2 = _country_alpha2(text)
    names = Locale.parse(locale_of(lang)).territories
    return str(names.get(alpha2, code)) if alpha2 else code


def cited_name(name: str, lang: str) -> str:
    """The title of a cited work, a publisher's or a label's name in ``lang`` (data/cited-names.tsv), else as
    written."""
    return _cited_names().get(name, {}).get(lang) or name


@functools.cache
def _cited_names() -> dict[str, dict[str, str]]:
    text = resources.files("sppmon.data").joinpath("cited-names.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {row["en"]: row for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)}


def language_name(code: str, lang: str) -> str:
    """A language's name in ``lang`` from its ISO 639 code (``NLD``, ``nld`` or ``nl``)."""
    alpha2 = _language_alpha2(code.strip().lower())
    names = Locale.parse(locale_of(lang)).languages
    return str(names.get(alpha2, code)) if alpha2 else code


@functools.cache
def _country_alpha2(code: str) -> str | None:
    import pycountry

    if len(code) == 2 and code.isalpha():
        return code
    found = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    return str(found.alpha_2) if found else None


@functools.cache
def _language_alpha2(code: str) -> str | None:
    import pycountry

    if len(code) == 2 and code.isalpha():
        return code
    if len(code) != 3:
        return None
    found = pycountry.languages.get(alpha_3=code) or pycountry.languages.get(bibliographic=code)
    alpha2 = getattr(found, "alpha_2", None)
    return str(alpha2) if alpha2 else None
