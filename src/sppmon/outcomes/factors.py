"""The factors of the outcome estimates, each with its named, dated source: service lives of energy-efficiency
items, CO2 per kWh of the energy they save (electricity per country and year, fuels) and, per vehicle category,
the lifetime mileage and the CO2 per km of conventional, clean and zero-emission vehicles.

The values live in ``data/outcome-factors.yaml`` (documented in ``docs/outcomes.md``). :func:`load_outcome_factors`
reads it strictly (an unknown key anywhere is refused, every value names a known source) and, when given, a user's
file of the same structure whose entries replace or add to the packaged ones. Lifetime mileages are not repeated
here: a vehicle category names the categories of ``lcc-factors.yaml`` whose mileages it takes.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..planning.factors import TRANSLATED_SOURCE_KEYS, FactorSource, load_factors, source_translations
from ..planning.lcc_files import packaged_mapping, read_input_file
from ..planning.lcc_problems import LccProblem

FACTORS_FILE = "outcome-factors.yaml"
CODE = "OUTCOME_FACTORS_INVALID"
SECTIONS = ("sources", "service_life", "carriers", "fuels", "electricity", "vehicles")
ELECTRICITY = "electricity"
_SOURCE_KEYS = ("title", "publisher", "year", "reference", "url", "note", "verify", *TRANSLATED_SOURCE_KEYS)
_RANGE_KEYS = ("low", "high", "source", "verify")
_VEHICLE_KEYS = ("lifetime_km_of", "conventional", "clean", "zero_emission")


@dataclass(frozen=True, slots=True)
class Range:
    """A factor as a low-high range (equal ends for a single value), with its source."""

    low: float
    high: float
    source: FactorSource
    verify: bool

    def as_dict(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "source": self.source.id, "verify": self.verify}


@dataclass(frozen=True, slots=True)
class ServiceLife:
    item: str
    years: float
    source: FactorSource
    verify: bool


@dataclass(frozen=True, slots=True)
class CountryElectricity:
    """g CO2e per kWh of electricity of one country, by year."""

    country: str
    years: Mapping[int, tuple[float, float]]
    source: FactorSource
    verify: bool

    def nearest(self, year: int | None) -> tuple[int, Range]:
        """The factor of ``year``, else of the nearest listed year (the earlier one on a tie)."""
        listed = sorted(self.years)
        chosen = listed[-1] if year is None else min(listed, key=lambda y: (abs(y - year), y))
        low, high = self.years[chosen]
        return chosen, Range(low, high, self.source, self.verify)


@dataclass(frozen=True, slots=True)
class VehicleFactors:
    category: str
    lifetime_km: Range
    lifetime_km_of: tuple[str, ...]
    conventional: Range
    clean: Range
    zero_emission: Range


@dataclass(frozen=True, slots=True)
class OutcomeFactors:
    sources: Mapping[str, FactorSource]
    service_life: Mapping[str, ServiceLife]
    carriers: Mapping[str, tuple[str, ...]]
    fuels: Mapping[str, Range]
    electricity: Mapping[str, CountryElectricity]
    vehicles: Mapping[str, VehicleFactors]
    origin: str  # "packaged" or the override file's name

    def carriers_of(self, item: str | None) -> tuple[str, ...]:
        return self.carriers.get(item or "", (ELECTRICITY,))


def load_outcome_factors(override: Path | None = None) -> OutcomeFactors:
    """The packaged factors, with the entries of ``override`` (a YAML or JSON file) replacing or added."""
    if override is None:
        return _packaged()
    extra = read_input_file(override)
    if not isinstance(extra, Mapping):
        raise _fail((override.name,), "lcc.err.mapping")
    merged = dict(_packaged_data())
    for section, value in extra.items():
        _known((override.name,), str(section), SECTIONS)
        if not isinstance(value, Mapping):
            raise _fail((override.name, str(section)), "lcc.err.mapping")
        merged[section] = {**merged.get(section, {}), **value}
    return _factors(merged, override.name)


def _packaged_data() -> dict[str, Any]:
    return packaged_mapping(FACTORS_FILE)


@functools.cache
def _packaged() -> OutcomeFactors:
    return _factors(_packaged_data(), "packaged")


Place = tuple[str | int, ...]


def _fail(place: Place, message: str, /, **values: object) -> LccProblem:
    return LccProblem(CODE, place, message, **values)


def _known(place: Place, key: str, known: tuple[str, ...]) -> None:
    if key not in known:
        raise _fail((*place, key), "lcc.err.unknown_key", key=key, known=", ".join(known))


def _mapping(value: Any, place: Place, keys: tuple[str, ...] | None = None) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(place, "lcc.err.mapping")
    if keys is not None:
        for key in value:
            _known(place, str(key), keys)
    return value


def _number(value: Any, place: Place) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value) or value < 0:
        raise _fail(place, "lcc.err.not_a_number", value=repr(value))
    return float(value)


def _section(data: Mapping[str, Any], name: str) -> list[tuple[str, Any]]:
    return [(str(key), value) for key, value in _mapping(data.get(name) or {}, (name,)).items()]


def _factors(data: Mapping[str, Any], origin: str) -> OutcomeFactors:
    for section in data:
        _known((), str(section), SECTIONS)
    sources = {
        key: _source(key, _mapping(entry, ("sources", key), _SOURCE_KEYS)) for key, entry in _section(data, "sources")
    }

    def source_of(entry: Mapping[str, Any], place: Place) -> FactorSource:
        name = entry.get("source")
        if name not in sources:
            raise _fail((*place, "source"), "lcc.err.unknown_choice", value=name, known=", ".join(sources))
        return sources[str(name)]

    def ranged(entry: Any, place: Place) -> Range:
        entry = _mapping(entry, place, _RANGE_KEYS)
        low, high = _number(entry.get("low"), (*place, "low")), _number(entry.get("high"), (*place, "high"))
        if high < low:
            raise _fail((*place, "high"), "lcc.err.below", value=high, low=low)
        return Range(low, high, source_of(entry, place), bool(entry.get("verify", True)))

    lives = {}
    for key, raw in _section(data, "service_life"):
        entry = _mapping(raw, ("service_life", key), ("years", "source", "verify"))
        years = _number(entry.get("years"), ("service_life", key, "years"))
        lives[key] = ServiceLife(key, years, source_of(entry, ("service_life", key)), bool(entry.get("verify", True)))
    fuels = {key: ranged(entry, ("fuels", key)) for key, entry in _section(data, "fuels")}
    carriers = {key: _carriers(entry, ("carriers", key), fuels) for key, entry in _section(data, "carriers")}
    electricity = {
        key: _country(key, _mapping(entry, (ELECTRICITY, key), ("years", "source", "verify")), source_of)
        for key, entry in _section(data, ELECTRICITY)
    }
    vehicles = {key: _vehicle(key, entry, ranged) for key, entry in _section(data, "vehicles")}
    return OutcomeFactors(sources, lives, carriers, fuels, electricity, vehicles, origin)


def _source(key: str, entry: Mapping[str, Any]) -> FactorSource:
    missing = [name for name in ("title", "publisher", "year", "url") if not entry.get(name)]
    if missing:
        raise _fail(("sources", key, missing[0]), "lcc.err.missing")
    return FactorSource(
        key,
        str(entry["title"]),
        str(entry["publisher"]),
        int(_number(entry["year"], ("sources", key, "year"))),
        str(entry.get("reference", "")),
        str(entry["url"]),
        str(entry.get("note", "")),
        bool(entry.get("verify", True)),
        source_translations(entry),
    )


def _carriers(entry: Any, place: Place, fuels: Mapping[str, Range]) -> tuple[str, ...]:
    if not isinstance(entry, list) or not entry:
        raise _fail(place, "lcc.err.list")
    known = (ELECTRICITY, *fuels)
    for index, name in enumerate(entry):
        if name not in known:
            raise _fail((*place, index), "lcc.err.unknown_choice", value=name, known=", ".join(known))
    return tuple(str(name) for name in entry)


def _country(key: str, entry: Mapping[str, Any], source_of: Any) -> CountryElectricity:
    place: Place = (ELECTRICITY, key)
    years = _mapping(entry.get("years"), (*place, "years"))
    if not years:
        raise _fail((*place, "years"), "lcc.err.missing")
    values = {}
    for year, value in years.items():
        if not str(year).isdigit():
            raise _fail((*place, "years", str(year)), "lcc.err.not_a_number", value=repr(year))
        where = (*place, "years", str(year))
        pair = _mapping(value, where, ("low", "high"))
        low, high = _number(pair.get("low"), (*where, "low")), _number(pair.get("high"), (*where, "high"))
        if high < low:
            raise _fail((*where, "high"), "lcc.err.below", value=high, low=low)
        values[int(str(year))] = (low, high)
    return CountryElectricity(key, values, source_of(entry, place), bool(entry.get("verify", True)))


def _vehicle(key: str, entry: Any, ranged: Any) -> VehicleFactors:
    place: Place = ("vehicles", key)
    entry = _mapping(entry, place, _VEHICLE_KEYS)
    names = entry.get("lifetime_km_of")
    if not isinstance(names, list) or not names:
        raise _fail((*place, "lifetime_km_of"), "lcc.err.list")
    mileages = load_factors().vehicles
    for index, name in enumerate(names):
        if name not in mileages:
            raise _fail(
                (*place, "lifetime_km_of", index), "lcc.err.unknown_choice", value=name, known=", ".join(mileages)
            )
    chosen = [mileages[str(name)] for name in names]
    low, high = min(chosen, key=lambda v: v.lifetime_km), max(chosen, key=lambda v: v.lifetime_km)
    km = Range(low.lifetime_km, high.lifetime_km, low.source, any(v.verify for v in chosen))
    missing = [name for name in _VEHICLE_KEYS if name not in entry]
    if missing:
        raise _fail((*place, missing[0]), "lcc.err.missing")
    return VehicleFactors(
        key,
        km,
        tuple(str(name) for name in names),
        ranged(entry["conventional"], (*place, "conventional")),
        ranged(entry["clean"], (*place, "clean")),
        ranged(entry["zero_emission"], (*place, "zero_emission")),
    )
