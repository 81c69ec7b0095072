"""Reading and checking the input of the life-cycle cost calculator (a mapping from YAML, JSON or the web
form) into an :class:`~sppmon.planning.lcc.LccInput`. The structure is documented in
``docs/commands/lcc.md``; the rules are strict because a silently ignored value gives a wrong ranking:

- an unknown key is refused with the nearest known key (``emmission_factor`` → ``emission_factor``);
- rates are fractions (0.03 = 3 %); a rate above 1 is refused ("3 is 300 %; did you mean 3 % (0.03)?"); text
  such as ``"3 %"`` is read as a percentage;
- a negative discount rate, a discount rate above 20 % and an escalation above 20 % are computed but warned;
- numbers given as text are read by :func:`sppmon.amounts.read_amount` (``"32.000"``, ``"€ 1.234,56"``);
- consumption is given per year (``quantity``), as power × hours, as fuel per 100 km × km a year, or as MJ per
  km × km a year (the Clean Vehicles Directive's expression, converted with the fuel's energy content);
- a ``vehicle`` section applies the CVD 2009/33 presets (lifetime mileage per category, pollutant costs) of
  the factors file (:mod:`.factors`);
- every check is linear in the size of the input, and the number of offers and of list entries is capped.

The first problem raises :class:`~sppmon.planning.lcc_problems.LccProblem` (``LCC_INVALID_INPUT``) naming
its place, e.g. ``offers[1].consumption[0].price``.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from ..amounts import AMOUNT, NUMBER, AmountError, read_amount
from .factors import Factors, load_factors
from .lcc import Co2Price, Consumption, FactorUse, LccInput, Offer, OneOff, PollutantUse
from .lcc_problems import LccProblem, LccWarning, Place

MAX_PERIOD_YEARS = 100
MAX_OFFERS = 20_000
MAX_ENTRIES = 200_000  # list entries of the whole input: offers, consumption lines, one-off costs
HIGH_RATE = 0.20  # a discount rate or an escalation above this is computed but warned

KEYS: dict[str, tuple[str, ...]] = {
    "input": ("currency", "period_years", "discount_rate", "co2", "prices", "offers", "base_year"),
    "co2": ("shadow_price", "escalation", "preset", "base_year"),
    "price": ("price", "unit", "escalation", "emission_factor"),
    "offer": (
        "name",
        "units",
        "purchase",
        "installation",
        "service_life_years",
        "consumption",
        "maintenance",
        "one_off",
        "end_of_life",
        "vehicle",
    ),
    "consumption": (
        "resource",
        "quantity",
        "unit",
        "price",
        "escalation",
        "emission_factor",
        "power_kw",
        "power_w",
        "hours_per_year",
        "per_100km",
        "km_per_year",
        "mj_per_km",
    ),
    "maintenance": ("annual", "escalation"),
    "one_off": ("year", "amount", "label"),
    "end_of_life": ("disposal", "residual_value"),
    "vehicle": ("category", "km_per_year", "co2_g_per_km", "nox_g_per_km", "nmhc_g_per_km", "pm_g_per_km"),
}
_KNOWN = {section: frozenset(keys) for section, keys in KEYS.items()}
QUANTITY_WAYS = ("quantity", "power_kw", "power_w", "per_100km", "mj_per_km")
POLLUTANT_KEYS = {"nox_g_per_km": "nox", "nmhc_g_per_km": "nmhc", "pm_g_per_km": "pm"}


def _fail(place: Place, message: str, /, **values: object) -> LccProblem:
    return LccProblem("LCC_INVALID_INPUT", place, message, **values)


class _Reader:
    """Checks the input mapping; collects warnings; the first problem raises."""

    def __init__(self, factors: Factors) -> None:
        self.factors = factors
        self.warnings: list[LccWarning] = []
        self.entries = 0  # list entries read so far (YAML aliases repeat lists cheaply: every entry counts)
        self.used: dict[tuple[str, str], FactorUse] = {}  # reference values used, named in the result

    def use(self, kind: str, name: str, value: float, unit: str, factor: Any) -> None:
        """Records that a value of the factors file (``factor``: its entry, with source and verify) was used."""
        if (kind, name) not in self.used:
            self.used[kind, name] = FactorUse(kind, name, value, unit, factor.source, factor.verify)

    def warn(self, place: Place, key: str, **values: object) -> None:
        self.warnings.append(LccWarning(place, key, tuple(values.items())))

    def mapping(self, value: Any, place: Place, section: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise _fail(place, "lcc.err.mapping")
        if not _KNOWN[section].issuperset(value):  # the usual case costs one set operation
            known = KEYS[section]
            for key in value:
                if not isinstance(key, str) or key not in known:
                    raise _unknown_key(place, str(key), known)
        return value

    def number(
        self,
        data: Mapping[str, Any],
        key: str,
        place: Place,
        default: float | None = None,
        low: float = 0.0,
        kind: str = AMOUNT,
    ) -> float:
        value = data.get(key, default)
        if type(value) in (int, float) and low <= value < math.inf:  # the usual case: a number in range
            return float(value)
        where = (*place, key)
        if value is None:
            raise _fail(where, "lcc.err.missing")
        number = _as_float(value, where, kind)
        if number < low:
            raise _fail(where, "lcc.err.below", value=_plain(number), low=_plain(low))
        return number

    def optional(self, data: Mapping[str, Any], key: str, place: Place, kind: str = NUMBER) -> float | None:
        return None if data.get(key) is None else self.number(data, key, place, kind=kind)

    def rate(self, data: Mapping[str, Any], key: str, place: Place, default: float | None = 0.0) -> float:
        value = data.get(key, default)
        if type(value) in (int, float) and -0.99 < value <= HIGH_RATE:  # the usual case: a plausible fraction
            return float(value)
        where = (*place, key)
        if value is None:
            raise _fail(where, "lcc.err.missing")
        percent = isinstance(value, str) and value.strip().endswith("%")
        text = value.strip().rstrip("%").strip() if isinstance(value, str) else value
        rate = _as_float(text, where, NUMBER) / (100.0 if percent else 1.0)
        if rate > 1:
            raise _fail(
                where,
                "lcc.err.rate_above_one",
                value=_plain(rate),
                percent=_plain(rate * 100),
                fraction=_plain(rate / 100),
            )
        if rate <= -0.99:
            raise _fail(where, "lcc.err.below", value=_plain(rate), low="-0.99")
        if rate > HIGH_RATE:
            self.warn(where, "lcc.warn.high_rate", value=_plain(rate * 100))
        return rate

    def whole(
        self, data: Mapping[str, Any], key: str, place: Place, low: int, high: int, default: int | None = None
    ) -> int:
        value = self.number(data, key, place, default, low=float(low), kind=NUMBER)
        if value != int(value) or value > high:
            raise _fail((*place, key), "lcc.err.whole", value=_plain(value), low=low, high=high)
        return int(value)

    def text(self, data: Mapping[str, Any], key: str, place: Place, default: str | None = None) -> str:
        value = data.get(key, default)
        if type(value) is str and value and not value[0].isspace() and not value[-1].isspace():
            return value
        if not isinstance(value, str | int | float) or isinstance(value, bool) or not str(value).strip():
            raise _fail((*place, key), "lcc.err.text")
        return str(value).strip()

    def items(self, data: Mapping[str, Any], key: str, place: Place) -> list[Any]:
        value = data.get(key) or []
        if not isinstance(value, list):
            raise _fail((*place, key), "lcc.err.list")
        self.entries += len(value)
        if self.entries > MAX_ENTRIES:
            raise _fail((*place, key), "lcc.err.too_many_entries", limit=f"{MAX_ENTRIES:,}")
        return value


def _unknown_key(place: Place, key: str, known: tuple[str, ...]) -> LccProblem:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return _fail((*place, key), "lcc.err.unknown_key_near", key=key, suggestion=close[0])
    return _fail((*place, key), "lcc.err.unknown_key", key=key, known=", ".join(known))


def _plain(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else f"{value:.6g}"


def _as_float(value: Any, place: Place, kind: str) -> float:
    if isinstance(value, bool):
        raise _fail(place, "lcc.err.not_a_number", value=repr(value))
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(read_amount(value, kind))
        except AmountError as exc:
            raise LccProblem("LCC_INVALID_INPUT", place, "lcc.err.amount", amount_error=exc) from None
    else:
        raise _fail(place, "lcc.err.not_a_number", value=repr(value)[:60])
    if not math.isfinite(number):
        raise _fail(place, "lcc.err.not_finite")
    return number


def parse_lcc(data: Any, factors: Factors | None = None, lang: str = "en") -> LccInput:
    """The checked input of ``data``; ``factors`` default to the packaged ones. ``lang`` is accepted for
    symmetry with the form; messages keep their keys and are translated where they are shown."""
    del lang  # problems and warnings carry message keys, translated when shown
    read = _Reader(factors or load_factors())
    root = read.mapping(data, (), "input")
    period = read.whole(root, "period_years", (), 1, MAX_PERIOD_YEARS)
    rate = read.rate(root, "discount_rate", (), default=None)
    if rate < 0:
        read.warn(("discount_rate",), "lcc.warn.negative_discount", value=_plain(rate * 100))
    base_year = read.whole(root, "base_year", (), 1900, 2200, date.today().year)
    co2 = _co2(read, root.get("co2"), base_year)
    prices = _prices(read, root)
    offers = read.items(root, "offers", ())
    if not offers:
        raise _fail(("offers",), "lcc.err.no_offers")
    if len(offers) > MAX_OFFERS:
        raise _fail(("offers",), "lcc.err.too_many_offers", count=f"{len(offers):,}", limit=f"{MAX_OFFERS:,}")
    checked = tuple(_offer(read, entry, ("offers", index), prices, period) for index, entry in enumerate(offers))
    seen: set[str] = set()
    for index, offer in enumerate(checked):
        if offer.name in seen:
            raise _fail(("offers", index, "name"), "lcc.err.duplicate_name", name=offer.name)
        seen.add(offer.name)
    if co2 is not None:
        for index, offer in enumerate(checked):
            if offer.co2_tonnes_per_year is None and not any(c.emission_factor for c in offer.consumption):
                read.warn(("offers", index), "lcc.warn.no_emissions", name=offer.name)
    currency = read.text(root, "currency", (), "EUR")
    used = tuple(read.used.values())
    return LccInput(currency, period, rate, co2, checked, tuple(read.warnings), read.factors.origin, used)


def _co2(read: _Reader, value: Any, base_year: int) -> Co2Price | None:
    if value is None:
        return None
    section = {"preset": value} if isinstance(value, str) else read.mapping(value, ("co2",), "co2")
    place: Place = ("co2",)
    if "preset" in section:
        if "shadow_price" in section or "escalation" in section:
            raise _fail(("co2", "preset"), "lcc.err.preset_or_price")
        name = str(section["preset"])
        known = ("default", *read.factors.co2_prices)
        if name not in known:
            raise _fail(("co2", "preset"), "lcc.err.unknown_choice", value=name, known=", ".join(known))
        path = read.factors.co2_price(name)
        year = read.whole(section, "base_year", place, 1900, 2200, base_year)
        return Co2Price(path.price_in(year), 0.0, path, year)
    price = read.number(section, "shadow_price", place)
    return Co2Price(price, read.rate(section, "escalation", place))


def _prices(read: _Reader, root: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    value = root.get("prices") or {}
    if not isinstance(value, Mapping):
        raise _fail(("prices",), "lcc.err.mapping")
    return {str(name): read.mapping(entry, ("prices", str(name)), "price") for name, entry in value.items()}


def _offer(read: _Reader, value: Any, place: Place, prices: Mapping[str, Mapping[str, Any]], period: int) -> Offer:
    data = read.mapping(value, place, "offer")
    vehicle = read.mapping(data["vehicle"], (*place, "vehicle"), "vehicle") if data.get("vehicle") else {}
    km = _vehicle_km(read, vehicle, (*place, "vehicle"), period)
    consumption = tuple(
        _consumption(read, item, (*place, "consumption", index), prices, km)
        for index, item in enumerate(read.items(data, "consumption", place))
    )
    maintenance = read.mapping(data.get("maintenance") or {}, (*place, "maintenance"), "maintenance")
    end_of_life = read.mapping(data.get("end_of_life") or {}, (*place, "end_of_life"), "end_of_life")
    life = None
    if data.get("service_life_years") is not None:
        life = read.whole(data, "service_life_years", place, 1, MAX_PERIOD_YEARS)
        if end_of_life.get("residual_value") is not None:
            read.warn((*place, "end_of_life", "residual_value"), "lcc.warn.residual_given")
    tonnes = None
    if vehicle.get("co2_g_per_km") is not None:
        tonnes = read.number(vehicle, "co2_g_per_km", (*place, "vehicle"), kind=NUMBER) * _need_km(km, place) / 1e6
        if any(item.emission_factor for item in consumption):
            read.warn((*place, "vehicle", "co2_g_per_km"), "lcc.warn.co2_per_km_wins")
    return Offer(
        name=read.text(data, "name", place),
        purchase=read.number(data, "purchase", place),
        installation=read.number(data, "installation", place, 0.0),
        consumption=consumption,
        maintenance=read.number(maintenance, "annual", (*place, "maintenance"), 0.0),
        maintenance_escalation=read.rate(maintenance, "escalation", (*place, "maintenance")),
        one_off=_one_off(read, data, place, period),
        disposal=read.number(end_of_life, "disposal", (*place, "end_of_life"), 0.0),
        residual_value=None
        if end_of_life.get("residual_value") is None
        else read.number(end_of_life, "residual_value", (*place, "end_of_life")),
        units=_units(read, data, place),
        service_life=life,
        co2_tonnes_per_year=tonnes,
        pollutants=_pollutants(read, vehicle, (*place, "vehicle"), km),
    )


def _units(read: _Reader, data: Mapping[str, Any], place: Place) -> float:
    units = read.number(data, "units", place, 1.0, kind=NUMBER)
    if units <= 0:
        raise _fail((*place, "units"), "lcc.err.below", value=_plain(units), low="0")
    return units


def _one_off(read: _Reader, data: Mapping[str, Any], place: Place, period: int) -> tuple[OneOff, ...]:
    found = []
    for index, item in enumerate(read.items(data, "one_off", place)):
        where = (*place, "one_off", index)
        entry = read.mapping(item, where, "one_off")
        year = read.whole(entry, "year", where, 0, period)
        amount = read.number(entry, "amount", where, low=-float("inf"))
        found.append(OneOff(year, amount, str(entry.get("label") or "")))
    return tuple(found)


def _vehicle_km(read: _Reader, vehicle: Mapping[str, Any], place: Place, period: int) -> float | None:
    """km a year of a vehicle: as given, else its category's lifetime mileage spread over the period."""
    if not vehicle:
        return None
    if vehicle.get("km_per_year") is not None:
        return read.number(vehicle, "km_per_year", place, kind=NUMBER)
    category = vehicle.get("category")
    if category is None:
        return None
    known = read.factors.vehicles
    if str(category) not in known:
        raise _fail((*place, "category"), "lcc.err.unknown_choice", value=category, known=", ".join(known))
    preset = known[str(category)]
    read.use("mileage", preset.id, preset.lifetime_km, "km", preset)
    return preset.lifetime_km / period


def _need_km(km: float | None, place: Place) -> float:
    if km is None:
        raise _fail((*place, "vehicle"), "lcc.err.needs_km")
    return km


def _pollutants(read: _Reader, vehicle: Mapping[str, Any], place: Place, km: float | None) -> tuple[PollutantUse, ...]:
    found = []
    for key, pollutant in POLLUTANT_KEYS.items():
        if vehicle.get(key) is None:
            continue
        grams = read.number(vehicle, key, place, kind=NUMBER) * _need_km(km, place[:-1])
        factor = read.factors.pollutants[pollutant]
        read.use("pollutant", pollutant, factor.eur_per_g, "EUR/g", factor)
        found.append(PollutantUse(pollutant, grams, factor.eur_per_g))
    return tuple(found)


def _consumption(
    read: _Reader, value: Any, place: Place, prices: Mapping[str, Mapping[str, Any]], vehicle_km: float | None
) -> Consumption:
    data = read.mapping(value, place, "consumption")
    resource = read.text(data, "resource", place)
    merged = {**prices.get(resource, {}), **data}  # the offer's own figures win over the shared price list
    fuel = read.factors.fuels.get(resource)
    ways = [way for way in QUANTITY_WAYS if merged.get(way) is not None]
    if len(ways) != 1 or (ways == ["power_kw"] and merged.get("power_w") is not None):
        raise _fail(place, "lcc.err.one_way", ways=", ".join(ways) or "—")
    quantity, basis = _quantity(read, merged, place, ways[0], vehicle_km, fuel.mj_per_unit if fuel else None)
    if basis == "mj-per-km" and fuel is not None:
        read.use("energy_content", resource, fuel.mj_per_unit, f"MJ/{fuel.unit}", fuel)
    return Consumption(
        resource=resource,
        quantity=quantity,
        unit=read.text(merged, "unit", place, fuel.unit if fuel else "unit"),
        price=read.number(merged, "price", place, kind=NUMBER),
        escalation=read.rate(merged, "escalation", place),
        emission_factor=read.number(merged, "emission_factor", place, 0.0, kind=NUMBER),
        basis=basis,
    )


def _quantity(
    read: _Reader, data: Mapping[str, Any], place: Place, way: str, vehicle_km: float | None, mj: float | None
) -> tuple[float, str]:
    """Units of the resource a year, from the way it is given, and the name of that way."""
    if way == "quantity":
        return read.number(data, "quantity", place, kind=NUMBER), "quantity"
    if way in ("power_kw", "power_w"):
        power = read.number(data, way, place, kind=NUMBER) / (1000.0 if way == "power_w" else 1.0)
        return power * read.number(data, "hours_per_year", place, kind=NUMBER), "power-hours"
    km = (
        read.number(data, "km_per_year", place, vehicle_km, kind=NUMBER)
        if (data.get("km_per_year") is not None or vehicle_km is not None)
        else None
    )
    if km is None:
        raise _fail((*place, "km_per_year"), "lcc.err.needs_km")
    if way == "per_100km":
        return read.number(data, "per_100km", place, kind=NUMBER) * km / 100.0, "per-100km"
    if mj is None:
        known = ", ".join(read.factors.fuels)
        raise _fail((*place, "resource"), "lcc.err.no_energy_content", resource=data.get("resource"), known=known)
    return read.number(data, "mj_per_km", place, kind=NUMBER) * km / mj, "mj-per-km"
