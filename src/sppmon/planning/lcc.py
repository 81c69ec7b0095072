"""Life-cycle cost (LCC) of offers, in the manner of the European Commission's GPP LCC tools: every cost of
an offer over one analysis period, discounted to present value, optionally with the external cost of its CO2
emissions; the offers ranked by their total. Formulas (documented in ``docs/lcc.md``), for years
t = 1 … N, real discount rate r, discount factor d(t) = 1 / (1 + r)^t:

- acquisition = purchase + installation, paid at t = 0 (not discounted);
- consumption of a resource in year t = quantity × price × (1 + escalation)^(t − 1): today's price applies
  to the first year of use;
- maintenance in year t = annual × (1 + escalation)^(t − 1); one-off costs at their year;
- end of life at t = N: disposal cost − residual value;
- CO2 in year t = Σ quantity × emission factor (kg per unit) / 1000 × shadow price × (1 + escalation)^(t − 1);
- LCC = acquisition + Σ_t d(t) × (consumption + maintenance + one-off + CO2)(t) + d(N) × (disposal − residual).

With r = 0 and no escalation the LCC is the plain sum of all costs. Inputs are read by :func:`parse_lcc`
(a mapping from YAML or JSON); every problem names its place, e.g. ``offers[1].consumption[0].quantity``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import CatalogedError

MAX_PERIOD_YEARS = 100
MAX_ENTRIES = 20_000  # offers, consumptions and one-off costs together


@dataclass(frozen=True, slots=True)
class Consumption:
    resource: str  # e.g. "electricity"
    quantity: float  # units per year
    unit: str
    price: float  # per unit, today
    escalation: float  # yearly price change, e.g. 0.02
    emission_factor: float  # kg CO2 per unit


@dataclass(frozen=True, slots=True)
class OneOff:
    year: int
    amount: float
    label: str


@dataclass(frozen=True, slots=True)
class Offer:
    name: str
    purchase: float
    installation: float
    consumption: tuple[Consumption, ...]
    maintenance: float  # per year, today's prices
    maintenance_escalation: float
    one_off: tuple[OneOff, ...]
    disposal: float
    residual_value: float


@dataclass(frozen=True, slots=True)
class Co2Price:
    shadow_price: float  # currency per tonne of CO2
    escalation: float


@dataclass(frozen=True, slots=True)
class LccInput:
    currency: str
    period_years: int
    discount_rate: float
    co2: Co2Price | None
    offers: tuple[Offer, ...]


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


def discount_factor(rate: float, year: int) -> float:
    return 1.0 / (1.0 + rate) ** year


def escalated(amount: float, escalation: float, year: int) -> float:
    """The amount of year ``year`` (1 = first year of use) from today's amount."""
    return amount * (1.0 + escalation) ** (year - 1)


def offer_lcc(offer: Offer, period: int, rate: float, co2: Co2Price | None) -> LccResult:
    years = range(1, period + 1)
    consumption = {
        item.resource: sum(
            discount_factor(rate, t) * escalated(item.quantity * item.price, item.escalation, t) for t in years
        )
        for item in offer.consumption
    }
    maintenance = sum(
        discount_factor(rate, t) * escalated(offer.maintenance, offer.maintenance_escalation, t) for t in years
    )
    one_off = sum(discount_factor(rate, item.year) * item.amount for item in offer.one_off)
    end_of_life = discount_factor(rate, period) * (offer.disposal - offer.residual_value)
    yearly_tonnes = sum(item.quantity * item.emission_factor for item in offer.consumption) / 1000.0
    co2_cost = 0.0
    if co2 is not None:
        co2_cost = sum(
            discount_factor(rate, t) * escalated(yearly_tonnes * co2.shadow_price, co2.escalation, t) for t in years
        )
    acquisition = offer.purchase + offer.installation
    without_co2 = acquisition + sum(consumption.values()) + maintenance + one_off + end_of_life
    return LccResult(
        offer=offer.name,
        acquisition=acquisition,
        consumption=consumption,
        maintenance=maintenance,
        one_off=one_off,
        end_of_life=end_of_life,
        co2_cost=co2_cost,
        co2_tonnes=yearly_tonnes * period,
        total_without_co2=without_co2,
        total=without_co2 + co2_cost,
    )


def compare(data: LccInput) -> list[LccResult]:
    """Every offer's LCC, ranked from the lowest total (ties keep the input order and share a rank)."""
    results = [offer_lcc(offer, data.period_years, data.discount_rate, data.co2) for offer in data.offers]
    ordered = sorted(enumerate(results), key=lambda pair: (round(pair[1].total, 6), pair[0]))
    ranked: list[LccResult] = []
    for position, (_index, result) in enumerate(ordered, start=1):
        tie = ranked and math.isclose(ranked[-1].total, result.total, rel_tol=1e-12, abs_tol=1e-9)
        rank = ranked[-1].rank if tie else position
        ranked.append(_with_rank(result, rank))
    return ranked


def _with_rank(result: LccResult, rank: int) -> LccResult:
    return LccResult(
        result.offer,
        result.acquisition,
        result.consumption,
        result.maintenance,
        result.one_off,
        result.end_of_life,
        result.co2_cost,
        result.co2_tonnes,
        result.total_without_co2,
        result.total,
        rank,
    )


class _Reader:
    """Checks the input mapping; the first problem raises LCC_INVALID_INPUT naming its place."""

    def __init__(self) -> None:
        self.entries = 0  # list entries read so far, bounded so that hostile input cannot make the work unbounded

    @staticmethod
    def fail(where: str, message: str) -> CatalogedError:
        return CatalogedError("LCC_INVALID_INPUT", f"{where}: {message}")

    def mapping(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(where, "expected a mapping")
        return value

    def number(
        self, data: Mapping[str, Any], key: str, where: str, default: float | None = None, low: float = 0.0
    ) -> float:
        value = data.get(key, default)
        place = f"{where}.{key}" if where else key
        if value is None:
            raise self.fail(place, "missing")
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise self.fail(place, f"{value!r} is not a number")
        if value < low:
            raise self.fail(place, f"{value!r} is below {low:g}")
        return float(value)

    def text(self, data: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}.{key}" if where else key, "missing or not text")
        return value.strip()

    def items(self, data: Mapping[str, Any], key: str, where: str) -> list[Any]:
        value = data.get(key, [])
        place = f"{where}.{key}" if where else key
        if not isinstance(value, list):
            raise self.fail(place, "expected a list")
        self.entries += len(value)
        if self.entries > MAX_ENTRIES:  # YAML aliases repeat lists cheaply: count every entry read
            raise self.fail(place, f"more than {MAX_ENTRIES:,} list entries in the whole input")
        return value


def parse_lcc(data: Any) -> LccInput:
    read = _Reader()
    root = read.mapping(data, "input")
    period = read.number(root, "period_years", "", low=1)
    if period != int(period) or period > MAX_PERIOD_YEARS:
        raise read.fail("period_years", f"{period:g} is not a whole number of years from 1 to {MAX_PERIOD_YEARS}")
    rate = read.number(root, "discount_rate", "", low=-0.99)
    co2 = None
    if root.get("co2") is not None:
        section = read.mapping(root["co2"], "co2")
        co2 = Co2Price(
            read.number(section, "shadow_price", "co2"), read.number(section, "escalation", "co2", 0.0, -0.99)
        )
    prices = read.mapping(root.get("prices", {}), "prices")
    offers = tuple(
        _offer(read, entry, f"offers[{index}]", prices, int(period))
        for index, entry in enumerate(read.items(root, "offers", ""))
    )
    if not offers:
        raise read.fail("offers", "at least one offer is needed")
    names = [offer.name for offer in offers]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise read.fail("offers", f"offer names must be unique: {', '.join(duplicates)}")
    return LccInput(read.text(root, "currency", "", "EUR"), int(period), rate, co2, offers)


def _offer(read: _Reader, value: Any, where: str, prices: Mapping[str, Any], period: int) -> Offer:
    data = read.mapping(value, where)
    consumption = tuple(
        _consumption(read, item, f"{where}.consumption[{index}]", prices)
        for index, item in enumerate(read.items(data, "consumption", where))
    )
    maintenance = read.mapping(data.get("maintenance", {}), f"{where}.maintenance")
    end_of_life = read.mapping(data.get("end_of_life", {}), f"{where}.end_of_life")
    one_off = []
    for index, item in enumerate(read.items(data, "one_off", where)):
        place = f"{where}.one_off[{index}]"
        entry = read.mapping(item, place)
        year = read.number(entry, "year", place, low=0)
        if year != int(year) or year > period:
            raise read.fail(f"{place}.year", f"{year:g} is not a whole year within the period (0 to {period})")
        one_off.append(
            OneOff(int(year), read.number(entry, "amount", place, low=-math.inf), str(entry.get("label", "")))
        )
    return Offer(
        name=read.text(data, "name", where),
        purchase=read.number(data, "purchase", where),
        installation=read.number(data, "installation", where, 0.0),
        consumption=consumption,
        maintenance=read.number(maintenance, "annual", f"{where}.maintenance", 0.0),
        maintenance_escalation=read.number(maintenance, "escalation", f"{where}.maintenance", 0.0, -0.99),
        one_off=tuple(one_off),
        disposal=read.number(end_of_life, "disposal", f"{where}.end_of_life", 0.0),
        residual_value=read.number(end_of_life, "residual_value", f"{where}.end_of_life", 0.0),
    )


def _consumption(read: _Reader, value: Any, where: str, prices: Mapping[str, Any]) -> Consumption:
    data = read.mapping(value, where)
    resource = read.text(data, "resource", where)
    shared = read.mapping(prices.get(resource, {}), f"prices.{resource}")
    merged = {**shared, **data}  # the offer's own figures win over the shared price list
    return Consumption(
        resource=resource,
        quantity=read.number(merged, "quantity", where),
        unit=read.text(merged, "unit", where, "unit"),
        price=read.number(merged, "price", where),
        escalation=read.number(merged, "escalation", where, 0.0, -0.99),
        emission_factor=read.number(merged, "emission_factor", where, 0.0),
    )


def read_lcc_file(path: Path) -> LccInput:
    """Read and check a YAML (.yaml/.yml) or JSON (.json) LCC input file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogedError("LCC_UNREADABLE", f"{path}: {exc}") from None
    return parse_lcc(load_lcc_text(text, path.name))


def load_lcc_text(text: str, filename: str) -> Any:
    """The mapping of an LCC input file's text: JSON when ``filename`` ends in .json, YAML otherwise."""
    name = Path(filename).name
    try:
        return json.loads(text) if name.lower().endswith(".json") else yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise CatalogedError("LCC_UNREADABLE", f"{name}:{exc.lineno}:{exc.colno}: {exc.msg}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise CatalogedError("LCC_UNREADABLE", f"{place}: {getattr(exc, 'problem', None) or exc}") from None


def results_as_dict(data: LccInput, results: list[LccResult]) -> dict[str, Any]:
    return {
        "currency": data.currency,
        "period_years": data.period_years,
        "discount_rate": data.discount_rate,
        "co2_shadow_price": data.co2.shadow_price if data.co2 else None,
        "offers": [
            {
                "rank": result.rank,
                "offer": result.offer,
                "total": round(result.total, 2),
                "total_without_co2": round(result.total_without_co2, 2),
                "acquisition": round(result.acquisition, 2),
                "consumption": {name: round(value, 2) for name, value in result.consumption.items()},
                "maintenance": round(result.maintenance, 2),
                "one_off": round(result.one_off, 2),
                "end_of_life": round(result.end_of_life, 2),
                "co2_cost": round(result.co2_cost, 2),
                "co2_tonnes": round(result.co2_tonnes, 3),
            }
            for result in results
        ],
    }


TABLE_COLUMNS = (
    "rank",
    "offer",
    "total",
    "total_without_co2",
    "acquisition",
    "consumption",
    "maintenance",
    "one_off",
    "end_of_life",
    "co2_cost",
    "co2_tonnes",
)


def table_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat row per offer of ``results_as_dict`` (consumption summed over resources), for CSV and XLSX."""
    return [{**offer, "consumption": round(sum(offer["consumption"].values()), 2)} for offer in report["offers"]]
