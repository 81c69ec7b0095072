"""Reference factors for costing energy use and emissions, each with its named, dated source: CO2 shadow prices,
the energy content of fuels, lifetime mileages per vehicle category and pollutant costs (the vehicle method of
the Clean Vehicles Directive 2009/33/EC). Used by the life-cycle cost calculator and meant for any other
estimate of energy or CO2 (e.g. the savings of green purchases).

The values live in the data file ``data/lcc-factors.yaml`` (documented in ``docs/lcc.md``); :func:`load_factors`
reads it and, when given, a user's file of the same structure whose entries replace or add to the packaged
ones. A value whose ``verify`` flag is set has not yet been checked against its source document: outputs that
use it say so.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .lcc_files import packaged_mapping, read_input_file
from .lcc_problems import LccProblem

FACTORS_FILE = "lcc-factors.yaml"
SECTIONS = ("sources", "co2_prices", "default_co2_price", "fuels", "vehicles", "pollutants")


TRANSLATED_FIELDS = ("title", "publisher", "reference")
TRANSLATED_SOURCE_KEYS = tuple(f"{field}_{lang}" for field in TRANSLATED_FIELDS for lang in ("nl", "fr"))


@dataclass(frozen=True, slots=True)
class FactorSource:
    id: str
    title: str
    publisher: str
    year: int
    reference: str
    url: str
    note: str
    verify: bool
    # the title, publisher and reference in Dutch and French where the file gives them (official titles of EU acts, the
    # bodies' own names); a report in another language shows them instead of the English ones
    translated: tuple[tuple[str, str], ...] = ()

    def names(self) -> dict[str, dict[str, str]]:
        """{"titles": {lang: title}, "publishers": {lang: name}, "references": {…}} with English always present."""
        found = {f"{field}s": {"en": str(getattr(self, field))} for field in TRANSLATED_FIELDS}
        for key, value in self.translated:
            field, lang = key.rsplit("_", 1)
            found[f"{field}s"][lang] = value
        return found


def source_translations(entry: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((key, str(entry[key])) for key in TRANSLATED_SOURCE_KEYS if entry.get(key))


def localized(source: Mapping[str, Any] | FactorSource, field: str, lang: str) -> str:
    """A source's ``title`` or ``publisher`` in ``lang`` (a source, or its dict in a result), else as published."""
    names = source.names() if isinstance(source, FactorSource) else source
    fallback = getattr(source, field) if isinstance(source, FactorSource) else source[field]
    return str(names.get(f"{field}s", {}).get(lang) or fallback)


@dataclass(frozen=True, slots=True)
class Co2PricePath:
    """A CO2 shadow price: constant, or by calendar year (linear between the listed years)."""

    id: str
    source: FactorSource
    unit: str
    points: tuple[tuple[int, float], ...]  # (year, price) sorted; one point with year 0 for a constant price
    verify: bool

    @property
    def constant(self) -> bool:
        return len(self.points) == 1 and self.points[0][0] == 0

    def price_in(self, year: int) -> float:
        """The price of a calendar year: the first listed value before the path, the last after it."""
        points = self.points
        if self.constant or year <= points[0][0]:
            return points[0][1]
        if year >= points[-1][0]:
            return points[-1][1]
        for (year_a, price_a), (year_b, price_b) in itertools.pairwise(points):
            if year_a <= year <= year_b:
                return price_a + (price_b - price_a) * (year - year_a) / (year_b - year_a)
        raise AssertionError("unreachable: the path is sorted")


@dataclass(frozen=True, slots=True)
class Fuel:
    id: str
    unit: str
    mj_per_unit: float
    source: FactorSource
    verify: bool


@dataclass(frozen=True, slots=True)
class VehicleCategory:
    id: str
    lifetime_km: float
    source: FactorSource
    verify: bool


@dataclass(frozen=True, slots=True)
class Pollutant:
    id: str
    eur_per_g: float
    source: FactorSource
    verify: bool


@dataclass(frozen=True, slots=True)
class Factors:
    sources: Mapping[str, FactorSource]
    co2_prices: Mapping[str, Co2PricePath]
    default_co2_price: str
    fuels: Mapping[str, Fuel]
    vehicles: Mapping[str, VehicleCategory]
    pollutants: Mapping[str, Pollutant]
    origin: str  # "packaged" or the override file's name

    def co2_price(self, name: str) -> Co2PricePath:
        return self.co2_prices[self.default_co2_price if name == "default" else name]


def load_factors(override: Path | None = None) -> Factors:
    """The packaged factors, with the entries of ``override`` (a YAML or JSON file) replacing or added."""
    if override is None:
        return _packaged()
    data = _merge(_packaged_data(), read_input_file(override), override.name)
    return _factors(data, override.name)


def _packaged_data() -> dict[str, Any]:
    return packaged_mapping(FACTORS_FILE)


@functools.cache
def _packaged() -> Factors:
    return _factors(_packaged_data(), "packaged")


def _fail(place: tuple[str | int, ...], message: str, /, **values: object) -> LccProblem:
    return LccProblem("LCC_FACTORS_INVALID", place, message, **values)


def _merge(base: dict[str, Any], extra: Any, name: str) -> dict[str, Any]:
    if not isinstance(extra, Mapping):
        raise _fail((name,), "lcc.err.mapping")
    merged = dict(base)
    for section, value in extra.items():
        if section not in SECTIONS:
            raise _fail((name, str(section)), "lcc.err.unknown_key", key=section, known=", ".join(SECTIONS))
        if section == "default_co2_price":
            merged[section] = value
        elif isinstance(value, Mapping):
            merged[section] = {**base.get(section, {}), **value}
        else:
            raise _fail((name, section), "lcc.err.mapping")
    return merged


def _number(entry: Mapping[str, Any], key: str, place: tuple[str | int, ...]) -> float:
    value = entry.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or math.isnan(value):
        raise _fail((*place, key), "lcc.err.not_a_number", value=repr(value))
    return float(value)


def _entries(data: Mapping[str, Any], section: str) -> list[tuple[str, Mapping[str, Any]]]:
    found = []
    for key, value in (data.get(section) or {}).items():
        if not isinstance(value, Mapping):
            raise _fail((section, str(key)), "lcc.err.mapping")
        found.append((str(key), value))
    return found


def _factors(data: Mapping[str, Any], origin: str) -> Factors:
    sources = {key: _source(key, entry) for key, entry in _entries(data, "sources")}

    def source_of(entry: Mapping[str, Any], place: tuple[str | int, ...]) -> FactorSource:
        name = entry.get("source")
        if name not in sources:
            raise _fail((*place, "source"), "lcc.err.unknown_choice", value=name, known=", ".join(sources))
        return sources[str(name)]

    co2 = {key: _co2(key, entry, source_of(entry, ("co2_prices", key))) for key, entry in _entries(data, "co2_prices")}
    default = str(data.get("default_co2_price", ""))
    if default not in co2:
        raise _fail(("default_co2_price",), "lcc.err.unknown_choice", value=default, known=", ".join(co2))
    return Factors(
        sources=sources,
        co2_prices=co2,
        default_co2_price=default,
        fuels={
            key: Fuel(
                key,
                str(entry.get("unit", "unit")),
                _number(entry, "mj_per_unit", ("fuels", key)),
                source_of(entry, ("fuels", key)),
                bool(entry.get("verify", True)),
            )
            for key, entry in _entries(data, "fuels")
        },
        vehicles={
            key: VehicleCategory(
                key,
                _number(entry, "lifetime_km", ("vehicles", key)),
                source_of(entry, ("vehicles", key)),
                bool(entry.get("verify", True)),
            )
            for key, entry in _entries(data, "vehicles")
        },
        pollutants={
            key: Pollutant(
                key,
                _number(entry, "eur_per_g", ("pollutants", key)),
                source_of(entry, ("pollutants", key)),
                bool(entry.get("verify", True)),
            )
            for key, entry in _entries(data, "pollutants")
        },
        origin=origin,
    )


def _source(key: str, entry: Mapping[str, Any]) -> FactorSource:
    missing = [name for name in ("title", "publisher", "year", "url") if not entry.get(name)]
    if missing:
        raise _fail(("sources", key, missing[0]), "lcc.err.missing")
    return FactorSource(
        key,
        str(entry["title"]),
        str(entry["publisher"]),
        int(entry["year"]),
        str(entry.get("reference", "")),
        str(entry["url"]),
        str(entry.get("note", "")),
        bool(entry.get("verify", True)),
        source_translations(entry),
    )


def _co2(key: str, entry: Mapping[str, Any], source: FactorSource) -> Co2PricePath:
    place: tuple[str | int, ...] = ("co2_prices", key)
    if "path" in entry:
        path = entry["path"]
        if not isinstance(path, Mapping) or not path:
            raise _fail((*place, "path"), "lcc.err.mapping")
        points = []
        for year, price in path.items():
            if not str(year).isdigit():
                raise _fail((*place, "path", str(year)), "lcc.err.not_a_number", value=repr(year))
            points.append((int(str(year)), _number({"price": price}, "price", (*place, "path", str(year)))))
        return Co2PricePath(key, source, str(entry.get("unit", "")), tuple(sorted(points)), bool(entry.get("verify")))
    price = _number(entry, "price", place)
    return Co2PricePath(key, source, str(entry.get("unit", "")), ((0, price),), bool(entry.get("verify")))
