"""The facts of a notice as plain JSON-ready data: the output contract of ``sppmon extract``.

The keys ``notice_id``, ``version``, ``subtype``, ``lots`` (with ``lot_id``, ``cpv_main`` and the sorted
raw-code lists named in :data:`LOT_CODE_FIELDS`) and ``cvd`` are a contract that tests and other tools
compare against; further keys may be added, never renamed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .model import (
    NOT_ASSESSABLE,
    Amount,
    AwardCriterion,
    Detection,
    EedItem,
    Lot,
    Notice,
    Organisation,
    Texts,
    pick_text,
)
from .semantics import lot_statuses

LOT_CODE_FIELDS = (
    "strategic_procurement",
    "gpp_criteria",
    "environmental_impact",
    "social_objective",
    "innovative_acquisition",
    "reserved_procurement",
    "accessibility",
    "cvd_applicable",
    "award_criterion_types",
)

CONTRACT_KEYS = ("notice_id", "version", "subtype", "procedure_id", "form_type", "issue_date", "lots", "cvd")


def notice_facts(notice: Notice, detections: tuple[Detection, ...] | None = None) -> dict[str, Any]:
    """All facts of one notice; ``lots`` holds the procurement lots, ``parts`` the parts of PIN-only notices.

    With ``detections`` (text evidence, :mod:`sppmon.detect`) each lot gets ``detected`` and the notice an
    ``evidence`` list; without, both keys are left out."""
    languages = (notice.language, *notice.additional_languages)
    buyer_rows = []
    for buyer in notice.buyers:
        org = notice.organisation(buyer.org_id)
        buyer_rows.append(
            {
                "org_id": buyer.org_id,
                "name": pick_text(org.names, languages) if org else None,
                "country": org.country if org else None,
                "nuts": org.nuts if org else None,
                "company_id": org.company_id if org else None,
                "legal_type": buyer.legal_type,
                "activity": buyer.activity,
                "group_lead": org.group_lead if org else None,
                "role": _buyer_role(org),
            }
        )
    facts: dict[str, Any] = {
        "notice_id": notice.notice_id,
        "version": notice.version,
        "subtype": notice.subtype,
        "procedure_id": notice.procedure_id,
        "form_type": notice.form_type,
        "issue_date": notice.issue_date,
        "format": notice.format,
        "notice_type": notice.notice_type,
        "legal_basis": notice.legal_basis,
        "sdk_version": notice.sdk_version,
        "language": notice.language,
        "additional_languages": list(notice.additional_languages),
        "publication_number": notice.publication_number,
        "publication_date": notice.publication_date,
        "changed_notice": notice.changed_notice,
        "previous_notices": list(notice.previous_notices),
        "procedure_type": notice.procedure_type,
        "nature": notice.nature,
        "title": pick_text(notice.titles, languages),
        "cpv_main": notice.cpv_main,
        "estimated_value": _amount(notice.estimated_value),
        "notice_value": _amount(notice.notice_value),
        "buyers": buyer_rows,
        "lots": [lot_facts(lot, languages) for lot in _sorted_lots(notice, "Lot")],
        "parts": [lot_facts(lot, languages) for lot in _sorted_lots(notice, "Part")],
        "cvd": [
            {
                "lot_id": result.lot_id,
                "contract_type": vehicle.contract_type,
                "vehicle_category": vehicle.vehicle_category,
                "vehicle_type": vehicle.vehicle_type,
                "count": vehicle.count,
            }
            for result in notice.lot_results
            for vehicle in result.vehicles
        ],
        "results": [
            {
                "result_id": result.result_id,
                "lot_id": result.lot_id,
                "winner_status": result.winner_status,
                "submissions": [{"type": kind, "count": count} for kind, count in result.submissions],
                "framework_maximum": _amount(result.framework_maximum),
                "eed": [_eed(item) for item in result.eed_items],
            }
            for result in notice.lot_results
        ],
        "winners": [_winner(notice, winner.lot_id, winner.org_id, languages) for winner in notice.winners],
        "tenders": [
            {"tender_id": t.tender_id, "lot_id": t.lot_id, "value": _amount(t.value), "rank": t.rank}
            for t in notice.tenders
        ],
        "warnings": list(notice.warnings),
    }
    if detections is not None:
        _add_detections(facts, detections)
    return facts


def _add_detections(facts: dict[str, Any], detections: tuple[Detection, ...]) -> None:
    """``detected`` per lot and the ``evidence`` list; lots without a detection record show nothing found."""
    found = {detection.lot_id: detection for detection in detections}
    for lot in (*facts["lots"], *facts["parts"]):
        detection = found.get(lot["lot_id"])
        lot["detected"] = {
            "green": bool(detection and detection.green),
            "social": bool(detection and detection.social),
            "innovative": bool(detection and detection.innovative),
            "green_subject": bool(detection and detection.green_subject),
        }
        lot["detection"] = {
            name: detection.status(name) if detection else NOT_ASSESSABLE
            for name in ("green", "social", "innovative", "green_subject")
        }
    facts["evidence"] = _evidence(detections)


def _evidence(detections: tuple[Detection, ...]) -> list[dict[str, Any]]:
    return [
        {
            "lot_id": item.lot_id,
            "dimension": item.dimension,
            "category": item.category,
            "term": item.term,
            "language": item.language,
            "field": item.field,
            "matched": item.matched,
            "start": item.start,
            "end": item.end,
            "role": item.role,
        }
        for detection in detections
        for item in detection.evidence
    ]


def _buyer_role(org: Organisation | None) -> str:
    """buyer, or a central purchasing body role (OPP-051 awarding / OPP-052 acquiring), or the group lead."""
    if org is None:
        return "buyer"
    if org.awarding_cpb:
        return "central-purchasing-body-awarding"
    if org.acquiring_cpb:
        return "central-purchasing-body-acquiring"
    return "group-lead" if org.group_lead else "buyer"


def _sorted_lots(notice: Notice, kind: str) -> list[Lot]:
    return sorted((lot for lot in notice.lots if lot.kind == kind), key=lambda lot: lot.lot_id)


def lot_facts(lot: Lot, languages: tuple[str | None, ...] = ()) -> dict[str, Any]:
    facts: dict[str, Any] = {"lot_id": lot.lot_id, "cpv_main": lot.cpv_main}
    for name in LOT_CODE_FIELDS:
        facts[name] = list(getattr(lot, name))
    facts.update(
        {
            "title": pick_text(lot.titles, languages),
            "nature": lot.nature,
            "cpv_additional": list(lot.cpv_additional),
            "estimated_value": _amount(lot.estimated_value),
            "framework_agreement": lot.framework_agreement,
            "sme_suitable": lot.sme_suitable,
            "reserved_execution": list(lot.reserved_execution),
            "cvd_contract_types": list(lot.cvd_contract_types),
            "eed_applicable": list(lot.eed_applicable),
            "eed_items": [_eed(item) for item in lot.eed_items],
            "award_criteria": [_criterion(criterion, languages) for criterion in lot.award_criteria],
            "strategic_description": _text(lot.strategic_descriptions, languages),
            "status": lot_statuses(lot),
        }
    )
    return facts


def _winner(notice: Notice, lot_id: str, org_id: str, languages: tuple[str | None, ...]) -> dict[str, Any]:
    org = notice.organisation(org_id)
    return {
        "lot_id": lot_id,
        "org_id": org_id,
        "name": pick_text(org.names, languages) if org else None,
        "country": org.country if org else None,
        "size": org.size if org else None,
    }


def _criterion(criterion: AwardCriterion, languages: tuple[str | None, ...]) -> dict[str, Any]:
    return {
        "type": criterion.type,
        "name": _text(criterion.names, languages),
        "weight": _number(criterion.weight),
        "weight_kind": criterion.weight_kind,
    }


def _eed(item: EedItem) -> dict[str, Any]:
    return {
        "item": item.item,
        "basis": item.basis,
        "label": item.label,
        "consumption_kwh": _number(item.consumption_kwh),
        "savings_kwh": _number(item.savings_kwh),
        "quantity": _number(item.quantity),
    }


def _text(texts: Texts, languages: tuple[str | None, ...]) -> str | None:
    return pick_text(texts, languages)


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _amount(amount: Amount | None) -> dict[str, Any] | None:
    if amount is None:
        return None
    return {"value": _number(amount.value), "currency": amount.currency}
