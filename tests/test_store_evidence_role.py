"""The store keeps why each evidence record counts (``evidence.role``, schema version 5) on DuckDB and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sppmon.detect import detect_notice
from sppmon.pipeline import PipelineOptions, ingest
from sppmon.readers import read_notice
from sppmon.store import Store, open_store
from sppmon.store.schema import EVIDENCE_ROLE_VERSION, MIGRATIONS, NOTICE_TABLES, PROCEDURE_LOTS, SCHEMA_VERSION

from .conftest import FIXTURES

CN = FIXTURES / "eforms" / "cn_sdk10_strategic.xml"
_COLUMNS = (
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'evidence' "
    "AND table_schema = current_schema() ORDER BY ordinal_position"
)


def _ingested(store: Store, folder: Path) -> None:
    folder.mkdir()
    (folder / "cn.xml").write_bytes(CN.read_bytes())
    ingest([str(folder)], store, PipelineOptions())


def test_each_evidence_row_keeps_the_role_that_made_it_count(store: Store, tmp_path: Path) -> None:
    _ingested(store, tmp_path / "in")
    expected = {
        (item.lot_id, item.term, item.field, item.start, item.role)
        for detection in detect_notice(read_notice(CN.read_bytes()))
        for item in detection.evidence
    }
    stored = set(store.query("SELECT lot_id, term, field, span_start, role FROM evidence"))
    assert expected and stored == expected
    assert all(role for *_, role in stored)


def test_a_store_without_the_role_column_is_migrated(store_url: Callable[[], str], tmp_path: Path) -> None:
    old_url, new_url = store_url(), store_url()
    old = open_store(old_url, migrate=False)
    try:  # a store as versions 1-4 left it: the evidence table without its last columns (role, batch_id)
        old.begin()
        for version in range(1, EVIDENCE_ROLE_VERSION):
            for statement in MIGRATIONS[version](old.embedded):
                old.execute(statement)
            old.execute("INSERT INTO schema_version VALUES (?, NULL)", (version,))
        for table in (*NOTICE_TABLES[1:], PROCEDURE_LOTS):
            old.execute(f"ALTER TABLE {table.name} DROP COLUMN batch_id")
        old.execute("ALTER TABLE evidence DROP COLUMN role")
        old.execute(
            "INSERT INTO evidence (notice_key, lot_id, seq, category, term) VALUES ('old', '', 0, 'label', 'FSC')"
        )
        old.commit()
    finally:
        old.close()
    shapes = []
    for url in (old_url, new_url):
        with open_store(url) as store:
            assert store.schema_version() == SCHEMA_VERSION >= EVIDENCE_ROLE_VERSION
            shapes.append(store.query(_COLUMNS))
    assert shapes[0] == shapes[1] and shapes[0][-2:] == [("role",), ("batch_id",)]
    with open_store(old_url) as store:
        assert store.query("SELECT term, role FROM evidence WHERE notice_key = 'old'") == [("FSC", None)]
        _ingested(store, tmp_path / "in")  # new evidence gets its role in the migrated table
        assert store.query("SELECT COUNT(*) FROM evidence WHERE role IS NULL") == [(1,)]
        assert store.query("SELECT COUNT(*) FROM evidence WHERE role IS NOT NULL")[0][0] > 0
