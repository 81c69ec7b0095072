"""The rules of the notice checker: one function per rule, registered in :data:`RULES`.

A rule looks at one lot with what the checker knows about it (the product groups it touches, text evidence
when a detector was given) and yields findings. Severities: ``inconsistent`` (the declarations contradict
each other), ``missing`` (a field the lot should declare is absent), ``advice`` (worth a look, not wrong).
Rule ids are stable: documented in ``docs/commands/check.md``, never renamed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..model import Detection, Lot, Notice
from ..semantics import GPP_YES_CODES
from .knowledge import CpvMatch
from .texts import text

INCONSISTENT = "inconsistent"
MISSING = "missing"
ADVICE = "advice"
SEVERITIES = (INCONSISTENT, MISSING, ADVICE)

# Clean Vehicles Directive scope by CPV: road vehicles (veh-acq) and the services of the Directive's annex
# (public road transport, special-purpose and non-scheduled passenger transport, refuse collection, mail and
# parcel transport and delivery). Prefixes as cut by the CPV rule (trailing zeros stripped).
CVD_CPV_PREFIXES = ("341", "60112", "6013", "6014", "90511", "6016", "64121")

# Subtypes where the lot-level sustainability fields exist (eForms: competition, result, modification, E3-E6).
FIELDS_ALLOWED_SUBTYPES = frozenset(
    {str(number) for number in range(7, 41)} | {"E3", "E4", "E5", "E6"},
)

# BT-06 code → (detail field on the lot, its business term); the label of each code is in its rule's message.
_STRATEGIC_DETAIL = (
    ("env-imp", "environmental_impact", "BT-774"),
    ("soc-obj", "social_objective", "BT-775"),
    ("inn-pur", "innovative_acquisition", "BT-776"),
)

# A finding's message is the template ``check.message.<rule>`` of data/messages/*.tsv (en, nl, fr), so that
# the command line, the web page and the API say the same thing in each language.
MESSAGE_KEY_PREFIX = "check.message."


# Every rule id a finding may carry: stable, documented in docs/commands/check.md and labelled in the web app.
FINDING_RULES: tuple[str, ...] = (
    "strategic-not-reported",
    "strategic-none-with-codes",
    "bt-774-without-env-imp",
    "bt-775-without-soc-obj",
    "bt-776-without-inn-pur",
    "env-imp-without-bt-774",
    "soc-obj-without-bt-775",
    "inn-pur-without-bt-776",
    "gpp-without-env-imp",
    "gpp-not-reported",
    "cvd-not-declared",
    "cvd-declared-false",
    "cvd-without-contract-type",
    "eed-not-declared",
    "eed-without-items",
    "price-only-award",
    "no-environmental-award-criterion",
    "green-evidence-not-declared",
    "social-evidence-not-declared",
    "green-declared-without-evidence",
    "accessibility-not-reported",
)


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # one of FINDING_RULES (rules added with register() may bring their own)
    severity: str
    fields: tuple[str, ...]  # business terms concerned
    message: str  # in English, always filled: rules added with register() may give only this
    template: str | None = None  # key of the message's template in the catalogue; None: English only
    values: tuple[tuple[str, str], ...] = ()  # the template's named fields (codes, fiche ids, business terms)

    def message_in(self, lang: str) -> str:
        """The message in ``lang`` (en, nl, fr); a finding without a template keeps its English message."""
        if self.template is None:
            return self.message
        return text(self.template, lang, **dict(self.values))


def finding(rule: str, severity: str, fields: tuple[str, ...], **values: str) -> Finding:
    """A finding whose message is its rule's template filled with ``values``; the English text is kept too,
    because tests and callers read ``Finding.message``."""
    template = MESSAGE_KEY_PREFIX + rule
    return Finding(rule, severity, fields, text(template, "en", **values), template, tuple(values.items()))


@dataclass(frozen=True, slots=True)
class LotContext:
    notice: Notice
    lot: Lot
    matches: tuple[CpvMatch, ...]  # fiches the lot touches, most specific first
    detection: Detection | None  # text evidence for the lot; None when no detector ran

    @property
    def cpv_codes(self) -> tuple[str, ...]:
        return tuple(code for code in (self.lot.cpv_main, *self.lot.cpv_additional) if code)

    def evidence_in(self, category: str, field: str | None = None) -> bool:
        if self.detection is None:
            return False
        return any(
            item.category == category and (field is None or item.field == field) for item in self.detection.evidence
        )


Rule = Callable[[LotContext], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class RuleSpec:
    id: str
    description: str
    check: Rule


def _strategic_reported(ctx: LotContext) -> Iterator[Finding]:
    if not ctx.lot.strategic_procurement:
        yield finding("strategic-not-reported", MISSING, ("BT-06",))


def _strategic_none_with_codes(ctx: LotContext) -> Iterator[Finding]:
    lot = ctx.lot
    if "none" not in lot.strategic_procurement:
        return
    others = [code for code in lot.strategic_procurement if code != "none"]
    details = [bt for _, field, bt in _STRATEGIC_DETAIL if getattr(lot, field)]
    if GPP_YES_CODES.intersection(lot.gpp_criteria):
        details.append("BT-805")
    if others or details:
        yield finding("strategic-none-with-codes", INCONSISTENT, ("BT-06", *details), codes=", ".join(others + details))


def _strategic_details(ctx: LotContext) -> Iterator[Finding]:
    lot = ctx.lot
    for code, field, business_term in _STRATEGIC_DETAIL:
        has_code = code in lot.strategic_procurement
        detail = getattr(lot, field)
        terms = {"code": code, "business_term": business_term}
        if detail and not has_code:
            rule = f"{business_term.lower()}-without-{code}"
            yield finding(rule, INCONSISTENT, ("BT-06", business_term), declared=", ".join(detail), **terms)
        if has_code and not detail:
            yield finding(f"{code}-without-{business_term.lower()}", MISSING, ("BT-06", business_term), **terms)


def _gpp_without_env_imp(ctx: LotContext) -> Iterator[Finding]:
    used = sorted(GPP_YES_CODES.intersection(ctx.lot.gpp_criteria))
    if used and "env-imp" not in ctx.lot.strategic_procurement:
        yield finding("gpp-without-env-imp", INCONSISTENT, ("BT-805", "BT-06"), codes=", ".join(used))


def _gpp_reported(ctx: LotContext) -> Iterator[Finding]:
    with_criteria = [match.fiche for match in ctx.matches if match.fiche.gpp.status in ("current", "outdated")]
    if with_criteria and not ctx.lot.gpp_criteria:
        yield finding("gpp-not-reported", MISSING, ("BT-805",), fiche=with_criteria[0].id)


def _in_cvd_scope(ctx: LotContext) -> bool:
    return any(code.startswith(CVD_CPV_PREFIXES) for code in ctx.cpv_codes)


def _cvd(ctx: LotContext) -> Iterator[Finding]:
    lot = ctx.lot
    if _in_cvd_scope(ctx):
        if not lot.cvd_applicable:
            yield finding("cvd-not-declared", MISSING, ("BT-717",))
        elif "false" in lot.cvd_applicable:
            yield finding("cvd-declared-false", ADVICE, ("BT-717",))
    if "true" in lot.cvd_applicable and not lot.cvd_contract_types:
        yield finding("cvd-without-contract-type", MISSING, ("BT-717", "BT-735"))


def _eed(ctx: LotContext) -> Iterator[Finding]:
    lot = ctx.lot
    # The primary group decides: a van touches road transport (tyres are energy-related) only as a second match.
    energy = [match.fiche for match in ctx.matches[:1] if match.fiche.energy_related]
    if energy and not lot.eed_applicable:
        yield finding("eed-not-declared", MISSING, ("BT-810",), fiche=energy[0].id)
    if "true" in lot.eed_applicable and not any(item.item for item in lot.eed_items):
        yield finding("eed-without-items", MISSING, ("BT-810", "BT-811(b)"))


def _award_criteria(ctx: LotContext) -> Iterator[Finding]:
    lot = ctx.lot
    types = lot.award_criterion_types
    relevant = bool(ctx.matches) or "env-imp" in lot.strategic_procurement
    if not types or not relevant:
        return
    if set(types) == {"price"}:
        yield finding("price-only-award", MISSING, ("BT-539",))
    elif ctx.detection is not None and not ctx.evidence_in("environmental", "award_criteria"):
        yield finding("no-environmental-award-criterion", MISSING, ("BT-539", "BT-734", "BT-540"))


def _declared_vs_detected(ctx: LotContext) -> Iterator[Finding]:
    detection = ctx.detection
    if detection is None:
        return
    declared_green = "env-imp" in ctx.lot.strategic_procurement or bool(ctx.lot.environmental_impact)
    declared_social = "soc-obj" in ctx.lot.strategic_procurement or bool(ctx.lot.social_objective)
    if detection.green and not declared_green:
        yield finding("green-evidence-not-declared", MISSING, ("BT-06", "BT-774"))
    if detection.social and not declared_social:
        yield finding("social-evidence-not-declared", MISSING, ("BT-06", "BT-775"))
    if declared_green and not detection.green:
        yield finding("green-declared-without-evidence", ADVICE, ("BT-06", "BT-774"))


def _accessibility(ctx: LotContext) -> Iterator[Finding]:
    needs = [m.fiche for m in ctx.matches[:1] if any(o.id == "accessibility" for o in m.fiche.obligations)]
    if needs and not ctx.lot.accessibility:
        yield finding("accessibility-not-reported", MISSING, ("BT-754",), fiche=needs[0].id)


RULES: list[RuleSpec] = [
    RuleSpec("strategic-not-reported", "BT-06 is absent.", _strategic_reported),
    RuleSpec(
        "strategic-none-with-codes", "BT-06 none together with other strategic codes.", _strategic_none_with_codes
    ),
    RuleSpec(
        "strategic-details", "BT-774/775/776 without the BT-06 code, or the code without detail.", _strategic_details
    ),
    RuleSpec("gpp-without-env-imp", "BT-805 eu/national/other without BT-06 env-imp.", _gpp_without_env_imp),
    RuleSpec("gpp-not-reported", "Lot in a group with EU GPP criteria without BT-805.", _gpp_reported),
    RuleSpec("cvd", "CVD scope by CPV without BT-717; BT-717 true without BT-735.", _cvd),
    RuleSpec("eed", "Energy-related group without BT-810; BT-810 true without items.", _eed),
    RuleSpec("award-criteria", "Price-only award, or no environmental award criterion.", _award_criteria),
    RuleSpec("declared-vs-detected", "Text evidence and declarations disagree.", _declared_vs_detected),
    RuleSpec("accessibility", "Products used by people without BT-754.", _accessibility),
]


def register(spec: RuleSpec) -> None:
    """Add a rule; rules run in registration order."""
    RULES.append(spec)


def run_rules(ctx: LotContext, rules: Iterable[RuleSpec] | None = None) -> list[Finding]:
    findings = [finding for spec in (RULES if rules is None else rules) for finding in spec.check(ctx)]
    order = {severity: index for index, severity in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda finding: order[finding.severity])
