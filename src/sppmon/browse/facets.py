"""The values each filter can take in a store (for the select boxes), most frequent first."""

from __future__ import annotations

from ..store import Store
from .filters import FILTERS

FACET_LIMIT = 300


def facet_values(store: Store, key: str) -> list[tuple[str, str, int]]:
    """(value, display name, lots) of filter ``key``; buyers are named by their latest name."""
    spec = FILTERS[key]
    if key == "buyer":
        rows = store.query(
            "SELECT buyer_key, MAX(buyer_name), COUNT(*) FROM procedure_lots WHERE buyer_key IS NOT NULL "
            "GROUP BY buyer_key ORDER BY COUNT(*) DESC, buyer_key LIMIT ?",
            (FACET_LIMIT,),
        )
        return [(str(value), str(name or value), int(count)) for value, name, count in rows]
    order = f"{spec.column} DESC" if spec.integer else "COUNT(*) DESC"
    rows = store.query(
        f"SELECT {spec.column}, COUNT(*) FROM procedure_lots WHERE {spec.column} IS NOT NULL "
        f"GROUP BY {spec.column} ORDER BY {order} LIMIT ?",
        (FACET_LIMIT,),
    )
    return [(str(value), str(value), int(count)) for value, count in rows]
