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
    fields,
    first_child,
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
    parts = fields(form)
    legal_basis = (
        celex(attr(parts.get("LEGAL_BASIS"), "VALUE"))
        or celex(attr(parts.get("DIRECTIVE"), "VALUE"))
        or celex(envelope.directive)
    )
    subtype = subtype_of(local(form), attr(parts.get("NOTICE"), "TYPE"), legal_basis, form.get("FORM"))
    form_type, notice_type = SUBTYPES[subtype] if subtype else (CHANGE_FORM_TYPE, None)
    organisations, buyers = _buyers(sections, envelope)
    contract = sections.child("OBJECT_CONTRACT")
    facts = fields(contract.primary if contract else None)
    cpv_main = attr(child(facts.get("CPV_MAIN"), "CPV_CODE"), "CODE")
    titles = contract.texts("TITLE") if contract else ()
    shared = _lot_shared(sections)
    lots = _lots(contract, cpv_main, titles, shared, warnings)
    awards = _awards(sections, warnings)
    results = build_results(awards, [lot.lot_id for lot in lots], len(organisations) + 1, warnings)
    previous = _previous_notices(sections, envelope)
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
        or iso_date(plain(child(parts.get("COMPLEMENTARY_INFO"), "DATE_DISPATCH_NOTICE"))),
        language=languages[0] if languages else None,
        additional_languages=languages[1:],
        publication_number=envelope.doc_id,
        publication_date=envelope.publication_date,
        gazette_id=envelope.publication_number,
        previous_notices=previous,
        procedure_type=_procedure_type(parts.get("PROCEDURE")),
        nature=NATURES.get(attr(facts.get("TYPE_CONTRACT"), "CTYPE") or ""),
        titles=titles,
        descriptions=contract.texts("SHORT_DESCR") if contract else (),
        cpv_main=cpv_main,
        cpv_additional=tuple(sorted(set(envelope.cpv_codes) - {cpv_main} if cpv_main else set(envelope.cpv_codes))),
        estimated_value=money(facts.get("VAL_ESTIMATED_TOTAL"), warnings, "VAL_ESTIMATED_TOTAL"),
        notice_value=money(facts.get("VAL_TOTAL"), warnings, "VAL_TOTAL"),
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
    parts = fields(sections.primary)
    references = [
        plain(child(parts.get("PROCEDURE"), "NOTICE_NUMBER_OJ")),
        plain(child(parts.get("COMPLEMENTARY_INFO"), "NOTICE_NUMBER_OJ")),
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
    form_body = fields(body.primary)
    legal_type = BUYER_LEGAL_TYPES.get(attr(form_body.get("CA_TYPE"), "VALUE") or "")
    if legal_type is None and envelope.authority_type == EU_AUTHORITY_TYPE_CODE:
        legal_type = "eu-ins-bod-ag"
    authority = AUTHORITY_ACTIVITIES.get(attr(form_body.get("CA_ACTIVITY"), "VALUE") or "")
    entity = ENTITY_ACTIVITIES.get(attr(form_body.get("CE_ACTIVITY"), "VALUE") or "")
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
    found = fields(address.primary)
    return Organisation(
        org_id=org_id,
        names=address.texts("OFFICIALNAME"),
        company_id=plain(found.get("NATIONALID")),
        country=country3(attr(found.get("COUNTRY"), "VALUE") or fallback_country),
        nuts=attr(found.get("NUTS"), "CODE"),
        city=plain(found.get("TOWN")),
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
    found = fields(lefti.primary)
    reserved = []
    if "RESTRICTED_SHELTERED_WORKSHOP" in found:
        reserved.append("res-ws")
    if "RESERVED_ORGANISATIONS_SERVICE_MISSION" in found:
        reserved.append("res-pub-ser")
    execution = ("yes",) if "RESTRICTED_SHELTERED_PROGRAM" in found else ()
    performance = lefti.texts_of(_PERFORMANCE_TEXTS)
    selection = list(lefti.texts_of(_SELECTION_TEXTS))
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
    found = fields(node)
    duration = found.get("DURATION")
    length = plain(duration)
    eu_funded = "eu-funds" if "EU_PROGR_RELATED" in found else "no-eu-funds" if "NO_EU_PROGR_RELATED" in found else None
    return Lot(
        **common,  # type: ignore[arg-type]
        descriptions=description.texts("SHORT_DESCR"),
        cpv_additional=_codes(node, "CPV_ADDITIONAL"),
        estimated_value=money(found.get("VAL_OBJECT"), warnings, f"{lot_id} VAL_OBJECT"),
        place_nuts=tuple(sorted({code for nuts in children(node, "NUTS") if (code := attr(nuts, "CODE"))})),
        duration=f"{length} {attr(duration, 'TYPE') or 'MONTH'}" if length else None,
        eu_funded=eu_funded,
        award_criteria=_criteria(description),
        additional_info=description.texts_of(_LOT_EXTRA_TEXTS),
    )


def _codes(node: Element, holder: str) -> tuple[str, ...]:
    codes = {code for cpv in children(node, holder) if (code := attr(first_child(cpv, "CPV_CODE"), "CODE"))}
    return tuple(sorted(codes))


_CRITERION_KINDS = (("AC_QUALITY", "quality"), ("AC_COST", "cost"), ("AC_PRICE", "price"))
_CRITERION_NAMES = (*(name for name, _ in _CRITERION_KINDS), "AC_CRITERION")


def _criteria(description: Sections) -> tuple[AwardCriterion, ...]:
    """Award criteria wherever the form version puts them (``AC/…``, directly in ``OBJECT_DESCR``, or in a
    ``DIRECTIVE_*`` wrapper); criteria listed without a type (concessions, light regime) get type ``None``."""
    criteria: list[AwardCriterion] = []
    by_name = description.descendants_by_name(_CRITERION_NAMES)  # one walk of the lot instead of four
    for name, kind in _CRITERION_KINDS:
        for found in by_name.get(name, ()):
            number, number_kind = weight(plain(child(found.primary, "AC_WEIGHTING")))
            criteria.append(
                AwardCriterion(kind, names=found.texts("AC_CRITERION"), weight=number, weight_kind=number_kind)
            )
    for found in by_name.get("AC_CRITERION", ()):
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
    found = fields(award.primary)
    draft = AwardDraft(
        lot_no=plain(found.get("LOT_NO")),
        position=position,
        reference=plain(found.get("CONTRACT_NO")),
        titles=award.texts("TITLE"),
    )
    missing = found.get(not_done)
    awarded = award.child(done)
    if awarded is None:
        draft.awarded = False
        reason = (
            next((local(n) for n in missing if local(n) in _NO_AWARD_REASONS), None) if missing is not None else None
        )
        draft.not_awarded_reason = _NO_AWARD_REASONS.get(reason or "")
        return draft
    contract = awarded.primary
    dates = fields(contract)
    draft.conclusion_date = iso_date(
        plain(dates.get("DATE_CONCLUSION_CONTRACT")) or plain(dates.get("DATE_DECISION_JURY"))
    )
    marks, draft.submissions = _awarded_facts(contract)
    draft.group = True if "AWARDED_TO_GROUP" in marks else False if "NO_AWARDED_TO_GROUP" in marks else None
    draft.contractors = [
        _contractor(contractor, holder)
        for contractor in awarded.descendants(party)
        if (holder := contractor.child(address)) is not None
    ]
    total = marks.get("VAL_TOTAL")
    if total is None:
        total = marks.get("VAL_PRIZE")
    draft.value = money(total, warnings, "VAL_TOTAL")
    value_range = marks.get("VAL_RANGE_TOTAL")
    if value_range is not None:
        currency = attr(value_range, "CURRENCY")
        draft.lowest = money(child(value_range, "LOW"), warnings, "VAL_RANGE_TOTAL/LOW", currency)
        draft.highest = money(child(value_range, "HIGH"), warnings, "VAL_RANGE_TOTAL/HIGH", currency)
    return draft


def _contractor(contractor: Sections, holder: Sections) -> ContractorDraft:
    """A contractor (or a contest's winner) and its address ``holder``."""
    place = fields(holder.primary)
    flags = fields(contractor.primary)
    return ContractorDraft(
        names=holder.texts("OFFICIALNAME"),
        company_id=plain(place.get("NATIONALID")),
        country=country3(attr(place.get("COUNTRY"), "VALUE")),
        nuts=attr(place.get("NUTS"), "CODE"),
        city=plain(place.get("TOWN")),
        sme=True if "SME" in flags else False if "NO_SME" in flags else None,
    )


# What an awarded contract says anywhere inside it: the group flags and values (the first of each counts) and
# the counts of submissions (all of them, in document order).
_AWARD_MARKS = ("AWARDED_TO_GROUP", "NO_AWARDED_TO_GROUP", "VAL_TOTAL", "VAL_PRIZE", "VAL_RANGE_TOTAL")
_AWARD_WALK = tuple(f"{{*}}{name}" for name in (*_AWARD_MARKS, *SUBMISSION_TYPES))


def _awarded_facts(contract: Element) -> tuple[dict[str, Element], list[tuple[str | None, int | None]]]:
    """The first of each of :data:`_AWARD_MARKS` and the counts of submissions, from one walk of the contract
    (lxml filters the names in C: the walk makes no proxy for the many other elements)."""
    marks: dict[str, Element] = {}
    submissions: list[tuple[str | None, int | None]] = []
    for node in contract.iterdescendants(*_AWARD_WALK):
        name = local(node)
        kind = SUBMISSION_TYPES.get(name)
        if kind is None:
            marks.setdefault(name, node)
        elif (value := plain(node)) and value.isdigit():
            submissions.append((kind, int(value)))
    return marks, submissions
