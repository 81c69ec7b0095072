"""The urgency list: planned purchases ranked by a transparent score, each with the criteria, obligations and
monitoring the guide recommends. Every part of the score is kept with its explanation; the formulas are in
``docs/urgency-score.md``.

score = 100 × Σ weight × part, parts in [0, 1]:

- spend: log10 scale of the estimated value between 10,000 and 10,000,000 euro;
- impact: environmental or social impact of the product group (high 1, medium 0.6, low 0.3; no group 0.2);
- timing: months until the planned launch (≤ 3 months 1; to 12 months down to 0.5; to 36 months down to 0.1;
  later 0.1; already passed 0);
- criteria: ready-made criteria in the guide (current EU GPP set 1; guide criteria without EU set 0.8;
  outdated EU set 0.6; no fiche 0);
- uptake gap: 1 − share of past lots of the group (of this department when it has at least 5, else of all
  buyers) that declared green procurement; 0.5 when no store is given or it holds no such lots;
- lock-in: framework agreement 1, else duration / 48 months (at most 1), 0.5 when unknown.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from ..guide.fiche import Fiche
from ..guide.knowledge import KnowledgeBase
from ..guide.rules import CVD_CPV_PREFIXES
from .plan import PlannedPurchase


@dataclass(frozen=True, slots=True)
class Weights:
    spend: float = 0.25
    impact: float = 0.25
    timing: float = 0.20
    criteria: float = 0.15
    uptake_gap: float = 0.10
    lock_in: float = 0.05

    def __post_init__(self) -> None:
        values = (self.spend, self.impact, self.timing, self.criteria, self.uptake_gap, self.lock_in)
        if any(value < 0 for value in values) or not math.isclose(sum(values), 1.0, abs_tol=1e-9):
            raise ValueError("urgency weights are ≥ 0 and sum to 1")


SPEND_LOW, SPEND_HIGH = 10_000.0, 10_000_000.0
IMPACT_POINTS = {"high": 1.0, "medium": 0.6, "low": 0.3}
NO_GROUP_IMPACT = 0.2
MIN_DEPARTMENT_LOTS = 5
LOCK_IN_MONTHS = 48

# EU thresholds 2024–2025 for central government authorities (Directive 2014/24/EU as revised by Commission
# Delegated Regulation (EU) 2023/2495) [verify before relying on them for other periods or buyer types].
EU_THRESHOLD_SUPPLIES_SERVICES = 143_000
EU_THRESHOLD_WORKS = 5_538_000


@dataclass(frozen=True, slots=True)
class PastUptake:
    """Green procurement declared in past lots of a product group, for one department or for everyone."""

    scope: str  # "department" or "all buyers"
    lots: int
    green: int


# (fiche, planned purchase) → past uptake, or None without a store
UptakeLookup = Callable[[Fiche, PlannedPurchase], PastUptake | None]


@dataclass(frozen=True, slots=True)
class Part:
    name: str
    value: float  # in [0, 1]
    weight: float
    explanation: str

    @property
    def points(self) -> float:
        return round(100 * self.weight * self.value, 1)


@dataclass(frozen=True, slots=True)
class Obligation:
    id: str
    applies: str  # "yes", "above EU threshold", "check"
    text: str


@dataclass(frozen=True, slots=True)
class UrgencyItem:
    item: PlannedPurchase
    fiche: Fiche | None
    other_fiches: tuple[str, ...]
    parts: tuple[Part, ...]
    obligations: tuple[Obligation, ...]
    months_to_launch: float
    matches: tuple[object, ...] = field(default=())  # filled by planning.matching when a store is given

    @property
    def score(self) -> float:
        return round(sum(part.points for part in self.parts), 1)


def _spend(value: float) -> tuple[float, str]:
    if value <= SPEND_LOW:
        return 0.0, f"€{value:,.0f} ≤ €{SPEND_LOW:,.0f}"
    share = min(1.0, math.log10(value / SPEND_LOW) / math.log10(SPEND_HIGH / SPEND_LOW))
    return share, f"€{value:,.0f} on a log scale from €{SPEND_LOW:,.0f} to €{SPEND_HIGH:,.0f}"


def _impact(fiche: Fiche | None) -> tuple[float, str]:
    if fiche is None:
        return NO_GROUP_IMPACT, "no guide product group for this CPV code"
    env, social = IMPACT_POINTS[fiche.impact_environmental], IMPACT_POINTS[fiche.impact_social]
    return max(env, social), (
        f"{fiche.id}: environmental impact {fiche.impact_environmental}, social impact {fiche.impact_social}"
    )


def _months_between(start: date, end: date) -> float:
    return (end - start).days / (365.25 / 12)


def _timing(months: float) -> tuple[float, str]:
    if months < 0:
        return 0.0, f"planned launch passed {abs(months):.0f} month(s) ago"
    if months <= 3:
        value = 1.0
    elif months <= 12:
        value = 1.0 - 0.5 * (months - 3) / 9
    elif months <= 36:
        value = 0.5 - 0.4 * (months - 12) / 24
    else:
        value = 0.1
    return value, f"launch in {months:.0f} month(s); criteria take 3 to 12 months to prepare"


def _criteria(fiche: Fiche | None) -> tuple[float, str]:
    if fiche is None:
        return 0.0, "no criteria in the guide"
    if fiche.gpp.status == "current":
        return 1.0, f"current EU GPP criteria ({fiche.gpp.year}) and {len(fiche.criteria)} guide criteria"
    if fiche.gpp.status == "none":
        return 0.8, f"{len(fiche.criteria)} guide criteria, no EU GPP set of its own"
    return 0.6, f"EU GPP criteria are outdated ({fiche.gpp.year}); {len(fiche.criteria)} guide criteria"


def _uptake_gap(past: PastUptake | None) -> tuple[float, str]:
    if past is None:
        return 0.5, "no store given: neutral"
    if past.lots == 0:
        return 0.5, "no past lots of this group in the store: neutral"
    share = past.green / past.lots
    return 1.0 - share, f"{past.green} of {past.lots} past lots ({past.scope}) declared green procurement"


def _lock_in(item: PlannedPurchase) -> tuple[float, str]:
    if item.framework:
        return 1.0, "framework agreement: its criteria bind every later order"
    if item.duration_months is None:
        return 0.5, "duration unknown: neutral"
    value = min(1.0, item.duration_months / LOCK_IN_MONTHS)
    return value, f"{item.duration_months} month(s) of {LOCK_IN_MONTHS}"


def obligations(item: PlannedPurchase, fiche: Fiche | None) -> tuple[Obligation, ...]:
    """Legal obligations: CVD by CPV code, EED for energy-related groups above the EU thresholds, and the
    obligations the fiche names."""
    works = item.cpv.startswith("45")
    threshold = EU_THRESHOLD_WORKS if works else EU_THRESHOLD_SUPPLIES_SERVICES
    above = float(item.estimated_value) >= threshold
    found: dict[str, Obligation] = {}
    if item.cpv.startswith(CVD_CPV_PREFIXES):
        found["cvd"] = Obligation(
            "cvd", "yes", "Clean Vehicles Directive: count the vehicles towards the minimum clean shares; BT-717"
        )
    for obligation in fiche.obligations if fiche else ():
        if obligation.id == "eed":
            applies = "above EU threshold" if above else "below EU threshold (check the whole procedure value)"
            found["eed"] = Obligation("eed", applies, f"{obligation.title['en']} (threshold €{threshold:,})")
        elif obligation.id not in found:
            found[obligation.id] = Obligation(obligation.id, "yes", obligation.title["en"])
    return tuple(found.values())


def score_item(
    item: PlannedPurchase,
    knowledge: KnowledgeBase,
    today: date,
    uptake: UptakeLookup | None = None,
    weights: Weights | None = None,
) -> UrgencyItem:
    weights = weights or Weights()
    matches = knowledge.matches(item.cpv)
    fiche = matches[0].fiche if matches else None
    months = _months_between(today, item.planned_launch)
    past = uptake(fiche, item) if (uptake is not None and fiche is not None) else None
    parts = []
    for name, weight, (value, why) in (
        ("spend", weights.spend, _spend(float(item.estimated_value))),
        ("impact", weights.impact, _impact(fiche)),
        ("timing", weights.timing, _timing(months)),
        ("criteria", weights.criteria, _criteria(fiche)),
        ("uptake_gap", weights.uptake_gap, _uptake_gap(past)),
        ("lock_in", weights.lock_in, _lock_in(item)),
    ):
        parts.append(Part(name, round(value, 4), weight, why))
    return UrgencyItem(
        item,
        fiche,
        tuple(match.fiche.id for match in matches[1:]),
        tuple(parts),
        obligations(item, fiche),
        round(months, 1),
    )


def urgency_list(
    items: Iterable[PlannedPurchase],
    knowledge: KnowledgeBase,
    today: date,
    uptake: UptakeLookup | None = None,
    weights: Weights | None = None,
) -> list[UrgencyItem]:
    """Scored items, most urgent first (ties: earlier launch, then higher value, then file order)."""
    scored = [score_item(item, knowledge, today, uptake, weights) for item in items]
    return sorted(
        scored, key=lambda entry: (-entry.score, entry.item.planned_launch, -entry.item.estimated_value, entry.item.row)
    )


def recommended_criteria(fiche: Fiche, lang: str = "en") -> tuple[list[str], list[str]]:
    """(mandatory, voluntary) criteria as "level · stage · text": the entry ambition level (core / basic) is
    proposed as mandatory, higher levels as voluntary — the split the federal purchasing policy asks for;
    buyers and the strategy board may raise the bar."""
    entry = fiche.levels[0]
    mandatory = [f"{c.level} · {c.stage} · {c.text[lang]}" for c in fiche.criteria if c.level == entry]
    voluntary = [f"{c.level} · {c.stage} · {c.text[lang]}" for c in fiche.criteria if c.level != entry]
    return mandatory, voluntary


def monitoring(fiche: Fiche | None, item: PlannedPurchase) -> list[str]:
    """The eForms fields to declare in the notices of this purchase, so that monitoring can see it."""
    lines = [f"{d.field}: {', '.join(d.codes)}" for d in fiche.declare] if fiche else ["BT-06: env-imp or none"]
    if item.cpv.startswith(CVD_CPV_PREFIXES) and not any(line.startswith("BT-717") for line in lines):
        lines.append("BT-717: true")
    if any(line.startswith("BT-717") for line in lines):
        lines.append("result notice: BT-723 vehicle category, OPT-155/OPT-156 clean and zero-emission counts")
    if any(line.startswith("BT-810") for line in lines):
        lines.append("result notice: BT-811 items, BT-812 label, BT-813/BT-814 kWh per year, BT-815 quantity")
    return lines
