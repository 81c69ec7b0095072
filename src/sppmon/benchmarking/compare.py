"""The comparison itself: the headline indicators and the CVD shares per EU/EEA buyer country, computed by the
indicator engine (one call per indicator, broken down by country, answered from the summary tables), each
share with its Wilson interval, and sorted with a rank only where a country's figure can be ranked.

A country is not ranked (and says why) when it has fewer lots in scope than ``Thresholds.min_lots`` (or, for
the CVD, fewer vehicles than ``min_vehicles``), or — for uptake — when less than ``min_coverage`` of its lots
report the field at all: its uptake would then mostly measure how little it reports."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from ..indicators import compute
from ..indicators.base import IndicatorResult, share
from ..store import Store
from .countries import BELGIUM, alpha3
from .targets import Targets, cvd_targets
from .wilson import Interval, wilson

CODES = ("strategic", "green", "gpp-criteria", "social", "innovative")
SMALL, LOW_COVERAGE = "small-sample", "low-coverage"  # why a country is not ranked
_UPTAKE_COUNTS = ("lots_in_scope", "lots_yes", "lots_none", "value_eur_in_scope", "value_eur_yes")
_CVD_COUNTS = ("vehicles", "clean", "zero_emission", "clean_counted")


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Below these a country's share is shown, with its interval, but not ranked (docs/eu-benchmark.md)."""

    min_lots: int = 30
    min_coverage: float = 0.2
    min_vehicles: int = 30


@dataclass(frozen=True, slots=True)
class CountryShare:
    """One country's figures for one uptake indicator."""

    country: str
    lots_in_scope: int
    lots_yes: int
    lots_none: int
    uptake: float | None
    uptake_interval: Interval | None
    coverage: float | None
    coverage_interval: Interval | None
    not_reported: float | None
    not_reported_interval: Interval | None
    value_eur_in_scope: float
    value_eur_yes: float
    value_uptake: float | None
    rank: int | None = None
    mark: str | None = None  # SMALL or LOW_COVERAGE when not ranked


@dataclass(frozen=True, slots=True)
class IndicatorRanking:
    code: str
    result: IndicatorResult  # the engine's result behind the rows (its call reproduces them)
    rows: tuple[CountryShare, ...]


@dataclass(frozen=True, slots=True)
class CountryCvd:
    """One country's vehicles of one vehicle group and reference period, against its own minimum targets."""

    country: str
    vehicles: int
    clean_counted: int
    zero_emission: int
    clean_share: float | None
    clean_interval: Interval | None
    zero_emission_share: float | None
    zero_emission_interval: Interval | None
    target_clean: float | None
    target_zero_emission: float | None
    target_verify: bool
    meets_target: str | None  # "yes", "no", None without a target
    rank: int | None = None
    mark: str | None = None


Row = TypeVar("Row", CountryShare, CountryCvd)


@dataclass(frozen=True, slots=True)
class CvdRanking:
    vehicle_group: str
    period: str
    rows: tuple[CountryCvd, ...]


@dataclass(frozen=True, slots=True)
class Benchmark:
    filters: Mapping[str, str]
    thresholds: Thresholds
    indicators: tuple[IndicatorRanking, ...]
    cvd: tuple[CvdRanking, ...]
    cvd_result: IndicatorResult | None
    targets: Targets  # the minimum clean-vehicle shares compared with, and their source
    calls: tuple[str, ...] = field(default_factory=tuple)
    focus: str = BELGIUM  # the country drawn out in tables and charts (three-letter code)


def eu_benchmark(
    store: Store,
    filters: Mapping[str, str] | None = None,
    thresholds: Thresholds | None = None,
    focus: str = BELGIUM,
) -> Benchmark:
    """Every EU/EEA buyer country's figures under ``filters`` (e.g. ``{"year": "2025"}``), with ``focus`` (a
    three-letter code, see :func:`.settings.focus_country`) as the country to draw out. EU institutions are
    left out unless a filter says otherwise: they sit in Brussels and would count as Belgian buyers."""
    chosen = {"eu_institution": "no", **(filters or {})}
    limits = thresholds or Thresholds()
    rankings = tuple(_indicator_ranking(compute(store, code, ("country",), chosen), limits) for code in CODES)
    cvd_result = compute(store, "cvd", ("country",), chosen)
    cvd = _cvd_rankings(cvd_result.rows, limits)
    calls = tuple(result.call() for result in (*(ranking.result for ranking in rankings), cvd_result))
    return Benchmark(chosen, limits, rankings, cvd, cvd_result, cvd_targets(), calls, focus)


def _merged(
    rows: Iterable[dict[str, object]], keys: tuple[str, ...], counts: tuple[str, ...]
) -> dict[tuple[str, ...], dict[str, float]]:
    """Counts summed per EU/EEA country (legacy two-letter and eForms three-letter codes are one country) and
    further ``keys``; rows of other countries are left out."""
    merged: dict[tuple[str, ...], dict[str, float]] = defaultdict(lambda: dict.fromkeys(counts, 0.0))
    for row in rows:
        country = alpha3(row.get("country"))
        if country is None:
            continue
        sums = merged[(country, *(str(row.get(key)) for key in keys))]
        for name in counts:
            value = row.get(name)
            sums[name] += float(value) if isinstance(value, int | float) else 0.0
    return merged


def _indicator_ranking(result: IndicatorResult, limits: Thresholds) -> IndicatorRanking:
    shares = [_country_share(key[0], sums, limits) for key, sums in _merged(result.rows, (), _UPTAKE_COUNTS).items()]
    return IndicatorRanking(result.indicator.code, result, _ranked(shares, lambda row: row.uptake))


def _country_share(country: str, sums: dict[str, float], limits: Thresholds) -> CountryShare:
    in_scope, yes, none = (int(sums[name]) for name in ("lots_in_scope", "lots_yes", "lots_none"))
    reported = yes + none
    coverage = share(reported, in_scope)
    mark = None
    if in_scope < limits.min_lots:
        mark = SMALL
    elif coverage is None or coverage < limits.min_coverage:
        mark = LOW_COVERAGE
    return CountryShare(
        country,
        in_scope,
        yes,
        none,
        share(yes, in_scope),
        wilson(yes, in_scope),
        coverage,
        wilson(reported, in_scope),
        share(in_scope - reported, in_scope),
        wilson(in_scope - reported, in_scope),
        round(sums["value_eur_in_scope"], 2),
        round(sums["value_eur_yes"], 2),
        share(sums["value_eur_yes"], sums["value_eur_in_scope"]),
        mark=mark,
    )


def _cvd_rankings(rows: Iterable[dict[str, object]], limits: Thresholds) -> tuple[CvdRanking, ...]:
    merged = _merged(rows, ("vehicle_category_group", "reference_period"), _CVD_COUNTS)
    by_group: dict[tuple[str, str], list[CountryCvd]] = defaultdict(list)
    for (country, group, period), sums in merged.items():
        by_group[(group, period)].append(_country_cvd(country, group, period, sums, limits))
    return tuple(
        CvdRanking(group, period, _ranked(found, lambda row: row.clean_share))
        for (group, period), found in sorted(by_group.items())
    )


def _country_cvd(country: str, group: str, period: str, sums: dict[str, float], limits: Thresholds) -> CountryCvd:
    vehicles, counted, zero = (int(sums[name]) for name in ("vehicles", "clean_counted", "zero_emission"))
    counted, zero = min(counted, vehicles), min(zero, vehicles)  # a notice declaring more clean than all: capped
    clean_share, zero_share = share(counted, vehicles), share(zero, vehicles)
    target = cvd_targets().get(country, group, period)
    meets = None
    if target is not None and clean_share is not None and zero_share is not None:
        zero_ok = target.zero_emission is None or zero_share >= target.zero_emission
        meets = "yes" if clean_share >= target.clean and zero_ok else "no"
    return CountryCvd(
        country,
        vehicles,
        counted,
        zero,
        clean_share,
        wilson(counted, vehicles),
        zero_share,
        wilson(zero, vehicles),
        target.clean if target else None,
        target.zero_emission if target else None,
        target.verify if target else False,
        meets,
        mark=SMALL if vehicles < limits.min_vehicles else None,
    )


def _ranked(rows: list[Row], measure: Callable[[Row], float | None]) -> tuple[Row, ...]:
    """Rankable rows first, highest share first (ties share a rank: 1, 2, 2, 4), then the unranked ones by
    their share; within equal shares by country code, so that the order never depends on the store."""

    def order(row: Row) -> tuple[bool, float, str]:
        value = measure(row)
        return (row.mark is not None, -(value if value is not None else -1.0), row.country)

    ordered = sorted(rows, key=order)
    ranked: list[Row] = []
    previous: tuple[float | None, int] | None = None
    for position, row in enumerate(ordered, 1):
        if row.mark is not None or measure(row) is None:
            ranked.append(replace(row, rank=None))
            continue
        rank = previous[1] if previous and previous[0] == measure(row) else position
        previous = (measure(row), rank)
        ranked.append(replace(row, rank=rank))
    return tuple(ranked)
