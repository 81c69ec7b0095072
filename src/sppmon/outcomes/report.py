"""The outcome estimates of a store as one record: the figures per group with the lots they rest on, the notes
on what is left out, the method and the factors with their sources. The command line, the API and the reports
all show this record (:meth:`OutcomeReport.as_dict` is the JSON of ``sppmon outcomes`` and ``/api/outcomes``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import messages
from ..planning.factors import load_factors
from ..store.base import Store
from .estimate import DIMENSIONS, Groups, Note, Notes, Used, estimate_energy, estimate_vehicles
from .factors import OutcomeFactors
from .rows import Filters, eed_rows, vehicle_rows

METHODS = ("energy", "lifetime", "co2_energy", "co2_vehicles")
DEFAULT_BY = ("year", "country", "category")


@dataclass(frozen=True, slots=True)
class OutcomeReport:
    filters: Filters
    by: tuple[str, ...]
    factors: OutcomeFactors
    energy: Groups
    vehicles: Groups
    notes: tuple[Note, ...]
    used: Used

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "filters": self.filters.as_dict(),
            "by": list(self.by),
            "method": method_texts(lang),
            "energy": {
                "rows": [group.as_dict() for group in self.energy.rows()],
                "total": self.energy.total.as_dict(),
            },
            "vehicles": {
                "rows": [group.as_dict() for group in self.vehicles.rows()],
                "total": self.vehicles.total.as_dict(),
            },
            "notes": [
                {**note.as_dict(), "text": text(f"outcomes.note.{note.area}.{note.code}", lang)} for note in self.notes
            ],
            "factors": self.factors_dict(),
        }

    def factors_dict(self) -> dict[str, Any]:
        return factors_record(self.factors, self.used)


def method_texts(lang: str) -> dict[str, str]:
    return {name: text(f"outcomes.method.{name}", lang) for name in METHODS}


def factors_record(factors: OutcomeFactors, used: Used) -> dict[str, Any]:
    """The factors the figures rest on, with their sources."""
    named = {**load_factors().sources, **factors.sources}  # mileages come from the LCC factors
    return {
        "origin": factors.origin,
        "service_life": dict(sorted(used.service_life.items())),
        "electricity": dict(sorted(used.electricity.items())),
        "fuels": dict(sorted(used.fuels.items())),
        "vehicles": dict(sorted(used.vehicles.items())),
        "sources": {
            key: {
                "title": named[key].title,
                "publisher": named[key].publisher,
                "year": named[key].year,
                "reference": named[key].reference,
                "url": named[key].url,
                "verify": named[key].verify,
                **named[key].names(),
            }
            for key in sorted(used.sources())
        },
    }


def text(key: str, lang: str, **values: object) -> str:
    texts = messages.catalogue()[key]
    template = texts.get(lang) or texts["en"]
    return template.format(**values) if values else template


def outcomes(
    store: Store, factors: OutcomeFactors, filters: Filters | None = None, by: tuple[str, ...] = DEFAULT_BY
) -> OutcomeReport:
    """The outcome estimates of the store's result notices kept by ``filters``, per the dimensions ``by``."""
    unknown = [name for name in by if name not in DIMENSIONS]
    if unknown:
        raise ValueError(f"unknown dimensions {unknown}; known: {', '.join(DIMENSIONS)}")
    filters = filters or Filters()
    notes, used = Notes(), Used()
    energy = estimate_energy(eed_rows(store, filters), factors, by, notes, used)
    vehicles = estimate_vehicles(vehicle_rows(store, filters), factors, by, notes, used)
    return OutcomeReport(filters, by, factors, energy, vehicles, tuple(notes.all()), used)
