"""The tally shape: additive counts per group, turned into output columns by a derive function. Used by the
indicators that are not three-valued uptake (award criteria, competition, coverage, vehicles, ...)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..store import Store
from .base import Query, Table, Texts, in_lang
from .engine import Count, Group, Key, grouped
from .sources import LOTS, Source, fact_source

Derive = Callable[[Group], dict[str, object]]


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts over a summary fact (``fact``: weighted counts, from the summary where it can answer) or over
    another frame (``frame``: result-level rows, always counted directly: not summarised)."""

    counts: tuple[Count, ...]
    output: tuple[str, ...]
    derive: Derive
    description: Texts  # the whole method paragraph, per language
    fact: str | None = None
    frame: Callable[[], str] | None = None
    scope: str | None = None
    extra_keys: tuple[Key, ...] = ()
    notes: tuple[str, ...] = ()  # base.Note, so that they can be read in every language
    keep_empty: Callable[[Group], bool] | None = None  # drop groups for which this says False

    @property
    def method(self) -> str:
        return self.method_in("en")

    def method_in(self, lang: str) -> str:
        return in_lang(self.description, lang)

    def columns(self, query: Query) -> list[str]:
        return [*(key.name for key in self.extra_keys), *self.output]

    def run(self, store: Store, query: Query) -> Table:
        if self.fact is not None:
            sql = [count.sql for count in self.counts] + [key.sql for key in self.extra_keys] + [self.scope or ""]
            source = fact_source(store, self.fact, query, sql)
        elif self.frame is not None:
            source = Source(self.frame(), LOTS)
        else:
            raise ValueError("a tally needs a fact or a frame")
        grouping = grouped(store, source.frame, query, self.counts, extra_keys=self.extra_keys, scope=self.scope)
        rows = []
        for group in grouping.groups:
            if self.keep_empty is not None and not self.keep_empty(group):
                continue
            row: dict[str, object] = dict(group.keys)
            row.update(self.derive(group))
            rows.append(row)
        return Table([*grouping.key_columns, *self.output], rows, list(self.notes), source.origin)


def count_of(group: Group, name: str) -> int:
    return int(group.counts[name])


def flag_sum(condition: str) -> str:
    """Number of rows meeting ``condition`` (portable)."""
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"
