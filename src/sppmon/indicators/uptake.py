"""The uptake shape: per group, lots in scope split into yes / explicit none / not reported, with uptake and
coverage shares and the same by value in EUR.

Statuses come from the lot columns ``*_status`` (declared) and ``*_detected`` (text detection). Variants:

* ``declared``: the buyer's eForms declaration (see docs/semantics.md);
* ``detected``: yes = the lot's texts show evidence, none = texts examined without evidence, not reported =
  detection has not run on the lot;
* ``either``: yes when declared or detected; none when neither says yes and one says none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..store import Store
from .base import DECLARED, DETECTED, EITHER, Query, QueryError, Table, share
from .engine import Count, Group, Key, Money, euros, grouped
from .frames import VALUE_NOTE, lot_frame

UPTAKE_COLUMNS = [
    "lots_in_scope",
    "lots_yes",
    "lots_none",
    "lots_not_reported",
    "uptake_share",
    "coverage_share",
    "not_reported_share",
    "value_eur_in_scope",
    "value_eur_yes",
    "value_uptake_share",
    "lots_without_value",
    "lots_unknown_currency",
]

VARIANT_TEXT = (
    " Variants: declared = the eForms declaration; detected = yes when the lot's texts show evidence, explicit "
    "none when they were examined without evidence, not reported when text detection has not run on the lot; "
    "either = yes when declared or detected, explicit none when neither says yes and one says none."
)

NO_DETECTION_NOTE = (
    "no detection data: text detection has not run on the lots in scope (lots.*_detected is empty), so the "
    "detected figures count every lot as not reported"
)


@dataclass(frozen=True, slots=True)
class Status:
    """How a lot's three-valued status is computed. ``detected`` is a boolean column, or None when no text
    detection exists for this fact."""

    declared: str
    detected: str | None = None
    detected_any: tuple[str, ...] = ()  # several detection columns: yes when any is true

    @property
    def detection_columns(self) -> tuple[str, ...]:
        return self.detected_any or ((self.detected,) if self.detected else ())

    def sql(self, variant: str) -> str:
        if variant == DECLARED:
            return self.declared
        columns = self.detection_columns
        if not columns:
            raise QueryError(f"variant {variant!r} needs text detection, which this indicator does not have")
        any_true = " OR ".join(f"{column}" for column in columns)
        detected = (
            f"(CASE WHEN {any_true} THEN 'yes' WHEN {columns[0]} IS NOT NULL THEN 'none' ELSE 'not-reported' END)"
        )
        if variant == DETECTED:
            return detected
        if variant == EITHER:
            return (
                f"(CASE WHEN {self.declared} = 'yes' OR {detected} = 'yes' THEN 'yes' "
                f"WHEN {self.declared} = 'none' OR {detected} = 'none' THEN 'none' ELSE 'not-reported' END)"
            )
        raise QueryError(f"unknown variant {variant!r}")


Derive = Callable[[Group], dict[str, object]]


@dataclass(frozen=True, slots=True)
class Uptake:
    """Uptake of a status among the lots of ``scope`` (a SQL condition over the lot frame, None = all)."""

    status: Status
    scope: str | None = None
    extra_counts: tuple[Count, ...] = ()
    extra_columns: tuple[str, ...] = ()
    derive: Derive | None = None  # extra columns from a group's counts
    joins: tuple[str, ...] = ()
    description: str = ""
    extra_keys: tuple[Key, ...] = field(default_factory=tuple)

    @property
    def method(self) -> str:
        return (
            "Each procedure lot is counted once (table procedure_lots). Per group: lots in scope, lots whose "
            "status is yes, explicit none, or not reported; uptake = yes ÷ in scope, coverage = (yes + none) ÷ "
            "in scope, not reported = the rest ÷ in scope. By value: the same lots' values in EUR ("
            + VALUE_NOTE
            + ") "
            + self.description
            + (VARIANT_TEXT if self.status.detection_columns else "")
        ).strip()

    def columns(self, query: Query) -> list[str]:
        detection = ["lots_text_examined"] if query.variant != DECLARED else []
        return [*UPTAKE_COLUMNS, *detection, *self.extra_columns]

    def run(self, store: Store, query: Query) -> Table:
        status = self.status.sql(query.variant)
        counts = [
            Count("lots_in_scope", "COUNT(*)"),
            Count("lots_yes", f"SUM(CASE WHEN {status} = 'yes' THEN 1 ELSE 0 END)"),
            Count("lots_none", f"SUM(CASE WHEN {status} = 'none' THEN 1 ELSE 0 END)"),
            Count("lots_without_value", "SUM(CASE WHEN p.value_amount IS NULL THEN 1 ELSE 0 END)"),
            *self.extra_counts,
        ]
        if query.variant != DECLARED:
            first = self.status.detection_columns[0]
            counts.append(Count("lots_text_examined", f"SUM(CASE WHEN {first} IS NOT NULL THEN 1 ELSE 0 END)"))
        money = [Money("in_scope"), Money("yes", f"{status} = 'yes'")]
        grouping = grouped(store, lot_frame(*self.joins), query, counts, money, self.extra_keys, self.scope)
        rows = [self._row(group) for group in grouping.groups]
        notes = [VALUE_NOTE, *currency_notes(grouping.groups)]
        if query.variant != DECLARED and not any(row.get("lots_text_examined") for row in rows):
            notes.insert(0, NO_DETECTION_NOTE)
        return Table([*grouping.key_columns, *self.columns(query)], rows, notes)

    def _row(self, group: Group) -> dict[str, object]:
        counts = group.counts
        in_scope, yes, none = (int(counts[name]) for name in ("lots_in_scope", "lots_yes", "lots_none"))
        row: dict[str, object] = dict(group.keys)
        row.update(
            lots_in_scope=in_scope,
            lots_yes=yes,
            lots_none=none,
            lots_not_reported=in_scope - yes - none,
            uptake_share=share(yes, in_scope),
            coverage_share=share(yes + none, in_scope),
            not_reported_share=share(in_scope - yes - none, in_scope),
            value_eur_in_scope=euros(group.money["in_scope"]),
            value_eur_yes=euros(group.money["yes"]),
            value_uptake_share=share(group.money["yes"], group.money["in_scope"]),
            lots_without_value=int(counts["lots_without_value"]),
            lots_unknown_currency=group.unconverted["in_scope"],
        )
        if "lots_text_examined" in counts:
            row["lots_text_examined"] = int(counts["lots_text_examined"])
        for count in self.extra_counts:
            if count.name in self.extra_columns:
                row[count.name] = int(counts[count.name])
        if self.derive:
            row.update(self.derive(group))
        return row


def currency_notes(groups: Sequence[Group]) -> list[str]:
    unknown = sorted({currency for group in groups for currency in group.currencies})
    lots = sum(group.unconverted.get("in_scope", 0) for group in groups)
    if not unknown:
        return []
    return [
        f"MONEY_UNKNOWN_CURRENCY: {lots} lots with amounts in {', '.join(unknown)} have no exchange rate; "
        "their values are excluded from value_eur_* and counted in lots_unknown_currency"
    ]
