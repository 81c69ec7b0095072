"""The outcome estimates on the dashboard: energy saved and CO2 avoided per category, the notes on what is left
out (with links to the lots) and the factors' sources, from the same record as ``sppmon outcomes`` and
``/api/outcomes``. The dashboard's year, country and buyer filters apply; the others do not (said above the
tables)."""

from __future__ import annotations

from typing import Any

from ..browse.filters import filter_values
from ..outcomes.columns import Frames, category_outcomes, load_frames
from ..outcomes.factors import load_outcome_factors
from ..outcomes.rows import Filters
from ..store import Store
from .context import Env
from .db import FigureCache
from .tables import Column, DataTable, table

ENERGY_COLUMNS = (
    ("items", "int"),
    ("lots", "int"),
    ("savings_kwh_per_year", "int"),
    ("items_with_life", "int"),
    ("lifetime_savings_kwh", "int"),
    ("co2_kg_per_year_low", "int"),
    ("co2_kg_per_year_high", "int"),
    ("co2_kg_lifetime_low", "int"),
    ("co2_kg_lifetime_high", "int"),
)
VEHICLE_COLUMNS = (
    ("results", "int"),
    ("lots", "int"),
    ("vehicles", "int"),
    ("clean", "int"),
    ("zero_emission", "int"),
    ("co2_kg_lifetime_low", "int"),
    ("co2_kg_lifetime_high", "int"),
)
_LISTS = {"energy": "energy-efficiency-item", "vehicles": "vehicle-category"}
APPLIED = ("year", "country", "buyer")


def _filters(env: Env) -> Filters:
    given = env.filters()
    values = {name: filter_values(name, given[name]) if given.get(name) else [] for name in APPLIED}
    return Filters(
        tuple(int(str(year)) for year in values["year"]),
        tuple(str(country).upper() for country in values["country"]),
        tuple(str(buyer) for buyer in values["buyer"]),
    )


def outcome_frames(cache: FigureCache, store: Store) -> Frames:
    """The items and vehicle counts of the store's latest result notices, read once per store version."""
    return cache.get(("outcome-frames",), lambda: load_frames(store), keep=True)


def outcome_report(env: Env) -> dict[str, Any]:
    """The outcome record of the page's filters, per category, in the page's language (cached per filters),
    computed on the columns of the store's items and vehicle counts, read once per store version."""
    filters = _filters(env)

    def compute() -> dict[str, Any]:
        return category_outcomes(outcome_frames(env.cache, env.store), load_outcome_factors(), filters, env.lang)

    return env.cache.get(("outcomes", filters, env.lang), compute)


def _table(env: Env, area: str, columns: tuple[tuple[str, str], ...]) -> DataTable:
    report = outcome_report(env)[area]
    rows = [
        {**row, "lots": row["lot_count"]}
        for row in [*report["rows"], {**report["total"], "category": env.t("outcomes.total")}]
    ]
    shown = [Column("category", env.t("outcomes.col.category"), "code", _LISTS[area])]
    shown += [Column(key, env.t(f"outcomes.col.{key}"), kind) for key, kind in columns]
    data = DataTable(f"outcomes-{area}", env.t(f"outcomes.{area}"), shown, rows, params=env.filters())
    data.links = {
        index: {"lots": env.url(f"/notices/{row['lots'][0]['notice']}")}
        for index, row in enumerate(report["rows"])
        if row["lot_count"] == 1
    }
    return data


@table("outcomes-energy")
def energy_table(env: Env) -> DataTable:
    return _table(env, "energy", ENERGY_COLUMNS)


@table("outcomes-vehicles")
def vehicles_table(env: Env) -> DataTable:
    return _table(env, "vehicles", VEHICLE_COLUMNS)


def outcome_notes(env: Env) -> list[dict[str, Any]]:
    """The notes with their first lots (the record lists up to five), linked to their notices."""
    return [
        {
            "text": note["text"],
            "rows": note["rows"],
            "lots": [(f"{ref['notice']} {ref['lot']}", env.url(f"/notices/{ref['notice']}")) for ref in note["lots"]],
            "more": note["lot_count"] - len(note["lots"]),
        }
        for note in outcome_report(env)["notes"]
    ]
