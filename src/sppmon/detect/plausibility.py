"""Plausibility of declarations per buyer: declared without evidence, evidence without declaration.

Reads the store (``procedure_lots`` joined with ``evidence``), so it needs notices ingested with detection.
Per buyer and for one dimension: lots in scope; lots declared *yes*; of those, lots whose texts hold no
evidence of that dimension at all; lots with *strong* evidence but nothing declared (not reported), and with
strong evidence but an explicit *none*; and the share of lots that report nothing. *Strong* evidence = the
dimension is detected and the evidence has a label, or a hit in the award criteria or performance terms, or
at least two different terms. Notice-level evidence counts for every lot of the notice.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..buyers import naming
from ..store.base import Store

DIMENSIONS = ("green", "social", "innovative")
_STRONG_FIELDS = ("award_criteria", "performance_terms")


@dataclass(frozen=True, slots=True)
class BuyerPlausibility:
    buyer_key: str | None
    buyer_name: str | None
    lots: int
    declared: int
    declared_without_evidence: int
    evidence_not_declared: int
    evidence_declared_none: int
    not_reported: int
    not_scanned: int  # lots ingested without detection, or not assessable (no text in a language with a lexicon)

    @property
    def not_reported_share(self) -> float | None:
        return self.not_reported / self.lots if self.lots else None

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "not_reported_share": self.not_reported_share}


def _query(dimension: str, include_legacy: bool) -> str:
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    status, detected = f"p.{dimension}_status", f"p.{dimension}_detected"
    strong_fields = ", ".join(f"'{name}'" for name in _STRONG_FIELDS)
    strong = f"({detected} AND (e.terms >= 2 OR e.strong_place = 1))"
    scope = "" if include_legacy else "WHERE p.format = 'eforms'"
    return f"""
WITH lot_evidence AS (
    SELECT l.notice_key, l.lot_id,
           COUNT(DISTINCT e.term) AS terms,
           MAX(CASE WHEN e.category = 'label' OR e.field IN ({strong_fields}) THEN 1 ELSE 0 END) AS strong_place
    FROM procedure_lots l
    JOIN evidence e ON e.notice_key = l.notice_key AND (e.lot_id = l.lot_id OR e.lot_id = '')
    WHERE e.dimension = ?
    GROUP BY l.notice_key, l.lot_id
)
SELECT p.buyer_key,
       MAX(p.buyer_name),
       COUNT(*),
       SUM(CASE WHEN {status} = 'yes' THEN 1 ELSE 0 END),
       SUM(CASE WHEN {status} = 'yes' AND {detected} IS NOT NULL AND e.notice_key IS NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN {status} = 'not-reported' AND e.notice_key IS NOT NULL AND {strong} THEN 1 ELSE 0 END),
       SUM(CASE WHEN {status} = 'none' AND e.notice_key IS NOT NULL AND {strong} THEN 1 ELSE 0 END),
       SUM(CASE WHEN {status} = 'not-reported' THEN 1 ELSE 0 END),
       SUM(CASE WHEN {detected} IS NULL THEN 1 ELSE 0 END)
FROM procedure_lots p
LEFT JOIN lot_evidence e ON e.notice_key = p.notice_key AND e.lot_id = p.lot_id
{scope}
GROUP BY p.buyer_key
ORDER BY COUNT(*) DESC, MAX(p.buyer_name)
"""


def plausibility(
    store: Store, dimension: str = "green", include_legacy: bool = False, min_lots: int = 1, lang: str = "en"
) -> list[BuyerPlausibility]:
    """One row per buyer (``buyer_key``) with at least ``min_lots`` procedure lots, largest first; each buyer
    under its one name in ``lang`` (:mod:`sppmon.buyers`)."""
    rows = [row for row in store.query(_query(dimension, include_legacy), (dimension,)) if int(row[2] or 0) >= min_lots]
    names = naming(store, [row[0] for row in rows])
    found = [
        BuyerPlausibility(row[0], names.name(row[0], lang) or row[1], *(int(value or 0) for value in row[2:]))
        for row in rows
    ]
    return sorted(found, key=lambda row: (-row.lots, row.buyer_name or "", row.buyer_key or ""))
