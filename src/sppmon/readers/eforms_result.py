"""Reading ``efac:NoticeResult``: lot results, tenders, contracts, tendering parties, and deriving winners."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Amount, Contract, EedItem, LotResult, Tender, TenderingParty, VehicleCount, Winner
from ..records import quick_init
from .ubl import (
    LIST_NAME,
    Element,
    amount,
    cac,
    cbc,
    child,
    child_text,
    efac,
    efbc,
    first,
    first_text,
    grouped,
    text_of,
    texts_in,
    to_bool,
    to_decimal,
    to_int,
)

# Clark-notation tags, built once
_CAC_LegalMonetaryTotal = cac("LegalMonetaryTotal")
_CBC_AwardDate = cbc("AwardDate")
_CBC_HigherTenderAmount = cbc("HigherTenderAmount")
_CBC_ID = cbc("ID")
_CBC_IssueDate = cbc("IssueDate")
_CBC_LowerTenderAmount = cbc("LowerTenderAmount")
_CBC_MaximumValueAmount = cbc("MaximumValueAmount")
_CBC_Name = cbc("Name")
_CBC_PayableAmount = cbc("PayableAmount")
_CBC_RankCode = cbc("RankCode")
_CBC_TenderResultCode = cbc("TenderResultCode")
_CBC_Title = cbc("Title")
_CBC_TotalAmount = cbc("TotalAmount")
_EFAC_AssetLabel = efac("AssetLabel")
_EFAC_AssetMetric = efac("AssetMetric")
_EFAC_ContractReference = efac("ContractReference")
_EFAC_DecisionReason = efac("DecisionReason")
_EFAC_FrameworkAgreementValues = efac("FrameworkAgreementValues")
_EFAC_LotResult = efac("LotResult")
_EFAC_LotTender = efac("LotTender")
_EFAC_ProcurementDetails = efac("ProcurementDetails")
_EFAC_ReceivedSubmissionsStatistics = efac("ReceivedSubmissionsStatistics")
_EFAC_SettledContract = efac("SettledContract")
_EFAC_StrategicProcurement = efac("StrategicProcurement")
_EFAC_StrategicProcurementInformation = efac("StrategicProcurementInformation")
_EFAC_StrategicProcurementStatistics = efac("StrategicProcurementStatistics")
_EFAC_SubContractor = efac("SubContractor")
_EFAC_SubcontractingTerm = efac("SubcontractingTerm")
_EFAC_TenderLot = efac("TenderLot")
_EFAC_TenderReference = efac("TenderReference")
_EFAC_Tenderer = efac("Tenderer")
_EFAC_TenderingParty = efac("TenderingParty")
_EFBC_AssetCategoryCode = efbc("AssetCategoryCode")
_EFBC_AssetMetricCode = efbc("AssetMetricCode")
_EFBC_AssetMetricNumeric = efbc("AssetMetricNumeric")
_EFBC_ContractFrameworkIndicator = efbc("ContractFrameworkIndicator")
_EFBC_DecisionReasonCode = efbc("DecisionReasonCode")
_EFBC_GroupLeadIndicator = efbc("GroupLeadIndicator")
_EFBC_LabelCode = efbc("LabelCode")
_EFBC_LegalFrameworkCode = efbc("LegalFrameworkCode")
_EFBC_OverallMaximumFrameworkContractsAmount = efbc("OverallMaximumFrameworkContractsAmount")
_EFBC_ProcurementCategoryCode = efbc("ProcurementCategoryCode")
_EFBC_ReestimatedValueAmount = efbc("ReestimatedValueAmount")
_EFBC_StatisticsCode = efbc("StatisticsCode")
_EFBC_StatisticsNumeric = efbc("StatisticsNumeric")
_EFBC_TenderVariantIndicator = efbc("TenderVariantIndicator")
_EFBC_TermCode = efbc("TermCode")


_ID = _CBC_ID
_LOT_RESULT = _EFAC_LotResult
_TENDER_LOT = _EFAC_TenderLot
_LOT_TENDER = _EFAC_LotTender
_SETTLED = _EFAC_SettledContract
_PARTY = _EFAC_TenderingParty
_STRATEGIC = _EFAC_StrategicProcurement
_SP_INFO = _EFAC_StrategicProcurementInformation
_DETAILS = _EFAC_ProcurementDetails
_STATISTICS = _EFAC_StrategicProcurementStatistics
_STAT_CODE = _EFBC_StatisticsCode
_STAT_NUMBER = _EFBC_StatisticsNumeric
_ASSET_CODE = _EFBC_AssetCategoryCode


@quick_init
@dataclass(frozen=True, slots=True)
class NoticeResultFacts:
    notice_value: Amount | None
    framework_value: Amount | None
    lot_results: tuple[LotResult, ...]
    tenders: tuple[Tender, ...]
    contracts: tuple[Contract, ...]
    parties: tuple[TenderingParty, ...]


def read_notice_result(result: Element, warnings: list[str]) -> NoticeResultFacts:
    lot_results: list[LotResult] = []
    tenders: list[Tender] = []
    contracts: list[Contract] = []
    parties: list[TenderingParty] = []
    totals: dict[str, Element] = {}  # the first BT-161 and BT-118, taken in the same walk
    for node in result:
        tag = node.tag
        if tag == _LOT_RESULT:
            lot_results.append(_lot_result(node, warnings))
        elif tag == _LOT_TENDER:
            tenders.append(_tender(node, warnings))
        elif tag == _SETTLED:
            contracts.append(_contract(node))
        elif tag == _PARTY:
            parties.append(_party(node))
        elif tag in _TOTALS:
            totals.setdefault(tag, node)
    return NoticeResultFacts(
        notice_value=amount(totals.get(_CBC_TotalAmount), warnings, "BT-161"),
        framework_value=amount(totals.get(_EFBC_OverallMaximumFrameworkContractsAmount), warnings, "BT-118"),
        lot_results=tuple(lot_results),
        tenders=tuple(tenders),
        contracts=tuple(contracts),
        parties=tuple(parties),
    )


_TOTALS = frozenset((_CBC_TotalAmount, _EFBC_OverallMaximumFrameworkContractsAmount))


def _ref(refs: list[Element] | None) -> str | None:
    """The identifier in the first reference of a :func:`grouped` entry."""
    return None if not refs else child_text(refs[0], _ID)


def _refs(refs: list[Element] | None) -> tuple[str, ...]:
    if not refs:
        return ()
    found = (child_text(ref, _ID) for ref in refs)
    return tuple(value for value in found if value)


def _lot_result(element: Element, warnings: list[str]) -> LotResult:
    get = grouped(element).get
    result_id = first_text(get(_ID)) or ""
    where = f"lot result {result_id}"
    framework = first(get(_EFAC_FrameworkAgreementValues))
    submissions = tuple(
        (child_text(stat, _STAT_CODE), to_int(child_text(stat, _STAT_NUMBER), warnings, f"BT-759 {where}"))
        for stat in get(_EFAC_ReceivedSubmissionsStatistics, ())
    )
    vehicles: list[VehicleCount] = []
    eed_items: list[EedItem] = []
    for strategic in get(_STRATEGIC, ()):
        _strategic_result(strategic, vehicles, eed_items, warnings, where)
    reason = first(get(_EFAC_DecisionReason))
    return LotResult(
        result_id=result_id,
        lot_id=_ref(get(_TENDER_LOT)),
        winner_status=first_text(get(_CBC_TenderResultCode)),
        not_awarded_reason=None if reason is None else child_text(reason, _EFBC_DecisionReasonCode),
        framework_maximum=None
        if framework is None
        else amount(child(framework, _CBC_MaximumValueAmount), warnings, f"BT-709 {where}"),
        framework_reestimated=None
        if framework is None
        else amount(child(framework, _EFBC_ReestimatedValueAmount), warnings, f"BT-660 {where}"),
        lowest_tender=amount(first(get(_CBC_LowerTenderAmount)), warnings, f"BT-710 {where}"),
        highest_tender=amount(first(get(_CBC_HigherTenderAmount)), warnings, f"BT-711 {where}"),
        submissions=submissions,
        tender_ids=_refs(get(_LOT_TENDER)),
        contract_ids=_refs(get(_SETTLED)),
        vehicles=tuple(vehicles),
        eed_items=tuple(eed_items),
    )


def _strategic_result(
    strategic: Element, vehicles: list[VehicleCount], eed_items: list[EedItem], warnings: list[str], where: str
) -> None:
    """CVD and EED result statistics share the container; the code lists tell them apart."""
    for info in strategic:
        if info.tag != _SP_INFO:
            continue
        info_children = grouped(info)
        contract_type = first_text(info_children.get(_EFBC_ProcurementCategoryCode))
        for details in info_children.get(_DETAILS, ()):
            children = grouped(details)
            asset = first(children.get(_ASSET_CODE))
            asset_list = asset.get(LIST_NAME) if asset is not None else None
            if asset_list == "energy-efficiency-item" or _EFBC_LegalFrameworkCode in children:
                eed_items.append(_eed_result(children, warnings, where))
                continue
            vehicle_category = text_of(asset)
            for stat in children.get(_STATISTICS, ()):
                vehicles.append(
                    VehicleCount(
                        contract_type=contract_type,
                        vehicle_category=vehicle_category,
                        vehicle_type=child_text(stat, _STAT_CODE),
                        count=to_int(child_text(stat, _STAT_NUMBER), warnings, f"OPT-156 {where}"),
                    )
                )


def _eed_result(children: dict[str, list[Element]], warnings: list[str], where: str) -> EedItem:
    """One EED item of a result from the :func:`grouped` children of its ``efac:ProcurementDetails``."""
    get = children.get
    label_holder = first(get(_EFAC_AssetLabel))
    metrics: dict[str | None, str | None] = {
        child_text(metric, _EFBC_AssetMetricCode): child_text(metric, _EFBC_AssetMetricNumeric)
        for metric in get(_EFAC_AssetMetric, ())
    }
    statistics = first(get(_STATISTICS))
    quantity = None if statistics is None else child_text(statistics, _STAT_NUMBER)
    return EedItem(
        item=first_text(get(_ASSET_CODE)),
        basis=first_text(get(_EFBC_LegalFrameworkCode)),
        label=None if label_holder is None else child_text(label_holder, _EFBC_LabelCode),
        consumption_kwh=to_decimal(metrics.get("nrg-con-yr"), warnings, f"BT-813 {where}"),
        savings_kwh=to_decimal(metrics.get("nrg-sav-yr"), warnings, f"BT-814 {where}"),
        quantity=to_decimal(quantity, warnings, f"BT-815 {where}"),
    )


def _tender(element: Element, warnings: list[str]) -> Tender:
    get = grouped(element).get
    tender_id = first_text(get(_ID)) or ""
    total = first(get(_CAC_LegalMonetaryTotal))
    subcontracting = None
    for term in get(_EFAC_SubcontractingTerm, ()):
        code = child(term, _EFBC_TermCode)
        if code is not None and code.get(LIST_NAME, "applicability") == "applicability":
            subcontracting = text_of(code)
    return Tender(
        tender_id=tender_id,
        lot_id=_ref(get(_TENDER_LOT)),
        party_id=_ref(get(_PARTY)),
        value=None if total is None else amount(child(total, _CBC_PayableAmount), warnings, f"BT-720 {tender_id}"),
        rank=to_int(first_text(get(_CBC_RankCode)), warnings, f"BT-171 {tender_id}"),
        variant=to_bool(first_text(get(_EFBC_TenderVariantIndicator))),
        subcontracting=subcontracting,
        reference=_ref(get(_EFAC_TenderReference)),
    )


def _contract(element: Element) -> Contract:
    get = grouped(element).get
    return Contract(
        contract_id=first_text(get(_ID)) or "",
        reference=_ref(get(_EFAC_ContractReference)),
        tender_ids=_refs(get(_LOT_TENDER)),
        conclusion_date=first_text(get(_CBC_IssueDate)),
        award_date=first_text(get(_CBC_AwardDate)),
        titles=texts_in(get(_CBC_Title, ())),
        framework=to_bool(first_text(get(_EFBC_ContractFrameworkIndicator))),
    )


def _party(element: Element) -> TenderingParty:
    get = grouped(element).get
    tenderers: list[tuple[str, bool | None]] = []
    for tenderer in get(_EFAC_Tenderer, ()):
        org_id = child_text(tenderer, _ID)
        if org_id:
            tenderers.append((org_id, to_bool(child_text(tenderer, _EFBC_GroupLeadIndicator))))
    return TenderingParty(
        party_id=first_text(get(_ID)) or "",
        name=first_text(get(_CBC_Name)),
        tenderers=tuple(tenderers),
        subcontractors=_refs(get(_EFAC_SubContractor)),
    )


def derive_winners(facts: NoticeResultFacts) -> tuple[Winner, ...]:
    """Winners per lot: result (selec-w) → contracts → tenders → party → tenderer organisations.

    Where a selected result has no contract yet, its tenders ranked 1 stand in for the winning tenders.
    Tenders for a group of lots (GLO-) are attributed to the lot of the result that lists them.
    """
    tenders = {tender.tender_id: tender for tender in facts.tenders}
    contracts = {contract.contract_id: contract for contract in facts.contracts}
    parties = {party.party_id: party for party in facts.parties}
    winners: dict[tuple[str, str], Winner] = {}
    for result in facts.lot_results:
        if result.winner_status != "selec-w" or not result.lot_id:
            continue
        tender_ids = [tid for cid in result.contract_ids if cid in contracts for tid in contracts[cid].tender_ids]
        if not tender_ids:
            tender_ids = [tid for tid in result.tender_ids if tid in tenders and tenders[tid].rank == 1]
        for tender_id in dict.fromkeys(tender_ids):
            tender = tenders.get(tender_id)
            party = parties.get(tender.party_id or "") if tender else None
            if party is None:
                continue
            for org_id, lead in party.tenderers:
                key = (result.lot_id, org_id)
                if key not in winners:
                    winners[key] = Winner(result.lot_id, result.result_id, org_id, tender_id, lead)
    return tuple(winners.values())
