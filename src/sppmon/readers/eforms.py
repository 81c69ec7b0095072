"""eForms notice reader (SDK 1.0 up to the configured maximum): root element → :class:`Notice`.

Dispatches on the root element (PIN, CN, CAN, BRIN) and checks ``cbc:CustomizationID``. Everything else is
read the same way for all subtypes, because the fields a subtype may carry are a subset of one structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import CatalogedError
from ..model import Buyer, Notice, Organisation, Text
from .eforms_lot import read_lot
from .eforms_result import NoticeResultFacts, derive_winners, read_notice_result
from .ubl import (
    EFEXT,
    EXT,
    LIST_NAME,
    ROOT_NAMESPACES,
    Element,
    amount,
    cac,
    cbc,
    child,
    child_text,
    codes,
    collapse,
    efac,
    efbc,
    first,
    first_children,
    first_text,
    grouped,
    text_of,
    texts_in,
    to_bool,
)

# Clark-notation tags, built once
_CAC_AdditionalCommodityClassification = cac("AdditionalCommodityClassification")
_CAC_AdditionalNoticeLanguage = cac("AdditionalNoticeLanguage")
_CAC_ContractingActivity = cac("ContractingActivity")
_CAC_ContractingParty = cac("ContractingParty")
_CAC_ContractingPartyType = cac("ContractingPartyType")
_CAC_Country = cac("Country")
_CAC_MainCommodityClassification = cac("MainCommodityClassification")
_CAC_NoticeDocumentReference = cac("NoticeDocumentReference")
_CAC_Party = cac("Party")
_CAC_PartyIdentification = cac("PartyIdentification")
_CAC_PartyLegalEntity = cac("PartyLegalEntity")
_CAC_PartyName = cac("PartyName")
_CAC_PostalAddress = cac("PostalAddress")
_CAC_ProcurementProject = cac("ProcurementProject")
_CAC_ProcurementProjectLot = cac("ProcurementProjectLot")
_CAC_RequestedTenderTotal = cac("RequestedTenderTotal")
_CAC_TenderingProcess = cac("TenderingProcess")
_CBC_ActivityTypeCode = cbc("ActivityTypeCode")
_CBC_CityName = cbc("CityName")
_CBC_CompanyID = cbc("CompanyID")
_CBC_ContractFolderID = cbc("ContractFolderID")
_CBC_CountrySubentityCode = cbc("CountrySubentityCode")
_CBC_CustomizationID = cbc("CustomizationID")
_CBC_Description = cbc("Description")
_CBC_EstimatedOverallContractAmount = cbc("EstimatedOverallContractAmount")
_CBC_ID = cbc("ID")
_CBC_IdentificationCode = cbc("IdentificationCode")
_CBC_IssueDate = cbc("IssueDate")
_CBC_ItemClassificationCode = cbc("ItemClassificationCode")
_CBC_Name = cbc("Name")
_CBC_NoticeLanguageCode = cbc("NoticeLanguageCode")
_CBC_NoticeTypeCode = cbc("NoticeTypeCode")
_CBC_Note = cbc("Note")
_CBC_PartyTypeCode = cbc("PartyTypeCode")
_CBC_ProcedureCode = cbc("ProcedureCode")
_CBC_ProcurementTypeCode = cbc("ProcurementTypeCode")
_CBC_ReasonCode = cbc("ReasonCode")
_CBC_RegulatoryDomain = cbc("RegulatoryDomain")
_CBC_SubTypeCode = cbc("SubTypeCode")
_CBC_VersionID = cbc("VersionID")
_EFAC_ChangeReason = efac("ChangeReason")
_EFAC_Changes = efac("Changes")
_EFAC_Company = efac("Company")
_EFAC_NoticeResult = efac("NoticeResult")
_EFAC_NoticeSubType = efac("NoticeSubType")
_EFAC_Organization = efac("Organization")
_EFAC_Organizations = efac("Organizations")
_EFAC_Publication = efac("Publication")
_EFBC_ChangedNoticeIdentifier = efbc("ChangedNoticeIdentifier")
_EFBC_CompanySizeCode = efbc("CompanySizeCode")
_EFBC_GazetteID = efbc("GazetteID")
_EFBC_GroupLeadIndicator = efbc("GroupLeadIndicator")
_EFBC_NaturalPersonIndicator = efbc("NaturalPersonIndicator")
_EFBC_NoticePublicationID = efbc("NoticePublicationID")
_EFBC_PublicationDate = efbc("PublicationDate")


DEFAULT_MAX_SDK_MINOR = 16
_SDK_PATTERN = re.compile(r"^eforms-sdk-(\d+)\.(\d+)(?:\.\d+)?$")

_EFORMS_ROOTS = {f"{{{ns}}}{name}": name for name, ns in ROOT_NAMESPACES.items()}

_LOT = _CAC_ProcurementProjectLot
_CONTRACTING_PARTY = _CAC_ContractingParty


def is_eforms_root(tag: object) -> bool:
    return isinstance(tag, str) and tag in _EFORMS_ROOTS


_SIMPLE_ROOT_FIELDS = {
    _CBC_CustomizationID: "customization",
    _CBC_ContractFolderID: "procedure_id",
    _CBC_IssueDate: "issue_date",
    _CBC_VersionID: "version",
    _CBC_RegulatoryDomain: "legal_basis",
    _CBC_NoticeLanguageCode: "language",
}
_ROOT_ID = _CBC_ID
_TYPE_CODE = _CBC_NoticeTypeCode
_ADDITIONAL_LANGUAGE = _CAC_AdditionalNoticeLanguage
_EXTENSIONS = f"{{{EXT}}}UBLExtensions"
_PROCESS = _CAC_TenderingProcess
_PROJECT = _CAC_ProcurementProject


# Root children kept as elements, the last one of each tag (the root's children are one walk; see _root_parts).
_ROOT_ELEMENTS = frozenset((_TYPE_CODE, _EXTENSIONS, _PROCESS, _PROJECT))


@dataclass
class _RootParts:
    """The root's children sorted by role in one pass."""

    simple: dict[str, str | None] = field(default_factory=dict)
    notice_id: str | None = None
    elements: dict[str, Element] = field(default_factory=dict)  # by tag, see _ROOT_ELEMENTS
    languages: list[str] = field(default_factory=list)
    lots: list[Element] = field(default_factory=list)
    parties: list[Element] = field(default_factory=list)


def _root_parts(root: Element) -> _RootParts:
    parts = _RootParts()
    for node in root:
        tag = node.tag
        if tag == _LOT:
            parts.lots.append(node)
        elif tag in _SIMPLE_ROOT_FIELDS:
            parts.simple.setdefault(_SIMPLE_ROOT_FIELDS[tag], text_of(node))
        elif tag in _ROOT_ELEMENTS:
            parts.elements[tag] = node
        elif tag == _CONTRACTING_PARTY:
            parts.parties.append(node)
        elif tag == _ROOT_ID:
            if parts.notice_id is None and node.get("schemeName", "notice-id") == "notice-id":
                parts.notice_id = text_of(node)
        elif tag == _ADDITIONAL_LANGUAGE:
            language = child_text(node, _CBC_ID)
            if language:
                parts.languages.append(language)
    return parts


def read_eforms(root: Element, *, max_sdk_minor: int = DEFAULT_MAX_SDK_MINOR) -> Notice:
    """Read an eForms notice from its parsed root element; raises :class:`CatalogedError`."""
    root_name = _EFORMS_ROOTS.get(root.tag) if isinstance(root.tag, str) else None
    if root_name is None:
        raise CatalogedError("NOTICE_UNKNOWN_ROOT", f"root element {root.tag!r} is not an eForms notice")
    parts = _root_parts(root)
    simple = parts.simple
    sdk_version = _check_sdk(simple.get("customization"), max_sdk_minor)
    warnings: list[str] = []
    elements = parts.elements
    header = _extension_facts(elements.get(_EXTENSIONS), warnings)
    lots = [lot for node in parts.lots if (lot := read_lot(node, warnings)) is not None]
    result = header.result
    type_code = elements.get(_TYPE_CODE)
    # read before the warnings are frozen below: a bad procedure-level value (BT-27) warns like a lot's
    procedure = _procedure(elements.get(_PROCESS), elements.get(_PROJECT), warnings)
    return Notice(
        format="eforms",
        root=root_name,
        notice_id=parts.notice_id,
        version=simple.get("version"),
        procedure_id=simple.get("procedure_id"),
        subtype=header.subtype,
        notice_type=text_of(type_code),
        form_type=type_code.get(LIST_NAME) if type_code is not None else None,
        legal_basis=simple.get("legal_basis"),
        sdk_version=sdk_version,
        issue_date=simple.get("issue_date"),
        language=simple.get("language"),
        additional_languages=tuple(parts.languages),
        publication_number=header.publication.get("number"),
        publication_date=header.publication.get("date"),
        gazette_id=header.publication.get("gazette"),
        changed_notice=header.changed_notice,
        change_reasons=tuple(header.change_reasons),
        buyers=tuple(_buyer(party) for party in parts.parties),
        organisations=header.organisations,
        lots=tuple(lots),
        notice_value=result.notice_value if result else None,
        framework_value=result.framework_value if result else None,
        lot_results=result.lot_results if result else (),
        tenders=result.tenders if result else (),
        contracts=result.contracts if result else (),
        tendering_parties=result.parties if result else (),
        winners=derive_winners(result) if result else (),
        warnings=tuple(warnings),
        **procedure,  # type: ignore[arg-type]
    )


@dataclass
class _Header:
    """Facts from the root's eForms extension: subtype, organisations, publication, changes, results."""

    subtype: str | None = None
    organisations: tuple[Organisation, ...] = ()
    publication: dict[str, str | None] = field(default_factory=dict)
    changed_notice: str | None = None
    change_reasons: list[str] = field(default_factory=list)
    result: NoticeResultFacts | None = None


_SUBTYPE = _EFAC_NoticeSubType
_ORGANIZATIONS = _EFAC_Organizations
_PUBLICATION = _EFAC_Publication
_CHANGES = _EFAC_Changes
_NOTICE_RESULT = _EFAC_NoticeResult
_UBL_EXTENSION = f"{{{EXT}}}UBLExtension"
_EXTENSION_CONTENT = f"{{{EXT}}}ExtensionContent"
_EFORMS_EXTENSION = f"{{{EFEXT}}}EformsExtension"


def _extension_facts(extensions: Element | None, warnings: list[str]) -> _Header:
    header = _Header()
    if extensions is not None:
        for ext in _eforms_extensions(extensions):
            _read_extension(ext, header, warnings)
    return header


def _eforms_extensions(extensions: Element) -> list[Element]:
    """``UBLExtension/ExtensionContent/EformsExtension`` under ``ext:UBLExtensions``, in document order: the
    ElementPath of ``iterfind`` costs more than these three short loops."""
    return [
        ext
        for extension in extensions
        if extension.tag == _UBL_EXTENSION
        for content in extension
        if content.tag == _EXTENSION_CONTENT
        for ext in content
        if ext.tag == _EFORMS_EXTENSION
    ]


def _read_extension(ext: Element, header: _Header, warnings: list[str]) -> None:
    for node in ext:
        tag = node.tag
        if tag == _SUBTYPE:
            header.subtype = child_text(node, _CBC_SubTypeCode)
        elif tag == _ORGANIZATIONS:
            header.organisations = header.organisations or _organisations(node)
        elif tag == _PUBLICATION:
            header.publication = header.publication or _publication(node)
        elif tag == _CHANGES:
            header.changed_notice = child_text(node, _EFBC_ChangedNoticeIdentifier)
            header.change_reasons = [
                value
                for reason in node
                if reason.tag == _EFAC_ChangeReason and (value := child_text(reason, _CBC_ReasonCode))
            ]
        elif tag == _NOTICE_RESULT:
            header.result = read_notice_result(node, warnings)


def _check_sdk(customization: str | None, max_minor: int) -> str:
    if customization is None:
        raise CatalogedError("NOTICE_UNKNOWN_SDK", "cbc:CustomizationID is missing")
    match = _SDK_PATTERN.match(customization)
    if match is None:
        raise CatalogedError("NOTICE_UNKNOWN_SDK", f"{customization[:60]!r} is not an eForms SDK identifier")
    major, minor = int(match.group(1)), int(match.group(2))
    if major != 1 or minor > max_minor:
        raise CatalogedError(
            "NOTICE_UNKNOWN_SDK",
            f"{customization} is not supported (eforms-sdk-1.0 to eforms-sdk-1.{max_minor})",
        )
    return customization


def _publication(publication: Element) -> dict[str, str | None]:
    fields = first_children(publication)
    return {
        "number": text_of(fields.get(_EFBC_NoticePublicationID)),
        "gazette": text_of(fields.get(_EFBC_GazetteID)),
        "date": text_of(fields.get(_EFBC_PublicationDate)),
    }


_COMPANY = _EFAC_Company
_PARTY_IDENTIFICATION = _CAC_PartyIdentification
_PARTY_NAME = _CAC_PartyName
_POSTAL_ADDRESS = _CAC_PostalAddress
_LEGAL_ENTITY = _CAC_PartyLegalEntity
_SIZE = _EFBC_CompanySizeCode
_GROUP_LEAD = _EFBC_GroupLeadIndicator
_NATURAL_PERSON = _EFBC_NaturalPersonIndicator
_AWARDING_CPB = efbc("AwardingCPBIndicator")
_ACQUIRING_CPB = efbc("AcquiringCPBIndicator")
_NAME = _CBC_Name
_ID = _CBC_ID


def _organisations(holder: Element) -> tuple[Organisation, ...]:
    found: list[Organisation] = []
    for organisation in holder:
        if organisation.tag != _EFAC_Organization:
            continue
        values: dict[str, object] = {}
        # Direct children only: touch points (efac:TouchPoint) have addresses of their own.
        for node in organisation:
            tag = node.tag
            if tag == _COMPANY:
                _company(node, values)
            elif tag in _ORGANISATION_FLAGS:
                values[_ORGANISATION_FLAGS[tag]] = to_bool(text_of(node))
            elif tag == _SIZE:  # before SDK 1.8 the size sat on the organisation
                values.setdefault("size", text_of(node))
        if values.get("org_id"):
            found.append(Organisation(**values))  # type: ignore[arg-type]
    return tuple(found)


_ORGANISATION_FLAGS = {
    _GROUP_LEAD: "group_lead",
    _NATURAL_PERSON: "natural_person",
    _AWARDING_CPB: "awarding_cpb",
    _ACQUIRING_CPB: "acquiring_cpb",
}


def _company(company: Element, values: dict[str, object]) -> None:
    names: list[Text] = []
    for node in company:
        tag = node.tag
        if tag == _PARTY_IDENTIFICATION:
            values["org_id"] = child_text(node, _ID)
        elif tag == _PARTY_NAME:
            for name in node:
                if name.tag == _NAME and (value := text_of(name)):
                    names.append(Text(name.get("languageID"), collapse(value)))
        elif tag == _POSTAL_ADDRESS:
            _address(node, values)
        elif tag == _LEGAL_ENTITY and "company_id" not in values:
            values["company_id"] = child_text(node, _CBC_CompanyID)
        elif tag == _SIZE:
            values["size"] = text_of(node)
    values["names"] = tuple(names)


def _address(address: Element, values: dict[str, object]) -> None:
    fields = first_children(address)
    values["city"] = _squashed(text_of(fields.get(_CBC_CityName)))
    values["nuts"] = text_of(fields.get(_CBC_CountrySubentityCode))
    country = fields.get(_CAC_Country)
    values["country"] = None if country is None else child_text(country, _CBC_IdentificationCode)


def _squashed(value: str | None) -> str | None:
    return collapse(value) if value else None


def _buyer(party: Element) -> Buyer:
    """One walk over the party's children; a later code of the same list replaces an earlier one."""
    values: dict[str, str | None] = {}
    org_id: str | None = None
    seen_party = False
    for node in party:
        tag = node.tag
        if tag == _CAC_ContractingPartyType:
            for code in node:
                key = _PARTY_TYPE_LISTS.get(code.get(LIST_NAME, "")) if code.tag == _CBC_PartyTypeCode else None
                if key is not None:
                    values[key] = text_of(code)
        elif tag == _CAC_ContractingActivity:
            for code in node:
                if code.tag == _CBC_ActivityTypeCode and (list_name := code.get(LIST_NAME)) in _ACTIVITY_LISTS:
                    values["activity"], values["activity_list"] = text_of(code), list_name
        elif tag == _CAC_Party and not seen_party:  # the first cac:Party only
            seen_party = True
            identification = child(node, _CAC_PartyIdentification)
            org_id = None if identification is None else child_text(identification, _CBC_ID)
    return Buyer(org_id=org_id, **values)


_PARTY_TYPE_LISTS = {"buyer-legal-type": "legal_type", "buyer-contracting-type": "contracting_type"}
_ACTIVITY_LISTS = ("authority-activity", "entity-activity")


def _procedure(process: Element | None, project: Element | None, warnings: list[str]) -> dict[str, object]:
    values: dict[str, object] = {}
    if process is not None:
        get = grouped(process).get
        values["procedure_type"] = first_text(get(_CBC_ProcedureCode))
        values["previous_notices"] = tuple(
            value for reference in get(_CAC_NoticeDocumentReference, ()) if (value := child_text(reference, _CBC_ID))
        )
    if project is not None:
        _project(grouped(project), values, warnings)
    return values


def _project(children: dict[str, list[Element]], values: dict[str, object], warnings: list[str]) -> None:
    """The procedure's facts from the :func:`grouped` children of its ``cac:ProcurementProject``."""
    get = children.get
    values["nature"] = first_text(get(_CBC_ProcurementTypeCode))
    values["titles"] = texts_in(get(_CBC_Name, ()))
    values["descriptions"] = texts_in(get(_CBC_Description, ()))
    values["additional_info"] = texts_in(get(_CBC_Note, ()))  # BT-300-Procedure
    main = first(get(_CAC_MainCommodityClassification))
    values["cpv_main"] = None if main is None else child_text(main, _CBC_ItemClassificationCode)
    values["cpv_additional"] = codes(
        [
            value
            for extra in get(_CAC_AdditionalCommodityClassification, ())
            if (value := child_text(extra, _CBC_ItemClassificationCode))
        ]
    )
    total = first(get(_CAC_RequestedTenderTotal))
    if total is not None:
        values["estimated_value"] = amount(
            child(total, _CBC_EstimatedOverallContractAmount), warnings, "BT-27-Procedure"
        )
