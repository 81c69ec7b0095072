"""Life-cycle cost (LCC) of offers, in the manner of the European Commission's GPP LCC tools and of the vehicle
method of the Clean Vehicles Directive 2009/33/EC: every cost of an offer over one analysis period,
discounted to present value, optionally with the external cost of its CO2 and pollutant emissions; the offers
ranked by their total. Formulas (with worked examples) in ``docs/lcc.md``; for years t = 1 … N, real discount
rate r, discount factor d(t) = 1 / (1 + r)^t:

- acquisition = units × (purchase + installation), paid at t = 0 (not discounted); with a service life L
  shorter than N, the same again at t = L, 2L, … < N (replacements, today's prices);
- consumption of a resource in year t = units × quantity × price × (1 + e)^(t − 1);
- maintenance in year t = units × annual × (1 + eₘ)^(t − 1); one-off costs at their year;
- end of life: units × disposal at N and at each replacement; minus units × residual value at N — the given
  one, or with a service life the straight-line value of the last purchase: purchase × (remaining life / L);
- CO2 in year t = units × tonnes a year × shadow price of year t (a constant escalated price, or a dated
  price path); pollutants in year t = units × grams a year × cost per gram;
- LCC = acquisition + replacements + Σ_t d(t) × (consumption + maintenance + CO2 + pollutants)(t)
  + one-off + end of life.

The sums over years depend only on (escalation, rate, period) and on the CO2 price path: they are computed
once per input and shared by all offers, so that 20,000 offers cost little more than their reading.
The input is read and checked by :mod:`.lcc_input` (:func:`parse_lcc`); results are plain data through
:func:`results_as_dict`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .factors import Co2PricePath, FactorSource
from .lcc_problems import LccWarning


@dataclass(frozen=True, slots=True)
class Consumption:
    resource: str  # e.g. "electricity"
    quantity: float  # units of the resource per year, for one unit of the offer
    unit: str
    price: float  # per unit of the resource, today
    escalation: float  # yearly price change, e.g. 0.02
    emission_factor: float  # kg CO2 per unit of the resource
    basis: str = "quantity"  # how the quantity was given: quantity, power-hours, per-100km, mj-per-km


@dataclass(frozen=True, slots=True)
class OneOff:
    year: int
    amount: float
    label: str


@dataclass(frozen=True, slots=True)
class PollutantUse:
    pollutant: str  # e.g. "nox"
    grams_per_year: float  # for one unit of the offer
    eur_per_g: float


@dataclass(frozen=True, slots=True)
class Offer:
    name: str
    purchase: float  # per unit
    installation: float
    consumption: tuple[Consumption, ...]
    maintenance: float  # per year, today's prices
    maintenance_escalation: float
    one_off: tuple[OneOff, ...]
    disposal: float
    residual_value: float | None  # None: derived from the service life (0 without one)
    units: float = 1.0
    service_life: int | None = None  # years; None: at least the analysis period, no residual value derived
    co2_tonnes_per_year: float | None = None  # given directly (vehicles: g/km × km); None: from the consumption
    pollutants: tuple[PollutantUse, ...] = ()


@dataclass(frozen=True, slots=True)
class Co2Price:
    """The shadow price of CO2: today's price with a yearly escalation, or a dated path from ``base_year``."""

    shadow_price: float  # currency per tonne in the first year of use
    escalation: float = 0.0
    path: Co2PricePath | None = None
    base_year: int | None = None  # calendar year of the first year of use (for a path)

    def price(self, year: int) -> float:
        """The price in year ``year`` of use (1 = first)."""
        if self.path is not None and self.base_year is not None:
            return self.path.price_in(self.base_year + year - 1)
        return self.shadow_price * (1.0 + self.escalation) ** (year - 1)


@dataclass(frozen=True, slots=True)
class FactorUse:
    """A reference value of the factors file that the input used: a vehicle category's lifetime mileage
    (``mileage``), a pollutant's unit cost (``pollutant``) or a fuel's energy content (``energy_content``)."""

    kind: str
    id: str
    value: float
    unit: str
    source: FactorSource
    verify: bool


@dataclass(frozen=True, slots=True)
class LccInput:
    currency: str
    period_years: int
    discount_rate: float
    co2: Co2Price | None
    offers: tuple[Offer, ...]
    warnings: tuple[LccWarning, ...] = ()
    factors_origin: str = "packaged"
    factors_used: tuple[FactorUse, ...] = ()


@dataclass(frozen=True, slots=True)
class LccResult:
    offer: str
    acquisition: float
    consumption: dict[str, float]  # present value per resource
    maintenance: float
    one_off: float
    end_of_life: float  # disposal − residual value, discounted (negative when the residual value is larger)
    co2_cost: float
    co2_tonnes: float
    total_without_co2: float
    total: float
    rank: int = 0
    replacements: float = 0.0
    pollutant_cost: float = 0.0
    units: float = 1.0
    residual_value: float = 0.0  # per unit, at the end of the period (given or derived)
    energy: dict[str, float] = field(default_factory=dict)  # resource → quantity over the period, all units

    @property
    def external_cost(self) -> float:
        return self.co2_cost + self.pollutant_cost

    @property
    def total_per_unit(self) -> float:
        return self.total / self.units if self.units else self.total


def discount_factor(rate: float, year: int) -> float:
    return 1.0 / (1.0 + rate) ** year


def escalated(amount: float, escalation: float, year: int) -> float:
    """The amount of year ``year`` (1 = first year of use) from today's amount."""
    return amount * (1.0 + escalation) ** (year - 1)


@functools.lru_cache(maxsize=4096)
def annuity(escalation: float, rate: float, period: int) -> float:
    """Σ_{t=1..N} (1 + e)^(t − 1) / (1 + r)^t: the present value of 1 a year at today's price."""
    return sum(discount_factor(rate, t) * (1.0 + escalation) ** (t - 1) for t in range(1, period + 1))


def co2_annuity(co2: Co2Price, rate: float, period: int) -> float:
    """Σ_t d(t) × price(t): the present value of emitting one tonne a year."""
    return sum(discount_factor(rate, t) * co2.price(t) for t in range(1, period + 1))


def replacement_years(service_life: int | None, period: int) -> tuple[int, ...]:
    """The years (after 0) in which an item of ``service_life`` years is bought again within the period."""
    if not service_life or service_life >= period:
        return ()
    return tuple(range(service_life, period, service_life))


def residual_value(offer: Offer, period: int) -> float:
    """Per unit at the end of the period: the given value, else the straight-line value of the last purchase."""
    if offer.residual_value is not None:
        return offer.residual_value
    if not offer.service_life:
        return 0.0
    bought = max((0, *replacement_years(offer.service_life, period)))
    remaining = bought + offer.service_life - period
    return offer.purchase * remaining / offer.service_life if remaining > 0 else 0.0


def yearly_tonnes(offer: Offer) -> float:
    """CO2 per year for one unit: as given, else Σ quantity × emission factor / 1000."""
    if offer.co2_tonnes_per_year is not None:
        return offer.co2_tonnes_per_year
    return sum(item.quantity * item.emission_factor for item in offer.consumption) / 1000.0


class _Sums:
    """The sums over years of one comparison (rate and period fixed), computed once and shared by the offers."""

    def __init__(self, rate: float, period: int, co2: Co2Price | None) -> None:
        self.rate, self.period = rate, period
        self.annuities: dict[float, float] = {}
        self.discounts = [discount_factor(rate, year) for year in range(period + 1)]
        self.co2 = co2_annuity(co2, rate, period) if co2 is not None else 0.0

    def annuity(self, escalation: float) -> float:
        value = self.annuities.get(escalation)
        if value is None:
            value = self.annuities[escalation] = annuity(escalation, self.rate, self.period)
        return value


def offer_lcc(offer: Offer, period: int, rate: float, co2: Co2Price | None, sums: _Sums | None = None) -> LccResult:
    sums = sums or _Sums(rate, period, co2)
    discounts = sums.discounts
    units = offer.units
    consumption: dict[str, float] = {}
    energy: dict[str, float] = {}
    for item in offer.consumption:
        value = units * item.quantity * item.price * sums.annuity(item.escalation)
        consumption[item.resource] = consumption.get(item.resource, 0.0) + value
        energy[item.resource] = energy.get(item.resource, 0.0) + units * item.quantity * period
    maintenance = units * offer.maintenance * sums.annuity(offer.maintenance_escalation) if offer.maintenance else 0.0
    one_off = units * sum(discounts[item.year] * item.amount for item in offer.one_off)
    again = replacement_years(offer.service_life, period) if offer.service_life else ()
    replaced = sum(discounts[year] for year in again)
    replacements = units * (offer.purchase + offer.installation) * replaced
    residual = residual_value(offer, period)
    end_of_life = units * (offer.disposal * (discounts[period] + replaced) - residual * discounts[period])
    tonnes = yearly_tonnes(offer)
    co2_cost = units * tonnes * sums.co2 if co2 is not None else 0.0
    pollutants = sum(p.grams_per_year * p.eur_per_g for p in offer.pollutants) if offer.pollutants else 0.0
    pollutant_cost = units * pollutants * sums.annuity(0.0) if pollutants else 0.0
    acquisition = units * (offer.purchase + offer.installation)
    without_co2 = acquisition + replacements + sum(consumption.values()) + maintenance + one_off + end_of_life
    without_co2 += pollutant_cost
    return LccResult(
        offer=offer.name,
        acquisition=acquisition,
        consumption=consumption,
        maintenance=maintenance,
        one_off=one_off,
        end_of_life=end_of_life,
        co2_cost=co2_cost,
        co2_tonnes=units * tonnes * period,
        total_without_co2=without_co2,
        total=without_co2 + co2_cost,
        replacements=replacements,
        pollutant_cost=pollutant_cost,
        units=units,
        residual_value=residual,
        energy=energy,
    )


def rank(results: Iterable[LccResult]) -> list[LccResult]:
    """Results ordered from the lowest total; equal totals keep the input order and share a rank."""
    listed = list(results)
    keys = [round(result.total, 6) for result in listed]
    ordered = [listed[index] for index in sorted(range(len(listed)), key=keys.__getitem__)]  # stable: input order
    ranked: list[LccResult] = []
    for position, result in enumerate(ordered, start=1):
        tie = ranked and math.isclose(ranked[-1].total, result.total, rel_tol=1e-12, abs_tol=1e-9)
        ranked.append(_with_rank(result, ranked[-1].rank if tie else position))
    return ranked


def _with_rank(r: LccResult, position: int) -> LccResult:
    # spelt out: dataclasses.replace costs as much as computing the offer
    return LccResult(
        r.offer,
        r.acquisition,
        r.consumption,
        r.maintenance,
        r.one_off,
        r.end_of_life,
        r.co2_cost,
        r.co2_tonnes,
        r.total_without_co2,
        r.total,
        position,
        r.replacements,
        r.pollutant_cost,
        r.units,
        r.residual_value,
        r.energy,
    )


def compare(data: LccInput) -> list[LccResult]:
    """Every offer's LCC, ranked from the lowest total (ties keep the input order and share a rank)."""
    sums = _Sums(data.discount_rate, data.period_years, data.co2)
    return rank(offer_lcc(o, data.period_years, data.discount_rate, data.co2, sums) for o in data.offers)


YEAR_COLUMNS = (
    "year",
    "acquisition",
    "consumption",
    "maintenance",
    "one_off",
    "end_of_life",
    "co2_cost",
    "pollutant_cost",
    "cost",
    "discount_factor",
    "present_value",
    "cumulative",
)


def year_table(offer: Offer, data: LccInput) -> list[dict[str, float]]:
    """The cash flows of one offer year by year (0 = today … N), in real terms and discounted; the column
    "present_value" sums to the offer's LCC."""
    period, rate, units = data.period_years, data.discount_rate, offer.units
    again = set(replacement_years(offer.service_life, period))
    residual = residual_value(offer, period)
    tonnes = yearly_tonnes(offer)
    rows, cumulative = [], 0.0
    for year in range(period + 1):
        acquisition = units * (offer.purchase + offer.installation) if year == 0 or year in again else 0.0
        use = year >= 1
        consumption = (
            units * sum(escalated(c.quantity * c.price, c.escalation, year) for c in offer.consumption) if use else 0.0
        )
        maintenance = units * escalated(offer.maintenance, offer.maintenance_escalation, year) if use else 0.0
        one_off = units * sum(item.amount for item in offer.one_off if item.year == year)
        end = units * (offer.disposal if year in again or year == period else 0.0)
        end -= units * residual if year == period else 0.0
        co2 = units * tonnes * data.co2.price(year) if use and data.co2 is not None else 0.0
        pollutants = units * sum(p.grams_per_year * p.eur_per_g for p in offer.pollutants) if use else 0.0
        cost = acquisition + consumption + maintenance + one_off + end + co2 + pollutants
        factor = discount_factor(rate, year)
        cumulative += cost * factor
        rows.append(
            {
                "year": year,
                "acquisition": acquisition,
                "consumption": consumption,
                "maintenance": maintenance,
                "one_off": one_off,
                "end_of_life": end,
                "co2_cost": co2,
                "pollutant_cost": pollutants,
                "cost": cost,
                "discount_factor": factor,
                "present_value": cost * factor,
                "cumulative": cumulative,
            }
        )
    return rows


def results_as_dict(data: LccInput, results: list[LccResult]) -> dict[str, Any]:
    """The comparison as plain data (the contract of ``--format json`` and of ``POST /api/lcc``)."""
    co2 = data.co2
    return {
        "currency": data.currency,
        "period_years": data.period_years,
        "discount_rate": data.discount_rate,
        "co2_shadow_price": co2.shadow_price if co2 else None,
        "co2_price": _co2_as_dict(co2),
        "factors": data.factors_origin,
        "factor_sources": factor_sources(data.factors_used),
        "warnings": [{"code": w.code, "place": list(w.place), "message": w.message_in("en")} for w in data.warnings],
        "offers": [
            {
                "rank": result.rank,
                "offer": result.offer,
                "total": round(result.total, 2),
                "total_without_co2": round(result.total_without_co2, 2),
                "units": result.units,
                "total_per_unit": round(result.total_per_unit, 2),
                "acquisition": round(result.acquisition, 2),
                "replacements": round(result.replacements, 2),
                "consumption": {name: round(value, 2) for name, value in result.consumption.items()},
                "maintenance": round(result.maintenance, 2),
                "one_off": round(result.one_off, 2),
                "end_of_life": round(result.end_of_life, 2),
                "residual_value": round(result.residual_value, 2),
                "co2_cost": round(result.co2_cost, 2),
                "co2_tonnes": round(result.co2_tonnes, 3),
                "pollutant_cost": round(result.pollutant_cost, 2),
                "energy": {name: round(value, 3) for name, value in result.energy.items()},
            }
            for result in results
        ],
    }


def factor_sources(used: Iterable[FactorUse]) -> list[dict[str, Any]]:
    """The reference values used, grouped by their source (as the CO2 price names its own): for each source its
    title, publisher, year, reference and link, whether a value is still to be checked, and the values."""
    groups: dict[str, dict[str, Any]] = {}
    for use in used:
        source = use.source
        entry = groups.setdefault(
            source.id,
            {
                "source": {
                    "id": source.id,
                    "title": source.title,
                    "publisher": source.publisher,
                    "year": source.year,
                    "reference": source.reference,
                    "url": source.url,
                    **source.names(),
                },
                "verify": source.verify,
                "values": [],
            },
        )
        entry["verify"] = entry["verify"] or use.verify
        entry["values"].append({"kind": use.kind, "id": use.id, "value": use.value, "unit": use.unit})
    return list(groups.values())


def _co2_as_dict(co2: Co2Price | None) -> dict[str, Any] | None:
    if co2 is None:
        return None
    if co2.path is None:
        return {"kind": "constant", "first_year": co2.shadow_price, "escalation": co2.escalation}
    source = co2.path.source
    return {
        "kind": "path",
        "preset": co2.path.id,
        "base_year": co2.base_year,
        "first_year": co2.shadow_price,
        "source": {
            "title": source.title,
            "publisher": source.publisher,
            "year": source.year,
            "url": source.url,
            **source.names(),
        },
        "verify": co2.path.verify or source.verify,
    }


TABLE_COLUMNS = (
    "rank",
    "offer",
    "total",
    "total_without_co2",
    "acquisition",
    "replacements",
    "consumption",
    "maintenance",
    "one_off",
    "end_of_life",
    "co2_cost",
    "co2_tonnes",
    "pollutant_cost",
)


def table_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat row per offer of ``results_as_dict`` (consumption summed over resources), for CSV and XLSX."""
    return [{**offer, "consumption": round(sum(offer["consumption"].values()), 2)} for offer in report["offers"]]


def read_lcc_file(path: Path, factors: Path | None = None, lang: str = "en") -> LccInput:
    """Read and check a YAML (.yaml/.yml) or JSON (.json) LCC input file (``factors``: an override file)."""
    from .factors import load_factors
    from .lcc_files import read_input_file
    from .lcc_input import parse_lcc as parse

    return parse(read_input_file(path), load_factors(factors), lang)


def parse_lcc(data: Any) -> LccInput:
    """The checked input of a mapping (as read from YAML or JSON), with the packaged factors."""
    from .lcc_input import parse_lcc as parse

    return parse(data)


def load_lcc_text(text: str, filename: str) -> Any:
    """The data of an input file's text (JSON when ``filename`` ends in .json, YAML otherwise)."""
    from .lcc_files import load_input_text

    return load_input_text(text, filename)
