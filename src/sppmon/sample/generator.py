"""Deterministic generator of realistic eForms notices for the demo, benchmarks and property tests.

Procedures are drawn one at a time: a contract notice, sometimes a change notice, and most often a contract
award notice of the same procedure (same BT-04) a few months later. Sustainability fields appear in plausible
shares that grow over the years, including explicit ``none`` and absent fields; texts carry sustainability
wording that mostly, but not always, agrees with the declared codes.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from itertools import accumulate

from .model import CriterionDraft, LotDraft, NoticeDraft, ResultDraft, WinnerDraft
from .vocab import (
    BUYERS,
    GREEN_PHRASES,
    INNOVATION_PHRASES,
    LEGAL_FORMS,
    NEUTRAL_PHRASES,
    PRICE_NAMES,
    PURCHASES,
    QUALITY_CRITERIA,
    SOCIAL_PHRASES,
    SUPPLIER_NUTS,
    SUPPLIER_STEMS,
    SUPPLIER_TRADES,
    BuyerSpec,
    PurchaseSpec,
)
from .writer import notice_xml

REPORTING_SHARE = {2023: 0.38, 2024: 0.52, 2025: 0.63, 2026: 0.7}  # lots with any strategic field
ENV_CODES = ("clim-mitig", "circ-econ", "pollu-prev", "biodiv-eco", "clim-adapt", "water-mar", "other")
SOCIAL_CODES = ("opp", "work-cond", "acc-all", "gen-eq", "hum-right", "et-eq", "other")
INNOVATION_CODES = ("mar-nov", "proc-innov", "prod-innov", "rd-act")
SIZES = ("micro", "small", "medium", "large")
SIZE_WEIGHTS = (10, 25, 30, 35)
_SUBTYPES = {  # (legal basis, light regime) → (competition subtype, result subtype)
    ("32014L0024", False): ("16", "29"),
    ("32014L0025", False): ("17", "30"),
    ("32018R1046", False): ("16", "29"),
    ("32014L0024", True): ("20", "33"),
}
_LIGHT_REGIME_CPV = ("85", "7971", "8031")
_SDKS = {
    2023: ("eforms-sdk-1.7", "eforms-sdk-1.8", "eforms-sdk-1.9"),
    2024: ("eforms-sdk-1.10", "eforms-sdk-1.11", "eforms-sdk-1.13"),
    2025: ("eforms-sdk-1.13", "eforms-sdk-1.14", "eforms-sdk-1.15"),
}


class SampleGenerator:
    def __init__(self, seed: int = 2024, years: tuple[int, int] = (2023, 2025)) -> None:
        self.rng = random.Random(seed)
        self.years = years
        self.publication_counter = 100_000 + seed % 1000
        self._buyer_weights = list(accumulate(buyer.weight for buyer in BUYERS))
        self._purchase_weights = list(accumulate(purchase.weight for purchase in PURCHASES))

    # -- public --------------------------------------------------------------------------------------------
    def drafts(self, count: int) -> Iterator[NoticeDraft]:
        produced = 0
        while produced < count:
            for draft in self._procedure():
                if produced >= count:
                    return
                produced += 1
                yield draft

    def notices(self, count: int) -> Iterator[tuple[str, bytes]]:
        for draft in self.drafts(count):
            yield draft.file_name, notice_xml(draft)

    # -- drawing -------------------------------------------------------------------------------------------
    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _publication(self, day: date) -> tuple[str, str]:
        self.publication_counter += 1
        issue = min(day.timetuple().tm_yday * 250 // 366 + 1, 250)
        return f"{self.publication_counter:08d}-{day.year}", f"{issue}/{day.year}"

    def _procedure(self) -> Iterator[NoticeDraft]:
        rng = self.rng
        buyer = rng.choices(BUYERS, cum_weights=self._buyer_weights)[0]
        purchase = rng.choices(PURCHASES, cum_weights=self._purchase_weights)[0]
        start = date(self.years[0], 1, 1)
        span = (date(self.years[1], 12, 31) - start).days
        day = start + timedelta(days=rng.randrange(span))
        competition = self._competition(buyer, purchase, day)
        yield competition
        if rng.random() < 0.08:
            yield self._change(competition)
        if rng.random() < 0.65:
            award_day = day + timedelta(days=rng.randrange(60, 240))
            if award_day.year <= self.years[1]:
                yield self._award(competition, award_day)

    def _description(self, languages: list[str]) -> dict[str, str]:
        """A few sentences, the same ones in every language of the notice, as real descriptions are."""
        picks = self.rng.sample(range(len(NEUTRAL_PHRASES["ENG"])), self.rng.randint(2, 5))
        return {lang: " ".join(NEUTRAL_PHRASES[lang][i] for i in picks) for lang in languages}

    def _languages(self, buyer: BuyerSpec) -> tuple[str, list[str]]:
        languages = list(buyer.names)
        if len(languages) > 1:
            self.rng.shuffle(languages)
            return languages[0], languages[1:] if self.rng.random() < 0.45 else []
        return languages[0], []

    def _competition(self, buyer: BuyerSpec, purchase: PurchaseSpec, day: date) -> NoticeDraft:
        rng = self.rng
        language, extra = self._languages(buyer)
        languages = [language, *extra]
        light = purchase.cpv.startswith(_LIGHT_REGIME_CPV) and buyer.legal_basis == "32014L0024"
        cn_subtype, _ = _SUBTYPES[(buyer.legal_basis, light)]
        n_lots = min(1 + int(rng.expovariate(1.1)), 6)
        lots = [self._lot(f"LOT-{i:04d}", purchase, languages, day, n_lots) for i in range(1, n_lots + 1)]
        number, gazette = self._publication(day)
        currency = "SEK" if buyer.country == "SWE" else "EUR"
        return NoticeDraft(
            notice_id=self._uuid(),
            version="01",
            procedure_id=self._uuid(),
            subtype=cn_subtype,
            notice_type="cn-social" if light else "cn-standard",
            form_type="competition",
            legal_basis=buyer.legal_basis,
            sdk=rng.choice(_SDKS.get(day.year, _SDKS[2025])),
            issue_date=day,
            publication_number=number,
            gazette_id=gazette,
            language=language,
            extra_languages=extra,
            buyer=buyer,
            procedure_type=rng.choices(
                ("open", "restricted", "neg-w-call", "comp-dial", "innovation"), (70, 15, 11, 3, 1)
            )[0],
            nature=purchase.nature,
            titles={lang: f"{purchase.titles[lang]} - {buyer.city}" for lang in languages},
            descriptions=self._description(languages),
            cpv_main=purchase.cpv,
            currency=currency,
            lots=lots,
        )

    def _lot(self, lot_id: str, purchase: PurchaseSpec, languages: list[str], day: date, n_lots: int) -> LotDraft:
        rng = self.rng
        low, high = purchase.value_range
        value = int(rng.uniform(low, high) / n_lots / 100) * 100 + 100
        lot = LotDraft(
            lot_id=lot_id,
            purchase=purchase,
            titles={lang: f"{purchase.titles[lang]} ({lot_id[-1]})" for lang in languages},
            descriptions=self._description(languages),
            estimated_value=value,
            sme_suitable=rng.random() < 0.6 if rng.random() < 0.7 else None,
            framework=rng.choices(("none", "fa-wo-rc", "fa-w-rc"), (65, 25, 10))[0],
            duration_months=rng.choice((12, 24, 36, 48)),
            reserved_procurement=["res-ws"] if rng.random() < 0.02 else ["none"],
            reserved_execution=["yes"] if rng.random() < 0.01 else ["no"],
        )
        self._strategic(lot, purchase, languages, day)
        self._criteria(lot, languages)
        self._directives(lot, purchase, day)
        return lot

    def _strategic(self, lot: LotDraft, purchase: PurchaseSpec, languages: list[str], day: date) -> None:
        rng = self.rng
        evidence: list[str] = []
        if rng.random() < REPORTING_SHARE.get(day.year, 0.6):
            green = rng.random() < min(0.9, 0.26 * purchase.green_affinity)
            social = rng.random() < (0.14 if purchase.nature == "services" else 0.06)
            innovative = rng.random() < 0.035
            if green:
                lot.strategic_procurement.append("env-imp")
                lot.environmental_impact = sorted(set(rng.sample(ENV_CODES, rng.choice((1, 1, 2)))))
                lot.gpp_criteria = rng.choices((["eu"], ["national"], ["other"], []), (40, 20, 5, 35))[0]
                if rng.random() < 0.78:
                    evidence.append("green")
            if social:
                lot.strategic_procurement.append("soc-obj")
                lot.social_objective = sorted(set(rng.sample(SOCIAL_CODES, rng.choice((1, 2)))))
                if rng.random() < 0.7:
                    evidence.append("social")
            if innovative:
                lot.strategic_procurement.append("inn-pur")
                lot.innovative_acquisition = [rng.choice(INNOVATION_CODES)]
                evidence.append("innovation")
            if not lot.strategic_procurement:
                lot.strategic_procurement = ["none"]
                if rng.random() < 0.3:
                    lot.gpp_criteria = ["none"]
            if rng.random() < 0.5:
                lot.accessibility = [rng.choices(("inc", "n-inc", "n-inc-just"), (30, 55, 15))[0]]
        # Texts without any declaration: evidence the declared fields miss.
        if not evidence and rng.random() < 0.06 * purchase.green_affinity:
            evidence.append("green")
        self._evidence_texts(lot, languages, evidence)

    def _evidence_texts(self, lot: LotDraft, languages: list[str], evidence: list[str]) -> None:
        rng = self.rng
        phrases = {"green": GREEN_PHRASES, "social": SOCIAL_PHRASES, "innovation": INNOVATION_PHRASES}
        for kind in evidence:
            pick = rng.randrange(len(phrases[kind]["ENG"]))
            target = lot.performance_terms if kind == "social" and rng.random() < 0.5 else lot.descriptions
            for lang in languages:
                addition = phrases[kind][lang][pick]
                target[lang] = f"{target[lang]} {addition}" if lang in target else addition
        if "env-imp" in lot.strategic_procurement and rng.random() < 0.5:
            lot.strategic_description = {lang: GREEN_PHRASES[lang][1] for lang in languages}

    def _criteria(self, lot: LotDraft, languages: list[str]) -> None:
        rng = self.rng
        price = {lang: PRICE_NAMES[lang] for lang in languages}
        if rng.random() < 0.35:
            lot.criteria = [CriterionDraft("price", price, 100)]
            return
        quality_weight = rng.choice((20, 30, 40, 50, 60))
        names = QUALITY_CRITERIA
        choice = 1 if "env-imp" in lot.strategic_procurement and rng.random() < 0.6 else rng.choice((0, 3))
        criteria = [CriterionDraft("price", price, 100 - quality_weight)]
        criteria.append(CriterionDraft("quality", {lang: names[lang][choice] for lang in languages}, quality_weight))
        if rng.random() < 0.15:
            criteria[0] = CriterionDraft("cost", {lang: names[lang][0] for lang in languages}, criteria[0].weight)
        lot.criteria = criteria

    def _directives(self, lot: LotDraft, purchase: PurchaseSpec, day: date) -> None:
        rng = self.rng
        if purchase.vehicles:
            lot.cvd_applicable = ["true"] if rng.random() < 0.85 else ["false"]
            lot.cvd_contract_type = purchase.cvd_contract
        elif rng.random() < 0.25:
            lot.cvd_applicable = ["false"]
        if purchase.eed_item and day >= date(2024, 3, 1) and rng.random() < 0.55:
            basis = {"building": "nzeb-bui", "tyres": "enrg-lab"}.get(purchase.eed_item)
            lot.eed_items = [(purchase.eed_item, basis or rng.choice(("eco-des", "enrg-lab", "gpp-crit")))]

    def _change(self, competition: NoticeDraft) -> NoticeDraft:
        number, gazette = self._publication(competition.issue_date + timedelta(days=7))
        return replace(
            competition,
            notice_id=self._uuid(),
            issue_date=competition.issue_date + timedelta(days=7),
            publication_number=number,
            gazette_id=gazette,
            changed_notice=f"{competition.notice_id}-{competition.version}",
        )

    def _award(self, competition: NoticeDraft, day: date) -> NoticeDraft:
        rng = self.rng
        number, gazette = self._publication(day)
        results = [self._result(competition, lot, index, day) for index, lot in enumerate(competition.lots, 1)]
        lots = [self._award_lot(lot) for lot in competition.lots]
        _, can_subtype = _SUBTYPES[(competition.legal_basis, competition.notice_type == "cn-social")]
        return replace(
            competition,
            notice_id=self._uuid(),
            subtype=can_subtype,
            notice_type="can-social" if competition.notice_type == "cn-social" else "can-standard",
            form_type="result",
            sdk=rng.choice(_SDKS.get(day.year, _SDKS[2025])),
            issue_date=day,
            publication_number=number,
            gazette_id=gazette,
            lots=lots,
            results=results,
            previous_notice=f"{competition.notice_id}-{competition.version}",
        )

    def _award_lot(self, lot: LotDraft) -> LotDraft:
        """Award notices repeat the lot but may drop the strategic fields; CN-only fields are forbidden."""
        dropped = self.rng.random() < 0.2
        return replace(
            lot,
            reserved_procurement=[],
            reserved_execution=[],
            performance_terms={},
            sme_suitable=None,
            strategic_procurement=[] if dropped else list(lot.strategic_procurement),
            environmental_impact=[] if dropped else list(lot.environmental_impact),
            social_objective=[] if dropped else list(lot.social_objective),
            innovative_acquisition=[] if dropped else list(lot.innovative_acquisition),
            gpp_criteria=[] if dropped else list(lot.gpp_criteria),
            accessibility=[] if dropped else list(lot.accessibility),
            strategic_description={} if dropped else dict(lot.strategic_description),
        )

    def _result(self, competition: NoticeDraft, lot: LotDraft, index: int, day: date) -> ResultDraft:
        rng = self.rng
        selected = rng.random() < 0.9
        received = 1 if rng.random() < 0.17 else rng.randint(2, 9)
        value = int(lot.estimated_value * rng.uniform(0.72, 1.08))
        winner = self._winner(competition, index) if selected else None
        result = ResultDraft(
            lot_id=lot.lot_id,
            selected=selected,
            tenders_received=received if selected else rng.randint(0, 2),
            tenders_sme=rng.randint(0, received),
            winner=winner,
            value=value,
            lowest=value,
            highest=int(value * rng.uniform(1.0, 1.4)),
            conclusion=day - timedelta(days=rng.randrange(3, 30)) if selected else None,
        )
        if selected and lot.cvd_applicable == ["true"] and lot.purchase.vehicles:
            total = rng.randint(1, 40)
            clean = round(total * rng.betavariate(2, 3))
            zero = round(clean * rng.betavariate(2, 2))
            category = lot.purchase.vehicles
            result.vehicles = [
                (category, "vehicles", total),
                (category, "vehicles-clean", clean),
                (category, "vehicles-zero-emission", zero),
            ]
        if selected and lot.eed_items:
            label = rng.choice(("ENERA", "ENERA1", "ENERB", None))
            result.eed = [
                (item, basis, label if basis == "enrg-lab" else None, rng.randint(1, 200))
                for item, basis in lot.eed_items
            ]
        return result

    def _winner(self, competition: NoticeDraft, index: int) -> WinnerDraft:
        rng = self.rng
        country = competition.buyer.country if rng.random() < 0.9 else rng.choice(tuple(LEGAL_FORMS))
        if country not in LEGAL_FORMS:
            country = "BEL"
        trades = SUPPLIER_TRADES[competition.nature]
        stem = rng.choice(SUPPLIER_STEMS)
        number = rng.randrange(200_000_000, 999_999_999)
        return WinnerDraft(
            org_id=f"ORG-{index + 100:04d}",
            name=f"{stem} {rng.choice(trades)} {rng.choice(LEGAL_FORMS[country])}",
            country=country,
            nuts=rng.choice(SUPPLIER_NUTS[country]),
            company_id=f"0{number // 1_000_000}.{number // 1000 % 1000:03d}.{number % 1000:03d}"
            if country == "BEL"
            else f"{country}{number}",
            size=rng.choices(SIZES, SIZE_WEIGHTS)[0],
        )
