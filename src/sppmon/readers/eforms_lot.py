"""Reading one ``cac:ProcurementProjectLot`` (a lot or a part) of an eForms notice.

One pass over the lot's subtree (``iter()`` walks it in C) with a table of handlers keyed by tag; a handler
looks at the element's parent or ``@listName`` where the tag alone is ambiguous. This is several times
faster than navigating with ``find`` and keeps the reader robust to elements moving between SDK versions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from ..model import AwardCriterion, EedItem, Lot, Text
from .ubl import (
    LANGUAGE_ID,
    LIST_NAME,
    SCHEME_NAME,
    Element,
    amount,
    cac,
    cbc,
    child,
    codes,
    efac,
    efbc,
    first_children,
    to_bool,
    to_decimal,
)

# Clark-notation tags, built once
_CAC_AwardingCriterion = cac("AwardingCriterion")
_CAC_ContractExecutionRequirement = cac("ContractExecutionRequirement")
_CAC_Country = cac("Country")
_CAC_MainCommodityClassification = cac("MainCommodityClassification")
_CAC_ProcurementAdditionalType = cac("ProcurementAdditionalType")
_CAC_ProcurementProject = cac("ProcurementProject")
_CAC_SubordinateAwardingCriterion = cac("SubordinateAwardingCriterion")
_CBC_AwardingCriterionTypeCode = cbc("AwardingCriterionTypeCode")
_CBC_CalculationExpression = cbc("CalculationExpression")
_CBC_ContractingSystemTypeCode = cbc("ContractingSystemTypeCode")
_CBC_CountrySubentityCode = cbc("CountrySubentityCode")
_CBC_Description = cbc("Description")
_CBC_DurationMeasure = cbc("DurationMeasure")
_CBC_EstimatedOverallContractAmount = cbc("EstimatedOverallContractAmount")
_CBC_ExecutionRequirementCode = cbc("ExecutionRequirementCode")
_CBC_FundingProgramCode = cbc("FundingProgramCode")
_CBC_ID = cbc("ID")
_CBC_IdentificationCode = cbc("IdentificationCode")
_CBC_ItemClassificationCode = cbc("ItemClassificationCode")
_CBC_Name = cbc("Name")
_CBC_ProcurementType = cbc("ProcurementType")
_CBC_ProcurementTypeCode = cbc("ProcurementTypeCode")
_CBC_SMESuitableIndicator = cbc("SMESuitableIndicator")
_CBC_TendererRequirementTypeCode = cbc("TendererRequirementTypeCode")
_EFAC_AwardCriterionParameter = efac("AwardCriterionParameter")
_EFAC_ProcurementDetails = efac("ProcurementDetails")
_EFAC_SelectionCriteria = efac("SelectionCriteria")
_EFAC_StrategicProcurement = efac("StrategicProcurement")
_EFBC_ApplicableLegalBasis = efbc("ApplicableLegalBasis")
_EFBC_AssetCategoryCode = efbc("AssetCategoryCode")
_EFBC_FrameworkMaximumAmount = efbc("FrameworkMaximumAmount")
_EFBC_LegalFrameworkCode = efbc("LegalFrameworkCode")
_EFBC_ParameterCode = efbc("ParameterCode")
_EFBC_ParameterNumeric = efbc("ParameterNumeric")
_EFBC_ProcurementCategoryCode = efbc("ProcurementCategoryCode")

# @listName of cbc:ProcurementTypeCode in cac:ProcurementAdditionalType → model attribute.
# "social-procurement" is the SDK 1.0 name of the social-objective list (BT-775).
_ADDITIONAL_TYPE_LISTS = {
    "strategic-procurement": "strategic_procurement",
    "gpp-criteria": "gpp_criteria",
    "environmental-impact": "environmental_impact",
    "social-objective": "social_objective",
    "social-procurement": "social_objective",
    "innovative-acquisition": "innovative_acquisition",
    "accessibility": "accessibility",
}
_ADDITIONAL_TEXTS = {
    "strategic_procurement": "strategic_descriptions",
    "accessibility": "accessibility_justifications",
}

_ID = _CBC_ID
_PROJECT = _CAC_ProcurementProject
_ADDITIONAL_TYPE = _CAC_ProcurementAdditionalType
_TYPE_CODE = _CBC_ProcurementTypeCode
_MAIN_CLASS = _CAC_MainCommodityClassification
_EXEC_REQ = _CAC_ContractExecutionRequirement
_EXEC_CODE = _CBC_ExecutionRequirementCode
_SELECTION = _EFAC_SelectionCriteria
_AWARDING_CRITERION = _CAC_AwardingCriterion
_SUB_CRITERION = _CAC_SubordinateAwardingCriterion
_STRATEGIC = _EFAC_StrategicProcurement
_LEGAL_BASIS = _EFBC_ApplicableLegalBasis
_COUNTRY = _CAC_Country
_NAME = _CBC_Name
_DESCRIPTION = _CBC_Description


class _LotFacts:
    """Mutable accumulator for one lot; frozen into a :class:`Lot` at the end. A slotted class: one is made
    per lot, and a dataclass's default factories cost more than these plain assignments."""

    __slots__ = ("criteria", "eed_items", "lists", "lot_id", "text_lists", "values", "warnings")

    def __init__(self, lot_id: str, warnings: list[str]) -> None:
        self.lot_id = lot_id
        self.warnings = warnings
        self.values: dict[str, object] = {}
        self.lists: defaultdict[str, list[str]] = defaultdict(list)
        self.text_lists: defaultdict[str, list[Text]] = defaultdict(list)
        self.criteria: list[AwardCriterion] = []
        self.eed_items: list[EedItem] = []

    def keep_first(self, key: str, value: object) -> None:
        """Singular fields keep their first value: a repeated element (invalid, but seen) must not erase it."""
        if value is not None and key not in self.values:
            self.values[key] = value


def _text(element: Element) -> str | None:
    value = element.text
    if value is None:
        return None
    return value.strip() or None


def _parent_tag(element: Element) -> object:
    parent = element.getparent()
    return None if parent is None else parent.tag


def read_lot(element: Element, warnings: list[str]) -> Lot | None:
    """A lot or part; groups of lots (GLO-) carry no facts of their own here and give ``None``."""
    id_element = child(element, _ID)
    lot_id = (_text(id_element) if id_element is not None else None) or ""
    if not lot_id:
        # Kept rather than dropped: the lot exists, only its identifier is missing (invalid notice).
        warnings.append("NOTICE_INVALID_VALUE: a ProcurementProjectLot has no identifier (BT-137)")
    scheme = id_element.get(SCHEME_NAME) if id_element is not None else None
    kind = scheme or ("Part" if lot_id.startswith("PAR-") else "Lot")
    if kind == "LotsGroup":
        return None
    facts = _LotFacts(lot_id, warnings)
    handlers = _HANDLERS
    for node in element.iter(*_HANDLED_TAGS):  # C-level filter: other elements never reach Python
        handlers[node.tag](node, facts)
    return _freeze(lot_id, kind, facts)


# Lists of codes → sorted distinct codes; cpv_additional keeps the notice's order (duplicates removed).
_CODE_LISTS = frozenset(
    (
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
        "place_nuts",
        "place_countries",
    )
)


def _freeze(lot_id: str, kind: str, facts: _LotFacts) -> Lot:
    """The lot from the facts: a handler only makes a list to add to it, so every list here has members
    (the loops go over the lists that were filled, not over every field a lot can have)."""
    fields: dict[str, object] = facts.values
    for name, found in facts.lists.items():
        fields[name] = codes(found) if name in _CODE_LISTS else tuple(dict.fromkeys(found))
    for name, texts in facts.text_lists.items():
        fields[name] = tuple(texts)
    if facts.criteria:
        fields["award_criteria"] = tuple(facts.criteria)
    if facts.eed_items:
        fields["eed_items"] = tuple(facts.eed_items)
    return Lot(lot_id=lot_id, kind=kind, **fields)  # type: ignore[arg-type]


def _append_text(facts: _LotFacts, key: str, element: Element) -> None:
    value = element.text
    if value is not None and (value := value.strip()):
        facts.text_lists[key].append(Text(element.get(LANGUAGE_ID), value))


def _on_note(element: Element, facts: _LotFacts) -> None:
    """BT-300-Lot, additional information: free text that often carries sustainability clauses."""
    parent = element.getparent()
    if parent is not None and parent.tag == _PROJECT:
        _append_text(facts, "additional_info", element)


def _on_name(element: Element, facts: _LotFacts) -> None:
    parent = element.getparent()
    if parent is not None and parent.tag == _PROJECT:
        _append_text(facts, "titles", element)


_DESCRIPTION_TARGETS = {
    _PROJECT: "descriptions",
    _SELECTION: "selection_criteria",
    _AWARDING_CRITERION: "award_criteria_justification",
}


def _on_description(element: Element, facts: _LotFacts) -> None:
    parent = element.getparent()
    if parent is None:
        return
    target = _DESCRIPTION_TARGETS.get(parent.tag)
    if target is not None:
        _append_text(facts, target, element)
    elif parent.tag == _EXEC_REQ:
        code = child(parent, _EXEC_CODE)
        # Before SDK 1.7 (OPT-060) the performance terms carried no code at all.
        if code is None or code.get(LIST_NAME) == "conditions":
            _append_text(facts, "performance_terms", element)


def _on_type_code(element: Element, facts: _LotFacts) -> None:
    parent = element.getparent()
    parent_tag = None if parent is None else parent.tag
    if parent_tag == _PROJECT:
        facts.keep_first("nature", _text(element))
    elif parent_tag == _ADDITIONAL_TYPE:
        attribute = _ADDITIONAL_TYPE_LISTS.get(element.get(LIST_NAME, ""))
        value = _text(element)
        if attribute is not None and value:
            facts.lists[attribute].append(value)


def _on_procurement_type(element: Element, facts: _LotFacts) -> None:
    """BT-777 / BT-755: the free text beside a strategic-procurement or accessibility code."""
    parent = element.getparent()
    code = None if parent is None else child(parent, _TYPE_CODE)
    attribute = None if code is None else _ADDITIONAL_TYPE_LISTS.get(code.get(LIST_NAME, ""))
    target = _ADDITIONAL_TEXTS.get(attribute or "")
    if target is not None:
        _append_text(facts, target, element)


def _on_item_code(element: Element, facts: _LotFacts) -> None:
    value = _text(element)
    if value is None:
        return
    parent = element.getparent()
    if parent is not None and parent.tag == _MAIN_CLASS:
        facts.keep_first("cpv_main", value)
    else:
        facts.lists["cpv_additional"].append(value)


def _on_estimated(element: Element, facts: _LotFacts) -> None:
    facts.keep_first("estimated_value", amount(element, facts.warnings, f"BT-27 {facts.lot_id}"))


def _on_framework_maximum(element: Element, facts: _LotFacts) -> None:
    facts.keep_first("framework_maximum", amount(element, facts.warnings, f"BT-271 {facts.lot_id}"))


def _on_subentity(element: Element, facts: _LotFacts) -> None:
    value = _text(element)
    if value:
        facts.lists["place_nuts"].append(value)


def _on_country(element: Element, facts: _LotFacts) -> None:
    value = _text(element)
    if value:
        parent = element.getparent()
        if parent is not None and parent.tag == _COUNTRY:
            facts.lists["place_countries"].append(value)


def _on_duration(element: Element, facts: _LotFacts) -> None:
    value = _text(element)
    if value is not None:
        unit = element.get("unitCode")
        facts.keep_first("duration", f"{value} {unit}" if unit else value)


def _on_sme(element: Element, facts: _LotFacts) -> None:
    facts.keep_first("sme_suitable", to_bool(_text(element)))


# Codes kept by their @listName: tag → {list name: (the lot's field, whether it is a list or a first value)}.
_LISTED_CODES: dict[str, dict[str, tuple[str, bool]]] = {
    _CBC_TendererRequirementTypeCode: {"reserved-procurement": ("reserved_procurement", True)},
    _EXEC_CODE: {"reserved-execution": ("reserved_execution", True)},
    _CBC_FundingProgramCode: {"eu-funded": ("eu_funded", False)},
    _CBC_ContractingSystemTypeCode: {
        "framework-agreement": ("framework_agreement", False),
        "dps-usage": ("dps", False),
    },
    _LEGAL_BASIS: {"cvd-scope": ("cvd_applicable", True), "eed-scope": ("eed_applicable", True)},
}


def _listed_handler(tag: str) -> Callable[[Element, _LotFacts], None]:
    """The handler of a code that counts only in some code lists (the list name is read before the text)."""
    targets = _LISTED_CODES[tag]

    def on_code(element: Element, facts: _LotFacts) -> None:
        target = targets.get(element.get(LIST_NAME, ""))
        if target is None:
            return
        key, is_list = target
        value = _text(element)
        if not is_list:
            facts.keep_first(key, value)
        elif value:
            facts.lists[key].append(value)

    return on_code


def _strategic_list(element: Element) -> str | None:
    """The @listName of the ApplicableLegalBasis of the StrategicProcurement above ``element``."""
    for ancestor in element.iterancestors(_STRATEGIC):
        basis = next(ancestor.iterchildren(_LEGAL_BASIS), None)
        return None if basis is None else basis.get(LIST_NAME)
    return None


def _on_category_code(element: Element, facts: _LotFacts) -> None:
    value = _text(element)
    list_name = element.get(LIST_NAME)
    if value and (list_name == "cvd-contract-type" or (list_name is None and _strategic_list(element) == "cvd-scope")):
        facts.lists["cvd_contract_types"].append(value)


def _on_details(element: Element, facts: _LotFacts) -> None:
    item = basis = None
    for node in element:
        if node.tag == _ASSET_CODE:
            item = _text(node)
        elif node.tag == _FRAMEWORK_CODE:
            basis = _text(node)
    if item is not None or basis is not None:
        facts.eed_items.append(EedItem(item=item, basis=basis))


def _on_calculation(element: Element, facts: _LotFacts) -> None:
    _append_text(facts, "award_criteria_complicated", element)


def _on_criterion(element: Element, facts: _LotFacts) -> None:
    if _parent_tag(element) != _AWARDING_CRITERION:
        # Not at the BT-539 position (seen: criteria nested in criteria); keep only its texts as evidence.
        for node in element:
            if node.tag in _CRITERION_TEXTS:
                _append_text(facts, "award_criteria_justification", node)
        return
    criterion_type = None
    names: list[Text] = []
    descriptions: list[Text] = []
    for node in element:
        tag = node.tag
        if tag == _CRITERION_TYPE:
            if node.get(LIST_NAME, "award-criterion-type") == "award-criterion-type":
                criterion_type = _text(node)
        elif tag in _CRITERION_TEXTS:
            value = _text(node)
            if value is not None:
                (names if tag == _NAME else descriptions).append(Text(node.get(LANGUAGE_ID), value))
    numbers, weight_kind = _parameters(element, facts)
    facts.criteria.append(
        AwardCriterion(
            type=criterion_type,
            names=tuple(names),
            descriptions=tuple(descriptions),
            weight=numbers.get("number-weight"),
            weight_kind=weight_kind,
            fixed=numbers.get("number-fixed"),
            threshold=numbers.get("number-threshold"),
        )
    )


def _parameters(criterion: Element, facts: _LotFacts) -> tuple[dict[str, Decimal | None], str | None]:
    """BT-541 numbers by their code list, and the BT-5421 code of the weight, from every parameter below."""
    numbers: dict[str, Decimal | None] = {}
    weight_kind = None
    for parameter in criterion.iter(_PARAMETER):
        fields = first_children(parameter)
        code = fields.get(_PARAM_CODE)
        if code is None:
            continue
        number = fields.get(_PARAM_NUMBER)
        list_name = code.get(LIST_NAME, "")
        value = None if number is None else _text(number)
        numbers[list_name] = to_decimal(value, facts.warnings, f"BT-541 {facts.lot_id}")
        if list_name == "number-weight":
            weight_kind = _text(code)
    return numbers, weight_kind


_ASSET_CODE = _EFBC_AssetCategoryCode
_FRAMEWORK_CODE = _EFBC_LegalFrameworkCode
_CRITERION_TYPE = _CBC_AwardingCriterionTypeCode
_PARAMETER = _EFAC_AwardCriterionParameter
_PARAM_CODE = _EFBC_ParameterCode
_PARAM_NUMBER = _EFBC_ParameterNumeric
_CRITERION_TEXTS = frozenset((_NAME, _DESCRIPTION))

_HANDLERS: dict[str, Callable[[Element, _LotFacts], None]] = {
    _NAME: _on_name,
    cbc("Note"): _on_note,
    _DESCRIPTION: _on_description,
    _TYPE_CODE: _on_type_code,
    _CBC_ProcurementType: _on_procurement_type,
    _CBC_ItemClassificationCode: _on_item_code,
    _CBC_EstimatedOverallContractAmount: _on_estimated,
    _EFBC_FrameworkMaximumAmount: _on_framework_maximum,
    _CBC_CountrySubentityCode: _on_subentity,
    _CBC_IdentificationCode: _on_country,
    _CBC_DurationMeasure: _on_duration,
    _CBC_SMESuitableIndicator: _on_sme,
    **{tag: _listed_handler(tag) for tag in _LISTED_CODES},
    _EFBC_ProcurementCategoryCode: _on_category_code,
    _EFAC_ProcurementDetails: _on_details,
    _CBC_CalculationExpression: _on_calculation,
    _SUB_CRITERION: _on_criterion,
}

_HANDLED_TAGS = tuple(_HANDLERS)

__all__ = ["read_lot"]
