"""Award results of legacy TED notices → the eForms-shaped result records of the model.

Legacy forms list awards per contract (``AWARD_CONTRACT`` in R2.0.9, ``AWARD_OF_CONTRACT`` in R2.0.8), each
naming its lot in free text (``LOT_NO``). The readers turn each award into an :class:`AwardDraft`;
:func:`build_results` groups them per lot into one lot result each, with one tender, contract and tendering
party per awarded contract and one winner per contractor, so that the store and the indicators treat legacy
and eForms results alike.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..model import Amount, Contract, LotResult, Organisation, Tender, TenderingParty, Texts, Winner

_LOT_NUMBER = re.compile(r"\d+")


def lot_id_of(lot_no: str | None, position: int) -> str:
    """A lot id in the eForms form (``LOT-0003``) from the free-text ``LOT_NO`` ("3", "Lot 3", "3 / Primo…").

    Without a lot number the position in the notice (1-based) is used, so a notice without lots has
    ``LOT-0001`` like its eForms counterpart.
    """
    if lot_no:
        match = _LOT_NUMBER.search(lot_no)
        if match:
            return f"LOT-{int(match.group()):04d}"
        return " ".join(lot_no.split())[:60]
    return f"LOT-{position:04d}"


@dataclass(frozen=True, slots=True)
class ContractorDraft:
    names: Texts
    company_id: str | None = None
    country: str | None = None
    nuts: str | None = None
    city: str | None = None
    sme: bool | None = None


@dataclass
class AwardDraft:
    lot_no: str | None
    position: int
    reference: str | None = None
    titles: Texts = ()
    awarded: bool = True
    not_awarded_reason: str | None = None
    conclusion_date: str | None = None
    submissions: list[tuple[str | None, int | None]] = field(default_factory=list)
    contractors: list[ContractorDraft] = field(default_factory=list)
    group: bool | None = None
    value: Amount | None = None
    lowest: Amount | None = None
    highest: Amount | None = None


@dataclass
class Results:
    lot_results: list[LotResult] = field(default_factory=list)
    tenders: list[Tender] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    parties: list[TenderingParty] = field(default_factory=list)
    winners: list[Winner] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)


# Legacy SME flags → BT-165 economic-operator-size. "not-sme" is legacy-only: NO_SME says "not an SME", which
# is not the eForms "large" (the size class was never asked).
SME = "sme"
NOT_SME = "not-sme"


def resolve_lot(award: AwardDraft, lot_ids: list[str], warnings: list[str]) -> str:
    """The lot an award belongs to: its own lot number when the notice has that lot, the only lot of a
    one-lot notice, else its lot number as written (kept, with a warning)."""
    candidate = lot_id_of(award.lot_no, award.position if award.lot_no else 1)
    if candidate in lot_ids:
        return candidate
    if len(lot_ids) == 1:
        return lot_ids[0]
    warnings.append(f"award {award.position}: lot {award.lot_no!r} is not a lot of the notice")
    return candidate


def build_results(awards: list[AwardDraft], lot_ids: list[str], first_org: int, warnings: list[str]) -> Results:
    results = Results()
    by_lot: dict[str, list[AwardDraft]] = defaultdict(list)
    for award in awards:
        by_lot[resolve_lot(award, lot_ids, warnings)].append(award)
    org_number = first_org
    for result_number, (lot_id, lot_awards) in enumerate(by_lot.items(), start=1):
        result_id = f"RES-{result_number:04d}"
        tender_ids: list[str] = []
        contract_ids: list[str] = []
        for award in lot_awards:
            if not award.awarded:
                continue
            serial = len(results.tenders) + 1
            tender_id, party_id, contract_id = f"TEN-{serial:04d}", f"TPA-{serial:04d}", f"CON-{serial:04d}"
            members: list[tuple[str, bool | None]] = []
            for index, contractor in enumerate(award.contractors):
                org_id = f"ORG-{org_number:04d}"
                org_number += 1
                results.organisations.append(_organisation(org_id, contractor))
                lead = (index == 0) if award.group else None
                members.append((org_id, lead))
                results.winners.append(Winner(lot_id, result_id, org_id, tender_id, lead))
            results.parties.append(TenderingParty(party_id, None, tuple(members)))
            results.tenders.append(Tender(tender_id, lot_id, party_id, award.value))
            results.contracts.append(
                Contract(
                    contract_id,
                    reference=award.reference,
                    tender_ids=(tender_id,),
                    conclusion_date=award.conclusion_date,
                    titles=award.titles,
                )
            )
            tender_ids.append(tender_id)
            contract_ids.append(contract_id)
        results.lot_results.append(_lot_result(result_id, lot_id, lot_awards, tender_ids, contract_ids))
    return results


def _lot_result(
    result_id: str, lot_id: str, awards: list[AwardDraft], tender_ids: list[str], contract_ids: list[str]
) -> LotResult:
    awarded = any(award.awarded for award in awards)
    # Counts of tenders are per lot, repeated on each contract of the lot: the first award that has them.
    submissions = next((award.submissions for award in awards if award.submissions), [])
    reasons = [award.not_awarded_reason for award in awards if not award.awarded and award.not_awarded_reason]
    return LotResult(
        result_id=result_id,
        lot_id=lot_id,
        winner_status="selec-w" if awarded else "clos-nw",
        not_awarded_reason=None if awarded else (reasons[0] if reasons else None),
        lowest_tender=next((a.lowest for a in awards if a.lowest), None),
        highest_tender=next((a.highest for a in awards if a.highest), None),
        submissions=tuple(submissions),
        tender_ids=tuple(tender_ids),
        contract_ids=tuple(contract_ids),
    )


def _organisation(org_id: str, contractor: ContractorDraft) -> Organisation:
    size = None if contractor.sme is None else (SME if contractor.sme else NOT_SME)
    return Organisation(
        org_id=org_id,
        names=contractor.names,
        company_id=contractor.company_id,
        country=contractor.country,
        nuts=contractor.nuts,
        city=contractor.city,
        size=size,
    )
