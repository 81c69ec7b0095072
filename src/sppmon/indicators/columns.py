"""The columns of indicator results as people read them: a title per language, a kind that says how a value
is formatted, and labels for the values that are codes.

Results keep machine names and codes (``uptake_share``, ``acc-all``, ``yes``): the JSON API, ``--format json``
and the machine CSV hand them on as they are. Everything shown to a person — report tables, XLSX and CSV
downloads in a language, the command line with ``--lang`` — goes through :func:`title` and :func:`cell` (or
:func:`value_label` where the value must stay a number): titles from the message catalogue (``column.NAME``,
breakdown columns take their breakdown's title), codes by their eForms labels (the configured SDK's
translations, else the built-in labels), numbers by :mod:`sppmon.localefmt`.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from .. import labels, localefmt, messages
from .base import DECLARED
from .breakdowns import BREAKDOWNS

if TYPE_CHECKING:
    from .base import IndicatorResult

SHARE, MONEY, DECIMAL, COUNT, YEAR, CODE, TEXT = "share", "money", "decimal", "count", "year", "code", "text"
KINDS = (SHARE, MONEY, DECIMAL, COUNT, YEAR, CODE, TEXT)

_SHARE_SUFFIXES = ("_share", "_coverage")
_SHARES = frozenset(  # a mean of fractions, and the bounds of share intervals: shown as percentages
    {"avg_quality_weight"}
    | {
        f"{share}_{end}"
        for share in ("uptake", "coverage", "not_reported", "clean", "zero_emission")
        for end in ("low", "high")
    }
)
_DECIMALS = frozenset({"avg_tenders", "quantity", "consumption_kwh", "savings_kwh"})
_TEXTS = frozenset(
    {
        "reference_period",
        "buyer_name",
        "quarter",
        "title",
        "notice",
        "lot",
        "evidence",
        "link",
        "indicator",
        "aims",
        "mark",
    }
)
_KEYS = frozenset({"buyer", "buyer_key"})  # identifiers, shown as they are
# Columns whose values are codes of sppmon's own (message key prefix), beside the eForms code lists.
_OWN_CODES = {
    "method": "value.method.",
    "dimension": "value.dimension.",
    "format": "value.format.",
    "vehicle_category_group": "value.cvd.",
    "disagreement": "value.",
}
_YES_NO = frozenset({"meets_target", "eu_institution"})
_EFORMS_CODES = {"label": "energy-efficiency-label"}
_STATUSES = ("yes", "no", "none", "not-reported")


def code_list_of(result: IndicatorResult) -> str | None:
    """The eForms code list of a result's ``code`` column (code-share indicators), if any."""
    found = getattr(result.indicator.measure, "code_list", None)
    return found if isinstance(found, str) else None


def kind(column: str) -> str:
    """How the values of ``column`` are formatted: share, money, decimal, count, year, code or text."""
    if column == "year":
        return YEAR
    if column.startswith("value_eur"):
        return MONEY
    if column.endswith(_SHARE_SUFFIXES) or column.startswith("share_") or column in _SHARES:
        return SHARE
    if column in _DECIMALS:
        return DECIMAL
    if column in _TEXTS or column in _KEYS:
        return TEXT
    if column == "code" or column in _OWN_CODES or column in _YES_NO or column in _EFORMS_CODES:
        return CODE
    if column in BREAKDOWNS:
        return CODE
    return COUNT


def in_variant(key: str, variant: str | None) -> str:
    """The catalogue key that words ``key`` for an indicator variant: ``KEY@detected`` (``KEY@either``) when
    the catalogue has it, else ``key``. Text detection has no explicit "none": a lot examined without a hit
    reads "examined, nothing found", one without text or lexicon "not assessable" — and the either variant
    mixes both meanings with the declaration's."""
    if variant and variant != DECLARED:
        worded = f"{key}@{variant}"
        if worded in messages.catalogue():
            return worded
    return key


def title(column: str, lang: str, code_list: str | None = None, variant: str | None = None) -> str:
    """The column's title in ``lang``: ``column.NAME`` of the catalogue (``column.code.LIST`` for the code
    column of a code list; ``column.NAME@VARIANT`` first for a result of that variant, see
    :func:`in_variant`), else the breakdown's title, else the name itself (a test keeps that from happening
    for any column of the catalogue)."""
    catalogue = messages.catalogue()
    key = f"column.code.{code_list}" if column == "code" and code_list else in_variant(f"column.{column}", variant)
    if key not in catalogue and column in BREAKDOWNS:
        return BREAKDOWNS[column].title(lang)
    texts = catalogue.get(key) or catalogue.get(f"column.{column}")
    return _in(texts, lang) if texts else column


def has_title(column: str) -> bool:
    return f"column.{column}" in messages.catalogue() or column in BREAKDOWNS


def text(key: str, lang: str) -> str:
    """One text of the catalogue in ``lang`` (English when the language is unknown)."""
    return _in(messages.catalogue()[key], lang)


def _in(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts["en"]


def value_label(
    column: str, value: object, lang: str, code_list: str | None = None, variant: str | None = None
) -> object:
    """``value`` as a person reads it in ``lang`` when it is a code (an eForms code by its label, sppmon's own
    codes and yes/no by their words — a status in the words of ``variant`` —, a country by its name); any
    other value unchanged."""
    if kind(column) != CODE:
        return value
    if value is None:
        return text("value.not-given", lang)
    code = str(value)
    if column in _YES_NO or (column not in _OWN_CODES and code in _STATUSES):
        return text(in_variant(f"value.{code}", variant), lang)
    if column in _OWN_CODES:
        return _own_code(_OWN_CODES[column] + code, code, lang)
    if column == "country":
        return country_name(code, lang)
    list_name = code_list if column == "code" else _EFORMS_CODES.get(column)
    if list_name:
        return labels.label_or_code(list_name, code, lang)
    return BREAKDOWNS[column].value_label(code, lang) if column in BREAKDOWNS else code


_COLUMN_NAME = re.compile(r"(?<![\w.*])([a-z]+(?:_[a-z0-9]+)*_(?:[a-z0-9]+|\*))(?![\w.])")


def readable(note: str, lang: str) -> str:
    """A note for people: the result column names it mentions (``lots_unknown_currency``, ``value_eur_*``)
    replaced by their titles in ``lang`` (“Percelen in onbekende munt”)."""

    def titled(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.endswith("_*"):
            prefix = f"column.{name[:-1]}"
            found = (key for key in messages.catalogue() if key.startswith(prefix) and "@" not in key)
            names = [key.removeprefix("column.") for key in found]
        else:
            names = [name] if f"column.{name}" in messages.catalogue() else []
        return ", ".join(f"“{title(found, lang)}”" for found in names) if names else name

    return _COLUMN_NAME.sub(titled, note)


def _own_code(key: str, code: str, lang: str) -> str:
    texts = messages.catalogue().get(key)
    return _in(texts, lang) if texts else code


@functools.cache
def country_name(code: str, lang: str) -> str:
    """A country's name in ``lang`` from its alpha-3 (eForms) or alpha-2 (legacy TED) code."""
    import pycountry
    from babel import Locale

    found = pycountry.countries.get(alpha_3=code) if len(code) == 3 else pycountry.countries.get(alpha_2=code)
    if found is None:
        return code
    name = Locale.parse(localefmt.locale_of(lang)).territories.get(found.alpha_2)
    return str(name) if name else code


def cell(column: str, value: object, lang: str, code_list: str | None = None, variant: str | None = None) -> str:
    """A value as text for people: codes by their labels, numbers in the locale's format (shares as
    percentages, money with the euro sign, years ungrouped); an absent value is ``–``."""
    shown = kind(column)
    if shown == CODE:
        return str(value_label(column, value, lang, code_list, variant))
    if value is None:
        return localefmt.EMPTY
    if shown == SHARE:
        return localefmt.share(value, lang)
    if shown == MONEY:
        return localefmt.money(value, lang)
    if shown == DECIMAL:
        return localefmt.decimal(value, lang)
    if shown == YEAR:
        return localefmt.year(value)
    if shown == COUNT and isinstance(value, int | float) and not isinstance(value, bool):
        return localefmt.number(value, lang)
    return str(value)
