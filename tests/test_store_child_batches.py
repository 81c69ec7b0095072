"""Every child row of a notice carries the batch that wrote it (schema version 7), so that the per-batch upkeep
reads only the row groups of the batches it touches; stores written before get the batches of their notices."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sppmon import pipeline
from sppmon.pipeline import PipelineOptions, ingest
from sppmon.sample import write_sample
from sppmon.store import Store, open_store
from sppmon.store import base as store_base
from sppmon.store.lot_frame import Scope, batch_filter, load_scope
from sppmon.store.schema import CHILD_BATCH_VERSION, MIGRATIONS, NOTICE_TABLES, PROCEDURE_LOTS, SCHEMA_VERSION

CHILD_TABLES = (*NOTICE_TABLES[1:], PROCEDURE_LOTS)  # the tables that carry the batch of their notice


def _columns(store: Store, table: str) -> list[tuple[object, ...]]:
    return store.query(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "AND table_schema = current_schema() ORDER BY ordinal_position",
        (table,),
    )


def _procedure_lots(store: Store) -> list[tuple[object, ...]]:
    return sorted(store.query(f"SELECT {', '.join(PROCEDURE_LOTS.column_names)} FROM procedure_lots"), key=repr)


def test_child_rows_carry_their_notice_batch_and_batches_keep_procedure_lots_right(
    store_url: Callable[[], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 20)  # a batch holds whole reading chunks
    first = write_sample(tmp_path / "first", 240, seed=5, layout="dir")
    second = write_sample(tmp_path / "second", 120, seed=6, layout="dir")
    with open_store(store_url()) as store:
        options = PipelineOptions(workers=1, batch_size=60)  # change notices land in later batches than their lots
        ingest([str(first)], store, options)
        ingest([str(second)], store, options)
        assert store.query("SELECT COUNT(DISTINCT batch_id) FROM notices")[0][0] >= 6
        for table in CHILD_TABLES:
            wrong = store.query(
                f"SELECT COUNT(*) FROM {table.name} t LEFT JOIN notices n ON n.notice_key = t.notice_key "
                "WHERE t.batch_id IS NULL OR n.batch_id IS NULL OR t.batch_id <> n.batch_id"
            )
            assert wrong == [(0,)], table.name
        kept = _procedure_lots(store)
        assert kept
        store.rebuild_procedure_lots()
        assert _procedure_lots(store) == kept


def _version_6_store(url: str) -> None:
    """A store as versions 1-6 left it, with one notice of batch 3 and two child rows."""
    old = open_store(url, migrate=False)
    try:
        old.begin()
        for version in range(1, CHILD_BATCH_VERSION):
            for statement in MIGRATIONS[version](old.embedded):
                old.execute(statement)
            old.execute("INSERT INTO schema_version VALUES (?, NULL)", (version,))
        for table in CHILD_TABLES:
            old.execute(f"ALTER TABLE {table.name} DROP COLUMN batch_id")
        old.execute(
            "INSERT INTO notices (notice_key, notice_id, procedure_key, format, content_sha256, batch_id, is_latest) "
            "VALUES ('n1', 'n1', 'p1', 'eforms', 'ab', 3, TRUE)"
        )
        old.execute("INSERT INTO lots (notice_key, lot_id, kind) VALUES ('n1', 'LOT-0001', 'Lot')")
        old.execute("INSERT INTO texts (notice_key, lot_id, field, seq, text) VALUES ('n1', 'LOT-0001', 't', 0, 'x')")
        old.execute("INSERT INTO texts (notice_key, lot_id, field, seq, text) VALUES ('gone', '', 't', 0, 'y')")
        old.commit()
    finally:
        old.close()


def test_a_store_before_version_7_gets_the_batches_of_its_notices(store_url: Callable[[], str]) -> None:
    old_url, new_url = store_url(), store_url()
    _version_6_store(old_url)
    with open_store(old_url) as old, open_store(new_url) as new:
        assert old.schema_version() == SCHEMA_VERSION >= CHILD_BATCH_VERSION
        for table in CHILD_TABLES:
            assert _columns(old, table.name) == _columns(new, table.name), table.name
            assert _columns(old, table.name)[-1] == ("batch_id",)
        assert old.query("SELECT lot_id, batch_id FROM lots") == [("LOT-0001", 3)]
        texts = sorted(old.query("SELECT notice_key, text, batch_id FROM texts"), key=repr)
        assert texts == [("gone", "y", None), ("n1", "x", 3)]  # a row without its notice keeps no batch


def test_a_scope_names_the_batches_of_its_notices_and_reads_all_when_one_has_none(store: Store) -> None:
    store.execute(
        "INSERT INTO notices (notice_key, notice_id, procedure_key, format, content_sha256, batch_id) VALUES "
        "('a', 'a', 'p1', 'eforms', 'x', 4), ('b', 'b', 'p1', 'eforms', 'y', 2), ('c', 'c', 'p2', 'eforms', 'z', 9)"
    )
    store.load_keys("scope_procedures", ["p1"])
    scope = load_scope(store, Scope("scope_procedures", "scope_notices"))
    assert scope.batches == (2, 4)
    assert "batch_id IN (2, 4) AND notice_key IN" in scope.table("lots")
    store.execute("UPDATE notices SET batch_id = NULL WHERE notice_key = 'b'")
    assert load_scope(store, scope).batches is None
    assert batch_filter(None) == "" and batch_filter(()) == "batch_id IN (NULL) AND "


def test_a_batch_takes_its_touched_notices_from_the_summarys_and_they_are_the_same(
    store_url: Callable[[], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPPMON_SUMMARY_RECOUNT_SHARE", "off")
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 20)
    derived: list[int] = []
    grown = store_base.grown_scope

    def recorded(store: Store, scope: Scope, before: Scope, batch_id: int, replaced: str | None) -> Scope:
        derived.append(batch_id)
        return grown(store, scope, before, batch_id, replaced)

    monkeypatch.setattr(store_base, "grown_scope", recorded)
    folder = write_sample(tmp_path / "sample", 200, seed=15, layout="dir")
    with open_store(store_url()) as store:
        options = PipelineOptions(workers=1, batch_size=60)
        ingest([str(folder)], store, options)
        for path in sorted(folder.glob("*.xml"))[:50]:  # the same notices with other content: replaced
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace('contract-nature">services<', 'contract-nature">supplies<', 1), "utf-8")
        ingest([str(folder)], store, options)
        assert len(derived) >= 4 and store.query("SELECT COUNT(*) FROM replaced_keys")[0][0] > 0
        # The last batch's notices of its procedures, taken from the summary's: as a pass over notices finds them.
        taken = sorted(store.query("SELECT value, batch_id FROM touched_notices"), key=repr)
        found = store.query(
            "SELECT notice_key, batch_id FROM notices WHERE procedure_key IN (SELECT value FROM touched_procedures)"
        )
        assert taken == sorted(found, key=repr) and taken
        kept = _procedure_lots(store)
        store.rebuild_procedure_lots()
        assert _procedure_lots(store) == kept
