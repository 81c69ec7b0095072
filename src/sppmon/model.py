"""The notice model: immutable typed records shared by every reader, the store and the outputs.

A reader turns the bytes of one notice into one :class:`Notice`. Every sustainability fact is kept at lot
level as the *sorted tuple of raw codes* found in the notice, so that "yes", "explicit none" and "not
reported" (empty tuple) stay distinguishable; :mod:`sppmon.facts` derives the three-valued status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .records import quick_init

Codes = tuple[str, ...]


@quick_init
@dataclass(frozen=True, slots=True)
class Text:
    """A text in one language (ISO 639-2/B upper case as in eForms, e.g. ``NLD``; ``None`` if unknown)."""

    lang: str | None
    value: str


Texts = tuple[Text, ...]


@quick_init
@dataclass(frozen=True, slots=True)
class Amount:
    """A money amount as published: value and ISO 4217 currency (``None`` when the notice omits it)."""

    value: Decimal
    currency: str | None


@quick_init
@dataclass(frozen=True, slots=True)
class Organisation:
    org_id: str  # technical id, local to the notice (ORG-0001)
    names: Texts = ()
    company_id: str | None = None  # BT-501, national registration number
    country: str | None = None  # BT-514, ISO 3166-1 alpha-3
    nuts: str | None = None  # BT-507
    city: str | None = None  # BT-513
    size: str | None = None  # BT-165 economic-operator-size
    group_lead: bool | None = None  # OPP-050
    natural_person: bool | None = None  # BT-633
    awarding_cpb: bool | None = None  # OPP-051: central purchasing body awarding for others
    acquiring_cpb: bool | None = None  # OPP-052: central purchasing body acquiring for others


@quick_init
@dataclass(frozen=True, slots=True)
class Buyer:
    org_id: str | None  # OPT-300-Procedure-Buyer
    legal_type: str | None = None  # BT-11
    activity: str | None = None  # BT-10 (authority) or BT-610 (entity)
    activity_list: str | None = None  # "authority-activity" or "entity-activity"
    contracting_type: str | None = None  # BT-740


@quick_init
@dataclass(frozen=True, slots=True)
class AwardCriterion:
    type: str | None  # BT-539: price / cost / quality
    names: Texts = ()  # BT-734
    descriptions: Texts = ()  # BT-540
    weight: Decimal | None = None  # BT-541 WeightNumber
    weight_kind: str | None = None  # BT-5421 number-weight code
    fixed: Decimal | None = None  # BT-541 FixedNumber
    threshold: Decimal | None = None  # BT-541 ThresholdNumber


@quick_init
@dataclass(frozen=True, slots=True)
class EedItem:
    """One Energy Efficiency Directive item: BT-811(b) item with BT-811(a) basis; results add BT-812..815."""

    item: str | None
    basis: str | None = None
    label: str | None = None
    consumption_kwh: Decimal | None = None
    savings_kwh: Decimal | None = None
    quantity: Decimal | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class Lot:
    lot_id: str  # BT-137 (LOT-0001, or PAR-0001 for parts of PIN-only notices)
    kind: str = "Lot"  # "Lot" or "Part" (BT-137 @schemeName)
    titles: Texts = ()  # BT-21
    descriptions: Texts = ()  # BT-24
    nature: str | None = None  # BT-23
    cpv_main: str | None = None  # BT-262
    cpv_additional: Codes = ()  # BT-263
    estimated_value: Amount | None = None  # BT-27
    framework_maximum: Amount | None = None  # BT-271
    place_nuts: Codes = ()  # BT-5071
    place_countries: Codes = ()  # BT-5141
    duration: str | None = None  # BT-36 "<number> <unit>"
    framework_agreement: str | None = None  # BT-765
    dps: str | None = None  # BT-766
    eu_funded: str | None = None  # BT-60
    sme_suitable: bool | None = None  # BT-726
    # Strategic procurement, raw codes (sorted, duplicates removed)
    strategic_procurement: Codes = ()  # BT-06
    strategic_descriptions: Texts = ()  # BT-777
    gpp_criteria: Codes = ()  # BT-805
    environmental_impact: Codes = ()  # BT-774
    social_objective: Codes = ()  # BT-775
    innovative_acquisition: Codes = ()  # BT-776
    accessibility: Codes = ()  # BT-754
    accessibility_justifications: Texts = ()  # BT-755
    reserved_procurement: Codes = ()  # BT-71
    reserved_execution: Codes = ()  # BT-736
    performance_terms: Texts = ()  # BT-70
    selection_criteria: Texts = ()  # BT-750 descriptions (text evidence)
    # Clean Vehicles and Energy Efficiency Directives
    cvd_applicable: Codes = ()  # BT-717 cvd-scope (true / false)
    cvd_contract_types: Codes = ()  # BT-735-Lot
    eed_applicable: Codes = ()  # BT-810 eed-scope (true / false)
    eed_items: tuple[EedItem, ...] = ()  # BT-811(a)/(b)-Lot
    # Award criteria
    award_criteria: tuple[AwardCriterion, ...] = ()
    award_criteria_complicated: Texts = ()  # BT-543
    award_criteria_justification: Texts = ()  # BT-733
    contest_criteria: Texts = ()  # a design contest's criteria for the jury (legacy F12 CRITERIA_EVALUATION)
    additional_info: Texts = ()  # BT-300-Lot; legacy OBJECT_DESCR/INFO_ADD and similar free texts

    @property
    def award_criterion_types(self) -> Codes:
        return tuple(sorted({c.type for c in self.award_criteria if c.type}))


# Free-text fields of a lot and of a notice (model attributes): what the store keeps in its texts table and what
# the detector scans. One list, so that a new text field reaches both.
LOT_TEXT_FIELDS = (
    "titles",
    "descriptions",
    "strategic_descriptions",
    "accessibility_justifications",
    "performance_terms",
    "selection_criteria",
    "award_criteria_complicated",
    "award_criteria_justification",
    "contest_criteria",
    "additional_info",
)
NOTICE_TEXT_FIELDS = ("titles", "descriptions", "additional_info")


@quick_init
@dataclass(frozen=True, slots=True)
class VehicleCount:
    """CVD statistics of a lot result: BT-735 contract type, BT-723 category, OPT-155 type, OPT-156 count."""

    contract_type: str | None
    vehicle_category: str | None
    vehicle_type: str | None
    count: int | None


@quick_init
@dataclass(frozen=True, slots=True)
class LotResult:
    result_id: str  # OPT-322
    lot_id: str | None  # BT-13713
    winner_status: str | None = None  # BT-142
    not_awarded_reason: str | None = None  # BT-144
    framework_maximum: Amount | None = None  # BT-709
    framework_reestimated: Amount | None = None  # BT-660
    lowest_tender: Amount | None = None  # BT-710
    highest_tender: Amount | None = None  # BT-711
    submissions: tuple[tuple[str | None, int | None], ...] = ()  # (BT-760 type, BT-759 count)
    tender_ids: Codes = ()  # OPT-320
    contract_ids: Codes = ()  # OPT-315
    vehicles: tuple[VehicleCount, ...] = ()
    eed_items: tuple[EedItem, ...] = ()


@quick_init
@dataclass(frozen=True, slots=True)
class Tender:
    tender_id: str  # OPT-321
    lot_id: str | None = None  # BT-13714 (a LOT- or GLO- id)
    party_id: str | None = None  # OPT-310
    value: Amount | None = None  # BT-720
    rank: int | None = None  # BT-171
    variant: bool | None = None  # BT-193
    subcontracting: str | None = None  # BT-773
    reference: str | None = None  # BT-3201


@quick_init
@dataclass(frozen=True, slots=True)
class Contract:
    contract_id: str  # OPT-316
    reference: str | None = None  # BT-150
    tender_ids: Codes = ()  # BT-3202
    conclusion_date: str | None = None  # BT-145 (as published, with offset)
    award_date: str | None = None  # BT-1451
    titles: Texts = ()  # BT-721
    framework: bool | None = None  # BT-768


@quick_init
@dataclass(frozen=True, slots=True)
class TenderingParty:
    party_id: str  # OPT-210
    name: str | None = None  # OPT-211
    tenderers: tuple[tuple[str, bool | None], ...] = ()  # (OPT-300 org id, OPT-170 lead)
    subcontractors: Codes = ()  # OPT-301


@quick_init
@dataclass(frozen=True, slots=True)
class Winner:
    """A winning organisation of a lot, derived through result → contract → tender → party → organisation."""

    lot_id: str
    result_id: str | None
    org_id: str
    tender_id: str | None
    is_lead: bool | None


@quick_init
@dataclass(frozen=True, slots=True)
class Evidence:
    """Sustainability evidence found in a text of a notice (by the detector, never by the reader).

    ``lot_id`` is empty for notice-level texts; ``start``/``end`` locate ``matched`` in the text of ``field``.
    """

    lot_id: str
    category: str  # "environmental", "social", "innovation" or "label"
    term: str  # lexicon entry that matched
    language: str  # lexicon language (nl, fr, de, en, ...)
    field: str  # text field, e.g. "descriptions", "award_criteria", "performance_terms"
    matched: str
    start: int
    end: int
    dimension: str = ""  # what the term is evidence of: "green", "green_subject", "social" or "innovative"
    role: str = ""  # why it counts: the deciding field ("award-criterion" …), "specific-term", "requirement-cue" …


# The three values of a detected fact per lot and dimension (see docs/detection.md).
DETECTED, EXAMINED_NOTHING_FOUND, NOT_ASSESSABLE = "detected", "examined-nothing-found", "not-assessable"


@quick_init
@dataclass(frozen=True, slots=True)
class Detection:
    """What the texts of one lot show: per dimension a yes/no, with the evidence. Never overwrites declarations."""

    lot_id: str
    green: bool
    social: bool
    innovative: bool
    evidence: tuple[Evidence, ...] = ()
    green_subject: bool = False  # the purpose of the purchase is environmental (waste, wastewater, EV charging …)
    # False when no text of the lot (or its notice) is in a language the lexicons cover, or there is no text:
    # then "nothing found" means nothing, and the lot is not assessable rather than "not detected".
    assessable: bool = True

    def status(self, dimension: str) -> str:
        """``detected``, ``examined-nothing-found`` or ``not-assessable`` for a dimension (``green`` …)."""
        if getattr(self, dimension):
            return DETECTED
        return EXAMINED_NOTHING_FOUND if self.assessable else NOT_ASSESSABLE


@quick_init
@dataclass(frozen=True, slots=True)
class Notice:
    format: str  # "eforms" or "ted-r2.0.9" / "ted-r2.0.8"
    root: str  # root element local name
    notice_id: str | None  # BT-701 (eForms UUID) or TED document id
    version: str | None  # BT-757
    procedure_id: str | None = None  # BT-04
    subtype: str | None = None  # OPP-070
    notice_type: str | None = None  # BT-02
    form_type: str | None = None  # BT-03
    legal_basis: str | None = None  # BT-01
    sdk_version: str | None = None  # OPT-002, e.g. "eforms-sdk-1.10"
    issue_date: str | None = None  # BT-05(a) as published ("2024-01-18+02:00")
    language: str | None = None  # BT-702(a)
    additional_languages: Codes = ()  # BT-702(b)
    publication_number: str | None = None  # OPP-010
    publication_date: str | None = None  # OPP-012
    gazette_id: str | None = None  # OPP-011
    changed_notice: str | None = None  # BT-758
    change_reasons: Codes = ()  # BT-140
    previous_notices: Codes = ()  # OPP-090
    procedure_type: str | None = None  # BT-105
    nature: str | None = None  # BT-23-Procedure
    titles: Texts = ()  # BT-21-Procedure
    descriptions: Texts = ()  # BT-24-Procedure
    cpv_main: str | None = None  # BT-262-Procedure
    cpv_additional: Codes = ()  # BT-263-Procedure
    estimated_value: Amount | None = None  # BT-27-Procedure
    notice_value: Amount | None = None  # BT-161
    framework_value: Amount | None = None  # BT-118
    buyers: tuple[Buyer, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    lots: tuple[Lot, ...] = ()
    lot_results: tuple[LotResult, ...] = ()
    tenders: tuple[Tender, ...] = ()
    contracts: tuple[Contract, ...] = ()
    tendering_parties: tuple[TenderingParty, ...] = ()
    winners: tuple[Winner, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    additional_info: Texts = ()  # BT-300-Procedure; legacy COMPLEMENTARY_INFO/INFO_ADD and similar free texts

    @property
    def key(self) -> str:
        """Store identity of this notice version."""
        return f"{self.notice_id}-{self.version}" if self.version else str(self.notice_id)

    def organisation(self, org_id: str | None) -> Organisation | None:
        for org in self.organisations:
            if org.org_id == org_id:
                return org
        return None

    @property
    def issue_day(self) -> date | None:
        return parse_day(self.issue_date)

    @property
    def publication_day(self) -> date | None:
        return parse_day(self.publication_date)


def parse_day(value: str | None) -> date | None:
    """The calendar date of an xs:date that may carry an offset ("2024-01-18+02:00", "2023-09-11Z")."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def pick_text(texts: Texts, preferred: tuple[str | None, ...] = ()) -> str | None:
    """The text in the first preferred language that exists, else the first text."""
    for lang in preferred:
        for text in texts:
            if text.lang == lang:
                return text.value
    return texts[0].value if texts else None
