"""Headline uptake figures: share of lots declaring green, social, innovative procurement and GPP criteria,
each with its coverage and not-reported share. Each procedure lot counts once (view ``procedure_lots``)."""

from __future__ import annotations

from dataclasses import dataclass

from .store import Store

HEADLINE_FACTS = (
    ("strategic", "strategic_status", "Strategic procurement (any)"),
    ("green", "green_status", "Green procurement"),
    ("gpp", "gpp_status", "GPP criteria used"),
    ("social", "social_status", "Social procurement"),
    ("innovative", "innovative_status", "Innovative procurement"),
)


@dataclass(frozen=True, slots=True)
class Headline:
    fact: str
    title: str
    lots: int
    yes: int
    explicit_none: int
    not_reported: int

    @property
    def uptake(self) -> float | None:
        return self.yes / self.lots if self.lots else None

    @property
    def coverage(self) -> float | None:
        return (self.yes + self.explicit_none) / self.lots if self.lots else None

    @property
    def not_reported_share(self) -> float | None:
        return self.not_reported / self.lots if self.lots else None


def headline(store: Store, where: str = "", params: tuple[object, ...] = ()) -> list[Headline]:
    """``where`` is an optional SQL condition on ``procedure_lots`` built by the caller from fixed columns."""
    condition = f"WHERE {where}" if where else ""
    figures: list[Headline] = []
    for fact, column, title in HEADLINE_FACTS:
        rows = store.query(
            f"SELECT COUNT(*), "
            f"SUM(CASE WHEN {column} = 'yes' THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN {column} = 'none' THEN 1 ELSE 0 END) "
            f"FROM procedure_lots {condition}",
            params,
        )
        lots, yes, none = (int(value or 0) for value in rows[0])
        figures.append(Headline(fact, title, lots, yes, none, lots - yes - none))
    return figures
