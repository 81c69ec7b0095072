"""The records of the indicator engine: an indicator, a query of it, and its result.

An :class:`Indicator` is pure description plus a :class:`Measure` that turns a query into rows. Measures are
shared shapes (uptake, code shares, ...) or indicator-specific; they only emit portable SQL (DuckDB and
PostgreSQL) and take every filter value as a parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..errors import ConfigError

if TYPE_CHECKING:
    from ..store import Store

LANGS = ("en", "nl", "fr")
DECLARED, DETECTED, EITHER = "declared", "detected", "either"
VARIANTS = (DECLARED, DETECTED, EITHER)


class QueryError(ConfigError):
    """An indicator query names an unknown indicator, breakdown, filter or variant, or a bad filter value."""


@dataclass(frozen=True, slots=True)
class Query:
    by: tuple[str, ...] = ()
    filters: Mapping[str, str] = field(default_factory=dict)
    variant: str = DECLARED


@dataclass(frozen=True, slots=True)
class Table:
    """What a measure returns: column names, rows (dicts keyed by those names) and notes for the reader."""

    columns: list[str]
    rows: list[dict[str, object]]
    notes: list[str] = field(default_factory=list)


class Measure(Protocol):
    """How an indicator is computed. ``method`` explains it in one paragraph for the docs page."""

    @property
    def method(self) -> str: ...

    def columns(self, query: Query) -> list[str]: ...

    def run(self, store: Store, query: Query) -> Table: ...


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator of the catalogue. Texts keyed by language (en, nl, fr)."""

    code: str
    titles: Mapping[str, str]
    definition: Mapping[str, str]
    unit: str
    scope: str  # which lots (or results) are counted, in English, for the docs
    measure: Measure
    example: str  # a worked example, in English, for the docs
    exclusions: tuple[str, ...] = ()
    breakdowns: tuple[str, ...] = ()
    variants: tuple[str, ...] = (DECLARED,)
    default_by: tuple[str, ...] = ()
    rests_on_verify: bool = False  # some figure rests on a legal fact still marked [verify]

    def title(self, lang: str = "en") -> str:
        return self.titles.get(lang) or self.titles["en"]


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    indicator: Indicator
    by: tuple[str, ...]
    filters: dict[str, str]
    variant: str
    columns: list[str]
    rows: list[dict[str, object]]
    notes: list[str]

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
