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
    EXT,
    EXTENSION_PATH,
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
    text_of,
    texts,
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


@dataclass
class _RootParts:
    """The root's children sorted by role in one pass."""

    simple: dict[str, str | None] = field(default_factory=dict)
    notice_id: str | None = None
    type_code: Element | None = None
    languages: list[str] = field(default_factory=list)
    extensions: Element | None = None
    process: Element | None = None
    project: Element | None = None
    lots: list[Element] = field(default_factory=list)
    parties: list[Element] = field(default_factory=list)


def _root_parts(root: Element) -> _RootParts:
    parts = _RootParts()
    for node in root:
        tag = node.tag
        name = _SIMPLE_ROOT_FIELDS.get(tag)
        if name is not None:
            parts.simple.setdefault(name, text_of(node))
        elif tag == _LOT:
            parts.lots.append(node)
        elif tag == _CONTRACTING_PARTY:
            parts.parties.append(node)
        elif tag == _ROOT_ID:
            if parts.notice_id is None and node.get("schemeName", "notice-id") == "notice-id":
                parts.notice_id = text_of(node)
        elif tag == _TYPE_CODE:
            parts.type_code = node
        elif tag == _ADDITIONAL_LANGUAGE:
            language = child_text(node, _CBC_ID)
            if language:
                parts.languages.append(language)
        elif tag == _EXTENSIONS:
            parts.extensions = node
        elif tag == _PROCESS:
            parts.process = node
        elif tag == _PROJECT:
            parts.project = node
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
    header = _extension_facts(parts.extensions, warnings)
    lots = [lot for node in parts.lots if (lot := read_lot(node, warnings)) is not None]
    result = header.result
    type_code = parts.type_code
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
        **_procedure(parts.process, parts.project, warnings),  # type: ignore[arg-type]
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


def _extension_facts(extensions: Element | None, warnings: list[str]) -> _Header:
    header = _Header()
    if extensions is None:
        return header
    for ext in extensions.iterfind(EXTENSION_PATH.partition("/")[2]):
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
                    for reason in node.iterchildren(_EFAC_ChangeReason)
                    if (value := child_text(reason, _CBC_ReasonCode))
                ]
            elif tag == _NOTICE_RESULT:
                header.result = read_notice_result(node, warnings)
    return header


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
    return {
        "number": child_text(publication, _EFBC_NoticePublicationID),
        "gazette": child_text(publication, _EFBC_GazetteID),
        "date": child_text(publication, _EFBC_PublicationDate),
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
    for organisation in holder.iterchildren(_EFAC_Organization):
        values: dict[str, object] = {}
        # Direct children only: touch points (efac:TouchPoint) have addresses of their own.
        for node in organisation:
            tag = node.tag
            if tag == _COMPANY:
                _company(node, values)
            elif tag == _GROUP_LEAD:
                values["group_lead"] = to_bool(text_of(node))
            elif tag == _NATURAL_PERSON:
                values["natural_person"] = to_bool(text_of(node))
            elif tag == _AWARDING_CPB:
                values["awarding_cpb"] = to_bool(text_of(node))
            elif tag == _ACQUIRING_CPB:
                values["acquiring_cpb"] = to_bool(text_of(node))
            elif tag == _SIZE:  # before SDK 1.8 the size sat on the organisation
                values.setdefault("size", text_of(node))
        if values.get("org_id"):
            found.append(Organisation(**values))  # type: ignore[arg-type]
    return tuple(found)


def _company(company: Element, values: dict[str, object]) -> None:
    names: list[Text] = []
    for node in company:
        tag = node.tag
        if tag == _PARTY_IDENTIFICATION:
            values["org_id"] = child_text(node, _ID)
        elif tag == _PARTY_NAME:
            for name in node.iterchildren(_NAME):
                value = text_of(name)
                if value:
                    names.append(Text(name.get("languageID"), collapse(value)))
        elif tag == _POSTAL_ADDRESS:
            values["city"] = _squashed(child_text(node, _CBC_CityName))
            values["nuts"] = child_text(node, _CBC_CountrySubentityCode)
            country = child(node, _CAC_Country)
            values["country"] = None if country is None else child_text(country, _CBC_IdentificationCode)
        elif tag == _LEGAL_ENTITY and "company_id" not in values:
            values["company_id"] = child_text(node, _CBC_CompanyID)
        elif tag == _SIZE:
            values["size"] = text_of(node)
    values["names"] = tuple(names)


def _squashed(value: str | None) -> str | None:
    return collapse(value) if value else None


def _buyer(party: Element) -> Buyer:
    legal_type = contracting_type = activity = activity_list = None
    for party_type in party.iterchildren(_CAC_ContractingPartyType):
        for code in party_type.iterchildren(_CBC_PartyTypeCode):
            list_name = code.get(LIST_NAME)
            if list_name == "buyer-legal-type":
                legal_type = text_of(code)
            elif list_name == "buyer-contracting-type":
                contracting_type = text_of(code)
    for holder in party.iterchildren(_CAC_ContractingActivity):
        for code in holder.iterchildren(_CBC_ActivityTypeCode):
            if code.get(LIST_NAME) in ("authority-activity", "entity-activity"):
                activity, activity_list = text_of(code), code.get(LIST_NAME)
    party_element = child(party, _CAC_Party)
    identification = None if party_element is None else child(party_element, _CAC_PartyIdentification)
    return Buyer(
        org_id=None if identification is None else child_text(identification, _CBC_ID),
        legal_type=legal_type,
        activity=activity,
        activity_list=activity_list,
        contracting_type=contracting_type,
    )


def _procedure(process: Element | None, project: Element | None, warnings: list[str]) -> dict[str, object]:
    values: dict[str, object] = {}
    if process is not None:
        values["procedure_type"] = child_text(process, _CBC_ProcedureCode)
        values["previous_notices"] = tuple(
            value
            for reference in process.iterchildren(_CAC_NoticeDocumentReference)
            if (value := child_text(reference, _CBC_ID))
        )
    if project is not None:
        values["nature"] = child_text(project, _CBC_ProcurementTypeCode)
        values["titles"] = texts(project, _CBC_Name)
        values["descriptions"] = texts(project, _CBC_Description)
        values["additional_info"] = texts(project, cbc("Note"))  # BT-300-Procedure
        main = child(project, _CAC_MainCommodityClassification)
        values["cpv_main"] = None if main is None else child_text(main, _CBC_ItemClassificationCode)
        values["cpv_additional"] = codes(
            [
                value
                for extra in project.iterchildren(_CAC_AdditionalCommodityClassification)
                if (value := child_text(extra, _CBC_ItemClassificationCode))
            ]
        )
        total = child(project, _CAC_RequestedTenderTotal)
        if total is not None:
            values["estimated_value"] = amount(
                child(total, _CBC_EstimatedOverallContractAmount), warnings, "BT-27-Procedure"
            )
    return values
