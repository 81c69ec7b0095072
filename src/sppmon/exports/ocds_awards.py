"""``awards`` and ``contracts`` of one release, after the OCDS for eForms mapping.

eForms links a result in a chain: LotResult (OPT-322, the award) → SettledContract (OPT-315 → OPT-316, the
contract) → LotTender (BT-3202 → OPT-321) → TenderingParty (OPT-310) → organisations (OPT-300). A contract's
award is the first lot result that lists it (OPT-315, kept in ``result_contracts``). Notices stored before the
store kept OPT-315 (schema version 1) have no such links; their contracts find a lot result in two steps
instead: through the winners (derived along that very chain, so they carry the tender → result link), else
through the lot of its tenders when that lot has exactly one result. A contract that still has no lot result
gets an award of its own with the contract's id, as the OCDS guidance does for sources that publish contracts
without award data: OCDS requires ``awardID`` on every contract.

Pure functions over the store rows of one notice; the queries are in :mod:`.ocds`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .ocds_mapping import AWARD_STATUSES, compact, contract_status, date_time, money

Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class ResultRows:
    """The result rows of one notice, in the column order :mod:`.ocds` selects them."""

    results: Sequence[Row] = ()  # result_id, lot_id, winner_status, awarded_value, awarded_currency
    winners: Sequence[Row] = ()  # result_id, lot_id, org_id, name, tender_id
    tenders: Sequence[Row] = ()  # tender_id, lot_id, party_id, contract_id, value, currency
    contracts: Sequence[Row] = ()  # contract_id, reference, conclusion_date, award_date, title
    tenderers: Sequence[Row] = ()  # party_id, org_id (tendering party members with the tenderer role)
    links: Sequence[Row] = ()  # result_id, contract_id (OPT-315), in result order
    names: Mapping[str, str | None] = field(default_factory=dict)  # org_id → name
    lot_ids: frozenset[str] = frozenset()  # the lots exported in tender.lots


@dataclass(slots=True)
class AwardSection:
    awards: list[dict[str, Any]]
    contracts: list[dict[str, Any]]
    supplier_ids: set[str]  # organisations that get the ``supplier`` party role


@dataclass(frozen=True, slots=True)
class _Tender:
    lot_id: str | None
    party_id: str | None
    value: Any
    currency: str | None


def awards_and_contracts(rows: ResultRows, stage: str | None) -> AwardSection:
    tenders = {row[0]: _Tender(row[1], row[2], row[4], row[5]) for row in rows.tenders}
    tenders_of: dict[str, list[_Tender]] = defaultdict(list)  # contract → its tenders (BT-3202)
    for tender_id, _lot, _party, contract_id, _value, _currency in rows.tenders:
        if contract_id:
            tenders_of[contract_id].append(tenders[tender_id])
    links = _contract_links(rows, tenders)
    section = AwardSection([], [], set())
    section.awards = _result_awards(rows, links, section.supplier_ids)
    award_ids = {award["id"] for award in section.awards}
    for contract in rows.contracts:
        own = tenders_of.get(contract[0], [])
        award_id = links[contract[0]]
        if award_id is None:
            award_id = _unique(contract[0], award_ids)
            section.awards.append(_own_award(award_id, contract, own, rows, section.supplier_ids))
            award_ids.add(award_id)
        section.contracts.append(_contract(contract, award_id, own, stage))
    return section


def _unique(wanted: str, taken: set[str]) -> str:
    """``wanted``, or with a numbered suffix where an award already has that id (award ids are unique)."""
    found, number = wanted, 1
    while found in taken:
        found, number = f"{wanted}-award-{number}", number + 1
    return found


def _contract_links(rows: ResultRows, tenders: Mapping[str, _Tender]) -> dict[str, str | None]:
    """Contract → the lot result (award id) it belongs to, None where it has none.

    The OPT-315 links are exact; only a notice without any (stored under schema version 1, or publishing no
    OPT-315) falls back to guessing through winners and lots."""
    return _listed_links(rows) if rows.links else _guessed_links(rows, tenders)


def _listed_links(rows: ResultRows) -> dict[str, str | None]:
    """OCDS 1.1 has one ``awardID`` per contract: a contract listed by several lot results names the first."""
    known = {row[0] for row in rows.results}
    first: dict[str, str] = {}
    for result_id, contract_id in rows.links:
        if result_id in known:  # a reference to a result the notice lacks would give an awardID to nothing
            first.setdefault(contract_id, result_id)
    return {contract[0]: first.get(contract[0]) for contract in rows.contracts}


def _guessed_links(rows: ResultRows, tenders: Mapping[str, _Tender]) -> dict[str, str | None]:
    """The links as far as winners and tenders tell; when the tenders point at several results, the first wins."""
    result_of_tender = {row[4]: row[0] for row in rows.winners if row[4] and row[0]}
    results_of_lot: dict[str, list[str]] = defaultdict(list)
    for result_id, lot_id, *_ in rows.results:
        if lot_id:
            results_of_lot[lot_id].append(result_id)
    # Several results of one lot (frameworks, DPS): the lot alone does not tell which, so it links nothing.
    result_of_lot = {lot: ids[0] for lot, ids in results_of_lot.items() if len(ids) == 1}
    tender_ids: dict[str, list[str]] = defaultdict(list)
    for tender_id, _lot, _party, contract_id, _value, _currency in rows.tenders:
        if contract_id:
            tender_ids[contract_id].append(tender_id)
    links: dict[str, str | None] = {}
    for contract_id, *_ in rows.contracts:
        own = tender_ids.get(contract_id, [])
        by_winner = [result_of_tender[t] for t in own if t in result_of_tender]
        by_lot = [result_of_lot[lot] for t in own if (lot := tenders[t].lot_id) and lot in result_of_lot]
        links[contract_id] = next(iter(by_winner + by_lot), None)
    return links


def _result_awards(rows: ResultRows, links: Mapping[str, str | None], supplier_ids: set[str]) -> list[dict[str, Any]]:
    """One award per lot result (OPT-322), dated by the earliest winner decision (BT-1451) of its contracts."""
    decisions: dict[str, list[date]] = defaultdict(list)
    for contract_id, _ref, _signed, decided, _title in rows.contracts:
        if decided and links[contract_id]:
            decisions[links[contract_id] or ""].append(decided)
    suppliers = _winners_by_result(rows.winners, supplier_ids)
    return [
        compact(
            {
                "id": result_id,
                "status": AWARD_STATUSES.get(status or ""),
                "date": date_time(min(decisions[result_id], default=None)),
                "relatedLots": [lot_id] if lot_id else [],
                "value": money(amount, currency),
                "suppliers": suppliers.get(result_id, []),
            }
        )
        for result_id, lot_id, status, amount, currency in rows.results
    ]


def _winners_by_result(winner_rows: Iterable[Row], supplier_ids: set[str]) -> dict[str, list[dict[str, str]]]:
    suppliers: dict[str, list[dict[str, str]]] = defaultdict(list)
    for result_id, _lot, org_id, name, _tender in winner_rows:
        suppliers[result_id or ""].append(compact({"id": org_id, "name": name}))
        supplier_ids.add(org_id)
    return suppliers


def _own_award(
    award_id: str, contract: Row, tenders: Sequence[_Tender], rows: ResultRows, supplier_ids: set[str]
) -> dict[str, Any]:
    """An award for a contract without a lot result: concluded, so active; its lots and suppliers from its
    tenders (a tender for a group of lots names no lot of ``tender.lots``, so it adds none)."""
    members: dict[str, list[str]] = defaultdict(list)
    for party_id, org_id in rows.tenderers:
        members[party_id].append(org_id)
    org_ids = list(dict.fromkeys(org for tender in tenders for org in members.get(tender.party_id or "", [])))
    supplier_ids.update(org_ids)
    lots = [tender.lot_id for tender in tenders if tender.lot_id in rows.lot_ids]
    return compact(
        {
            "id": award_id,
            "status": "active",
            "date": date_time(contract[3]),
            "relatedLots": list(dict.fromkeys(lots)),
            "value": _tenders_value(tenders),
            "suppliers": [compact({"id": org, "name": rows.names.get(org)}) for org in org_ids],
        }
    )


def _contract(contract: Row, award_id: str, tenders: Sequence[_Tender], stage: str | None) -> dict[str, Any]:
    contract_id, reference, signed, _decided, title = contract
    return compact(
        {
            "id": contract_id,
            "awardID": award_id,
            "title": title,
            "status": contract_status(signed, stage),
            "value": _tenders_value(tenders),
            "dateSigned": date_time(signed),
            "identifiers": [{"id": reference}] if reference else None,
        }
    )


def _tenders_value(tenders: Sequence[_Tender]) -> dict[str, Any] | None:
    """The sum of the tenders' values (BT-720), only when every tender has one in the same currency: a
    partial sum would understate the value."""
    if not tenders or any(tender.value is None for tender in tenders):
        return None
    if len({tender.currency for tender in tenders}) != 1:
        return None
    return money(sum(tender.value for tender in tenders), tenders[0].currency)
