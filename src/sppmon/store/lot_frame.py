"""Each procedure lot once, with what the other tables say about it: the row set that indicators and the summary
tables count (portable SQL, aliased ``p`` by its users).

The frame is ``procedure_lots`` with the lot's value (estimated value when the lot is counted from a competition
notice, awarded value when counted from a result notice) and, on request, joins that bring per-lot figures from
other tables: what the latest result notices of the procedure say (tenders received, winners), the award
criteria, reserved-contract and evidence flags, energy-efficiency items. Every join aggregates its table to one
row per lot, so the frame never has more rows than ``procedure_lots``.

A *scope* restricts the frame, and every table read by its joins, to the procedures named in a temporary key
table: the summary tables use it to recount only the procedures an ingest batch touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Store

SME_SIZES = "'micro', 'small', 'medium', 'sme'"
# Weight kinds that are numbers (BT-5421); 'ord-imp' (order of importance) is not a weight.
NUMERIC_WEIGHTS = "'per-exa', 'per-mid', 'poi-exa', 'poi-mid', 'dec-exa', 'dec-mid'"
# Evidence categories of the detector behind each dimension (green, social, innovative).
EVIDENCE_CATEGORIES = {"green": ("environmental", "label"), "social": ("social",), "innovative": ("innovation",)}

Source = Callable[[str], str]  # table name → the table, or the table restricted to the scope


@dataclass(frozen=True, slots=True)
class Scope:
    """Temporary key tables naming the procedures (and their notices) the frame is restricted to, and the batches
    that wrote those notices: given as constants, they let each scan skip the row groups of every other batch
    (rows are appended batch by batch), where the semi-join on keys alone reads whole tables."""

    procedures: str
    notices: str
    batches: tuple[int, ...] | None = None  # None: not known, every batch is read

    def table(self, name: str) -> str:
        if name in ("procedure_lots", "notices"):
            return (
                f"(SELECT * FROM {name} WHERE {batch_filter(self.batches)}"
                f"procedure_key IN (SELECT value FROM {self.procedures}))"
            )
        keys = f"notice_key IN (SELECT value FROM {self.notices})"
        return f"(SELECT * FROM {name} WHERE {batch_filter(self.batches)}{keys})"


def load_scope(store: Store, scope: Scope, same: Scope | None = None) -> Scope:
    """(Re)fill the scope's notice table from its procedures; returns the scope with the batches of those notices
    (None where a notice has no batch: then every batch is read). ``same``: a loaded scope of the same procedures,
    whose notices and batches are taken instead of reading ``notices`` again."""
    store.execute(f"DROP TABLE IF EXISTS {scope.notices}")
    if same is not None:
        store.execute(f"CREATE TEMP TABLE {scope.notices} AS SELECT * FROM {same.notices}")
        store.refresh_statistics(scope.notices)
        return replace(scope, batches=same.batches)
    store.execute(
        f"CREATE TEMP TABLE {scope.notices} AS SELECT notice_key AS value, batch_id FROM notices "
        f"WHERE procedure_key IN (SELECT value FROM {scope.procedures})"
    )
    return _loaded(store, scope)


@dataclass(frozen=True, slots=True)
class Written:
    """A batch just written, as the refresh of ``procedure_lots`` sees it: its id, the summary's scope loaded
    before it was written (None when the batch does not keep the summary) and the key table of the notices it
    replaced (None: it replaced none)."""

    batch_id: int
    before: Scope | None
    replaced: str | None


def count_missing(store: Store, keys: str, among: str) -> int:
    """How many values of key table ``keys`` key table ``among`` lacks."""
    return int(store.query(f"SELECT COUNT(*) FROM {keys} WHERE value NOT IN (SELECT value FROM {among})")[0][0])


def same_keys(store: Store, first: str, second: str) -> bool:
    """Whether two key tables hold the same values."""
    return not count_missing(store, first, second) and not count_missing(store, second, first)


def grown_scope(store: Store, scope: Scope, before: Scope, batch_id: int, replaced: str | None) -> Scope:
    """Load ``scope``, of the same procedures as ``before``, whose notices were loaded before batch ``batch_id``
    was written: those notices but the ones the batch replaced (key table ``replaced``), and the batch's own
    notices of these procedures, found by their batch (the scan skips every other row group). A batch replaces
    and adds notices, it deletes no other: the same notices as a pass over ``notices`` by procedure would find."""
    kept = f"SELECT value, batch_id FROM {before.notices}"
    if replaced is not None:
        kept += f" WHERE value NOT IN (SELECT value FROM {replaced})"
    store.execute(f"DROP TABLE IF EXISTS {scope.notices}")
    store.execute(
        f"CREATE TEMP TABLE {scope.notices} AS {kept} UNION ALL SELECT notice_key, batch_id FROM notices "
        f"WHERE batch_id = {int(batch_id)} AND procedure_key IN (SELECT value FROM {scope.procedures})"
    )
    return _loaded(store, scope)


def _loaded(store: Store, scope: Scope) -> Scope:
    """The scope with the batches of its loaded notices."""
    store.refresh_statistics(scope.notices)
    batches = [row[0] for row in store.query(f"SELECT DISTINCT batch_id FROM {scope.notices}")]
    return replace(scope, batches=known_batches(batches))


def known_batches(batches: Iterable[int | None]) -> tuple[int, ...] | None:
    """The distinct batches, in order; None when one of them is unknown (a row without a batch)."""
    distinct = set(batches)
    return None if None in distinct else tuple(sorted(int(batch) for batch in distinct if batch is not None))


def batch_filter(batches: tuple[int, ...] | None, column: str = "batch_id") -> str:
    """``column IN (…) AND `` for known batches (none known: no filter)."""
    return "" if batches is None else f"{batch_condition(batches, column)} AND "


def batch_condition(batches: Iterable[int], column: str = "batch_id") -> str:
    """``column IN (…)``: a condition DuckDB checks against each row group's range of batches first."""
    listed = ", ".join(str(int(batch)) for batch in batches) or "NULL"
    return f"{column} IN ({listed})"


def _whole(name: str) -> str:
    return name


def _awarded(source: Source) -> str:
    return f"""
LEFT JOIN (
    SELECT notice_key, lot_id, SUM(awarded_value) AS awarded_value, MIN(awarded_currency) AS awarded_currency
    FROM {source("lot_results")} lr
    WHERE awarded_value IS NOT NULL
    GROUP BY notice_key, lot_id
    HAVING COUNT(DISTINCT awarded_currency) = 1
) aw ON aw.notice_key = pl.notice_key AND aw.lot_id = pl.lot_id"""


def _results(source: Source) -> str:
    return f"""
LEFT JOIN (
    SELECT n.procedure_key, r.lot_id,
           MAX(r.tenders_received) AS tenders_received,
           MAX(CASE WHEN r.winner_status = 'selec-w' THEN 1 ELSE 0 END) AS winner_selected
    FROM {source("lot_results")} r JOIN {source("notices")} n ON n.notice_key = r.notice_key
    WHERE n.is_latest AND n.stage = 'result' AND r.lot_id IS NOT NULL
    GROUP BY n.procedure_key, r.lot_id
) res ON res.procedure_key = pl.procedure_key AND res.lot_id = pl.lot_id"""


def _winners(source: Source) -> str:
    return f"""
LEFT JOIN (
    SELECT n.procedure_key, w.lot_id,
           MAX(CASE WHEN w.size IN ({SME_SIZES}) THEN 1 ELSE 0 END) AS sme_winner,
           MAX(CASE WHEN w.size IS NOT NULL THEN 1 ELSE 0 END) AS winner_size_known,
           COUNT(*) AS winners
    FROM {source("winners")} w JOIN {source("notices")} n ON n.notice_key = w.notice_key
    WHERE n.is_latest AND n.stage = 'result'
    GROUP BY n.procedure_key, w.lot_id
) win ON win.procedure_key = pl.procedure_key AND win.lot_id = pl.lot_id"""


def _criteria(source: Source) -> str:
    return f"""
LEFT JOIN (
    SELECT notice_key, lot_id,
           COUNT(*) AS criteria,
           SUM(CASE WHEN type = 'price' THEN 1 ELSE 0 END) AS price_criteria,
           SUM(CASE WHEN weight_kind IN ({NUMERIC_WEIGHTS}) AND weight IS NOT NULL THEN 1 ELSE 0 END)
               AS weighted_criteria,
           SUM(CASE WHEN weight_kind IN ({NUMERIC_WEIGHTS}) THEN weight ELSE 0 END) AS total_weight,
           SUM(CASE WHEN weight_kind IN ({NUMERIC_WEIGHTS}) AND type IN ('quality', 'cost') THEN weight ELSE 0 END)
               AS quality_weight
    FROM {source("award_criteria")} a
    WHERE type IS NOT NULL
    GROUP BY notice_key, lot_id
) ac ON ac.notice_key = pl.notice_key AND ac.lot_id = pl.lot_id"""


def _reserved(source: Source) -> str:
    return f"""
LEFT JOIN (
    SELECT notice_key, lot_id,
           MAX(CASE WHEN field = 'reserved_procurement' AND code = 'res-ws' THEN 1 ELSE 0 END) AS reserved_ws,
           MAX(CASE WHEN field = 'reserved_procurement' AND code = 'res-pub-ser' THEN 1 ELSE 0 END)
               AS reserved_public_service,
           MAX(CASE WHEN field = 'reserved_execution' AND code = 'yes' THEN 1 ELSE 0 END) AS reserved_execution
    FROM {source("lot_codes")} c
    WHERE field IN ('reserved_procurement', 'reserved_execution')
    GROUP BY notice_key, lot_id
) rsv ON rsv.notice_key = pl.notice_key AND rsv.lot_id = pl.lot_id"""


def _evidence(source: Source) -> str:
    flags = ",\n           ".join(
        f"MAX(CASE WHEN category IN ({', '.join(repr(c) for c in categories)}) THEN 1 ELSE 0 END) AS {name}_evidence"
        for name, categories in EVIDENCE_CATEGORIES.items()
    )
    return f"""
LEFT JOIN (
    SELECT notice_key, lot_id,
           {flags}
    FROM {source("evidence")} e
    GROUP BY notice_key, lot_id
) ev ON ev.notice_key = pl.notice_key AND ev.lot_id = pl.lot_id"""


def _eed(source: Source) -> str:
    return f"""
LEFT JOIN (
    SELECT DISTINCT notice_key, lot_id, 1 AS eed_items
    FROM {source("eed_items")} ei
    WHERE result_id = ''
) eed ON eed.notice_key = pl.notice_key AND eed.lot_id = pl.lot_id"""


_JOINS: dict[str, tuple[Callable[[Source], str], str]] = {
    "results": (_results, "res.tenders_received, res.winner_selected"),
    "winners": (
        _winners,
        "COALESCE(win.sme_winner, 0) = 1 AS sme_winner, COALESCE(win.winner_size_known, 0) = 1 AS winner_size_known, "
        "win.winners",
    ),
    "criteria": (
        _criteria,
        "ac.criteria, ac.price_criteria, ac.weighted_criteria, ac.total_weight, ac.quality_weight",
    ),
    "reserved": (
        _reserved,
        "COALESCE(rsv.reserved_ws, 0) = 1 AS reserved_ws, COALESCE(rsv.reserved_public_service, 0) = 1 "
        "AS reserved_public_service, COALESCE(rsv.reserved_execution, 0) = 1 AS reserved_execution",
    ),
    "evidence": (
        _evidence,
        ", ".join(f"COALESCE(ev.{name}_evidence, 0) = 1 AS {name}_evidence" for name in EVIDENCE_CATEGORIES),
    ),
    "eed": (_eed, "COALESCE(eed.eed_items, 0) = 1 AS eed_items"),
}
JOINS: tuple[str, ...] = tuple(_JOINS)

VALUE_AMOUNT = "CASE WHEN pl.stage = 'competition' THEN pl.estimated_value ELSE aw.awarded_value END"
VALUE_CURRENCY = "CASE WHEN pl.stage = 'competition' THEN pl.estimated_currency ELSE aw.awarded_currency END"


def lot_frame(*joins: str, scope: Scope | None = None) -> str:
    """Each procedure lot once with its value (``value_amount``, ``value_currency``); ``joins`` ⊆ :data:`JOINS`
    add their columns. With ``scope``, only the procedures of the scope are read."""
    unknown = set(joins) - set(_JOINS)
    if unknown:
        raise ValueError(f"unknown frame joins {sorted(unknown)}")
    source = scope.table if scope else _whole
    columns = ["pl.*", f"{VALUE_AMOUNT} AS value_amount", f"{VALUE_CURRENCY} AS value_currency"]
    sql = [_awarded(source)]
    for name in dict.fromkeys(joins):
        join, selected = _JOINS[name]
        sql.append(join(source))
        columns.append(selected)
    return f"SELECT {', '.join(columns)} FROM {source('procedure_lots')} pl" + "".join(sql)
