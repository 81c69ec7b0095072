"""TED XML R2.0.9 forms (F01–F25 of the 2014 directives, MOVE) → :class:`Notice`.

All standard forms share one vocabulary (``CONTRACTING_BODY``, ``OBJECT_CONTRACT/OBJECT_DESCR``, ``LEFTI``,
``PROCEDURE``, ``AWARD_CONTRACT``, ``COMPLEMENTARY_INFO``); a form only leaves parts out, so one reader serves
all of them. Structure and codes come from the primary original section, texts from every selected section.
"""

from __future__ import annotations

from ..model import AwardCriterion, Buyer, Lot, Notice, Organisation, Texts
from .ted_awards import AwardDraft, ContractorDraft, build_results, lot_id_of
from .ted_common import (
    Envelope,
    Sections,
    attr,
    child,
    children,
    country3,
    doc_id,
    iso_date,
    local,
    money,
    plain,
    weight,
)
from .ted_forms import (
    AUTHORITY_ACTIVITIES,
    BUYER_LEGAL_TYPES,
    CHANGE_FORM_TYPE,
    ENTITY_ACTIVITIES,
    EU_AUTHORITY_TYPE_CODE,
    NATURES,
    SUBMISSION_TYPES,
    SUBTYPES,
    celex,
    procedure_code,
    subtype_of,
)
from .ubl import Element

_SELECTION_TEXTS = (
    "SUITABILITY",
    "ECONOMIC_FINANCIAL_INFO",
    "ECONOMIC_FINANCIAL_MIN_LEVEL",
    "TECHNICAL_PROFESSIONAL_INFO",
    "TECHNICAL_PROFESSIONAL_MIN_LEVEL",
    "RULES_CRITERIA",
    "CRITERIA_SELECTION",
)
# Social standards, public-service obligations, other particular conditions and quality targets of MOVE notices
# (Regulation 1370/2007) are performance terms: the social standards are where a passenger-transport notice names
# staff take-over and collectively agreed wages ("Tariftreue").
_PERFORMANCE_TEXTS = (
    "PERFORMANCE_CONDITIONS",
    "SOCIAL_STANDARDS",
    "PUBLIC_SERVICE_OBLIGATIONS",
    "OTHER_PARTICULAR_CONDITIONS",
    "INFORMATION_TICKETS",
    "PUNCTUALITY_RELIABILITY",
    "CANCELLATIONS_SERVICES",
    "CLEANLINESS_ROLLING_STOCK",
    "CUST_SATISFACTION_SURVEY",
    "COMPLAINT_HANDLING",
    "ASSIST_PERSONS_REDUCTED_MOB",
    "OTHER_QUALITY_TARGET",
    "REWARDS_PENALITIES",
)
_LOT_EXTRA_TEXTS = ("INFO_ADD", "OPTIONS_DESCR", "RENEWAL_DESCR")
_NO_AWARD_REASONS = {"PROCUREMENT_UNSUCCESSFUL": "all-rej", "PROCUREMENT_DISCONTINUED": "other"}


def read_r209(envelope: Envelope, sections: Sections, languages: tuple[str, ...], warnings: list[str]) -> Notice:
    form = sections.primary
    form_name = local(form)
    legal_basis = (
        celex(attr(child(form, "LEGAL_BASIS"), "VALUE"))
        or celex(attr(child(form, "DIRECTIVE"), "VALUE"))
        or celex(envelope.directive)
    )
    subtype = subtype_of(form_name, attr(child(form, "NOTICE"), "TYPE"), legal_basis, form.get("FORM"))
    form_type, notice_type = SUBTYPES[subtype] if subtype else (CHANGE_FORM_TYPE, None)
    organisations, buyers = _buyers(sections, envelope)
    contract = sections.child("OBJECT_CONTRACT")
    cpv_main = attr(child(child(contract.primary if contract else None, "CPV_MAIN"), "CPV_CODE"), "CODE")
    titles = contract.texts("TITLE") if contract else ()
    shared = _lot_shared(sections)
    lots = _lots(contract, cpv_main, titles, shared, warnings)
    awards = _awards(sections, warnings)
    results = build_results(awards, [lot.lot_id for lot in lots], len(organisations) + 1, warnings)
    previous = _previous_notices(sections, envelope)
    procedure = child(form, "PROCEDURE")
    return Notice(
        format="ted-r2.0.9",
        root="TED_EXPORT",
        notice_id=envelope.doc_id,
        version=None,
        procedure_id=_procedure_id(envelope.doc_id, form_type, previous),
        subtype=subtype,
        notice_type=notice_type,
        form_type=form_type,
        legal_basis=legal_basis,
        issue_date=envelope.dispatch_date
        or iso_date(plain(child(child(form, "COMPLEMENTARY_INFO"), "DATE_DISPATCH_NOTICE"))),
        language=languages[0] if languages else None,
        additional_languages=languages[1:],
        publication_number=envelope.doc_id,
        publication_date=envelope.publication_date,
        gazette_id=envelope.publication_number,
        previous_notices=previous,
        procedure_type=_procedure_type(procedure),
        nature=NATURES.get(attr(child(contract.primary if contract else None, "TYPE_CONTRACT"), "CTYPE") or ""),
        titles=titles,
        descriptions=contract.texts("SHORT_DESCR") if contract else (),
        cpv_main=cpv_main,
        cpv_additional=tuple(sorted(set(envelope.cpv_codes) - {cpv_main} if cpv_main else set(envelope.cpv_codes))),
        estimated_value=money(child(contract.primary, "VAL_ESTIMATED_TOTAL"), warnings, "VAL_ESTIMATED_TOTAL")
        if contract
        else None,
        notice_value=money(child(contract.primary, "VAL_TOTAL"), warnings, "VAL_TOTAL") if contract else None,
        buyers=buyers,
        organisations=(*organisations, *results.organisations),
        lots=tuple(lots),
        lot_results=tuple(results.lot_results),
        tenders=tuple(results.tenders),
        contracts=tuple(results.contracts),
        tendering_parties=tuple(results.parties),
        winners=tuple(results.winners),
        warnings=tuple(warnings),
        additional_info=_notice_texts(sections),
    )


def _procedure_id(own_id: str, form_type: str, previous: tuple[str, ...]) -> str:
    """Legacy notices have no procedure identifier: a procedure is named after the notice that opened it.

    Planning and competition notices open their own; result, direct-award, modification and change notices
    belong to the notice they refer to (IV.2.1 / VI.6), so a contract award notice joins its contract notice.
    """
    if form_type in ("planning", "competition") or not previous:
        return own_id
    return previous[0]


def _previous_notices(sections: Sections, envelope: Envelope) -> tuple[str, ...]:
    form = sections.primary
    references = [
        plain(child(child(form, "PROCEDURE"), "NOTICE_NUMBER_OJ")),
        plain(child(child(form, "COMPLEMENTARY_INFO"), "NOTICE_NUMBER_OJ")),
    ]
    found = [ref for value in references if (ref := doc_id(value))]
    return tuple(ref for ref in dict.fromkeys([*found, *envelope.references]) if ref != envelope.doc_id)


def _procedure_type(procedure: Element | None) -> str | None:
    if procedure is None:
        return None
    for node in procedure.iterdescendants():
        name = local(node)
        if name.startswith("PT_"):
            return procedure_code(name)
    return None


def _buyers(sections: Sections, envelope: Envelope) -> tuple[tuple[Organisation, ...], tuple[Buyer, ...]]:
    body = sections.child("CONTRACTING_BODY")
    if body is None:
        return (), ()
    addresses = [found] if (found := body.child("ADDRESS_CONTRACTING_BODY")) else []
    addresses += body.children("ADDRESS_CONTRACTING_BODY_ADDITIONAL")
    form_body = body.primary
    legal_type = BUYER_LEGAL_TYPES.get(attr(child(form_body, "CA_TYPE"), "VALUE") or "")
    if legal_type is None and envelope.authority_type == EU_AUTHORITY_TYPE_CODE:
        legal_type = "eu-ins-bod-ag"
    authority = AUTHORITY_ACTIVITIES.get(attr(child(form_body, "CA_ACTIVITY"), "VALUE") or "")
    entity = ENTITY_ACTIVITIES.get(attr(child(form_body, "CE_ACTIVITY"), "VALUE") or "")
    activity, activity_list = (
        (authority, "authority-activity") if authority else (entity, "entity-activity") if entity else (None, None)
    )
    organisations: list[Organisation] = []
    buyers: list[Buyer] = []
    for index, address in enumerate(addresses, start=1):
        org_id = f"ORG-{index:04d}"
        organisations.append(_address(org_id, address, envelope.country if index == 1 else None))
        first = index == 1
        buyers.append(
            Buyer(
                org_id,
                legal_type=legal_type if first else None,
                activity=activity if first else None,
                activity_list=activity_list if first else None,
            )
        )
    return tuple(organisations), tuple(buyers)


def _address(org_id: str, address: Sections, fallback_country: str | None) -> Organisation:
    node = address.primary
    return Organisation(
        org_id=org_id,
        names=address.texts("OFFICIALNAME"),
        company_id=plain(child(node, "NATIONALID")),
        country=country3(attr(child(node, "COUNTRY"), "VALUE") or fallback_country),
        nuts=attr(child(node, "NUTS"), "CODE"),
        city=plain(child(node, "TOWN")),
    )


class _Shared:
    """Notice-wide lot facts of ``LEFTI`` (III.1.5 reserved contracts, III.2.2 performance conditions, III.1
    selection criteria): the forms give them once for all lots, eForms per lot, so every lot gets a copy."""

    def __init__(
        self,
        reserved: tuple[str, ...],
        execution: tuple[str, ...],
        performance: Texts,
        selection: Texts,
        contest: Texts = (),
    ):
        self.reserved, self.execution, self.performance, self.selection = reserved, execution, performance, selection
        self.contest = contest  # a design contest's evaluation criteria (F12 PROCEDURE/CRITERIA_EVALUATION)


def _lot_shared(sections: Sections) -> _Shared:
    procedure = sections.child("PROCEDURE")
    # a design contest states the jury's criteria as free text, not as AC_* award criteria
    contest = procedure.texts("CRITERIA_EVALUATION") if procedure is not None else ()
    lefti = sections.child("LEFTI")
    if lefti is None:
        return _Shared((), (), (), (), contest)
    node = lefti.primary
    reserved = []
    if child(node, "RESTRICTED_SHELTERED_WORKSHOP") is not None:
        reserved.append("res-ws")
    if child(node, "RESERVED_ORGANISATIONS_SERVICE_MISSION") is not None:
        reserved.append("res-pub-ser")
    execution = ("yes",) if child(node, "RESTRICTED_SHELTERED_PROGRAM") is not None else ()
    performance = tuple(text for name in _PERFORMANCE_TEXTS for text in lefti.texts(name))
    selection = [text for name in _SELECTION_TEXTS for text in lefti.texts(name)]
    for qualification in lefti.children("QUALIFICATION"):
        selection.extend(qualification.texts("CONDITIONS"))
    return _Shared(tuple(sorted(reserved)), execution, performance, tuple(selection), contest)


def _lots(
    contract: Sections | None, cpv_main: str | None, titles: Texts, shared: _Shared, warnings: list[str]
) -> list[Lot]:
    descriptions = contract.children("OBJECT_DESCR") if contract else []
    if not descriptions:
        return [_lot("LOT-0001", None, cpv_main, titles, shared, warnings)]
    lots: list[Lot] = []
    used: set[str] = set()
    for position, description in enumerate(descriptions, start=1):
        lot_id = lot_id_of(plain(child(description.primary, "LOT_NO")), position)
        if lot_id in used:
            lot_id = f"LOT-{position:04d}" if f"LOT-{position:04d}" not in used else f"{lot_id}-{position}"
        used.add(lot_id)
        lot_titles = description.texts("TITLE") or (titles if len(descriptions) == 1 else ())
        lots.append(_lot(lot_id, description, cpv_main, lot_titles, shared, warnings))
    return lots


def _lot(
    lot_id: str, description: Sections | None, cpv_main: str | None, titles: Texts, shared: _Shared, warnings: list[str]
) -> Lot:
    common = {
        "lot_id": lot_id,
        "titles": titles,
        "cpv_main": cpv_main,
        "reserved_procurement": shared.reserved,
        "reserved_execution": shared.execution,
        "performance_terms": shared.performance,
        "selection_criteria": shared.selection,
        "contest_criteria": shared.contest,
    }
    if description is None:
        return Lot(**common)  # type: ignore[arg-type]
    node = description.primary
    duration = child(node, "DURATION")
    eu_funded = (
        "eu-funds"
        if child(node, "EU_PROGR_RELATED") is not None
        else "no-eu-funds"
        if child(node, "NO_EU_PROGR_RELATED") is not None
        else None
    )
    return Lot(
        **common,  # type: ignore[arg-type]
        descriptions=description.texts("SHORT_DESCR"),
        cpv_additional=_codes(node, "CPV_ADDITIONAL"),
        estimated_value=money(child(node, "VAL_OBJECT"), warnings, f"{lot_id} VAL_OBJECT"),
        place_nuts=tuple(sorted({code for nuts in children(node, "NUTS") if (code := attr(nuts, "CODE"))})),
        duration=f"{plain(duration)} {attr(duration, 'TYPE') or 'MONTH'}" if plain(duration) else None,
        eu_funded=eu_funded,
        award_criteria=_criteria(description),
        additional_info=tuple(text for name in _LOT_EXTRA_TEXTS for text in description.texts(name)),
    )


def _codes(node: Element, holder: str) -> tuple[str, ...]:
    return tuple(sorted({code for cpv in children(node, holder) if (code := attr(child(cpv, "CPV_CODE"), "CODE"))}))


_CRITERION_KINDS = (("AC_QUALITY", "quality"), ("AC_COST", "cost"), ("AC_PRICE", "price"))


def _criteria(description: Sections) -> tuple[AwardCriterion, ...]:
    """Award criteria wherever the form version puts them (``AC/…``, directly in ``OBJECT_DESCR``, or in a
    ``DIRECTIVE_*`` wrapper); criteria listed without a type (concessions, light regime) get type ``None``."""
    criteria: list[AwardCriterion] = []
    for name, kind in _CRITERION_KINDS:
        for found in description.descendants(name):
            number, number_kind = weight(plain(child(found.primary, "AC_WEIGHTING")))
            criteria.append(
                AwardCriterion(kind, names=found.texts("AC_CRITERION"), weight=number, weight_kind=number_kind)
            )
    for found in description.descendants("AC_CRITERION"):
        parent = found.primary.getparent()
        if parent is not None and local(parent) not in ("AC_QUALITY", "AC_COST"):
            criteria.append(AwardCriterion(None, names=found.texts()))
    return tuple(criteria)


def _notice_texts(sections: Sections) -> Texts:
    """Free texts outside the lots: VI.3 additional information, corrigendum changes (F14), modifications (F20)."""
    found: list[Texts] = []
    complementary = sections.child("COMPLEMENTARY_INFO")
    if complementary:
        found.append(complementary.texts("INFO_ADD"))
    changes = sections.child("CHANGES")
    if changes:
        for change in changes.children("CHANGE"):
            new_value = change.child("NEW_VALUE")
            if new_value:
                found.append(new_value.texts("TEXT"))
        found.append(changes.texts("INFO_ADD"))
    modifications = sections.child("MODIFICATIONS_CONTRACT")
    if modifications:
        for part in ("DESCRIPTION_PROCUREMENT", "INFO_MODIFICATIONS"):
            holder = modifications.child(part)
            if holder:
                found.append(holder.texts("SHORT_DESCR"))
    return tuple(text for texts in found for text in texts)


def _awards(sections: Sections, warnings: list[str]) -> list[AwardDraft]:
    drafts = [
        _award(
            award, position, ("AWARDED_CONTRACT", "NO_AWARDED_CONTRACT", "CONTRACTOR", "ADDRESS_CONTRACTOR"), warnings
        )
        for position, award in enumerate(sections.children("AWARD_CONTRACT"), start=1)
    ]
    # Design contest results (F13): prizes and winners play the part of contracts and contractors.
    drafts += [
        _award(result, position, ("AWARDED_PRIZE", "NO_AWARDED_PRIZE", "WINNER", "ADDRESS_WINNER"), warnings)
        for position, result in enumerate(sections.children("RESULTS"), start=len(drafts) + 1)
    ]
    return drafts


def _award(award: Sections, position: int, names: tuple[str, str, str, str], warnings: list[str]) -> AwardDraft:
    """One award; ``names`` = (awarded container, not-awarded container, party element, its address)."""
    done, not_done, party, address = names
    node = award.primary
    draft = AwardDraft(
        lot_no=plain(child(node, "LOT_NO")),
        position=position,
        reference=plain(child(node, "CONTRACT_NO")),
        titles=award.texts("TITLE"),
    )
    missing = child(node, not_done)
    awarded = award.child(done)
    if awarded is None:
        draft.awarded = False
        reason = (
            next((local(n) for n in missing if local(n) in _NO_AWARD_REASONS), None) if missing is not None else None
        )
        draft.not_awarded_reason = _NO_AWARD_REASONS.get(reason or "")
        return draft
    contract = awarded.primary
    draft.conclusion_date = iso_date(
        plain(child(contract, "DATE_CONCLUSION_CONTRACT")) or plain(child(contract, "DATE_DECISION_JURY"))
    )
    draft.submissions = _submissions(contract)
    draft.group = (
        True
        if next(contract.iterdescendants("{*}AWARDED_TO_GROUP"), None) is not None
        else False
        if next(contract.iterdescendants("{*}NO_AWARDED_TO_GROUP"), None) is not None
        else None
    )
    for contractor in awarded.descendants(party):
        holder = contractor.child(address)
        if holder is None:
            continue
        place = holder.primary
        sme = child(contractor.primary, "SME") is not None
        not_sme = child(contractor.primary, "NO_SME") is not None
        draft.contractors.append(
            ContractorDraft(
                names=holder.texts("OFFICIALNAME"),
                company_id=plain(child(place, "NATIONALID")),
                country=country3(attr(child(place, "COUNTRY"), "VALUE")),
                nuts=attr(child(place, "NUTS"), "CODE"),
                city=plain(child(place, "TOWN")),
                sme=True if sme else False if not_sme else None,
            )
        )
    total = next(contract.iterdescendants("{*}VAL_TOTAL"), None)
    if total is None:
        total = next(contract.iterdescendants("{*}VAL_PRIZE"), None)
    draft.value = money(total, warnings, "VAL_TOTAL")
    value_range = next(contract.iterdescendants("{*}VAL_RANGE_TOTAL"), None)
    if value_range is not None:
        currency = attr(value_range, "CURRENCY")
        draft.lowest = money(child(value_range, "LOW"), warnings, "VAL_RANGE_TOTAL/LOW", currency)
        draft.highest = money(child(value_range, "HIGH"), warnings, "VAL_RANGE_TOTAL/HIGH", currency)
    return draft


def _submissions(contract: Element) -> list[tuple[str | None, int | None]]:
    found: list[tuple[str | None, int | None]] = []
    for node in contract.iterdescendants():
        kind = SUBMISSION_TYPES.get(local(node))
        value = plain(node)
        if kind and value and value.isdigit():
            found.append((kind, int(value)))
    return found
