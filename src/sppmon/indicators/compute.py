"""Computing one indicator: validate the query against the indicator, run its measure, wrap the result."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..store import Store
from .base import DECLARED, IndicatorResult, Query, QueryError
from .breakdowns import parse_by
from .registry import REGISTRY


def compute(
    store: Store,
    code: str,
    by: Sequence[str] | str | None = None,
    filters: Mapping[str, str] | None = None,
    variant: str = DECLARED,
    values: bool = True,
    largest: int | None = None,
) -> IndicatorResult:
    """Compute indicator ``code``; ``by`` defaults to the indicator's default breakdown (often none). With
    ``values`` false, measures that sum lot values leave those columns out (counts only); with ``largest``, only
    that many groups, those with the most lots in scope (measures that count no lots in scope return every group)."""
    indicator = REGISTRY.get(code)
    if indicator is None:
        raise QueryError(f"unknown indicator {code!r}; known: {', '.join(REGISTRY)}")
    groups = indicator.default_by if by is None else parse_by(by)
    for name in groups:
        if name not in indicator.breakdowns:
            raise QueryError(
                f"indicator {code} cannot be broken down by {name}; allowed: {', '.join(indicator.breakdowns)}"
            )
    chosen = dict(filters or {})
    for name in chosen:
        if name not in indicator.breakdowns:
            raise QueryError(
                f"indicator {code} cannot be filtered by {name}; allowed: {', '.join(indicator.breakdowns)}"
            )
    if variant not in indicator.variants:
        raise QueryError(f"indicator {code} has no variant {variant!r}; available: {', '.join(indicator.variants)}")
    table = indicator.measure.run(store, Query(groups, chosen, variant, values, largest))
    return IndicatorResult(indicator, groups, chosen, variant, table.columns, table.rows, table.notes, table.source)
