"""The procedure lots behind a figure: a page of lots matching a :class:`LotQuery`, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..store import Store
from .filters import LotQuery

MAX_PAGE = 500
MAX_DOWNLOAD = 100_000

LOT_COLUMNS = (
    "notice_key",
    "lot_id",
    "notice_date",
    "title",
    "buyer_name",
    "buyer_country",
    "buyer_legal_type",
    "cpv_main",
    "product_group",
    "procedure_type",
    "nature",
    "estimated_value",
    "estimated_currency",
    "strategic_status",
    "green_status",
    "gpp_status",
    "social_status",
    "innovative_status",
    "reserved_status",
    "accessibility_status",
    "green_detected",
    "social_detected",
    "innovative_detected",
    "buyer_key",
)


@dataclass(frozen=True, slots=True)
class LotPage:
    query: LotQuery
    total: int
    offset: int
    limit: int
    columns: tuple[str, ...]
    rows: list[dict[str, Any]]

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.rows) < self.total

    @property
    def has_previous(self) -> bool:
        return self.offset > 0


def list_lots(store: Store, query: LotQuery, limit: int = 50, offset: int = 0, count: bool = True) -> LotPage:
    """A page of the lots matching ``query`` (each procedure lot once), with the total count."""
    limit = max(1, min(int(limit), MAX_DOWNLOAD))
    offset = max(0, int(offset))
    condition, params = query.where()
    total = -1
    if count:
        total = int(store.query(f"SELECT COUNT(*) FROM procedure_lots WHERE {condition}", params)[0][0])
    names, rows = store.columns(
        f"SELECT {', '.join(LOT_COLUMNS)} FROM procedure_lots WHERE {condition} "
        "ORDER BY notice_date DESC NULLS LAST, notice_key, lot_id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    records = [dict(zip(names, row, strict=True)) for row in rows]
    return LotPage(query, total if count else len(records), offset, limit, LOT_COLUMNS, records)


# Lots whose declaration and text evidence disagree (only lots whose texts were examined by the detector).
DISAGREEMENT = " OR ".join(
    f"({fact}_status = 'yes' AND {fact}_detected = FALSE) OR ({fact}_status <> 'yes' AND {fact}_detected = TRUE)"
    for fact in ("green", "social", "innovative")
)


def disagreements(store: Store, query: LotQuery, limit: int = 200) -> LotPage:
    """Lots matching ``query`` where a declared status (green, social, innovative) and the detector disagree."""
    condition, params = query.where()
    where = f"({condition}) AND ({DISAGREEMENT})"
    total = int(store.query(f"SELECT COUNT(*) FROM procedure_lots WHERE {where}", params)[0][0])
    names, rows = store.columns(
        f"SELECT {', '.join(LOT_COLUMNS)} FROM procedure_lots WHERE {where} "
        "ORDER BY notice_date DESC NULLS LAST, notice_key, lot_id LIMIT ?",
        [*params, max(1, min(limit, MAX_PAGE))],
    )
    return LotPage(query, total, 0, limit, LOT_COLUMNS, [dict(zip(names, row, strict=True)) for row in rows])
