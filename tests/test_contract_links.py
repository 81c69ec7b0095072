"""Lot results list their contracts (OPT-315): the reader reads the references, the store keeps them in
``result_contracts`` (schema version 2, migrated onto version-1 stores), and the OCDS export links each contract
to the award of the lot result that lists it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from sppmon.exports.ocds_awards import ResultRows, awards_and_contracts
from sppmon.model import Notice
from sppmon.readers import read_notice
from sppmon.store import Store, StoredNotice, open_store
from sppmon.store.base import prepare
from sppmon.store.schema import MIGRATIONS, SCHEMA_VERSION

from .conftest import SHARED
from .test_exports import CN
from .test_ocds_contracts import CAN_KEY, CAN_TWO_CONTRACTS, _package


def _corpus_notice() -> bytes:
    """Corpus notice 00191534-2024: CON-0001 serves four lot results, CON-0002 (without tenders) only RES-0002."""
    (path,) = sorted((SHARED / "corpus" / "eforms").glob("*00191534-2024*"))
    return path.read_bytes()


def _stored(data: bytes) -> StoredNotice:
    return StoredNotice(read_notice(data), "test", hashlib.sha256(data).hexdigest())


def _listed(notice: Notice) -> dict[str, tuple[str, ...]]:
    return {result.result_id: result.contract_ids for result in notice.lot_results}


def test_the_reader_reads_the_contracts_of_each_lot_result() -> None:
    assert _listed(read_notice(CAN_TWO_CONTRACTS))["RES-0003"] == ("CON-0002",)


@pytest.mark.shared
def test_the_reader_reads_the_contracts_of_the_corpus_notice() -> None:
    assert _listed(read_notice(_corpus_notice())) == {
        "RES-0001": ("CON-0001",),
        "RES-0002": ("CON-0002",),
        "RES-0003": ("CON-0001",),
        "RES-0004": ("CON-0001",),
        "RES-0005": ("CON-0001",),
    }


def test_the_store_keeps_the_links(store: Store) -> None:
    store.write_batch([_stored(CAN_TWO_CONTRACTS)], [])
    rows = store.query("SELECT result_id, contract_id FROM result_contracts ORDER BY result_id, contract_id")
    assert ("RES-0003", "CON-0002") in rows
    assert len(rows) == len(set(rows)) == sum(map(len, _listed(read_notice(CAN_TWO_CONTRACTS)).values()))


@pytest.mark.shared
def test_the_export_links_each_corpus_contract_to_the_result_that_lists_it(store: Store, tmp_path: Path) -> None:
    store.write_batch([_stored(_corpus_notice())], [])
    (release,) = _package(store, tmp_path)["releases"]
    links = {contract["id"]: contract["awardID"] for contract in release["contracts"]}
    # The guess through winners and tenders gave CON-0002 an award of its own: it has no tenders.
    assert links == {"CON-0001": "RES-0001", "CON-0002": "RES-0002"}
    assert {award["id"] for award in release["awards"]} == {f"RES-000{n}" for n in range(1, 6)}


def test_listed_links_override_the_guess() -> None:
    # The winners point CON-0001 at RES-0001, but only RES-0002 lists it; CON-0002 is listed by two results.
    rows = ResultRows(
        results=[("RES-0001", "LOT-0001", "selec-w", None, None), ("RES-0002", "LOT-0002", "selec-w", None, None)],
        winners=[("RES-0001", "LOT-0001", "ORG-0001", None, "TEN-0001")],
        tenders=[("TEN-0001", "LOT-0001", "TPA-0001", "CON-0001", None, None)],
        contracts=[("CON-0001", None, None, None, None), ("CON-0002", None, None, None, None)],
        links=[("RES-0001", "CON-0002"), ("RES-0002", "CON-0001"), ("RES-0002", "CON-0002")],
    )
    section = awards_and_contracts(rows, "result")
    assert [(c["id"], c["awardID"]) for c in section.contracts] == [("CON-0001", "RES-0002"), ("CON-0002", "RES-0001")]
    assert [award["id"] for award in section.awards] == ["RES-0001", "RES-0002"]  # no award of its own


def _version_1_store(url: str) -> None:
    """A store as sppmon with schema version 1 left it: its tables, and a notice stored without links."""
    store = open_store(url, migrate=False)
    try:
        store.begin()
        for statement in MIGRATIONS[1](store.embedded):
            store.execute(statement)
        store.execute("INSERT INTO schema_version VALUES (?, NULL)", (1,))
        store.commit()
        assert not store.table_exists("result_contracts")  # version 1 keeps its released shape
        batch = prepare([_stored(CAN_TWO_CONTRACTS)])
        batch.blocks = [
            {name: rows for name, rows in block.items() if name != "result_contracts"} for block in batch.blocks
        ]
        store.write_prepared(batch, [])
    finally:
        store.close()


def test_a_version_1_store_is_migrated_and_keeps_its_rows(store_url: Callable[[], str], tmp_path: Path) -> None:
    url = store_url()
    _version_1_store(url)
    with open_store(url, read_only=False, migrate=False) as old:
        before = {table: old.count(table) for table in ("notices", "lots", "lot_results", "contracts", "tenders")}
        assert old.schema_version() == 1
    with open_store(url) as store:
        assert store.schema_version() == SCHEMA_VERSION >= 2
        assert {table: store.count(table) for table in before} == before
        assert store.count("result_contracts") == 0  # stored notices are not read again
        # Without links the export falls back to the guess, which finds the same awards for this notice.
        (release,) = _package(store, tmp_path)["releases"]
        assert release["id"] == CAN_KEY
        assert [c["awardID"] for c in release["contracts"]] == ["RES-0001", "RES-0003"]
        store.write_batch([_stored(CN), _stored(CAN_TWO_CONTRACTS.replace(b"2024/PNE/03", b"2024/PNE/04"))], [])
        assert ("RES-0003", "CON-0002") in store.query("SELECT result_id, contract_id FROM result_contracts")


def test_a_new_store_has_the_schema_of_a_migrated_one(store_url: Callable[[], str]) -> None:
    migrated_url, new_url = store_url(), store_url()
    _version_1_store(migrated_url)
    shapes = []
    for url in (migrated_url, new_url):
        with open_store(url) as store:
            shapes.append(
                store.query(
                    "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = "
                    "'result_contracts' AND table_schema = current_schema() ORDER BY ordinal_position"
                )
            )
            assert [row[0] for row in store.query("SELECT version FROM schema_version ORDER BY version")] == list(
                range(1, SCHEMA_VERSION + 1)
            )
    assert shapes[0] == shapes[1] and [row[0] for row in shapes[0]] == [
        "notice_key",
        "result_id",
        "contract_id",
        "batch_id",
    ]


def test_a_link_to_a_missing_result_gives_the_contract_its_own_award() -> None:
    rows = ResultRows(
        results=[("CON-0001", "LOT-0001", "selec-w", None, None)],  # an award already has the contract's id
        contracts=[("CON-0001", None, None, None, None)],
        links=[("RES-0009", "CON-0001")],  # the notice names a result it does not hold
    )
    section = awards_and_contracts(rows, "result")
    (contract,) = section.contracts
    assert contract["awardID"] == "CON-0001-award-1"
    assert contract["awardID"] in {award["id"] for award in section.awards}
    assert len({award["id"] for award in section.awards}) == len(section.awards)
