"""eForms facts → OCDS 1.1 release fields, after the OCDS for eForms mapping, with the OCDS sustainability
extension for the strategic-procurement fields (BT-06, BT-774, BT-775, BT-776, BT-805, BT-71).

Three-valued facts stay three-valued: ``hasSustainability`` is ``true`` for *yes*, ``false`` for *explicit
none*, and absent when the buyer did not report. Pure functions over plain values; the store queries are in
:mod:`.ocds`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

# BT-105 procedure type → OCDS closed ``method`` codelist.
PROCUREMENT_METHODS = {
    "open": "open",
    "restricted": "selective",
    "neg-w-call": "selective",
    "comp-dial": "selective",
    "innovation": "selective",
    "oth-mult": "selective",
    "neg-wo-call": "limited",
    "oth-single": "limited",
}
# BT-23 contract nature → OCDS ``procurementCategory``.
CATEGORIES = {"works": "works", "supplies": "goods", "services": "services"}
# BT-142 winner selection status → OCDS ``awardStatus``.
AWARD_STATUSES = {"selec-w": "active", "clos-nw": "unsuccessful", "open-nw": "pending"}
# Notice stage (from BT-03 form type) → OCDS release tag; a change notice updates the stage it changes.
TAGS = {
    "planning": ("planning", "planningUpdate"),
    "competition": ("tender", "tenderUpdate"),
    "result": ("award", "awardUpdate"),
    "modification": ("contractAmendment", "contractAmendment"),
    "completion": ("contractTermination", "contractTermination"),
}

# BT-774 environmental impact → sustainabilityGoal.
ENVIRONMENTAL_GOALS = {
    "biodiv-eco": "environmental.biodiversityProtectionRestoration",
    "circ-econ": "environmental.circularEconomy",
    "clim-adapt": "environmental.climateChangeAdaptation",
    "clim-mitig": "environmental.climateChangeMitigation",
    "pollu-prev": "environmental.pollutionPrevention",
    "water-mar": "environmental.waterResourcesProtection",
}
# BT-775 social objective → sustainabilityGoal.
SOCIAL_GOALS = {
    "acc-all": "social.accessibility",
    "et-eq": "social.ethnicEquality",
    "gen-eq": "social.genderEquality",
    "hum-right": "social.humanRightsInSupplyChains",
    "opp": "social.disadvantagedEmploymentOpportunities",
    "work-cond": "social.laborRightsPromotion",
}
# BT-776 innovative acquisition → sustainabilityGoal.
INNOVATION_GOALS = {
    "mar-nov": "economic.marketInnovationPromotion",
    "proc-innov": "economic.processInnovationPromotion",
    "prod-innov": "economic.productInnovationPromotion",
    "rd-act": "economic.researchDevelopmentActivities",
}
# BT-805 GPP criteria → sustainabilityStrategy.
GPP_STRATEGIES = {"eu": "euGPPCriteria", "national": "nationalGPPCriteria", "other": "otherGPPCriteria"}
RESERVED_CODES = frozenset({"res-ws", "res-pub-ser"})  # BT-71 participation reserved

# eForms (ISO 639-2/B upper case) → ISO 639-1 as OCDS asks for ``language``.
LANGUAGES = {
    "BUL": "bg",
    "CES": "cs",
    "DAN": "da",
    "DEU": "de",
    "ELL": "el",
    "ENG": "en",
    "EST": "et",
    "FIN": "fi",
    "FRA": "fr",
    "GLE": "ga",
    "HRV": "hr",
    "HUN": "hu",
    "ISL": "is",
    "ITA": "it",
    "LAV": "lv",
    "LIT": "lt",
    "MLT": "mt",
    "NLD": "nl",
    "NOR": "no",
    "POL": "pl",
    "POR": "pt",
    "RON": "ro",
    "SLK": "sk",
    "SLV": "sl",
    "SPA": "es",
    "SWE": "sv",
}

STATUS_FLAGS = {"yes": True, "none": False}  # "not-reported" → no flag at all


def date_time(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def money(amount: Decimal | float | None, currency: str | None) -> dict[str, Any] | None:
    if amount is None:
        return None
    number = float(amount)
    value: dict[str, Any] = {"amount": int(number) if number.is_integer() else number}
    if currency:
        value["currency"] = currency
    return value


def release_tags(stage: str | None, is_change: bool, has_contracts: bool = False) -> list[str]:
    """The release tags; a result notice that reports concluded contracts also carries the contract stage."""
    initial, update = TAGS.get(stage or "", ("tender", "tenderUpdate"))
    tags = [update if is_change else initial]
    if has_contracts and stage == "result":
        tags.append("contractUpdate" if is_change else "contract")
    return tags


def contract_status(signed: date | datetime | None, stage: str | None) -> str:
    """OCDS ``contractStatus`` of a settled contract: eForms has no status field, so it follows from the
    conclusion date (BT-145: signed, hence in force) and from a completion notice (the contract has ended)."""
    if stage == "completion":
        return "terminated"
    return "active" if signed is not None else "pending"


def sustainability(codes: Mapping[str, Sequence[str]], description: str | None) -> list[dict[str, Any]]:
    """The ``sustainability`` entries of a lot from its raw codes (field name → codes)."""
    strategic = set(codes.get("strategic_procurement", ()))
    gpp = [GPP_STRATEGIES[c] for c in codes.get("gpp_criteria", ()) if c in GPP_STRATEGIES]
    reserved = RESERVED_CODES.intersection(codes.get("reserved_procurement", ()))
    entries: list[dict[str, Any]] = []

    def add(goals: Iterable[str], strategies: Sequence[str]) -> None:
        for goal in goals:
            entry: dict[str, Any] = {"goal": goal}
            if strategies:
                entry["strategies"] = list(dict.fromkeys(strategies))
            if entry not in entries:
                entries.append(entry)

    environmental = codes.get("environmental_impact", ())
    if environmental:
        add((ENVIRONMENTAL_GOALS.get(c, "environmental") for c in environmental), gpp)
    elif "env-imp" in strategic or gpp:
        add(["environmental"], gpp)
    social = codes.get("social_objective", ())
    social_strategies = ["reservedParticipation"] if reserved else []
    if social:
        add((SOCIAL_GOALS.get(c, "social") for c in social), social_strategies)
    elif "soc-obj" in strategic:
        add(["social"], social_strategies)
    elif reserved:
        add(["social.disadvantagedEmploymentOpportunities"], social_strategies)
    innovative = codes.get("innovative_acquisition", ())
    if innovative:
        add((INNOVATION_GOALS.get(c, "economic.innovativePurchase") for c in innovative), [])
    elif "inn-pur" in strategic:
        add(["economic.innovativePurchase"], [])
    if entries and description:
        entries[0]["description"] = description  # BT-777 describes the strategic procurement of the lot
    return entries


def tender_flag(lot_flags: Iterable[bool | None]) -> bool | None:
    """Procedure-level ``hasSustainability``: true if any lot has it, false only if every lot says none."""
    flags = list(lot_flags)
    if any(flag is True for flag in flags):
        return True
    if flags and all(flag is False for flag in flags):
        return False
    return None


def compact(value: dict[str, Any]) -> dict[str, Any]:
    """The mapping without empty values (OCDS prefers absent fields to nulls and empty lists)."""
    return {key: item for key, item in value.items() if item not in (None, "", [], {})}
