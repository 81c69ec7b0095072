"""Legacy TED forms and codes → eForms notice subtypes and codes.

The form → subtype table follows the correspondence used by the Publications Office's TED-XML → eForms
converter (form element, ``NOTICE/@TYPE`` and legal basis decide the subtype); each subtype then gives the
eForms form type (BT-03) and notice type (BT-02), so legacy notices get the same analytic stage as eForms
notices. Corrigenda (F14 and the R2.0.8 corrigendum form) have no eForms subtype: their form type is ``change``.
"""

from __future__ import annotations

from ..errors import OUT_OF_SCOPE, CatalogedError

# eForms subtype → (form type BT-03, notice type BT-02)
SUBTYPES: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("1", "2", "3"), ("planning", "pin-buyer")),
    **dict.fromkeys(("4", "5", "6"), ("planning", "pin-only")),
    **dict.fromkeys(("7", "8", "9"), ("planning", "pin-rtl")),
    **dict.fromkeys(("10", "11"), ("competition", "pin-cfc-standard")),
    **dict.fromkeys(("12", "13", "14"), ("competition", "pin-cfc-social")),
    "15": ("competition", "qu-sy"),
    **dict.fromkeys(("16", "17", "18", "19"), ("competition", "cn-standard")),
    **dict.fromkeys(("20", "21"), ("competition", "cn-social")),
    "22": ("competition", "subco"),
    **dict.fromkeys(("23", "24"), ("competition", "cn-desg")),
    **dict.fromkeys(("25", "26", "27", "28"), ("dir-awa-pre", "veat")),
    **dict.fromkeys(("29", "30", "31", "32"), ("result", "can-standard")),
    **dict.fromkeys(("33", "34", "35"), ("result", "can-social")),
    **dict.fromkeys(("36", "37"), ("result", "can-desg")),
    **dict.fromkeys(("38", "39", "40"), ("cont-modif", "can-modif")),
    "T01": ("planning", "pin-tran"),
    "T02": ("result", "can-tran"),
}

CHANGE_FORM_TYPE = "change"

# Directive families of a legal basis (CELEX or "2014/24/EU" style) — the subtype of some forms depends on it.
_FAMILIES = {
    "32014L0024": "24", "32004L0018": "24", "32018R1046": "24", "32012R0966": "24",
    "32014L0025": "25", "32004L0017": "25",
    "32009L0081": "81",
    "32014L0023": "23",
}  # fmt: skip


def celex(value: str | None) -> str | None:
    """``2014/24/EU`` or ``2009/81/EC`` → ``32014L0024``; a CELEX number stays; other values → ``None``."""
    if not value:
        return None
    value = value.strip().upper()
    if len(value) == 10 and value[0] == "3" and value[1:5].isdigit():
        return value
    parts = value.split("/")
    if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
        year, number = parts[0], parts[1]
        if len(year) == 2:
            year = ("19" if int(year) > 50 else "20") + year
        return f"3{year}L{int(number):04d}"
    return None


def _family(legal_basis: str | None) -> str:
    return _FAMILIES.get(legal_basis or "", "24")


# (form, NOTICE/@TYPE) → subtype; None as type = any. Forms whose subtype depends on the directive use a dict.
_BY_TYPE: dict[str, dict[str | None, str]] = {
    "F01_2014": {"PRI_ONLY": "4", "PRI_REDUCING_TIME_LIMITS": "7", "PRI_CALL_COMPETITION": "10", None: "4"},
    "F04_2014": {"PER_ONLY": "5", "PER_REDUCING_TIME_LIMITS": "8", "PER_CALL_COMPETITION": "11", None: "5"},
    "F21_2014": {"PRI_ONLY": "4", "PRI_CALL_COMPETITION": "12", "CONTRACT": "20", "AWARD_CONTRACT": "33"},
    "F22_2014": {
        "PER_ONLY": "5",
        "PER_CALL_COMPETITION": "13",
        "QSU_ONLY": "15",
        "QSU_CALL_COMPETITION": "15",
        "CONTRACT": "21",
        "AWARD_CONTRACT": "34",
    },
    "F23_2014": {"PRI": "14", "CONCESSION_AWARD_CONTRACT": "35"},
}
_FIXED = {
    "F02_2014": "16",
    "F03_2014": "29",
    "F05_2014": "17",
    "F06_2014": "30",
    "F07_2014": "15",
    "F24_2014": "19",
    "F25_2014": "32",
    "PRIOR_INFORMATION_DEFENCE": "6",
    "CONTRACT_DEFENCE": "18",
    "CONTRACT_AWARD_DEFENCE": "31",
    "CONTRACT_CONCESSIONAIRE_DEFENCE": "22",
    # R2.0.8 forms of the 2004 directives
    "PRIOR_INFORMATION": "4",
    "PERIODIC_INDICATIVE_UTILITIES": "5",
    "CONTRACT": "16",
    "CONTRACT_UTILITIES": "17",
    "CONTRACT_AWARD": "29",
    "CONTRACT_AWARD_UTILITIES": "30",
    "QUALIFICATION_SYSTEM_UTILITIES": "15",
    "VOLUNTARY_EX_ANTE_TRANSPARENCY_NOTICE": "25",
    "DESIGN_CONTEST": "23",
    "RESULT_DESIGN_CONTEST": "36",
    "BUYER_PROFILE": "1",
    "CONCESSION": "19",
    "CONTRACT_CONCESSIONAIRE": "22",
    "SIMPLIFIED_CONTRACT": "16",
}
_BY_FAMILY: dict[str, dict[str, str]] = {
    "F08_2014": {"24": "1", "25": "2", "81": "3", "23": "1"},
    "F12_2014": {"24": "23", "25": "24", "81": "23", "23": "23"},
    "F13_2014": {"24": "36", "25": "37", "81": "36", "23": "36"},
    "F15_2014": {"24": "25", "25": "26", "81": "27", "23": "28"},
    "F20_2014": {"24": "38", "25": "39", "81": "38", "23": "40"},
}
CORRIGENDA = frozenset({"F14_2014", "ADDITIONAL_INFORMATION_CORRIGENDUM"})
MOVE_FORMS = {"T01": "T01", "T02": "T02"}
# Forms of the TED schemas that publish no procurement procedure: "other notices" (OTH_NOT, e.g. a development
# bank's announcements) and European Economic Interest Groupings (EEIG). Their verdict is "out of scope".
OUT_OF_SCOPE_FORMS = frozenset({"OTH_NOT", "EEIG"})


def subtype_of(form: str, notice_type: str | None, legal_basis: str | None, move_form: str | None) -> str | None:
    """The eForms subtype of a legacy form (``None`` for corrigenda); unknown forms raise a catalogued error."""
    if form in CORRIGENDA:
        return None
    if form in OUT_OF_SCOPE_FORMS:
        raise CatalogedError(OUT_OF_SCOPE, f"{form} is not a procurement procedure")
    if form in _FIXED:
        return _FIXED[form]
    if form in _BY_FAMILY:
        return _BY_FAMILY[form][_family(legal_basis)]
    if form in _BY_TYPE:
        by_type = _BY_TYPE[form]
        found = by_type.get(notice_type) or by_type.get(None)
        if found is None:
            raise CatalogedError("NOTICE_UNKNOWN_LEGACY_FORM", f"{form} with NOTICE TYPE {notice_type!r}")
        return found
    if form == "MOVE":
        subtype = MOVE_FORMS.get((move_form or "").upper())
        if subtype is None:
            raise CatalogedError("NOTICE_UNKNOWN_LEGACY_FORM", f"MOVE form {move_form!r} (expected T01 or T02)")
        return subtype
    raise CatalogedError("NOTICE_UNKNOWN_LEGACY_FORM", f"form element {form!r} is not a known TED form")


# --- codes -------------------------------------------------------------------------------------------------

# CA_TYPE → buyer-legal-type (BT-11)
BUYER_LEGAL_TYPES = {
    "BODY_PUBLIC": "body-pl",
    "EU_INSTITUTION": "eu-ins-bod-ag",
    "MINISTRY": "cga",
    "NATIONAL_AGENCY": "cga",
    "REGIONAL_AGENCY": "body-pl-ra",
    "REGIONAL_AUTHORITY": "ra",
    "LOCAL_AGENCY": "body-pl-la",
    "LOCAL_AUTHORITY": "la",
    "ORGANISATION_PUBLIC": "body-pl",
    "ORGANISATION_INTERNATIONAL": "int-org",
}
# AA_AUTHORITY_TYPE code 5 = "European institution/agency or international organisation" (coded data), used
# when the form has no CA_TYPE.
EU_AUTHORITY_TYPE_CODE = "5"

AUTHORITY_ACTIVITIES = {
    "GENERAL_PUBLIC_SERVICES": "gen-pub",
    "DEFENCE": "defence",
    "PUBLIC_ORDER_AND_SAFETY": "pub-os",
    "ENVIRONMENT": "env-pro",
    "ECONOMIC_AND_FINANCIAL_AFFAIRS": "econ-aff",
    "HEALTH": "health",
    "HOUSING_AND_COMMUNITY_AMENITIES": "hc-am",
    "SOCIAL_PROTECTION": "soc-pro",
    "RECREATION_CULTURE_AND_RELIGION": "rcr",
    "EDUCATION": "education",
}
ENTITY_ACTIVITIES = {
    "PRODUCTION_TRANSPORT_DISTRIBUTION_GAS_HEAT": "gas-heat",
    "ELECTRICITY": "electricity",
    "EXPLORATION_EXTRACTION_GAS_OIL": "gas-oil",
    "EXPLORATION_EXTRACTION_COAL_OTHER_SOLID_FUEL": "solid-fuel",
    "WATER": "water",
    "POSTAL_SERVICES": "post",
    "RAILWAY_SERVICES": "rail",
    "URBAN_RAILWAY_TRAMWAY_TROLLEYBUS_BUS_SERVICES": "urttb",
    "PORT_RELATED_ACTIVITIES": "port",
    "AIRPORT_RELATED_ACTIVITIES": "airport",
}

NATURES = {"WORKS": "works", "SUPPLIES": "supplies", "SERVICES": "services"}

_PROCEDURES = {
    "PT_OPEN": "open",
    "PT_RESTRICTED": "restricted",
    "PT_ACCELERATED_RESTRICTED": "restricted",
    "PT_COMPETITIVE_NEGOTIATION": "neg-w-call",
    "PT_NEGOTIATED_WITH_PRIOR_CALL": "neg-w-call",
    "PT_INVOLVING_NEGOTIATION": "neg-w-call",
    "PT_NEGOTIATED": "neg-w-call",
    "PT_ACCELERATED_NEGOTIATED": "neg-w-call",
    "PT_COMPETITIVE_DIALOGUE": "comp-dial",
    "PT_INNOVATION_PARTNERSHIP": "innovation",
    "PT_AWARD_CONTRACT_WITHOUT_CALL": "neg-wo-call",
    "PT_AWARD_CONTRACT_WITHOUT_PUBLICATION": "neg-wo-call",
    "PT_NEGOTIATED_WITHOUT_PUBLICATION": "neg-wo-call",
}


def procedure_code(element_name: str) -> str | None:
    """A ``PT_*`` element name (R2.0.9, or R2.0.8 with form prefixes such as ``F18_PT_…``) → BT-105 code."""
    name = element_name[element_name.find("PT_") :] if "PT_" in element_name else element_name
    if name in _PROCEDURES:
        return _PROCEDURES[name]
    if name.startswith("PT_") and "WITHOUT" in name:
        return "neg-wo-call"
    return None


# Received-submission types (BT-760) of the NB_TENDERS_RECEIVED family.
SUBMISSION_TYPES = {
    "NB_TENDERS_RECEIVED": "tenders",
    "NB_TENDERS_RECEIVED_SME": "t-sme",
    "NB_TENDERS_RECEIVED_OTHER_EU": "t-oth-eea",
    "NB_TENDERS_RECEIVED_NON_EU": "t-no-eea",
    "NB_TENDERS_RECEIVED_EMEANS": "t-esubm",
    "NB_PARTICIPANTS": "part-req",
    "OFFERS_RECEIVED_NUMBER": "tenders",
}
