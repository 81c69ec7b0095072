"""Plain descriptions of generated notices, independent of XML: the generator draws them, the writer turns
them into eForms XML, and tests compare what the reader gives back with them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .vocab import BuyerSpec, PurchaseSpec


@dataclass
class CriterionDraft:
    type: str
    names: dict[str, str]
    weight: int


@dataclass
class LotDraft:
    lot_id: str
    purchase: PurchaseSpec
    titles: dict[str, str]
    descriptions: dict[str, str]
    estimated_value: int
    strategic_procurement: list[str] = field(default_factory=list)
    strategic_description: dict[str, str] = field(default_factory=dict)
    environmental_impact: list[str] = field(default_factory=list)
    social_objective: list[str] = field(default_factory=list)
    innovative_acquisition: list[str] = field(default_factory=list)
    gpp_criteria: list[str] = field(default_factory=list)
    accessibility: list[str] = field(default_factory=list)
    reserved_procurement: list[str] = field(default_factory=list)
    reserved_execution: list[str] = field(default_factory=list)
    performance_terms: dict[str, str] = field(default_factory=dict)
    cvd_applicable: list[str] = field(default_factory=list)
    cvd_contract_type: str | None = None
    eed_items: list[tuple[str, str]] = field(default_factory=list)  # (item, basis)
    criteria: list[CriterionDraft] = field(default_factory=list)
    sme_suitable: bool | None = None
    framework: str = "none"
    duration_months: int = 12


@dataclass
class WinnerDraft:
    org_id: str
    name: str
    country: str
    nuts: str
    company_id: str
    size: str


@dataclass
class ResultDraft:
    lot_id: str
    selected: bool
    tenders_received: int
    tenders_sme: int
    winner: WinnerDraft | None
    value: int
    lowest: int
    highest: int
    vehicles: list[tuple[str, str, int]] = field(default_factory=list)  # (category, type, count)
    eed: list[tuple[str, str, str | None, int]] = field(default_factory=list)  # (item, basis, label, quantity)
    conclusion: date | None = None


@dataclass
class NoticeDraft:
    notice_id: str
    version: str
    procedure_id: str
    subtype: str
    notice_type: str
    form_type: str
    legal_basis: str
    sdk: str
    issue_date: date
    publication_number: str
    gazette_id: str
    language: str
    extra_languages: list[str]
    buyer: BuyerSpec
    procedure_type: str
    nature: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    cpv_main: str
    currency: str
    lots: list[LotDraft]
    results: list[ResultDraft] = field(default_factory=list)
    changed_notice: str | None = None
    previous_notice: str | None = None

    @property
    def is_result(self) -> bool:
        return self.form_type == "result"

    @property
    def file_name(self) -> str:
        return f"{self.publication_number}.xml"
