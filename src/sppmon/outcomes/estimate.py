"""The outcome estimates from the rows of the store and the factors.

- Energy: declared yearly savings (BT-814, kWh per year and, as the issue's method reads it, per item) × quantity
  (BT-815); over the service life: × the item category's default life in years.
- CO2 from energy: kWh × the emission factor of the energy saved (electricity of the buyer's country in the
  notice's year, or the fuels the item category saves), a low-high range.
- CO2 from vehicles: zero-emission vehicles × lifetime km × (conventional − zero-emission g/km) plus the other
  clean vehicles × lifetime km × (conventional − clean g/km). Whether OPT-155 ``vehicles-clean`` includes the
  zero-emission vehicles is not defined: the low end reads it as including them, the high end as apart.

Nothing is left out silently: every item or vehicle count that cannot be counted, or counts with an assumption,
is a :class:`Note` with its reason and the lots it concerns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .factors import ELECTRICITY, OutcomeFactors, Range, VehicleFactors
from .rows import EedRow, VehicleRow, Where

DIMENSIONS = ("year", "country", "buyer", "category")

# Note codes: the catalogue's text is outcomes.note.<code>.
EED_NOTES = (
    "savings_without_quantity",
    "quantity_without_savings",
    "nothing_declared",
    "inconsistent",
    "no_category",
    "no_service_life",
    "no_country_factor",
    "factor_year",
)
VEHICLE_NOTES = ("no_category", "unknown_category", "counts_missing", "no_clean", "clean_below_zero", "above_total")


@dataclass(slots=True)
class Note:
    """A reason some items or vehicle counts were left out (or counted with an assumption), with their lots."""

    area: str  # "energy" or "vehicles"
    code: str
    rows: int = 0
    lots: dict[tuple[str, str], None] = field(default_factory=dict)  # ordered set

    def add(self, where: Where) -> None:
        self.rows += 1
        self.lots[(where.notice_key, where.lot_id)] = None

    def as_dict(self) -> dict[str, Any]:
        refs = [{"notice": notice, "lot": lot} for notice, lot in self.lots]
        return {"area": self.area, "code": self.code, "rows": self.rows, "lots": refs}


class Notes:
    def __init__(self) -> None:
        self._found: dict[tuple[str, str], Note] = {}

    def add(self, area: str, code: str, where: Where) -> None:
        self._found.setdefault((area, code), Note(area, code)).add(where)

    def all(self) -> list[Note]:
        order = {(area, code): index for index, (area, code) in enumerate(NOTE_ORDER)}
        return sorted(self._found.values(), key=lambda note: order[(note.area, note.code)])


NOTE_ORDER = [("energy", code) for code in EED_NOTES] + [("vehicles", code) for code in VEHICLE_NOTES]

SUMS = {
    "energy": (
        "items",
        "savings_kwh_per_year",
        "items_with_life",
        "lifetime_savings_kwh",
        "items_with_co2",
        "co2_kg_per_year_low",
        "co2_kg_per_year_high",
        "co2_kg_lifetime_low",
        "co2_kg_lifetime_high",
    ),
    "vehicles": ("results", "vehicles", "clean", "zero_emission", "co2_kg_lifetime_low", "co2_kg_lifetime_high"),
}


@dataclass(slots=True)
class Group:
    keys: dict[str, Any]
    sums: dict[str, float]
    lots: dict[tuple[str, str], None] = field(default_factory=dict)

    def add(self, where: Where, values: dict[str, float]) -> None:
        for name, value in values.items():
            self.sums[name] += value
        self.lots[(where.notice_key, where.lot_id)] = None

    def as_dict(self) -> dict[str, Any]:
        refs = [{"notice": notice, "lot": lot} for notice, lot in self.lots]
        return {**self.keys, **shown_sums(self.sums), "lots": refs}


def shown_sums(sums: dict[str, float]) -> dict[str, Any]:
    """The sums as shown: rounded, and a figure no item could be counted for unknown (``None``), not zero."""
    shown: dict[str, Any] = {name: _rounded(value) for name, value in sums.items()}
    if shown.get("items_with_life") == 0:
        shown.update(dict.fromkeys(("lifetime_savings_kwh", "co2_kg_lifetime_low", "co2_kg_lifetime_high")))
    if shown.get("items_with_co2") == 0:
        shown.update(dict.fromkeys(("co2_kg_per_year_low", "co2_kg_per_year_high")))
        shown.update(dict.fromkeys(("co2_kg_lifetime_low", "co2_kg_lifetime_high")))
    return shown


def _rounded(value: float) -> float | int:
    rounded = round(value, 3)
    return int(rounded) if rounded == int(rounded) else rounded


class Groups:
    def __init__(self, area: str, by: tuple[str, ...]) -> None:
        self.area, self.by = area, by
        self._groups: dict[tuple[Any, ...], Group] = {}
        self.total = Group({}, dict.fromkeys(SUMS[area], 0.0))

    def add(self, where: Where, category: str | None, values: dict[str, float]) -> None:
        keys = _keys(where, category, self.by)
        group = self._groups.get(tuple(keys.values()))
        if group is None:
            group = self._groups[tuple(keys.values())] = Group(keys, dict.fromkeys(SUMS[self.area], 0.0))
        group.add(where, values)
        self.total.add(where, values)

    def rows(self) -> list[Group]:
        return [self._groups[key] for key in sorted(self._groups, key=lambda key: tuple(str(k) for k in key))]


def _keys(where: Where, category: str | None, by: tuple[str, ...]) -> dict[str, Any]:
    values = {
        "year": where.year,
        "country": where.country,
        "buyer": where.buyer_key,
        "category": category,
    }
    keys = {name: values[name] for name in by}
    if "buyer" in by:
        keys["buyer_name"] = where.buyer_name
    return keys


@dataclass(slots=True)
class Used:
    """The factors the results rest on (shown beside them)."""

    service_life: dict[str, Any] = field(default_factory=dict)
    fuels: dict[str, Any] = field(default_factory=dict)
    electricity: dict[str, Any] = field(default_factory=dict)
    vehicles: dict[str, Any] = field(default_factory=dict)

    def sources(self) -> set[str]:
        found = {entry["source"] for entry in (*self.service_life.values(), *self.fuels.values())}
        found |= {entry["source"] for entry in self.electricity.values()}
        for entry in self.vehicles.values():
            found |= {entry[name]["source"] for name in ("lifetime_km", "conventional", "clean", "zero_emission")}
        return found


def estimate_energy(
    rows: Iterable[EedRow], factors: OutcomeFactors, by: tuple[str, ...], notes: Notes, used: Used
) -> Groups:
    groups = Groups("energy", by)
    # the factor of an item category, country and year is looked up once; its notes are added for every row
    looked_up: dict[tuple[str | None, str | None, int | None], tuple[tuple[float, float] | None, tuple[str, ...]]] = {}
    for row in rows:
        yearly = _yearly(row, notes)
        if yearly is None:
            continue
        values = {"items": 1.0, "savings_kwh_per_year": yearly}
        years, code = service_life(row.item, factors, used)
        if code is not None:
            notes.add("energy", code, row.where)
        if years is not None:
            values["items_with_life"], values["lifetime_savings_kwh"] = 1.0, yearly * years
        key = (row.item, row.where.country, row.where.year)
        if key not in looked_up:
            looked_up[key] = co2_factor(*key, factors, used)
        factor, codes = looked_up[key]
        for code in codes:
            notes.add("energy", code, row.where)
        if factor is not None:
            values["items_with_co2"] = 1.0
            values["co2_kg_per_year_low"] = yearly * factor[0] / 1000
            values["co2_kg_per_year_high"] = yearly * factor[1] / 1000
            if years is not None:
                values["co2_kg_lifetime_low"] = values["co2_kg_per_year_low"] * years
                values["co2_kg_lifetime_high"] = values["co2_kg_per_year_high"] * years
        groups.add(row.where, row.item, values)
    return groups


def _yearly(row: EedRow, notes: Notes) -> float | None:
    savings, quantity = row.savings_kwh, row.quantity
    code = None
    if savings is None and quantity is None:
        code = "nothing_declared"
    elif quantity is None:
        code = "savings_without_quantity"
    elif savings is None:
        code = "quantity_without_savings"
    elif savings < 0 or quantity <= 0:
        code = "inconsistent"
    if code is not None:
        notes.add("energy", code, row.where)
        return None
    assert savings is not None and quantity is not None
    return savings * quantity


def service_life(item: str | None, factors: OutcomeFactors, used: Used) -> tuple[float | None, str | None]:
    """The service life of an item category in years, or the code of the note saying why there is none."""
    if not item:
        return None, "no_category"
    life = factors.service_life.get(item)
    if life is None:
        return None, "no_service_life"
    used.service_life[item] = {"years": life.years, "source": life.source.id, "verify": life.verify}
    return life.years, None


def co2_factor(
    item: str | None, country: str | None, year: int | None, factors: OutcomeFactors, used: Used
) -> tuple[tuple[float, float] | None, tuple[str, ...]]:
    """g CO2 per kWh saved, low and high over the carriers the item category may save, with the codes of the
    notes it calls for."""
    ranges: list[Range] = []
    codes: list[str] = []
    for carrier in factors.carriers_of(item):
        if carrier != ELECTRICITY:
            ranges.append(factors.fuels[carrier])
            used.fuels[carrier] = factors.fuels[carrier].as_dict()
            continue
        electricity = factors.electricity.get(country or "")
        if electricity is None:
            return None, ("no_country_factor",)
        chosen, found = electricity.nearest(year)
        if chosen != year:
            codes.append("factor_year")
        used.electricity[f"{electricity.country} {chosen}"] = {
            "country": electricity.country,
            "year": chosen,
            **found.as_dict(),
        }
        ranges.append(found)
    return (min(r.low for r in ranges), max(r.high for r in ranges)), tuple(codes)


def estimate_vehicles(
    rows: Iterable[VehicleRow], factors: OutcomeFactors, by: tuple[str, ...], notes: Notes, used: Used
) -> Groups:
    groups = Groups("vehicles", by)
    for row in rows:
        if row.counts_missing:
            notes.add("vehicles", "counts_missing", row.where)
        if not row.category:
            notes.add("vehicles", "no_category", row.where)
            continue
        vehicle = factors.vehicles.get(row.category)
        if vehicle is None:
            notes.add("vehicles", "unknown_category", row.where)
            continue
        clean, zero = row.clean or 0, row.zero_emission or 0
        if clean == 0 and zero == 0:
            notes.add("vehicles", "no_clean", row.where)
        if row.vehicles is not None and max(clean, zero) > row.vehicles:
            notes.add("vehicles", "above_total", row.where)
        # low end: "clean" includes the zero-emission vehicles; high end: they are apart (the only reading left
        # when fewer clean than zero-emission vehicles are declared)
        if clean < zero:
            notes.add("vehicles", "clean_below_zero", row.where)
            clean_low = clean
        else:
            clean_low = clean - zero
        saving = vehicle_savings(row.category, vehicle, used)
        low = saving.km_low * (zero * saving.zero_low + clean_low * saving.clean_low)
        high = saving.km_high * (zero * saving.zero_high + clean * saving.clean_high)
        values = {
            "results": 1.0,
            "vehicles": float(row.vehicles or 0),
            "clean": float(clean),
            "zero_emission": float(zero),
            "co2_kg_lifetime_low": low / 1000,
            "co2_kg_lifetime_high": high / 1000,
        }
        groups.add(row.where, row.category, values)
    return groups


@dataclass(frozen=True, slots=True)
class VehicleSaving:
    """Lifetime km and g CO2 saved per km by a zero-emission and by a clean vehicle of a category, low and high."""

    km_low: float
    km_high: float
    zero_low: float
    zero_high: float
    clean_low: float
    clean_high: float


def vehicle_savings(category: str, vehicle: VehicleFactors, used: Used) -> VehicleSaving:
    km, conventional = vehicle.lifetime_km, vehicle.conventional
    if category not in used.vehicles:
        used.vehicles[category] = {
            "lifetime_km": {**km.as_dict(), "of": list(vehicle.lifetime_km_of)},
            "conventional": conventional.as_dict(),
            "clean": vehicle.clean.as_dict(),
            "zero_emission": vehicle.zero_emission.as_dict(),
        }
    # per-km savings; never below zero (an aggregate category's ranges may overlap at their ends)
    return VehicleSaving(
        km.low,
        km.high,
        max(0.0, conventional.low - vehicle.zero_emission.high),
        max(0.0, conventional.high - vehicle.zero_emission.low),
        max(0.0, conventional.low - vehicle.clean.high),
        max(0.0, conventional.high - vehicle.clean.low),
    )
