"""TED XML R2.0.8 forms (2004 directives, defence forms 16–19) → :class:`Notice`.

R2.0.8 forms nest the same facts under form-specific containers (``FD_CONTRACT/…``, ``F02_ANNEX_B``,
``AWARD_OF_CONTRACT_DEFENCE``), so this reader finds facts by local name anywhere in the form rather than by
path; containers that repeat a fact for a lot or an award (``*ANNEX_B``, ``AWARD_OF_CONTRACT*``) are excluded
from the notice-level lookups. The element names follow the R2.0.8 schema as seen in real notices; the
sheltered-workshop flags are matched by name pattern because no real R2.0.8 sample carries them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import AwardCriterion, Buyer, Lot, Notice, Organisation, Texts
from .ted_awards import AwardDraft, ContractorDraft, build_results, lot_id_of
from .ted_common import (
    Envelope,
    Sections,
    attr,
    child,
    country3,
    descendant,
    doc_id,
    local,
    money,
    parts_date,
    plain,
    weight,
)
from .ted_forms import (
    AUTHORITY_ACTIVITIES,
    BUYER_LEGAL_TYPES,
    CHANGE_FORM_TYPE,
    ENTITY_ACTIVITIES,
    NATURES,
    SUBTYPES,
    celex,
    procedure_code,
    subtype_of,
)
from .ubl import Element

_REPEATING = ("ANNEX_B", "AWARD_OF_CONTRACT", "AWARD_OF_CONTRACT_DEFENCE")


def _outside_repeats(form: Element, name: str) -> Iterator[Element]:
    """Descendants named ``name`` that are not inside a lot annex or an award."""
    for node in form.iterdescendants(f"{{*}}{name}"):
        if not any(local(parent).endswith(_REPEATING) for parent in node.iterancestors()):
            yield node


def _first(sections: Sections, name: str) -> Sections | None:
    """The first notice-level ``name`` in every section, aligned."""
    found = tuple(
        (lang, node) for lang, form in sections if (node := next(_outside_repeats(form, name), None)) is not None
    )
    return Sections(found) if found and found[0][0] == sections.nodes[0][0] else None


def _texts(sections: Sections, name: str) -> Texts:
    found = _first(sections, name)
    return found.texts() if found else ()


def _cpv(container: Element | None, holder: str) -> list[str]:
    if container is None:
        return []
    return [
        code for node in container.iterdescendants(f"{{*}}{holder}") if (code := attr(child(node, "CPV_CODE"), "CODE"))
    ]


def read_r208(envelope: Envelope, sections: Sections, languages: tuple[str, ...], warnings: list[str]) -> Notice:
    form = sections.primary
    legal_basis = celex(envelope.directive) or celex(attr(descendant(form, "DIRECTIVE"), "VALUE"))
    subtype = subtype_of(local(form), None, legal_basis, form.get("FORM"))
    form_type, notice_type = SUBTYPES[subtype] if subtype else (CHANGE_FORM_TYPE, None)
    organisation, buyer = _buyer(sections, envelope)
    cpv_main = next(
        (code for node in _outside_repeats(form, "CPV_MAIN") if (code := attr(child(node, "CPV_CODE"), "CODE"))), None
    )
    cpv_extra = [
        code for node in _outside_repeats(form, "CPV_ADDITIONAL") if (code := attr(child(node, "CPV_CODE"), "CODE"))
    ]
    titles = _texts(sections, "TITLE_CONTRACT")
    shared = _shared(sections)
    lots = _lots(sections, cpv_main, titles, shared, warnings)
    awards = _awards(sections, warnings)
    results = build_results(awards, [lot.lot_id for lot in lots], 2, warnings)
    previous = tuple(
        ref
        for ref in dict.fromkeys(
            [*(doc_id(plain(node)) for node in form.iterdescendants("{*}NOTICE_NUMBER_OJ")), *envelope.references]
        )
        if ref and ref != envelope.doc_id
    )
    nature_node = descendant(form, "TYPE_CONTRACT")
    fd = next((node for node in form if local(node).startswith("FD_")), None)
    procedure = next((local(node) for node in form.iterdescendants() if "PT_" in local(node)), None)
    return Notice(
        format="ted-r2.0.8",
        root="TED_EXPORT",
        notice_id=envelope.doc_id,
        version=None,
        procedure_id=previous[0] if previous and form_type not in ("planning", "competition") else envelope.doc_id,
        subtype=subtype,
        notice_type=notice_type,
        form_type=form_type,
        legal_basis=legal_basis,
        issue_date=envelope.dispatch_date or parts_date(descendant(form, "NOTICE_DISPATCH_DATE")),
        language=languages[0] if languages else None,
        additional_languages=languages[1:],
        publication_number=envelope.doc_id,
        publication_date=envelope.publication_date,
        gazette_id=envelope.publication_number,
        previous_notices=previous,
        procedure_type=procedure_code(procedure) if procedure else None,
        nature=NATURES.get(attr(nature_node, "VALUE") or attr(fd, "CTYPE") or ""),
        titles=titles,
        descriptions=_texts(sections, "SHORT_CONTRACT_DESCRIPTION"),
        cpv_main=cpv_main,
        cpv_additional=tuple(sorted(set(cpv_extra))),
        notice_value=money(
            descendant(descendant(form, "TOTAL_FINAL_VALUE"), "VALUE_COST"),
            warnings,
            "TOTAL_FINAL_VALUE",
            attr(
                descendant(descendant(form, "TOTAL_FINAL_VALUE"), "COSTS_RANGE_AND_CURRENCY_WITH_VAT_RATE"), "CURRENCY"
            ),
        ),
        buyers=(buyer,) if buyer else (),
        organisations=(*((organisation,) if organisation else ()), *results.organisations),
        lots=tuple(lots),
        lot_results=tuple(results.lot_results),
        tenders=tuple(results.tenders),
        contracts=tuple(results.contracts),
        tendering_parties=tuple(results.parties),
        winners=tuple(results.winners),
        warnings=tuple(warnings),
        additional_info=_texts(sections, "ADDITIONAL_INFORMATION"),
    )


def _buyer(sections: Sections, envelope: Envelope) -> tuple[Organisation | None, Buyer | None]:
    profile = _first(sections, "CA_CE_CONCESSIONAIRE_PROFILE")
    if profile is None:
        return None, None
    node = profile.primary
    organisation = profile.child("ORGANISATION")
    form = sections.primary
    legal_type = BUYER_LEGAL_TYPES.get(attr(descendant(form, "TYPE_OF_CONTRACTING_AUTHORITY"), "VALUE") or "")
    activity_value = attr(descendant(form, "TYPE_OF_ACTIVITY"), "VALUE") or ""
    entity_value = attr(descendant(form, "ACTIVITY_OF_CONTRACTING_ENTITY"), "VALUE") or ""
    activity: str | None
    activity_list: str | None
    if activity_value in AUTHORITY_ACTIVITIES:
        activity, activity_list = AUTHORITY_ACTIVITIES[activity_value], "authority-activity"
    elif entity_value in ENTITY_ACTIVITIES:
        activity, activity_list = ENTITY_ACTIVITIES[entity_value], "entity-activity"
    else:
        activity = activity_list = None
    org = Organisation(
        org_id="ORG-0001",
        names=organisation.texts("OFFICIALNAME") if organisation else (),
        company_id=plain(descendant(node, "NATIONALID")),
        country=country3(attr(child(node, "COUNTRY"), "VALUE") or envelope.country),
        city=plain(child(node, "TOWN")),
    )
    return org, Buyer("ORG-0001", legal_type=legal_type, activity=activity, activity_list=activity_list)


class _Shared:
    def __init__(self, reserved: tuple[str, ...], execution: tuple[str, ...], performance: Texts, selection: Texts):
        self.reserved, self.execution, self.performance, self.selection = reserved, execution, performance, selection
        self.criteria: tuple[AwardCriterion, ...] = ()


def _shared(sections: Sections) -> _Shared:
    form = sections.primary
    reserved: set[str] = set()
    execution: tuple[str, ...] = ()
    for node in form.iterdescendants():
        name = local(node)
        if "SHELTERED" in name and not name.startswith("NO_"):
            if "PROGRAM" in name:
                execution = ("yes",)
            else:
                reserved.add("res-ws")
        elif name == "RESTRICTED_TO_FRAMEWORK":
            execution = ("yes",)
    selection: list[Texts] = []
    for holder in ("CONDITIONS_FOR_PARTICIPATION",):
        for lang_form in sections:
            for node in lang_form[1].iterdescendants():
                if local(node).endswith(holder):
                    selection.append(Sections(((lang_form[0], node),)).texts())
    shared = _Shared(
        tuple(sorted(reserved)),
        execution,
        _texts(sections, "EXISTENCE_OTHER_PARTICULAR_CONDITIONS"),
        tuple(text for texts in selection for text in texts),
    )
    shared.criteria = _criteria(sections)
    return shared


def _criteria(sections: Sections) -> tuple[AwardCriterion, ...]:
    form = sections.primary
    criteria: list[AwardCriterion] = []
    if next(form.iterdescendants("{*}LOWEST_PRICE"), None) is not None:
        criteria.append(AwardCriterion("price"))
    for definition in form.iterdescendants("{*}CRITERIA_DEFINITION"):
        number, kind = weight(plain(child(definition, "WEIGHTING")))
        names = Sections(((sections.nodes[0][0], definition),)).texts("CRITERIA")
        criteria.append(AwardCriterion(None, names=names, weight=number, weight_kind=kind))
    return tuple(criteria)


def _lots(sections: Sections, cpv_main: str | None, titles: Texts, shared: _Shared, warnings: list[str]) -> list[Lot]:
    annexes = [Sections(tuple((lang, node) for lang, node in found)) for found in _annexes(sections)]
    common = {
        "cpv_main": cpv_main,
        "reserved_procurement": shared.reserved,
        "reserved_execution": shared.execution,
        "performance_terms": shared.performance,
        "selection_criteria": shared.selection,
        "award_criteria": shared.criteria,
    }
    if not annexes:
        return [Lot("LOT-0001", titles=titles, **common)]  # type: ignore[arg-type]
    lots: list[Lot] = []
    used: set[str] = set()
    for position, annex in enumerate(annexes, start=1):
        lot_id = lot_id_of(plain(child(annex.primary, "LOT_NUMBER")), position)
        if lot_id in used:
            lot_id = f"{lot_id}-{position}"
        used.add(lot_id)
        extra = _cpv(annex.primary, "CPV_ADDITIONAL")
        lot_main = next(iter(_cpv(annex.primary, "CPV_MAIN")), None)
        values = {**common, "cpv_main": lot_main or cpv_main}
        lots.append(
            Lot(
                lot_id,
                titles=annex.texts("LOT_TITLE"),
                descriptions=annex.texts("LOT_DESCRIPTION"),
                cpv_additional=tuple(sorted(set(extra))),
                additional_info=annex.texts("ADDITIONAL_INFORMATION_ABOUT_LOTS"),
                **values,  # type: ignore[arg-type]
            )
        )
    return lots


def _annexes(sections: Sections) -> list[list[tuple[str | None, Element]]]:
    per_section = [[node for node in form.iterdescendants() if local(node).endswith("ANNEX_B")] for _, form in sections]
    langs = [lang for lang, _ in sections]
    return [
        [(langs[k], nodes[i]) for k, nodes in enumerate(per_section) if i < len(nodes)]
        for i in range(len(per_section[0]))
    ]


def _awards(sections: Sections, warnings: list[str]) -> list[AwardDraft]:
    drafts: list[AwardDraft] = []
    form = sections.primary
    nodes = [
        node for node in form.iterdescendants() if local(node) in ("AWARD_OF_CONTRACT", "AWARD_OF_CONTRACT_DEFENCE")
    ]
    for position, node in enumerate(nodes, start=1):
        draft = AwardDraft(
            lot_no=plain(child(node, "LOT_NUMBER")),
            position=position,
            reference=plain(child(node, "CONTRACT_NUMBER")),
            titles=Sections(((sections.nodes[0][0], node),)).texts("CONTRACT_TITLE"),
            conclusion_date=parts_date(child(node, "CONTRACT_AWARD_DATE")),
        )
        offers = plain(child(node, "OFFERS_RECEIVED_NUMBER"))
        if offers and offers.isdigit():
            draft.submissions = [("tenders", int(offers))]
        for operator in node.iterchildren("{*}ECONOMIC_OPERATOR_NAME_ADDRESS"):
            draft.contractors.append(_contractor(operator, sections.nodes[0][0]))
        value_info = child(node, "CONTRACT_VALUE_INFORMATION")
        costs = child(value_info, "COSTS_RANGE_AND_CURRENCY_WITH_VAT_RATE")
        currency = attr(costs, "CURRENCY")
        draft.value = money(child(costs, "VALUE_COST"), warnings, f"award {position} VALUE_COST", currency)
        value_range = child(costs, "RANGE_VALUE_COST")
        if value_range is not None:
            draft.lowest = money(child(value_range, "LOW_VALUE"), warnings, "LOW_VALUE", currency)
            draft.highest = money(child(value_range, "HIGH_VALUE"), warnings, "HIGH_VALUE", currency)
        drafts.append(draft)
    return drafts


def _contractor(operator: Element, lang: str | None) -> ContractorDraft:
    contact = descendant(operator, "CONTACT_DATA_WITHOUT_RESPONSIBLE_NAME")
    if contact is None:
        contact = operator
    official = descendant(contact, "OFFICIALNAME")
    return ContractorDraft(
        names=Sections(((lang, official),)).texts() if official is not None else (),
        company_id=plain(descendant(contact, "NATIONALID")),
        country=country3(attr(child(contact, "COUNTRY"), "VALUE")),
        city=plain(child(contact, "TOWN")),
    )
