"""Flattening a :class:`Notice` into the rows of the store tables (column order of :mod:`.schema`).

Backend-independent: DuckDB and PostgreSQL load the same tuples.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from operator import attrgetter

from ..enrich.identity import cpv_division, is_eu_institution, notice_stage, organisation_key
from ..enrich.product_groups import product_group
from ..model import (
    LOT_TEXT_FIELDS,
    NOTICE_TEXT_FIELDS,
    Amount,
    Buyer,
    Detection,
    Lot,
    LotResult,
    Notice,
    Texts,
    parse_day,
    pick_text,
)
from ..records import quick_init
from ..semantics import fact_method, lot_statuses
from .columnar import Row

# Lot code lists stored in lot_codes (field name = model attribute).
LOT_CODE_FIELDS = (
    "strategic_procurement",
    "gpp_criteria",
    "environmental_impact",
    "social_objective",
    "innovative_acquisition",
    "accessibility",
    "reserved_procurement",
    "reserved_execution",
    "cvd_applicable",
    "cvd_contract_types",
    "eed_applicable",
    "cpv_additional",
    "place_nuts",
    "place_countries",
)

# Getters of several attributes in one call: rows are built for every lot of every notice ingested.
_lot_codes = attrgetter(*LOT_CODE_FIELDS)
_lot_texts = attrgetter(*LOT_TEXT_FIELDS)
_notice_texts = attrgetter(*NOTICE_TEXT_FIELDS)


def content_digest(sha256_hex: str) -> int:
    """The first 64 bits of a SHA-256 (hex) as a signed integer: ``notices.content_digest``."""
    return int.from_bytes(bytes.fromhex(sha256_hex[:16]), "big", signed=True)


@quick_init
@dataclass(frozen=True, slots=True)
class StoredNotice:
    """A notice with what the store needs beside it: where it came from, the hash of its bytes, and — when text
    detection ran — what the texts of each lot show (``detections is None``: detection did not run)."""

    notice: Notice
    source: str
    content_sha256: str
    detections: tuple[Detection, ...] | None = None


_MONEY_QUANTUM = Decimal("0.0001")


def _money(amount: Amount | None) -> tuple[Decimal | None, str | None]:
    """Amount for a DECIMAL(24,4) column (readers refuse amounts that do not fit)."""
    if amount is None:
        return None, None
    return amount.value.quantize(_MONEY_QUANTUM), amount.currency


def _version_number(version: str | None) -> int | None:
    return int(version) if version and version.isdigit() else None


def _join(values: tuple[str, ...]) -> str | None:
    return ",".join(values) if values else None


def notice_rows(item: StoredNotice) -> dict[str, list[Row]]:
    """All rows of one notice; ``batch_id`` and ``ingested_at`` of the notices row are filled in at loading."""
    rows: defaultdict[str, list[Row]] = defaultdict(list)
    add_notice_rows(rows, item)
    return rows


def add_notice_rows(rows: defaultdict[str, list[Row]], item: StoredNotice) -> None:
    """Append the rows of one notice to ``rows`` (table name → rows), as :func:`notice_rows` returns them."""
    notice = item.notice
    languages = (notice.language, *notice.additional_languages)
    key = notice.key
    lead = _lead_buyer(notice)
    buyer_org = notice.organisation(lead.org_id) if lead else None
    # The key of every organisation, computed once: the buyer's is also a column of the notices row.
    org_keys = [organisation_key(org, languages) for org in notice.organisations]
    publication_day = parse_day(notice.publication_date)
    day = publication_day or parse_day(notice.issue_date)
    estimated, estimated_currency = _money(notice.estimated_value)
    notice_value, notice_value_currency = _money(notice.notice_value)
    lots = notice.lots
    rows["notices"].append(
        (
            key,
            notice.notice_id,
            notice.version,
            _version_number(notice.version),
            notice.procedure_id or key,
            notice.procedure_id,
            notice.format,
            notice.root,
            notice.subtype,
            notice.notice_type,
            notice.form_type,
            notice_stage(notice),
            notice.legal_basis,
            notice.sdk_version,
            parse_day(notice.issue_date),
            notice.issue_date,
            notice.publication_number,
            publication_day,
            day.year if day else None,
            notice.language,
            _join(tuple(lang for lang in languages if lang)),
            notice.changed_notice,
            _join(notice.previous_notices),
            notice.procedure_type,
            notice.nature,
            pick_text(notice.titles, languages),
            notice.cpv_main,
            estimated,
            estimated_currency,
            notice_value,
            notice_value_currency,
            lead.org_id if lead else None,
            _first_key(notice, org_keys, lead.org_id) if lead else None,
            pick_text(buyer_org.names, languages) if buyer_org else None,
            buyer_org.country if buyer_org else None,
            buyer_org.nuts if buyer_org else None,
            lead.legal_type if lead else None,
            lead.activity if lead else None,
            is_eu_institution(notice, lead.legal_type if lead else None),
            sum(1 for lot in lots if lot.kind == "Lot"),
            "\n".join(notice.warnings) or None,
            item.content_sha256,
            item.source,
            None,
            None,
            True,
            None,
            content_digest(item.content_sha256),
        )
    )
    _text_rows(rows, key, "", NOTICE_TEXT_FIELDS, _notice_texts(notice))
    detections = {d.lot_id: d for d in item.detections} if item.detections is not None else None
    for lot in lots:
        _lot_rows(rows, key, lot, languages, detections)
    for detection in item.detections or ():
        for seq, found in enumerate(detection.evidence):
            rows["evidence"].append(
                (
                    key,
                    detection.lot_id,
                    seq,
                    found.category,
                    found.term,
                    found.language,
                    found.field,
                    found.matched,
                    found.start,
                    found.end,
                    found.dimension or None,
                    found.role or None,
                )
            )
    _result_rows(rows, key, notice)
    _party_rows(rows, key, notice, languages, org_keys)


def _lead_buyer(notice: Notice) -> Buyer | None:
    """The buyer that leads a joint procurement (OPP-050), else the first buyer."""
    for buyer in notice.buyers:
        org = notice.organisation(buyer.org_id)
        if org is not None and org.group_lead:
            return buyer
    return notice.buyers[0] if notice.buyers else None


def _first_key(notice: Notice, org_keys: list[str | None], org_id: str | None) -> str | None:
    """The key of the organisation :meth:`Notice.organisation` finds for ``org_id``."""
    for org, org_key in zip(notice.organisations, org_keys, strict=True):
        if org.org_id == org_id:
            return org_key
    return None


def _text_rows(
    rows: dict[str, list[Row]], key: str, lot_id: str, fields: tuple[str, ...], values: tuple[Texts, ...]
) -> None:
    # Plain loops, not comprehensions: most fields have no text or one, and a comprehension costs a call.
    # The table is looked up only once a text is found: a lookup adds it to ``rows``, and a block lists its
    # tables in the order in which they were added.
    texts_rows = None
    for field, texts in zip(fields, values, strict=True):
        if texts:
            if texts_rows is None:
                texts_rows = rows["texts"]
            for seq, text in enumerate(texts):
                texts_rows.append((key, lot_id, field, seq, text.lang, text.value))


def _lot_rows(
    rows: dict[str, list[Row]],
    key: str,
    lot: Lot,
    languages: tuple[str | None, ...],
    detections: dict[str, Detection] | None,
) -> None:
    detected = None if detections is None else detections.get(lot.lot_id)
    # NULL = not scanned, or not assessable (no text in a language with a lexicon): never "none".
    flags: tuple[bool | None, ...] = (
        (None, None, None)
        if detections is None or (detected is not None and not detected.assessable)
        else (
            bool(detected and detected.green),
            bool(detected and detected.social),
            bool(detected and detected.innovative),
        )
    )
    estimated, estimated_currency = _money(lot.estimated_value)
    maximum, maximum_currency = _money(lot.framework_maximum)
    status = lot_statuses(lot)
    rows["lots"].append(
        (
            key,
            lot.lot_id,
            lot.kind,
            pick_text(lot.titles, languages),
            lot.nature,
            lot.cpv_main,
            cpv_division(lot.cpv_main),
            estimated,
            estimated_currency,
            maximum,
            maximum_currency,
            lot.framework_agreement,
            lot.dps,
            lot.sme_suitable,
            lot.eu_funded,
            lot.duration,
            status["strategic"],
            status["green"],
            status["gpp"],
            status["social"],
            status["innovative"],
            status["reserved"],
            status["accessibility"],
            _join(lot.cvd_applicable),
            _join(lot.eed_applicable),
            _join(lot.award_criterion_types),
            product_group(lot.cpv_main, lot.cpv_additional),
            *flags,
            fact_method(status["green"], detections is not None),
            fact_method(status["social"], detections is not None),
            fact_method(status["innovative"], detections is not None),
        )
    )
    lot_codes = rows["lot_codes"]
    for field, codes in zip(LOT_CODE_FIELDS, _lot_codes(lot), strict=True):
        if codes:  # most lists are empty
            for code in dict.fromkeys(codes):
                lot_codes.append((key, lot.lot_id, field, code))
    _text_rows(rows, key, lot.lot_id, LOT_TEXT_FIELDS, _lot_texts(lot))
    for seq, criterion in enumerate(lot.award_criteria):
        rows["award_criteria"].append(
            (
                key,
                lot.lot_id,
                seq,
                criterion.type,
                pick_text(criterion.names, languages),
                pick_text(criterion.descriptions, languages),
                _float(criterion.weight),
                criterion.weight_kind,
                _float(criterion.fixed),
                _float(criterion.threshold),
            )
        )
    for seq, item in enumerate(lot.eed_items):
        rows["eed_items"].append((key, lot.lot_id, "", seq, item.item, item.basis, None, None, None, None))


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _result_rows(rows: dict[str, list[Row]], key: str, notice: Notice) -> None:
    tender_contract = {tid: contract.contract_id for contract in notice.contracts for tid in contract.tender_ids}
    tenders = {tender.tender_id: tender for tender in notice.tenders}
    winning_tenders: dict[str, set[str]] = defaultdict(set)
    for winner in notice.winners:
        if winner.result_id and winner.tender_id:
            winning_tenders[winner.result_id].add(winner.tender_id)
    for result in notice.lot_results:
        awarded = _sum_amounts([tenders[t].value for t in winning_tenders[result.result_id] if t in tenders])
        rows["lot_results"].append(_lot_result_row(key, result, awarded))
        for contract_id in dict.fromkeys(result.contract_ids):  # a repeated reference is one link
            rows["result_contracts"].append((key, result.result_id, contract_id))
        for seq, (kind, count) in enumerate(result.submissions):
            rows["received_submissions"].append((key, result.result_id, seq, result.lot_id, kind, count))
        for seq, vehicle in enumerate(result.vehicles):
            rows["vehicle_counts"].append(
                (
                    key,
                    result.result_id,
                    seq,
                    result.lot_id,
                    vehicle.contract_type,
                    vehicle.vehicle_category,
                    vehicle.vehicle_type,
                    vehicle.count,
                )
            )
        for seq, item in enumerate(result.eed_items):
            rows["eed_items"].append(
                (
                    key,
                    result.lot_id or "",
                    result.result_id,
                    seq,
                    item.item,
                    item.basis,
                    item.label,
                    _float(item.consumption_kwh),
                    _float(item.savings_kwh),
                    _float(item.quantity),
                )
            )
    for tender in notice.tenders:
        value, currency = _money(tender.value)
        rows["tenders"].append(
            (
                key,
                tender.tender_id,
                tender.lot_id,
                tender.party_id,
                tender_contract.get(tender.tender_id),
                value,
                currency,
                tender.rank,
                tender.variant,
                tender.subcontracting,
            )
        )
    for contract in notice.contracts:
        rows["contracts"].append(
            (
                key,
                contract.contract_id,
                contract.reference,
                parse_day(contract.conclusion_date),
                parse_day(contract.award_date),
                pick_text(contract.titles),
                contract.framework,
            )
        )


def _lot_result_row(key: str, result: LotResult, awarded: Amount | None) -> Row:
    maximum, maximum_currency = _money(result.framework_maximum)
    reestimated, reestimated_currency = _money(result.framework_reestimated)
    lowest, lowest_currency = _money(result.lowest_tender)
    highest, highest_currency = _money(result.highest_tender)
    awarded_value, awarded_currency = _money(awarded)
    # BT-759 without BT-760 is read as the total of tenders: some eSenders omit the type code.
    received = next((count for kind, count in result.submissions if kind in ("tenders", None)), None)
    return (
        key,
        result.result_id,
        result.lot_id,
        result.winner_status,
        result.not_awarded_reason,
        maximum,
        maximum_currency,
        reestimated,
        reestimated_currency,
        lowest,
        highest,
        lowest_currency or highest_currency,
        received,
        awarded_value,
        awarded_currency,
    )


def _sum_amounts(amounts: list[Amount | None]) -> Amount | None:
    present = [amount for amount in amounts if amount is not None]
    if not present or len({amount.currency for amount in present}) != 1:
        return None
    return Amount(sum((amount.value for amount in present), Decimal(0)), present[0].currency)


def _party_rows(
    rows: dict[str, list[Row]],
    key: str,
    notice: Notice,
    languages: tuple[str | None, ...],
    keys: list[str | None],
) -> None:
    org_keys: dict[str, str | None] = {}  # of an identifier repeated, the last organisation's key
    for org, org_key in zip(notice.organisations, keys, strict=True):
        org_keys[org.org_id] = org_key
        rows["organisations"].append(
            (
                key,
                org.org_id,
                org_key,
                pick_text(org.names, languages),
                org.company_id,
                org.country,
                org.nuts,
                org.city,
                org.size,
                org.group_lead,
                org.natural_person,
                org.awarding_cpb,
                org.acquiring_cpb,
            )
        )
    for seq, buyer in enumerate(notice.buyers):
        rows["buyers"].append(
            (key, seq, buyer.org_id, buyer.legal_type, buyer.activity, buyer.activity_list, buyer.contracting_type)
        )
    seen: set[tuple[str, str, str]] = set()
    for party in notice.tendering_parties:
        members = [(org_id, "tenderer", lead) for org_id, lead in party.tenderers]
        members += [(org_id, "subcontractor", None) for org_id in party.subcontractors]
        for org_id, role, lead in members:
            if (party.party_id, org_id, role) not in seen:
                seen.add((party.party_id, org_id, role))
                rows["tendering_parties"].append((key, party.party_id, org_id, role, lead))
    for winner in notice.winners:
        winner_org = notice.organisation(winner.org_id)
        rows["winners"].append(
            (
                key,
                winner.lot_id,
                winner.org_id,
                winner.result_id,
                winner.tender_id,
                winner.is_lead,
                org_keys.get(winner.org_id),
                pick_text(winner_org.names, languages) if winner_org else None,
                winner_org.country if winner_org else None,
                winner_org.size if winner_org else None,
            )
        )


def rejection_row(
    rejection_key: str, batch_id: int, source: str, code: str, message: str, sha: str | None, now: datetime
) -> Row:
    return (rejection_key, batch_id, source, code, message, sha, now)
