"""What the summary tables count: *facts*, each a per-lot projection of the lot frame (:mod:`.lot_frame`).

A fact names *key* columns (low-cardinality values that the indicators' conditions test: statuses, detection
results, flags) and *sum* columns (per-lot numbers added up). The summary keeps, per combination of the
dimensions and the key values, the number of lots, their values and the sums. Because keys hold the raw values
(a status column as stored, not "yes" counts), a status value that appears later (a new detection outcome, say)
needs no change here: the indicator's condition sees it in the summary exactly as in the lots.

Most facts are one row per lot. ``vehicles`` counts a row set of its own (:mod:`.vehicle_frame`: one row per lot
of a result notice, vehicle category group and reference period). ``codes`` multiplies rows (one row per declared
code of a lot). ``statuses`` (for the coverage indicator) keeps, per lot, whether each sustainability field is
reported, as seven yes/no keys: one row per lot rather than one per lot and field, which made it the largest fact
(a third of the summary's rows) and its queries the slowest.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from .lot_frame import Scope
from .schema import PROCEDURE_LOTS
from .vehicle_frame import vehicle_frame

_LOT_TYPES = {column.name: column.type for column in PROCEDURE_LOTS.columns}
SUM_TYPE = "DECIMAL(38,12)"  # per-lot numbers are cast to this before summing: exact sums on both paths


@dataclass(frozen=True, slots=True)
class FactColumn:
    """A key or sum column: ``sql`` over the lot frame aliased ``f`` (and the row source of the fact)."""

    name: str
    sql: str
    type: str = "TEXT"  # TEXT | BOOLEAN | INTEGER (keys); sums are SUM_TYPE


def lot_column(name: str) -> FactColumn:
    """A lot column kept as it is stored, with its stored type (so that a changed column type follows)."""
    return FactColumn(name, f"f.{name}", _LOT_TYPES[name])


def flag(name: str) -> FactColumn:
    """A yes/no column of a lot frame join, kept as it is."""
    return FactColumn(name, f"f.{name}", "BOOLEAN")


@dataclass(frozen=True, slots=True)
class Fact:
    name: str
    keys: tuple[FactColumn, ...]
    sums: tuple[FactColumn, ...] = ()
    joins: tuple[str, ...] = ()  # lot frame joins the columns need
    money: bool = True  # keeps the lots' values (currency, and day for non-euro amounts)
    rows: str = ""  # a join that multiplies the lot rows; ``{source}`` formats table names (scoped or not)
    frame: Callable[[Scope | None], str] | None = None  # a row set of its own instead of the lot frame

    @property
    def definition(self) -> str:
        """A digest of the definition: a stored summary built from another definition is not used."""
        return _digest(self)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(column.name for column in (*self.keys, *self.sums))


@functools.cache
def _digest(fact: Fact) -> str:
    """Computed once per fact: every indicator query compares it with the stored one."""
    own = fact.frame(None) if fact.frame else ""
    text = repr((fact.name, fact.keys, fact.sums, fact.joins, fact.money, fact.rows, own, SUMMARY_FORMAT))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


SUMMARY_FORMAT = 2  # bump when the way facts are summed changes (forces a rebuild of every fact)
MAX_KEYS = 8
MAX_SUMS = 4

CODE_FIELDS = ("environmental_impact", "social_objective", "innovative_acquisition")
STATUS_FIELDS = (
    ("strategic", "strategic_status"),
    ("green", "green_status"),
    ("gpp", "gpp_status"),
    ("social", "social_status"),
    ("innovative", "innovative_status"),
    ("accessibility", "accessibility_status"),
    ("reserved", "reserved_status"),
)

FACTS: tuple[Fact, ...] = (
    Fact(
        "strategic",
        (
            lot_column("strategic_status"),
            lot_column("green_detected"),
            lot_column("social_detected"),
            lot_column("innovative_detected"),
        ),
    ),
    Fact(
        "green",
        (lot_column("green_status"), lot_column("green_detected"), flag("green_evidence")),
        joins=("evidence",),
    ),
    Fact("gpp", (lot_column("gpp_status"),)),
    Fact(
        "social",
        (lot_column("social_status"), lot_column("social_detected"), flag("social_evidence")),
        joins=("evidence",),
    ),
    Fact(
        "innovative",
        (lot_column("innovative_status"), lot_column("innovative_detected"), flag("innovative_evidence")),
        joins=("evidence",),
    ),
    Fact(
        "reserved",
        (
            lot_column("reserved_status"),
            flag("reserved_ws"),
            flag("reserved_public_service"),
            flag("reserved_execution"),
        ),
        joins=("reserved",),
    ),
    Fact("accessibility", (lot_column("accessibility_status"),)),
    Fact("eed", (lot_column("eed_applicable"), flag("eed_items")), joins=("eed",)),
    Fact(
        "sme",
        (lot_column("sme_suitable"), flag("winner_size_known"), flag("sme_winner")),
        joins=("winners",),
    ),
    Fact(
        "competition",
        (
            FactColumn("tenders_known", "(f.tenders_received IS NOT NULL)", "BOOLEAN"),
            FactColumn("single_tender", "(f.tenders_received = 1)", "BOOLEAN"),
        ),
        (FactColumn("tenders", "COALESCE(f.tenders_received, 0)"),),
        joins=("results",),
        money=False,
    ),
    Fact(
        "award_criteria",
        (
            FactColumn("has_criteria", "(f.criteria > 0)", "BOOLEAN"),
            FactColumn("price_only", "(f.criteria > 0 AND f.price_criteria = f.criteria)", "BOOLEAN"),
            FactColumn(
                "weighted",
                "(f.criteria > 0 AND f.weighted_criteria = f.criteria AND f.total_weight > 0)",
                "BOOLEAN",
            ),
        ),
        (
            FactColumn(
                "quality_share",
                "CASE WHEN f.criteria > 0 AND f.weighted_criteria = f.criteria AND f.total_weight > 0 "
                "THEN f.quality_weight / f.total_weight ELSE 0 END",
            ),
        ),
        joins=("criteria",),
        money=False,
    ),
    Fact(
        "codes",
        (FactColumn("field", "c.field"), FactColumn("code", "c.code")),
        money=False,
        rows="JOIN {lot_codes} c ON c.notice_key = f.notice_key AND c.lot_id = f.lot_id AND c.field IN ("
        + ", ".join(f"'{field}'" for field in CODE_FIELDS)
        + ") AND c.code <> 'none'",
    ),
    Fact(
        "statuses",  # one row per lot: whether each field is reported (yes or explicit none), for the coverage
        tuple(
            FactColumn(f"{name}_reported", f"(f.{column} <> 'not-reported')", "BOOLEAN")
            for name, column in STATUS_FIELDS
        ),
        money=False,
    ),
    Fact(
        "vehicles",
        (
            FactColumn("vehicle_category_group", "f.vehicle_category_group"),
            FactColumn("reference_period", "f.reference_period"),
        ),
        tuple(FactColumn(name, f"f.n_{name}") for name in ("vehicles", "clean", "zero_emission")),
        money=False,
        frame=vehicle_frame,
    ),
)
FACTS_BY_NAME = {fact.name: fact for fact in FACTS}
ALL_JOINS: tuple[str, ...] = tuple(dict.fromkeys(join for fact in FACTS for join in fact.joins))

for _fact in FACTS:  # the summary table has MAX_KEYS key and MAX_SUMS sum columns
    assert len(_fact.keys) <= MAX_KEYS and len(_fact.sums) <= MAX_SUMS, _fact.name
