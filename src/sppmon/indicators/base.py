"""The records of the indicator engine: an indicator, a query of it, and its result.

An :class:`Indicator` is pure description plus a :class:`Measure` that turns a query into rows. Measures are
shared shapes (uptake, code shares, ...) or indicator-specific; they only emit portable SQL (DuckDB and
PostgreSQL) and take every filter value as a parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import ConfigError

if TYPE_CHECKING:
    from ..store import Store

LANGS = ("en", "nl", "fr")
DECLARED, DETECTED, EITHER = "declared", "detected", "either"
VARIANTS = (DECLARED, DETECTED, EITHER)

Texts = Mapping[str, str]  # one text per language of LANGS; "en" is always there and is the fallback

EITHER_DEFINITION: Texts = {
    "en": " Declared or detected: yes when either says yes; none when neither does and the declaration is "
    "explicitly none, or the texts were read without a hit (examined, nothing found).",
    "nl": " Aangegeven of gedetecteerd: ja wanneer een van beide ja zegt; geen wanneer geen van beide dat doet en "
    "de aangifte uitdrukkelijk geen is, of de teksten zonder resultaat gelezen werden (onderzocht, niets gevonden).",
    "fr": " Déclaré ou détecté : oui lorsque l'un des deux dit oui ; aucun lorsqu'aucun ne le dit et que la "
    "déclaration est explicitement aucun, ou que les textes ont été lus sans résultat (examiné, rien trouvé).",
}


def in_lang(texts: Texts, lang: str) -> str:
    """The text in ``lang``, else the English one (a missing translation never hides the text)."""
    return texts.get(lang) or texts.get("en", "")


class Note(str):
    """A note for the reader of a result. The string itself is the English text, so code that matches notes
    (reports look for "[verify]", tests for "MONEY_UNKNOWN_CURRENCY") keeps working; the translations travel
    with it, so a copy of ``result.notes`` can still be shown in the reader's language."""

    texts: Texts

    def __new__(cls, texts: Texts) -> Note:
        note = super().__new__(cls, texts["en"])
        note.texts = dict(texts)
        return note

    def __reduce__(self) -> tuple[Any, ...]:
        # str pickles and copies through its text alone, which would lose the translations
        return (Note, (dict(self.texts),))


def note_in(note: str, lang: str) -> str:
    """A note in ``lang``; plain strings (notes made elsewhere) are English only."""
    return in_lang(note.texts, lang) if isinstance(note, Note) else note


class QueryError(ConfigError):
    """An indicator query names an unknown indicator, breakdown, filter or variant, or a bad filter value."""


@dataclass(frozen=True, slots=True)
class Query:
    by: tuple[str, ...] = ()
    filters: Mapping[str, str] = field(default_factory=dict)
    variant: str = DECLARED
    # False: counts only, without the lots' values in EUR. A value sum is kept per currency and day until it is
    # converted, so leaving it out when nobody shows it makes a breakdown by buyer several times cheaper.
    values: bool = True
    # Only this many groups, those with the most lots in scope (ties: in the groups' order); None: every group.
    # A page that shows the largest buyers of thousands need not fetch, merge and compute every buyer's row.
    largest: int | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """What a measure returns: column names, rows (dicts keyed by those names) and notes for the reader."""

    columns: list[str]
    rows: list[dict[str, object]]
    notes: list[str] = field(default_factory=list)  # Note where translated
    source: str = "lots"  # counted from the lots, or from the summary tables ("summary")


class Measure(Protocol):
    """How an indicator is computed. ``method`` explains it in one paragraph for the docs page (English);
    ``method_in`` gives the same paragraph in another language."""

    @property
    def method(self) -> str: ...

    def method_in(self, lang: str) -> str: ...

    def columns(self, query: Query) -> list[str]: ...

    def run(self, store: Store, query: Query) -> Table: ...


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator of the catalogue. Texts keyed by language (en, nl, fr); ``unit``, ``scope`` and
    ``exclusions`` give the English ones (the docs pages are English), the ``*_in(lang)`` methods the others."""

    code: str
    titles: Texts
    definition: Texts
    units: Texts
    scopes: Texts  # which lots (or results) are counted
    measure: Measure
    example: str  # a worked example, in English, for the docs
    exclusion_texts: tuple[Texts, ...] = ()
    breakdowns: tuple[str, ...] = ()
    variants: tuple[str, ...] = (DECLARED,)
    default_by: tuple[str, ...] = ()
    rests_on_verify: bool = False  # some figure rests on a legal fact still marked [verify]
    # The definition of the detected variant: text detection is detected / examined, nothing found / not
    # assessable, never "explicitly none" (docs/semantics.md); required when DETECTED is among the variants.
    detected_definition: Texts | None = None

    def title(self, lang: str = "en") -> str:
        return self.titles.get(lang) or self.titles["en"]

    @property
    def unit(self) -> str:
        return self.units["en"]

    @property
    def scope(self) -> str:
        return self.scopes["en"]

    @property
    def exclusions(self) -> tuple[str, ...]:
        return self.exclusions_in("en")

    def definition_for(self, lang: str, variant: str = DECLARED) -> str:
        """The definition for a result of ``variant``: the declared one words "explicitly none", the detected
        one "examined, nothing found" and "not assessable"; the either variant joins both meanings."""
        if variant == DETECTED and self.detected_definition:
            return in_lang(self.detected_definition, lang)
        declared = in_lang(self.definition, lang)
        return declared + in_lang(EITHER_DEFINITION, lang) if variant == EITHER else declared

    def unit_in(self, lang: str = "en") -> str:
        return in_lang(self.units, lang)

    def scope_in(self, lang: str = "en") -> str:
        return in_lang(self.scopes, lang)

    def exclusions_in(self, lang: str = "en") -> tuple[str, ...]:
        return tuple(in_lang(texts, lang) for texts in self.exclusion_texts)

    def method_in(self, lang: str = "en") -> str:
        return self.measure.method_in(lang)

    def method_for(self, lang: str, variant: str = DECLARED) -> str:
        """The method for a result of ``variant``, where the measure words a variant differently (uptake)."""
        worded = getattr(self.measure, "method_for", None)
        return str(worded(lang, variant)) if callable(worded) else self.measure.method_in(lang)


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    indicator: Indicator
    by: tuple[str, ...]
    filters: dict[str, str]
    variant: str
    columns: list[str]
    rows: list[dict[str, object]]
    notes: list[str]
    source: str = "lots"  # "summary" when every figure came from the summary tables

    def notes_in(self, lang: str = "en") -> list[str]:
        return [note_in(note, lang) for note in self.notes]

    def call(self) -> str:
        """The ``sppmon indicators`` call that reproduces this result."""
        parts = ["sppmon indicators", self.indicator.code]
        if self.by:
            parts.append("--by " + ",".join(self.by))
        for key, value in self.filters.items():
            parts.append(f"--filter {key}={_quoted(value)}")
        if self.variant != DECLARED:
            parts.append(f"--variant {self.variant}")
        return " ".join(parts)


def _quoted(value: str) -> str:
    safe = all(ch.isalnum() or ch in "-_.:,/" for ch in value)
    return value if safe and value else "'" + value.replace("'", "'\\''") + "'"


def share(part: float | int | None, whole: float | int | None) -> float | None:
    """``part / whole`` rounded to 6 decimals; ``None`` when the whole is empty (never a fake 0 %)."""
    if part is None or not whole:
        return None
    return round(part / whole, 6)
