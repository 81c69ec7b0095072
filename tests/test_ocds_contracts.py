"""OCDS export of contracts: settled contracts (OPT-316, BT-150, BT-145, BT-721) become ``contracts`` linked to the
award of their lot result, every link resolves inside its release, and the package stays schema-valid."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sppmon.exports.ocds import OcdsOptions, write_package
from sppmon.exports.ocds_awards import ResultRows, awards_and_contracts
from sppmon.store import Store

from .conftest import needs_shared
from .test_exports import CAN, _fill, _stored, _validator

# The award notice fixture plus a second contract for lot 3: titled, decided (BT-1451) but not yet signed, and
# listed by its lot result (OPT-315) as eForms does.
SECOND_CONTRACT = (
    b"<efac:SettledContract>"
    b'<cbc:ID schemeName="contract">CON-0002</cbc:ID>'
    b"<cbc:AwardDate>2024-04-30+02:00</cbc:AwardDate>"
    b'<cbc:Title languageID="FRA">Pneus hiver</cbc:Title>'
    b"<efac:ContractReference><cbc:ID>2024/PNE/03</cbc:ID></efac:ContractReference>"
    b'<efac:LotTender><cbc:ID schemeName="tender">TEN-0003</cbc:ID></efac:LotTender>'
    b"</efac:SettledContract>"
)
LOT3_RESULT_END = (
    b'<efac:TenderLot><cbc:ID schemeName="Lot">LOT-0003</cbc:ID></efac:TenderLot>\n      </efac:LotResult>'
)
CAN_TWO_CONTRACTS = CAN.replace(
    LOT3_RESULT_END,
    b'<efac:SettledContract><cbc:ID schemeName="contract">CON-0002</cbc:ID></efac:SettledContract>' + LOT3_RESULT_END,
).replace(
    b"</efac:SettledContract>\n      <efac:TenderingParty>",
    b"</efac:SettledContract>" + SECOND_CONTRACT + b"\n      <efac:TenderingParty>",
)
CAN_KEY = "99999999-8888-4777-8666-555555555555-02"
OPTIONS = OcdsOptions("ocds-test01", "urn:sppmon:test", "sppmon tests")


def _package(store: Store, tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "ocds.json"
    write_package(store, path, OPTIONS)
    package: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return package


def _assert_links_resolve(release: dict[str, Any]) -> None:
    """Every contract names an award of its release, every award's lots are lots of the tender, and every
    supplier is a party with the supplier role."""
    award_ids = [award["id"] for award in release.get("awards", [])]
    assert len(award_ids) == len(set(award_ids)), release["id"]
    lot_ids = {lot["id"] for lot in release["tender"].get("lots", [])}
    suppliers = {party["id"] for party in release.get("parties", []) if "supplier" in party.get("roles", [])}
    for contract in release.get("contracts", []):
        assert contract["awardID"] in award_ids, (release["id"], contract)
    for award in release.get("awards", []):
        assert set(award.get("relatedLots", [])) <= lot_ids, (release["id"], award)
        assert {supplier["id"] for supplier in award.get("suppliers", [])} <= suppliers, (release["id"], award)


def test_result_notice_contracts_are_linked_to_their_awards(store: Store, tmp_path: Path) -> None:
    assert CAN_TWO_CONTRACTS.count(b"CON-0002") == 2  # the fixture edit took
    store.write_batch([_stored(CAN_TWO_CONTRACTS)], [])
    release = _package(store, tmp_path)["releases"][0]
    assert release["id"] == CAN_KEY and release["tag"] == ["award", "contract"]
    assert release["contracts"] == [
        {
            "id": "CON-0001",
            "awardID": "RES-0001",
            "status": "active",
            "value": {"amount": 1800000, "currency": "EUR"},
            "dateSigned": "2024-05-02T00:00:00Z",
            "identifiers": [{"id": "2024/VEH/01"}],
        },
        {
            "id": "CON-0002",
            "awardID": "RES-0003",
            "title": "Pneus hiver",
            "status": "pending",  # no conclusion date (BT-145) yet
            "value": {"amount": 500000, "currency": "EUR"},
            "identifiers": [{"id": "2024/PNE/03"}],
        },
    ]
    awards = {award["id"]: award for award in release["awards"]}
    assert set(awards) == {"RES-0001", "RES-0002", "RES-0003"}  # contracts found their results: no extra award
    assert awards["RES-0003"]["date"] == "2024-04-30T00:00:00Z"  # BT-1451 of its contract
    assert awards["RES-0003"]["relatedLots"] == ["LOT-0003"]
    assert [supplier["id"] for supplier in awards["RES-0001"]["suppliers"]] == ["ORG-0003", "ORG-0004"]
    _assert_links_resolve(release)


@needs_shared
def test_contracts_keep_the_package_schema_valid(store: Store, tmp_path: Path) -> None:
    _fill(store, 60)
    store.write_batch([_stored(CAN_TWO_CONTRACTS)], [])
    package = _package(store, tmp_path)
    errors = sorted(_validator().iter_errors(package), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    contracts = [contract for release in package["releases"] for contract in release.get("contracts", [])]
    assert len(contracts) == store.count("contracts") > 2
    assert all(contract.get("dateSigned") for contract in contracts if contract["status"] == "active")
    for release in package["releases"]:
        _assert_links_resolve(release)
        if release.get("contracts"):
            assert release["tag"][-1] in ("contract", "contractUpdate")


def test_a_contract_without_a_lot_result_gets_an_award_of_its_own() -> None:
    # Lot 1 has two results (a framework), so its lot does not tell which one CON-0001 belongs to; CON-0002 is
    # for a tender of a group of lots that no winner row names.
    rows = ResultRows(
        results=[("RES-0001", "LOT-0001", "selec-w", None, None), ("RES-0002", "LOT-0001", "selec-w", None, None)],
        tenders=[
            ("TEN-0001", "LOT-0001", "TPA-0001", "CON-0001", Decimal("100.5"), "EUR"),
            ("TEN-0002", "GLO-0001", "TPA-0002", "CON-0002", Decimal(200), "EUR"),
            ("TEN-0003", "GLO-0001", "TPA-0002", "CON-0002", Decimal(300), "USD"),
        ],
        contracts=[
            ("CON-0001", None, date(2024, 3, 1), date(2024, 2, 20), None),
            ("CON-0002", "REF-2", date(2024, 3, 2), None, "Group contract"),
        ],
        tenderers=[("TPA-0001", "ORG-0001"), ("TPA-0002", "ORG-0002"), ("TPA-0002", "ORG-0003")],
        names={"ORG-0002": "Alpha", "ORG-0003": "Beta"},
        lot_ids=frozenset({"LOT-0001"}),
    )
    section = awards_and_contracts(rows, "result")
    assert [contract["awardID"] for contract in section.contracts] == ["CON-0001", "CON-0002"]
    assert section.awards[2] == {
        "id": "CON-0001",
        "status": "active",
        "date": "2024-02-20T00:00:00Z",
        "relatedLots": ["LOT-0001"],
        "value": {"amount": 100.5, "currency": "EUR"},
        "suppliers": [{"id": "ORG-0001"}],
    }
    own = section.awards[3]
    assert own["suppliers"] == [{"id": "ORG-0002", "name": "Alpha"}, {"id": "ORG-0003", "name": "Beta"}]
    assert "relatedLots" not in own and "value" not in own  # a group is no lot; two currencies do not add up
    assert section.supplier_ids == {"ORG-0001", "ORG-0002", "ORG-0003"}
    assert section.contracts[1]["title"] == "Group contract" and "value" not in section.contracts[1]


def test_completion_notices_terminate_their_contracts() -> None:
    rows = ResultRows(
        results=[("RES-0001", "LOT-0001", "selec-w", None, None)],
        tenders=[("TEN-0001", "LOT-0001", "TPA-0001", "CON-0001", None, None)],
        contracts=[("CON-0001", None, date(2023, 1, 5), None, None)],
    )
    (contract,) = awards_and_contracts(rows, "completion").contracts
    assert contract == {
        "id": "CON-0001",
        "awardID": "RES-0001",  # linked through the lot of its tender
        "status": "terminated",
        "dateSigned": "2023-01-05T00:00:00Z",
    }
