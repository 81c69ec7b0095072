"""The indicator engine: one module per indicator (``catalogue/``), one registry (:data:`REGISTRY`).

from sppmon.indicators import REGISTRY, compute, parse_filters
result = compute(store, "green", by=("year",), filters=parse_filters(["country=BEL"]))
"""

from __future__ import annotations

from .base import DECLARED, DETECTED, EITHER, Indicator, IndicatorResult, QueryError
from .breakdowns import BREAKDOWNS, Breakdown, parse_by, parse_filters
from .compute import compute
from .registry import REGISTRY

__all__ = [
    "BREAKDOWNS",
    "DECLARED",
    "DETECTED",
    "EITHER",
    "REGISTRY",
    "Breakdown",
    "Indicator",
    "IndicatorResult",
    "QueryError",
    "compute",
    "parse_by",
    "parse_filters",
]
