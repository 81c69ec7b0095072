"""A small, hand-written store for the indicator golden tests.

Eight procedure lots whose every status, value and result is chosen here, so that the expected tables in
``test_indicators.py`` can be computed by hand (the comments there show the arithmetic). The notices are
written as eForms XML by the sample writer and read back by the real reader: the tests exercise the whole path
reader → store → view → indicator.

  P1  BEL buyer A, CN 2024-03-10 (computers, EUR), 3 lots; CAN 2024-09-01 repeats the lots without strategic
      fields (the CN must count) and awards L1 (small winner, 1 tender) and L2 (large winner, 4 tenders).
      L1 green (env-imp, clim-mitig + circ-econ, BT-805 eu), innovative (inn-pur, rd-act), accessibility inc,
         reserved none, SME-suitable, price 60 / quality 40, 100 000 EUR, EED item computer; CAN item label
         ENERA quantity 20.
      L2 BT-06 none, BT-805 none, accessibility n-inc, reserved res-ws, not SME-suitable, price only, 50 000.
      L3 nothing declared, no criteria, 25 000.
      Text detection ran on the CN: L1 green evidence, L2 green evidence (not declared), L3 none.
  P2  BEL buyer A, CN 2025-02-01 social (soc-obj, work-cond), superseded by a change notice 2025-02-08 that
      says BT-06 none: only the change counts. Reserved none, price only, 40 000 EUR.
  P3  SWE buyer B, CN 2024-06-01 in SEK: green (env-imp, circ-econ) and social (soc-obj, opp), 114 325 SEK
      = 10 000 EUR at 11.4325.
  P4  NLD buyer C, CN 2024-05-05 in the unknown currency ZZZ: nothing declared, 5 000 ZZZ.
  P5  BEL buyer A, CAN only 2024-11-01 (vehicles, EUR): L1 green (BT-774 pollu-prev), micro winner, 2
      tenders, awarded 30 000 (estimated 35 000), m1: 10 vehicles, 5 clean, 2 zero-emission, concluded
      2024-10-20; L2 nothing declared, medium winner, 3 tenders, awarded 20 000 (estimated 25 000), n2: 4
      vehicles, 1 clean, 0 zero-emission, concluded 2024-10-25.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date

from sppmon.model import Detection, Evidence
from sppmon.readers import read_notice
from sppmon.sample.model import CriterionDraft, LotDraft, NoticeDraft, ResultDraft, WinnerDraft
from sppmon.sample.vocab import BuyerSpec, PurchaseSpec
from sppmon.sample.writer import notice_xml
from sppmon.store import Store, StoredNotice

BUYER_A = BuyerSpec(
    {"NLD": "FOD Proefdienst", "FRA": "SPF Service d'essai"},
    "BEL",
    "BE100",
    "Brussel",
    "cga",
    "gen-pub",
    "0123.456.749",
)
BUYER_B = BuyerSpec({"ENG": "Test Agency Stockholm"}, "SWE", "SE110", "Stockholm", "cga", "gen-pub", "2120001217")
BUYER_C = BuyerSpec({"NLD": "Gemeente Proefstad"}, "NLD", "NL337", "Leiden", "la", "gen-pub", "NL001234567B01")

_TITLES = {"NLD": "Proef", "FRA": "Essai", "ENG": "Test", "DEU": "Test"}
COMPUTERS = PurchaseSpec("30213100", "supplies", _TITLES, (1, 2))
IT_SERVICES = PurchaseSpec("72000000", "services", _TITLES, (1, 2))
CARS = PurchaseSpec("34110000", "supplies", _TITLES, (1, 2), vehicles="m1", cvd_contract="veh-acq")
TRUCKS = PurchaseSpec("34140000", "supplies", _TITLES, (1, 2), vehicles="n2", cvd_contract="veh-acq")

_PRICE = {"NLD": "Prijs"}
_QUALITY = {"NLD": "Kwaliteit"}


def _lot(lot_id: str, purchase: PurchaseSpec, value: int, **fields: object) -> LotDraft:
    lot = LotDraft(lot_id, purchase, {"NLD": f"Perceel {lot_id}"}, {"NLD": "Beschrijving."}, value)
    return replace(lot, **fields)  # type: ignore[arg-type]


def _notice(
    notice_id: str,
    procedure_id: str,
    buyer: BuyerSpec,
    day: date,
    lots: list[LotDraft],
    *,
    currency: str = "EUR",
    results: list[ResultDraft] | None = None,
    changed: str | None = None,
    number: int,
) -> NoticeDraft:
    language = next(iter(buyer.names))
    is_result = results is not None
    return NoticeDraft(
        notice_id=notice_id,
        version="01",
        procedure_id=procedure_id,
        subtype="29" if is_result else "16",
        notice_type="can-standard" if is_result else "cn-standard",
        form_type="result" if is_result else "competition",
        legal_basis="32014L0024",
        sdk="eforms-sdk-1.13",
        issue_date=day,
        publication_number=f"{number:08d}-{day.year}",
        gazette_id=f"10/{day.year}",
        language=language,
        extra_languages=[],
        buyer=buyer,
        procedure_type="open",
        nature=lots[0].purchase.nature,
        titles={language: "Proefopdracht"},
        descriptions={language: "Beschrijving van de opdracht."},
        cpv_main=lots[0].purchase.cpv,
        currency=currency,
        lots=lots,
        results=results or [],
        changed_notice=changed,
    )


def _winner(org: str, size: str) -> WinnerDraft:
    return WinnerDraft(org, f"Leverancier {org}", "BEL", "BE100", "0456.789.123", size)


def _result(lot_id: str, winner: WinnerDraft, tenders: int, value: int, **fields: object) -> ResultDraft:
    return ResultDraft(lot_id, True, tenders, 0, winner, value, value, value, **fields)  # type: ignore[arg-type]


def _uuid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def drafts() -> list[NoticeDraft]:
    p1_lots = [
        _lot(
            "LOT-0001",
            COMPUTERS,
            100_000,
            strategic_procurement=["env-imp", "inn-pur"],
            environmental_impact=["circ-econ", "clim-mitig"],
            innovative_acquisition=["rd-act"],
            gpp_criteria=["eu"],
            accessibility=["inc"],
            reserved_procurement=["none"],
            reserved_execution=["no"],
            sme_suitable=True,
            criteria=[CriterionDraft("price", _PRICE, 60), CriterionDraft("quality", _QUALITY, 40)],
            eed_items=[("computer", "enrg-lab")],
        ),
        _lot(
            "LOT-0002",
            COMPUTERS,
            50_000,
            strategic_procurement=["none"],
            gpp_criteria=["none"],
            accessibility=["n-inc"],
            reserved_procurement=["res-ws"],
            sme_suitable=False,
            criteria=[CriterionDraft("price", _PRICE, 100)],
        ),
        _lot("LOT-0003", COMPUTERS, 25_000),
    ]
    bare = [
        replace(lot, strategic_procurement=[], environmental_impact=[], gpp_criteria=[], accessibility=[])
        for lot in p1_lots
    ]
    p1_results = [
        _result("LOT-0001", _winner("ORG-0101", "small"), 1, 90_000, eed=[("computer", "enrg-lab", "ENERA", 20)]),
        _result("LOT-0002", _winner("ORG-0102", "large"), 4, 48_000),
    ]
    p2_original = _notice(
        _uuid(21),
        _uuid(20),
        BUYER_A,
        date(2025, 2, 1),
        [
            _lot(
                "LOT-0001",
                IT_SERVICES,
                40_000,
                strategic_procurement=["soc-obj"],
                social_objective=["work-cond"],
                reserved_procurement=["none"],
                criteria=[CriterionDraft("price", _PRICE, 100)],
            )
        ],
        number=201,
    )
    p2_change = replace(
        p2_original,
        notice_id=_uuid(22),
        issue_date=date(2025, 2, 8),
        publication_number="00000202-2025",
        changed_notice=f"{_uuid(21)}-01",
        lots=[replace(p2_original.lots[0], strategic_procurement=["none"], social_objective=[])],
    )
    p5_lots = [
        _lot(
            "LOT-0001",
            CARS,
            35_000,
            environmental_impact=["pollu-prev"],
            cvd_applicable=["true"],
            cvd_contract_type="veh-acq",
        ),
        _lot("LOT-0002", TRUCKS, 25_000, cvd_applicable=["true"], cvd_contract_type="veh-acq"),
    ]
    p5_results = [
        _result(
            "LOT-0001",
            _winner("ORG-0501", "micro"),
            2,
            30_000,
            vehicles=[("m1", "vehicles", 10), ("m1", "vehicles-clean", 5), ("m1", "vehicles-zero-emission", 2)],
            conclusion=date(2024, 10, 20),
        ),
        _result(
            "LOT-0002",
            _winner("ORG-0502", "medium"),
            3,
            20_000,
            vehicles=[("n2", "vehicles", 4), ("n2", "vehicles-clean", 1), ("n2", "vehicles-zero-emission", 0)],
            conclusion=date(2024, 10, 25),
        ),
    ]
    return [
        _notice(_uuid(11), _uuid(10), BUYER_A, date(2024, 3, 10), p1_lots, number=101),
        _notice(_uuid(12), _uuid(10), BUYER_A, date(2024, 9, 1), bare, results=p1_results, number=102),
        p2_original,
        p2_change,
        _notice(
            _uuid(31),
            _uuid(30),
            BUYER_B,
            date(2024, 6, 1),
            [
                _lot(
                    "LOT-0001",
                    COMPUTERS,
                    114_325,
                    strategic_procurement=["env-imp", "soc-obj"],
                    environmental_impact=["circ-econ"],
                    social_objective=["opp"],
                    criteria=[CriterionDraft("price", {"ENG": "Price"}, 100)],
                )
            ],
            currency="SEK",
            number=301,
        ),
        _notice(
            _uuid(41),
            _uuid(40),
            BUYER_C,
            date(2024, 5, 5),
            [_lot("LOT-0001", IT_SERVICES, 5_000)],
            currency="ZZZ",
            number=401,
        ),
        _notice(_uuid(51), _uuid(50), BUYER_A, date(2024, 11, 1), p5_lots, results=p5_results, number=501),
    ]


def _detections() -> tuple[Detection, ...]:
    evidence = Evidence("LOT-0001", "environmental", "circulaire economie", "nl", "descriptions", "circulaire", 0, 10)
    label = Evidence("LOT-0002", "label", "energy star", "en", "descriptions", "Energy Star", 4, 15)
    return (
        Detection("LOT-0001", True, False, False, (evidence,)),
        Detection("LOT-0002", True, False, False, (label,)),
        Detection("LOT-0003", False, False, False, ()),
    )


def stored_notices(with_detection: bool = True) -> list[StoredNotice]:
    items = []
    for draft in drafts():
        data = notice_xml(draft)
        notice = read_notice(data)
        detections = _detections() if with_detection and draft.notice_id == _uuid(11) else None
        items.append(StoredNotice(notice, draft.file_name, hashlib.sha256(data).hexdigest(), detections))
    return items


def fill(store: Store, with_detection: bool = True) -> Store:
    store.write_batch(stored_notices(with_detection), [])
    return store


BUYER_A_KEY = "BEL:id:0123456749"
