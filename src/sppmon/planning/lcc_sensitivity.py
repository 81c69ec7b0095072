"""How robust the ranking of a life-cycle cost comparison is: the totals when the discount rate, the energy prices
or the CO2 price change, and the values at which another offer becomes the cheapest (the break-even points).

Every offer's total is a sum of terms that each depend on one thing only: the acquisition (nothing), the
consumption (energy prices, linearly), the CO2 cost (the CO2 price, linearly) and the sums over years of the
discount rate. So the energy and CO2 break-even points are exact (where two straight lines cross), and the
discount rate is scanned from 0 to :data:`MAX_RATE` and refined by bisection to :data:`RATE_PRECISION`.
Method in ``docs/lcc.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .lcc import (
    Co2Price,
    LccInput,
    LccResult,
    Offer,
    annuity,
    co2_annuity,
    compare,
    discount_factor,
    replacement_years,
    residual_value,
    yearly_tonnes,
)

DISCOUNT_STEP = 0.02  # ± 2 percentage points
ENERGY_STEP = 0.20  # ± 20 % on every consumption price
CO2_STEP = 0.50  # ± 50 % on the CO2 price
MAX_RATE = 0.20
RATE_GRID = 0.005
RATE_PRECISION = 0.0001
CURVE_POINTS = 21


@dataclass(frozen=True, slots=True)
class Scenario:
    parameter: str  # base, discount_rate, energy_price, co2_price
    value: float  # the discount rate, or the factor on energy or CO2 prices (1 = as given)
    totals: tuple[tuple[str, float], ...]  # (offer, total), cheapest first
    best_changed: bool  # another offer is the cheapest than in the base case
    order_changed: bool  # the order of the offers differs from the base case

    @property
    def best(self) -> str:
        return self.totals[0][0]


@dataclass(frozen=True, slots=True)
class BreakEven:
    parameter: str  # discount_rate, energy_price, co2_price
    direction: str  # "down" or "up"
    value: float | None  # where another offer becomes the cheapest (rate, or factor); None: not in range
    new_best: str | None


@dataclass(frozen=True, slots=True)
class Sensitivity:
    scenarios: tuple[Scenario, ...]
    break_evens: tuple[BreakEven, ...]
    curves: dict[str, list[dict[str, float | str]]]  # parameter → points (value, offer, total) for a chart
    co2_counted: bool


def _ordered(results: Sequence[LccResult]) -> tuple[tuple[str, float], ...]:
    return tuple((result.offer, result.total) for result in results)


def _linear(results: Sequence[LccResult], part: Callable[[LccResult], float]) -> list[tuple[str, float, float]]:
    """(offer, total without the part, part) of each offer, to move one part linearly."""
    return [(result.offer, result.total - part(result), part(result)) for result in results]


def _ranked_at(lines: list[tuple[str, float, float]], factor: float) -> tuple[tuple[str, float], ...]:
    return _sorted([name for name, _, _ in lines], [rest + factor * moving for _, rest, moving in lines])


def _break_even_linear(
    lines: list[tuple[str, float, float]], best: str, upward: bool, floor: float
) -> BreakEven | None:
    """Where another line falls below the best one, going up from 1 (or down from 1 to ``floor``)."""
    rest_b, moving_b = next((rest, moving) for name, rest, moving in lines if name == best)
    found: tuple[float, str] | None = None
    for name, rest, moving in lines:
        if name == best or moving == moving_b:
            continue
        cross = (rest - rest_b) / (moving_b - moving)
        crosses = (upward and moving < moving_b and cross > 1) or (
            not upward and moving > moving_b and floor <= cross < 1
        )
        if crosses and (found is None or (cross < found[0] if upward else cross > found[0])):
            found = (cross, name)
    return None if found is None else BreakEven("", "up" if upward else "down", found[0], found[1])


def sensitivity(data: LccInput, base: Sequence[LccResult] | None = None) -> Sensitivity:
    """Scenarios around the base case and the break-even points of the cheapest offer."""
    results = list(base) if base is not None else compare(data)
    best = results[0].offer
    base_order = [name for name, _ in _ordered(results)]
    scenarios = [Scenario("base", 1.0, _ordered(results), False, False)]

    def scenario(parameter: str, value: float, totals: tuple[tuple[str, float], ...]) -> Scenario:
        return Scenario(parameter, value, totals, totals[0][0] != best, [n for n, _ in totals] != base_order)

    rates = sorted(
        {max(0.0, data.discount_rate - DISCOUNT_STEP), data.discount_rate + DISCOUNT_STEP} - {data.discount_rate}
    )
    model = _RateModel(data)
    for rate in rates:
        scenarios.append(scenario("discount_rate", rate, _sorted(model.names, model.all_totals(rate))))
    energy = _linear(results, lambda result: sum(result.consumption.values()))
    for factor in (1 - ENERGY_STEP, 1 + ENERGY_STEP):
        scenarios.append(scenario("energy_price", factor, _ranked_at(energy, factor)))
    co2_counted, co2 = _co2_lines(data, results)
    for factor in (1 - CO2_STEP, 1 + CO2_STEP) if co2_counted else (1.0,):
        scenarios.append(scenario("co2_price", factor, _ranked_at(co2, factor)))
    evens = [_named(_break_even_linear(energy, best, up, 0.0), "energy_price", up) for up in (False, True)]
    floor = 0.0
    co2_from = 1.0 if co2_counted else 0.0  # without CO2 priced, the factor is on the default price path
    evens += [_named(_co2_break_even(co2, best, up, co2_from, floor), "co2_price", up) for up in (False, True)]
    evens += [_rate_break_even(model, best, up) for up in (False, True)]
    curves = {
        "discount_rate": _rate_curve(data, results),
        "energy_price": _curve(energy, [0.5 + 1.5 * i / (CURVE_POINTS - 1) for i in range(CURVE_POINTS)], results),
        "co2_price": _curve(co2, [3.0 * i / (CURVE_POINTS - 1) for i in range(CURVE_POINTS)], results),
    }
    return Sensitivity(tuple(scenarios), tuple(evens), curves, co2_counted)


def _sorted(names: list[str], totals: list[float]) -> tuple[tuple[str, float], ...]:
    """(offer, total) from the lowest total (to the cent's ten-thousandth); equal totals keep their order (the
    sort is stable)."""
    rounded = [round(total, 6) for total in totals]
    return tuple((names[index], totals[index]) for index in sorted(range(len(totals)), key=rounded.__getitem__))


def _named(found: BreakEven | None, parameter: str, upward: bool) -> BreakEven:
    if found is None:
        return BreakEven(parameter, "up" if upward else "down", None, None)
    return replace(found, parameter=parameter)


def _co2_lines(data: LccInput, results: Sequence[LccResult]) -> tuple[bool, list[tuple[str, float, float]]]:
    """The CO2 cost as a moving part: as priced, or — when CO2 is not priced — at the default price path of the
    packaged factors, so that the break-even says from which CO2 price on the ranking would change."""
    if data.co2 is not None:
        return True, _linear(results, lambda result: result.co2_cost)
    from .factors import load_factors

    path = load_factors().co2_price("default")
    year = path.points[0][0] if not path.constant else 0
    # the CO2 cost of an offer is units × tonnes a year × one sum over years: computed once, not per offer
    per_tonne = co2_annuity(
        Co2Price(path.price_in(year), 0.0, path, year or None), data.discount_rate, data.period_years
    )
    offers = {offer.name: offer for offer in data.offers}
    lines = []
    for result in results:
        offer = offers[result.offer]
        lines.append((result.offer, result.total, offer.units * yearly_tonnes(offer) * per_tonne))
    return False, lines


def _co2_break_even(
    lines: list[tuple[str, float, float]], best: str, upward: bool, start: float, floor: float
) -> BreakEven | None:
    if start == 1.0:
        return _break_even_linear(lines, best, upward, floor)
    if not upward:
        return None  # no CO2 price is below zero
    shifted = [(name, rest, moving) for name, rest, moving in lines]
    rest_b, moving_b = next((rest, moving) for name, rest, moving in shifted if name == best)
    found: tuple[float, str] | None = None
    for name, rest, moving in shifted:
        if name != best and moving < moving_b:
            cross = (rest - rest_b) / (moving_b - moving)
            if cross > 0 and (found is None or cross < found[0]):
                found = (cross, name)
    return None if found is None else BreakEven("co2_price", "up", found[0], found[1])


Key = tuple[float | int | str, ...]


class _RateModel:
    """Every offer's total as a function of the discount rate: a constant plus coefficients on the few sums
    over years that the rate changes (annuities per escalation, discount factors per year, the CO2 sum), kept
    as one column of coefficients per sum (offers in input order), so that the totals at a new rate are a few
    passes over the columns and the sums over years are computed once per rate, not per offer."""

    def __init__(self, data: LccInput) -> None:
        self.data = data
        self.names = [offer.name for offer in data.offers]
        self.index = {name: position for position, name in enumerate(self.names)}
        self.constant = [offer.units * (offer.purchase + offer.installation) for offer in data.offers]
        self.columns: dict[Key, list[float]] = {}
        for position, offer in enumerate(data.offers):
            for key, coefficient in self._terms(offer):
                column = self.columns.get(key)
                if column is None:
                    column = self.columns[key] = [0.0] * len(self.names)
                column[position] += coefficient

    def _terms(self, offer: Offer) -> list[tuple[Key, float]]:
        units, period = offer.units, self.data.period_years
        terms: list[tuple[Key, float]] = [
            (("annuity", item.escalation), units * item.quantity * item.price) for item in offer.consumption
        ]
        if offer.maintenance:
            terms.append((("annuity", offer.maintenance_escalation), units * offer.maintenance))
        if offer.pollutants:
            terms.append((("annuity", 0.0), units * sum(p.grams_per_year * p.eur_per_g for p in offer.pollutants)))
        terms += [(("discount", cost.year), units * cost.amount) for cost in offer.one_off]
        again = units * (offer.purchase + offer.installation + offer.disposal)
        terms += [(("discount", year), again) for year in replacement_years(offer.service_life, period)]
        terms.append((("discount", period), units * (offer.disposal - residual_value(offer, period))))
        if self.data.co2 is not None:
            terms.append((("co2",), units * yearly_tonnes(offer)))
        return terms

    def _value(self, key: Key, rate: float) -> float:
        period = self.data.period_years
        if key[0] == "annuity":
            return annuity(float(key[1]), rate, period)
        if key[0] == "discount":
            return discount_factor(rate, int(key[1]))
        assert self.data.co2 is not None
        return co2_annuity(self.data.co2, rate, period)

    def all_totals(self, rate: float) -> list[float]:
        """Every offer's total at ``rate``, in input order."""
        totals = self.constant
        for key, column in self.columns.items():
            value = self._value(key, rate)
            totals = [total + coefficient * value for total, coefficient in zip(totals, column, strict=True)]
        return totals

    def totals(self, rate: float, names: set[str] | None = None) -> list[tuple[str, float]]:
        """(offer, total) at ``rate`` of the offers ``names`` (all when None), in input order."""
        if names is None:
            return list(zip(self.names, self.all_totals(rate), strict=True))
        values = [(column, self._value(key, rate)) for key, column in self.columns.items()]
        found = []
        for position in sorted(self.index[name] for name in names):
            total = self.constant[position]
            for column, value in values:
                total += column[position] * value
            found.append((self.names[position], total))
        return found

    def contenders(self, best: str, low: float, high: float) -> set[str]:
        """The offers that can be cheaper than ``best`` at some rate in [low, high], and ``best``. Every sum over
        years falls as the rate rises, so the difference of two offers is bounded by taking each sum at the end of
        the range that lowers it; an offer whose bound stays above zero is never cheaper and is left out."""
        chosen = self.index[best]
        bounds = [constant - self.constant[chosen] for constant in self.constant]
        for key, column in self.columns.items():
            own, at_low, at_high = column[chosen], self._value(key, low), self._value(key, high)
            bounds = [
                bound + (coefficient - own) * (at_high if coefficient > own else at_low)
                for bound, coefficient in zip(bounds, column, strict=True)
            ]
        return {best} | {self.names[position] for position, bound in enumerate(bounds) if bound < 1e-9}

    def best(self, rate: float, names: set[str] | None = None) -> str:
        totals = self.totals(rate, names)
        index = min(range(len(totals)), key=lambda position: (round(totals[position][1], 6), position))
        return totals[index][0]


def _rate_break_even(model: _RateModel, best: str, upward: bool) -> BreakEven:
    """The nearest discount rate (0 to MAX_RATE) at which another offer is the cheapest: a scan of all offers on a
    grid of RATE_GRID, then bisection between the two offers that change places."""
    direction = "up" if upward else "down"
    step = RATE_GRID if upward else -RATE_GRID
    start = model.data.discount_rate
    names = model.contenders(best, start, MAX_RATE) if upward else model.contenders(best, 0.0, start)
    inside, rate = start, start + step
    while -1e-12 <= rate <= MAX_RATE + 1e-12 and len(names) > 1:
        other = model.best(rate, names)
        if other != best:
            pair = {best, other}
            low, high = (inside, rate) if upward else (rate, inside)
            while high - low > RATE_PRECISION:
                middle = (low + high) / 2
                if (model.best(middle, pair) == best) == upward:
                    low = middle
                else:
                    high = middle
            return BreakEven("discount_rate", direction, round(high if upward else low, 6), other)
        inside, rate = rate, rate + step
    return BreakEven("discount_rate", direction, None, None)


CHART_OFFERS = 8  # the curves show the cheapest offers only, for a readable chart


def _curve(
    lines: list[tuple[str, float, float]], factors: list[float], results: Sequence[LccResult]
) -> list[dict[str, float | str]]:
    shown = {result.offer for result in results[:CHART_OFFERS]}
    drawn = [line for line in lines if line[0] in shown]
    return [
        {"value": round(factor, 4), "offer": name, "total": round(rest + factor * moving, 2)}
        for factor in factors
        for name, rest, moving in drawn
    ]


def _rate_curve(data: LccInput, results: Sequence[LccResult]) -> list[dict[str, float | str]]:
    shown = [result.offer for result in results[:CHART_OFFERS]]
    offers = [offer for offer in data.offers if offer.name in set(shown)]
    subset = replace(data, offers=tuple(offers))
    points: list[dict[str, float | str]] = []
    for index in range(CURVE_POINTS):
        rate = MAX_RATE * index / (CURVE_POINTS - 1)
        points += [
            {"value": round(rate, 4), "offer": r.offer, "total": round(r.total, 2)}
            for r in compare(replace(subset, discount_rate=rate))
        ]
    return points


def sensitivity_as_dict(found: Sensitivity) -> dict[str, object]:
    return {
        "co2_counted": found.co2_counted,
        "scenarios": [
            {
                "parameter": s.parameter,
                "value": s.value,
                "best": s.best,
                "best_changed": s.best_changed,
                "order_changed": s.order_changed,
                "totals": [{"offer": name, "total": round(total, 2)} for name, total in s.totals],
            }
            for s in found.scenarios
        ],
        "break_even": [
            {"parameter": b.parameter, "direction": b.direction, "value": b.value, "new_best": b.new_best}
            for b in found.break_evens
        ],
    }
