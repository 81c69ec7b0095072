"""The urgency list: planned purchases ranked by a transparent score, each with the criteria, obligations and
monitoring the guide recommends. Every part of the score is kept with its explanation, as a message key and
its values so that the same list is written in English, Dutch or French; the formulas are in
``docs/urgency-score.md``.

score = 100 × Σ weight × part, parts in [0, 1]:

- spend: log10 scale of the estimated value between 10,000 and 10,000,000 euro;
- impact: environmental or social impact of the product group (high 1, medium 0.6, low 0.3; no group 0.2);
- timing: months until the planned launch (≤ 3 months 1; to 12 months down to 0.5; to 36 months down to 0.1;
  later 0.1; already passed 0) — and purchases whose launch has passed are ranked after all those that can
  still be influenced, whatever their score;
- criteria: ready-made criteria in the guide (current EU GPP set 1; guide criteria without EU set 0.8;
  outdated EU set 0.6; no fiche 0);
- uptake gap: 1 − share of past lots of the group (of this department when it has at least 5, else of all
  buyers) that declared green procurement; 0.5 when no store is given, the CPV code has no product group, or
  the store holds no such lots;
- lock-in: framework agreement 1, else duration / 48 months (at most 1), 0.5 when unknown.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from ..guide import texts
from ..guide.fiche import Criterion, Fiche, Localized
from ..guide.fiche import Obligation as FicheObligation
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


class Term(str):
    """A value of an explanation that is itself a message key (e.g. ``guide.level_of.high``), translated with
    the explanation."""


@dataclass(frozen=True, slots=True)
class Names:
    """A value of an explanation that has a name per language (a product group's), chosen with the explanation."""

    by_lang: tuple[tuple[str, str], ...]

    def name_in(self, lang: str) -> str:
        names = dict(self.by_lang)
        return names.get(lang) or names.get("en") or ""


def _localized(value: object, lang: str) -> object:
    if isinstance(value, Term):
        return texts.text(value, lang)
    if isinstance(value, Names):
        return value.name_in(lang)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return texts.number(value, lang)
    return value


@dataclass(frozen=True, slots=True)
class Part:
    """One part of the score. Its explanation is kept as a message key with its values, not as text, so that
    the same scored list can be written in English, Dutch or French."""

    name: str
    value: float  # in [0, 1]
    weight: float
    key: str  # message key of the explanation (``data/messages/*.tsv``)
    values: tuple[tuple[str, object], ...] = ()

    @property
    def points(self) -> float:
        return round(100 * self.weight * self.value, 1)

    def explain(self, lang: str = "en") -> str:
        return texts.text(self.key, lang, **{name: _localized(value, lang) for name, value in self.values})

    @property
    def explanation(self) -> str:
        return self.explain("en")


@dataclass(frozen=True, slots=True)
class Obligation:
    id: str
    applies_key: str  # message key: plan.applies.yes, .above or .below
    title: Localized  # language → title
    threshold: int | None = None  # the EU threshold the value was compared with, shown with the title

    def applies_in(self, lang: str = "en") -> str:
        return texts.text(self.applies_key, lang)

    def text_in(self, lang: str = "en") -> str:
        title = self.title.get(lang) or self.title["en"]
        if self.threshold is None:
            return title
        return texts.text("plan.obligation.threshold", lang, title=title, threshold=texts.number(self.threshold, lang))

    @property
    def applies(self) -> str:
        return self.applies_in("en")

    @property
    def text(self) -> str:
        return self.text_in("en")


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

    @property
    def launch_passed(self) -> bool:
        """The planned launch is before the reference date: too late to add criteria, ranked last."""
        return self.months_to_launch < 0

    def ranking_note(self, lang: str = "en") -> str:
        """Why the item stands where it does when that is not its score alone."""
        if not self.launch_passed:
            return ""
        return texts.text("plan.ranked_after", lang, months=texts.number(round(-self.months_to_launch), lang))


# A part's value with the message key of its explanation and the explanation's values.
Why = tuple[float, str, dict[str, object]]


def _spend(value: float) -> Why:
    if value <= SPEND_LOW:
        return 0.0, "plan.why.spend_low", {"value": value, "low": SPEND_LOW}
    share = min(1.0, math.log10(value / SPEND_LOW) / math.log10(SPEND_HIGH / SPEND_LOW))
    return share, "plan.why.spend", {"value": value, "low": SPEND_LOW, "high": SPEND_HIGH}


def _impact(fiche: Fiche | None) -> Why:
    if fiche is None:
        return NO_GROUP_IMPACT, "plan.why.no_group", {}
    env, social = IMPACT_POINTS[fiche.impact_environmental], IMPACT_POINTS[fiche.impact_social]
    return (
        max(env, social),
        "plan.why.impact",
        {
            "group": Names(tuple(fiche.names.items())),
            "environmental": Term(f"guide.level_of.{fiche.impact_environmental}"),
            "social": Term(f"guide.level_of.{fiche.impact_social}"),
        },
    )


def _months_between(start: date, end: date) -> float:
    return (end - start).days / (365.25 / 12)


def _timing(months: float) -> Why:
    if months < 0:
        return 0.0, "plan.why.launch_passed", {"months": round(abs(months))}
    if months <= 3:
        value = 1.0
    elif months <= 12:
        value = 1.0 - 0.5 * (months - 3) / 9
    elif months <= 36:
        value = 0.5 - 0.4 * (months - 12) / 24
    else:
        value = 0.1
    return value, "plan.why.launch", {"months": round(months)}


def _criteria(fiche: Fiche | None) -> Why:
    if fiche is None:
        return 0.0, "plan.why.no_criteria", {}
    found = {"year": str(fiche.gpp.year), "count": len(fiche.criteria)}  # a year is no number to group: 2018
    if fiche.gpp.status == "current":
        return 1.0, "plan.why.criteria_current", found
    if fiche.gpp.status == "none":
        return 0.8, "plan.why.criteria_guide_only", found
    return 0.6, "plan.why.criteria_outdated", found


def _uptake_gap(past: PastUptake | None, with_store: bool = False) -> Why:
    if past is None:
        return 0.5, ("plan.why.no_group_uptake" if with_store else "plan.why.no_store"), {}
    if past.lots == 0:
        return 0.5, "plan.why.no_lots", {}
    scope = Term("plan.scope.department" if past.scope == "department" else "plan.scope.all_buyers")
    return 1.0 - past.green / past.lots, "plan.why.uptake", {"green": past.green, "lots": past.lots, "scope": scope}


def _lock_in(item: PlannedPurchase) -> Why:
    if item.framework:
        return 1.0, "plan.why.framework", {}
    if item.duration_months is None:
        return 0.5, "plan.why.duration_unknown", {}
    value = min(1.0, item.duration_months / LOCK_IN_MONTHS)
    return value, "plan.why.duration", {"months": item.duration_months, "limit": LOCK_IN_MONTHS}


def _all_languages(key: str) -> Localized:
    return {lang: texts.text(key, lang) for lang in texts.LANGUAGES}


def obligations(
    item: PlannedPurchase, fiche: Fiche | None, scoped: Iterable[FicheObligation] = ()
) -> tuple[Obligation, ...]:
    """Legal obligations of a planned purchase, each checked against its legal scope by CPV code: the CVD for
    road vehicles and the transport services it lists, the EED for energy-related products, buildings and
    works and the services that use such products (compared with the EU threshold) — whatever the product
    group, so that food never gets the EED and vans get the CVD without a fiche. ``scoped`` are the shared
    obligations with a CPV scope (:attr:`KnowledgeBase.scoped_obligations`); obligations without one
    (accessibility) come from the fiche."""
    works = item.cpv.startswith("45")
    threshold = EU_THRESHOLD_WORKS if works else EU_THRESHOLD_SUPPLIES_SERVICES
    above = float(item.estimated_value) >= threshold
    found: dict[str, Obligation] = {}
    if item.cpv.startswith(CVD_CPV_PREFIXES):
        found["cvd"] = Obligation("cvd", "plan.applies.yes", _all_languages("plan.obligation.cvd"))
    for obligation in scoped:
        if obligation.id in found or not obligation.in_scope(item.cpv):
            continue
        if obligation.id == "eed":
            applies = "plan.applies.above" if above else "plan.applies.below"
            found["eed"] = Obligation("eed", applies, obligation.title, threshold)
        else:
            found[obligation.id] = Obligation(obligation.id, "plan.applies.yes", obligation.title)
    for obligation in fiche.obligations if fiche else ():
        if not obligation.cpv_scope and obligation.id not in found:
            found[obligation.id] = Obligation(obligation.id, "plan.applies.yes", obligation.title)
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
    for name, weight, (value, key, values) in (
        ("spend", weights.spend, _spend(float(item.estimated_value))),
        ("impact", weights.impact, _impact(fiche)),
        ("timing", weights.timing, _timing(months)),
        ("criteria", weights.criteria, _criteria(fiche)),
        ("uptake_gap", weights.uptake_gap, _uptake_gap(past, uptake is not None)),
        ("lock_in", weights.lock_in, _lock_in(item)),
    ):
        parts.append(Part(name, round(value, 4), weight, key, tuple(values.items())))
    return UrgencyItem(
        item,
        fiche,
        tuple(match.fiche.id for match in matches[1:]),
        tuple(parts),
        obligations(item, fiche, knowledge.scoped_obligations),
        round(months, 1),
    )


def urgency_list(
    items: Iterable[PlannedPurchase],
    knowledge: KnowledgeBase,
    today: date,
    uptake: UptakeLookup | None = None,
    weights: Weights | None = None,
) -> list[UrgencyItem]:
    """Scored items, most urgent first: those that can still be influenced before those whose launch has passed,
    then by score (ties: earlier launch, then higher value, then file order)."""
    scored = [score_item(item, knowledge, today, uptake, weights) for item in items]
    return sorted(
        scored,
        key=lambda entry: (
            entry.launch_passed,
            -entry.score,
            entry.item.planned_launch,
            -entry.item.estimated_value,
            entry.item.row,
        ),
    )


def _criterion_line(criterion: Criterion, lang: str) -> str:
    level = texts.text(f"guide.level.{criterion.level}", lang)
    return f"{level} · {texts.text(f'guide.stage.{criterion.stage}', lang)} · {criterion.text[lang]}"


def recommended_criteria(fiche: Fiche, lang: str = "en") -> tuple[list[str], list[str]]:
    """(mandatory, voluntary) criteria as "level · stage · text": the entry ambition level (core / basic) is
    proposed as mandatory, higher levels as voluntary — the split the federal purchasing policy asks for;
    buyers and the strategy board may raise the bar."""
    entry = fiche.levels[0]
    mandatory = [_criterion_line(c, lang) for c in fiche.criteria if c.level == entry]
    voluntary = [_criterion_line(c, lang) for c in fiche.criteria if c.level != entry]
    return mandatory, voluntary


def monitoring(fiche: Fiche | None, item: PlannedPurchase, lang: str = "en") -> list[str]:
    """The eForms fields to declare in the notices of this purchase, so that monitoring can see it."""
    default = [texts.text("plan.monitor.default", lang)]  # starts with "BT-06" in every language
    lines = [f"{d.field}: {', '.join(d.codes)}" for d in fiche.declare] if fiche else default
    if item.cpv.startswith(CVD_CPV_PREFIXES) and not any(line.startswith("BT-717") for line in lines):
        lines.append("BT-717: true")
    if any(line.startswith("BT-717") for line in lines):
        lines.append(texts.text("plan.monitor.cvd", lang))
    if any(line.startswith("BT-810") for line in lines):
        lines.append(texts.text("plan.monitor.eed", lang))
    return lines
