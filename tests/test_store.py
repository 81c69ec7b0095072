"""Store: identity and versions, supersession, idempotence, rejections, transactions, schema."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from sppmon.errors import StoreError
from sppmon.pipeline import ingest
from sppmon.readers import read_notice
from sppmon.store import Rejection, Store, StoredNotice, open_store
from sppmon.store.schema import NOTICE_TABLES, SCHEMA_VERSION

from .conftest import FIXTURES

CN = (FIXTURES / "eforms" / "cn_sdk10_strategic.xml").read_bytes()
CAN = (FIXTURES / "eforms" / "can_cvd_eed.xml").read_bytes()
CN_ID = b"11111111-2222-4333-8444-555555555555"


def _stored(data: bytes, source: str = "test") -> StoredNotice:
    return StoredNotice(read_notice(data), source, hashlib.sha256(data).hexdigest())


def _version(data: bytes, version: str) -> bytes:
    return data.replace(b"<cbc:VersionID>01</cbc:VersionID>", f"<cbc:VersionID>{version}</cbc:VersionID>".encode())


def _change_of(data: bytes, new_id: bytes, changed: str) -> bytes:
    changes = (
        "<efac:Changes><efbc:ChangedNoticeIdentifier>" + changed + "</efbc:ChangedNoticeIdentifier></efac:Changes>"
    ).encode()
    return data.replace(CN_ID, new_id).replace(b"<efac:NoticeSubType>", changes + b"<efac:NoticeSubType>")


def _latest(store: Store) -> set[str]:
    return {row[0] for row in store.query("SELECT notice_key FROM notices WHERE is_latest")}


def test_same_notice_twice_changes_nothing(store: Store) -> None:
    first = store.write_batch([_stored(CN), _stored(CAN)], [])
    assert (first.stored, first.unchanged) == (2, 0)
    second = store.write_batch([_stored(CN), _stored(CAN)], [])
    assert (second.stored, second.updated, second.unchanged) == (0, 0, 2)
    assert not second.changed_anything
    assert store.count("notices") == 2
    assert store.count("batches") == 1  # an idle batch leaves no trace


def test_same_version_with_other_content_replaces_its_rows(store: Store) -> None:
    store.write_batch([_stored(CN)], [])
    edited = CN.replace(b"Kantoren Brussel", b"Kantoren Brussel-Centrum")
    counts = store.write_batch([_stored(edited)], [])
    assert (counts.stored, counts.updated) == (0, 1)
    assert store.query("SELECT title FROM lots WHERE lot_id = 'LOT-0001'") == [("Kantoren Brussel-Centrum",)]
    assert store.count("lots") == 2


def test_higher_version_supersedes_lower_in_any_order(store_url: Callable[[], str]) -> None:
    key = CN_ID.decode()
    for order in ([CN, _version(CN, "02")], [_version(CN, "02"), CN]):
        with open_store(store_url()) as store:
            for data in order:
                store.write_batch([_stored(data)], [])
            assert _latest(store) == {f"{key}-02"}
            assert store.query("SELECT superseded_by FROM notices WHERE notice_key = ?", (f"{key}-01",)) == [
                (f"{key}-02",)
            ]


def test_change_notice_supersedes_the_notice_it_names(store: Store) -> None:
    change = _change_of(CN, b"22222222-2222-4333-8444-555555555555", f"{CN_ID.decode()}-01")
    counts = store.write_batch([_stored(change)], [])
    assert counts.superseded == 0
    counts = store.write_batch([_stored(CN)], [])  # the original arrives after its change
    assert counts.superseded == 1
    assert _latest(store) == {"22222222-2222-4333-8444-555555555555-01"}
    history = store.count("notices")
    assert history == 2  # history is kept


def test_a_superseded_version_replaced_with_other_content_stays_superseded(store: Store) -> None:
    key = CN_ID.decode()
    store.write_batch([_stored(CN), _stored(_version(CN, "02"))], [])
    edited = CN.replace(b"Kantoren Brussel", b"Kantoren Brussel-Centrum")
    counts = store.write_batch([_stored(edited)], [])  # the same key: its stored rows are replaced
    assert (counts.updated, counts.superseded) == (1, 0)  # it was superseded before and still is
    assert _latest(store) == {f"{key}-02"}
    assert store.query("SELECT superseded_by FROM notices WHERE notice_key = ?", (f"{key}-01",)) == [(f"{key}-02",)]
    counts = store.write_batch([_stored(_version(edited, "03"))], [])
    assert counts.superseded == 1 and _latest(store) == {f"{key}-03"}


def test_change_notice_by_publication_number(store: Store) -> None:
    published = CAN
    change = published.replace(b"99999999-8888-4777-8666-555555555555", b"12121212-8888-4777-8666-555555555555")
    change = change.replace(b"00234567-2024", b"00299999-2024").replace(
        b"<efac:NoticeSubType>",
        b"<efac:Changes><efbc:ChangedNoticeIdentifier>00234567-2024</efbc:ChangedNoticeIdentifier></efac:Changes>"
        b"<efac:NoticeSubType>",
    )
    store.write_batch([_stored(published), _stored(change)], [])
    assert _latest(store) == {"12121212-8888-4777-8666-555555555555-02"}


def test_rejections_are_recorded_once(store: Store) -> None:
    rejection = Rejection("pkg.tar.gz!bad.xml", "XML_MALFORMED", "boom", "abc")
    assert store.write_batch([], [rejection]).new_rejections == 1
    again = store.write_batch([], [rejection])
    assert (again.rejected, again.new_rejections) == (1, 0)
    assert store.count("rejections") == 1


def test_a_failing_batch_leaves_nothing_behind(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    original = store.bulk_insert

    def failing(table: str, data: object) -> None:
        if table == "award_criteria":
            raise RuntimeError("disk full")
        original(table, data)

    monkeypatch.setattr(store, "bulk_insert", failing)
    with pytest.raises(RuntimeError):
        store.write_batch([_stored(CN)], [Rejection("x", "XML_EMPTY", "empty")])
    monkeypatch.undo()
    for table in NOTICE_TABLES:
        assert store.count(table.name) == 0, table.name
    assert store.count("rejections") == 0
    assert store.write_batch([_stored(CN)], []).stored == 1


def test_rows_match_the_schema_columns(store: Store) -> None:
    store.write_batch([_stored(CN), _stored(CAN)], [])  # a column mismatch would fail the Arrow load
    assert store.count("vehicle_counts") == 5
    assert store.count("winners") == 3
    row = store.query("SELECT buyer_name, buyer_key, is_eu_institution, stage, year FROM notices WHERE subtype='29'")
    assert row == [("Ville de Liège", "BEL:id:0207329186", False, "result", 2024)]
    awarded = store.query("SELECT lot_id, awarded_value, tenders_received FROM lot_results ORDER BY lot_id")
    assert [(lot, float(value) if value is not None else None, count) for lot, value, count in awarded] == [
        ("LOT-0001", 1800000.0, 2),
        ("LOT-0002", None, 0),
        ("LOT-0003", 500000.0, 2),
    ]


def test_procedure_lots_count_each_lot_once(store: Store) -> None:
    award = CAN.replace(b"cccccccc-dddd-4eee-8fff-000000000000", b"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee")
    store.write_batch([_stored(CN), _stored(award)], [])
    rows = store.query("SELECT lot_id, stage FROM procedure_lots ORDER BY lot_id")
    # LOT-0001/0002 from the contract notice (preferred), LOT-0003 only exists in the award notice.
    assert rows == [("LOT-0001", "competition"), ("LOT-0002", "competition"), ("LOT-0003", "result")]


def test_schema_version_and_newer_store_refused(store_url: Callable[[], str]) -> None:
    path = store_url()
    with open_store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        store.execute("INSERT INTO schema_version VALUES (?, NULL)", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


def test_read_only_store_must_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        open_store(str(tmp_path / "absent.duckdb"), read_only=True)


def test_ingest_pipeline_end_to_end(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "cn.xml").write_bytes(CN)
    (folder / "can.xml").write_bytes(CAN)
    (folder / "bad.xml").write_bytes(b"<oops>")
    (folder / "noid.xml").write_bytes(CN.replace(CN_ID, b""))
    report = ingest([str(folder)], store)
    assert (report.counts.stored, report.counts.rejected) == (2, 2)
    assert dict(report.counts.rejected_by_code) == {"NOTICE_NO_ID": 1, "XML_TRUNCATED": 1}
    again = ingest([str(folder)], store)
    assert (again.counts.stored, again.counts.unchanged, again.counts.new_rejections) == (0, 2, 0)


def test_a_changed_copy_in_the_same_batch_counts_as_updated(store: Store) -> None:
    edited = CN.replace(b"Kantoren Brussel", b"Kantoren Brussel-Centrum")
    counts = store.write_batch([_stored(CN), _stored(CN), _stored(edited)], [])
    assert (counts.read, counts.stored, counts.updated, counts.unchanged) == (3, 1, 1, 1)
    assert store.query("SELECT title FROM lots WHERE lot_id = 'LOT-0001'") == [("Kantoren Brussel-Centrum",)]


def test_the_pipeline_counts_a_changed_copy_in_one_batch_as_updated(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xml").write_bytes(CN)
    (folder / "b.xml").write_bytes(CN.replace(b"Kantoren Brussel", b"Kantoren Brussel-Centrum"))
    (folder / "c.xml").write_bytes(CAN)
    (folder / "d.xml").write_bytes(CAN)
    counts = ingest([str(folder)], store).counts
    assert (counts.read, counts.stored, counts.updated, counts.unchanged) == (4, 2, 1, 1)
    assert store.query("SELECT title FROM lots WHERE title LIKE 'Kantoren Brussel%'") == [("Kantoren Brussel-Centrum",)]


def _procedure_lots(store: Store) -> list[tuple[object, ...]]:
    return sorted(store.query("SELECT procedure_key, lot_id, notice_key, green_status FROM procedure_lots"), key=str)


def test_procedure_lots_kept_per_batch_equal_a_full_rebuild(store: Store) -> None:
    import random

    from sppmon.sample import SampleGenerator

    datas = [data for _, data in SampleGenerator(13).notices(160)]
    random.Random(5).shuffle(datas)  # awards before their contract notices, changes before originals
    for start in range(0, len(datas), 37):
        store.write_batch([_stored(data) for data in datas[start : start + 37]], [])
    edited = datas[0].replace(b"</cbc:Name>", b" (bis)</cbc:Name>", 1)
    store.write_batch([_stored(edited)], [])  # a replaced notice re-picks its procedure
    incremental = _procedure_lots(store)
    store.rebuild_procedure_lots()
    assert _procedure_lots(store) == incremental
    distinct = store.query("SELECT COUNT(DISTINCT procedure_key || '|' || lot_id) FROM procedure_lots")[0][0]
    assert len(incremental) == distinct


def test_a_notice_replaced_into_another_procedure_takes_its_old_picks_along(store: Store) -> None:
    """The old picks carry the batch of the replaced notice, which no notice of their procedure holds anymore:
    the refresh looks at that batch too."""
    store.write_batch([_stored(CN)], [])
    store.write_batch([_stored(CAN)], [])  # a batch between, of another procedure
    old, new = b"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", b"aaaaaaaa-bbbb-4ccc-8ddd-ffffffffffff"
    counts = store.write_batch([_stored(CN.replace(old, new))], [])
    assert counts.updated == 1
    procedures = {row[0] for row in store.query("SELECT DISTINCT procedure_key FROM procedure_lots")}
    assert not any(old.decode() in str(procedure) for procedure in procedures)
    assert any(new.decode() in str(procedure) for procedure in procedures)
    incremental = _procedure_lots(store)
    store.rebuild_procedure_lots()
    assert _procedure_lots(store) == incremental


def test_duckdb_memory_setting_is_validated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from sppmon import settings
    from sppmon.errors import ConfigError

    monkeypatch.setenv("SPPMON_DUCKDB_MEMORY", "1GB")
    with open_store(str(tmp_path / "m.duckdb")) as store:
        assert store.query("SELECT current_setting('memory_limit')")[0][0].replace(" ", "").upper().startswith("953")
    monkeypatch.setenv("SPPMON_DUCKDB_MEMORY", "1GB'; DROP TABLE notices; --")
    with pytest.raises(ConfigError, match="SPPMON_DUCKDB_MEMORY"):
        settings.get("duckdb_memory")


def _setting_during_recount(store: Store, monkeypatch: pytest.MonkeyPatch, setting: str) -> list[object]:
    """What ``setting`` (a query of one value) read while a recount of every lot rewrote the procedures' lots."""
    seen: list[object] = []
    original = store.execute

    def watching(sql: str, params: object = ()) -> None:
        if sql.startswith("DELETE FROM procedure_lots"):
            seen.append(store.query(setting)[0][0])
        original(sql, params)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "execute", watching)
    store.rebuild_procedure_lots()
    return seen


def test_a_whole_store_recount_gets_the_query_memory_and_gives_the_ingest_memory_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # After an ingest the connection has the small ingest memory; a recount of every lot (after a bulk copy)
    # sorts whole tables and ran out of it on a million lots.
    monkeypatch.setenv("SPPMON_DUCKDB_MEMORY", "1GB")
    monkeypatch.setenv("SPPMON_DUCKDB_INGEST_MEMORY", "64MB")
    store = open_store(str(tmp_path / "s.duckdb"))
    try:
        ingest([str(FIXTURES / "eforms")], store)
        memory = "SELECT current_setting('memory_limit')"
        ingest_limit = store.query(memory)[0][0]
        seen = _setting_during_recount(store, monkeypatch, memory)
        assert seen and seen[0] != ingest_limit and seen[0].startswith(("953", "1.0", "1GB", "1 GB")), seen
        assert store.query(memory)[0][0] == ingest_limit
        assert store.count("procedure_lots") > 0
    finally:
        store.close()


def test_an_ingest_writes_with_its_threads_and_a_whole_store_recount_with_every_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The notices are parsed in other threads while a batch is written: DuckDB's default of a thread per core
    # only made them compete (more CPU, no less time). A recount of every lot has the machine to itself.
    threads = "SELECT CAST(current_setting('threads') AS INTEGER)"
    store = open_store(str(tmp_path / "t.duckdb"))
    try:
        default = store.query(threads)[0][0]
        ingest([str(FIXTURES / "eforms")], store)
        assert store.query(threads)[0][0] == 1
        assert _setting_during_recount(store, monkeypatch, threads) == [default]
        assert store.query(threads)[0][0] == 1
        monkeypatch.setenv("SPPMON_DUCKDB_INGEST_THREADS", "3")
        store.prepare_for_bulk_load()
        assert store.query(threads)[0][0] == 3
    finally:
        store.close()


def test_the_ingest_threads_setting_is_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    from sppmon import settings
    from sppmon.errors import ConfigError

    monkeypatch.setenv("SPPMON_DUCKDB_INGEST_THREADS", "0")
    with pytest.raises(ConfigError, match="SPPMON_DUCKDB_INGEST_THREADS"):
        settings.get("duckdb_ingest_threads")


def test_a_lookup_out_of_the_ingest_memory_waits_for_the_batch_being_written(tmp_path: Path) -> None:
    # The content lookup runs beside the writer thread, within the same ingest memory: one run of the process
    # benchmark ended with STORE_OUT_OF_MEMORY outside the batch write, which retries with more memory.
    import duckdb

    store = open_store(str(tmp_path / "l.duckdb"))
    try:
        ingest([str(FIXTURES / "eforms")], store)
        digest, key = store.query("SELECT content_digest, notice_key FROM notices LIMIT 1")[0]
        calls: list[bool] = []
        original = store._stored_digests  # type: ignore[attr-defined]

        def short_of_memory(digests: list[int]) -> dict[int, str]:
            calls.append(store.exclusive()._is_owned())  # type: ignore[attr-defined]  # the write lock held
            if len(calls) == 1:
                raise duckdb.OutOfMemoryException("could not allocate block of size 256.0 KiB")
            return original(digests)  # type: ignore[no-any-return]

        store._stored_digests = short_of_memory  # type: ignore[attr-defined]
        assert store.stored_digests([digest]) == {digest: key}
        assert calls == [False, True]
    finally:
        store.close()
