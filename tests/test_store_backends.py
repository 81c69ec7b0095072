"""Backends agree: the same notices give the same store on DuckDB and PostgreSQL; PostgreSQL takes several
writers and readers at once without corruption."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest

from sppmon.headline import headline
from sppmon.readers import read_notice
from sppmon.sample import SampleGenerator
from sppmon.store import Store, StoredNotice, open_store
from sppmon.store.postgres_store import redact, translate
from sppmon.store.schema import MIGRATIONS
from sppmon.store.stats import store_stats

from .conftest import fresh_postgres_schema

SAMPLE = list(SampleGenerator(7).notices(450))


def _stored(items: list[tuple[str, bytes]]) -> list[StoredNotice]:
    return [StoredNotice(read_notice(data), name, hashlib.sha256(data).hexdigest()) for name, data in items]


def _snapshot(store: Store) -> dict[str, object]:
    """Everything an indicator could see, in a comparable form."""
    stats = store_stats(store).as_dict()
    stats["headline"] = [(h.fact, h.lots, h.yes, h.explicit_none) for h in headline(store)]
    stats["latest"] = sorted(
        store.query("SELECT notice_key, COALESCE(superseded_by, '') FROM notices ORDER BY notice_key")
    )
    return stats


def test_placeholders_are_translated_outside_quotes() -> None:
    assert translate("SELECT ? WHERE a = '?' AND b LIKE 'x%' AND c = ?") == (
        "SELECT %s WHERE a = '?' AND b LIKE 'x%%' AND c = %s"
    )
    assert translate('SELECT "we?rd" FROM t WHERE x % 2 = ?') == 'SELECT "we?rd" FROM t WHERE x %% 2 = %s'


def test_passwords_are_not_shown() -> None:
    assert redact("postgresql://app:s3cret@db:5432/sppmon") == "postgresql://app:***@db:5432/sppmon"
    assert redact("postgresql://app@db/sppmon") == "postgresql://app@db/sppmon"


@pytest.mark.postgres
def test_duckdb_and_postgresql_give_the_same_store(tmp_path: Path, postgres_database: str) -> None:
    notices = _stored(SAMPLE[:300])
    snapshots = []
    for url in (str(tmp_path / "same.duckdb"), fresh_postgres_schema(postgres_database)):
        with open_store(url) as store:
            for start in range(0, len(notices), 70):  # several batches: supersession across batches too
                store.write_batch(notices[start : start + 70], [])
            snapshots.append(_snapshot(store))
    assert snapshots[0] == snapshots[1]
    assert snapshots[0]["procedure_lots"] > 0


@pytest.mark.postgres
def test_concurrent_writers_and_readers(tmp_path: Path, postgres_database: str) -> None:
    """Two bulk writers with overlapping input, one writer of single notices (web uploads) and two readers at
    the same time end in exactly the store one writer would have built, and every read sees a whole batch."""
    url = fresh_postgres_schema(postgres_database)
    open_store(url).close()  # migrated once; the writers below open the existing schema
    notices = _stored(SAMPLE)
    plans: list[list[list[StoredNotice]]] = [
        [notices[i : i + 50] for i in range(0, 300, 50)],
        [notices[i : i + 50] for i in range(150, 450, 50)],
        [[notice] for notice in notices[100:160]],
    ]
    errors: list[BaseException] = []
    done = threading.Event()

    def write(batches: list[list[StoredNotice]]) -> None:
        try:
            with open_store(url) as store:
                for batch in batches:
                    store.write_batch(batch, [])
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    def read() -> None:
        try:
            with open_store(url, read_only=True) as store:
                while not done.is_set():
                    counts = store.query(
                        "SELECT (SELECT COUNT(*) FROM notices), (SELECT COALESCE(SUM(stored), 0) FROM batches)"
                    )[0]
                    # Notices and their batch record are committed together: a reader never sees one alone.
                    assert int(counts[0]) == int(counts[1])
                    store_stats(store)
        except BaseException as exc:
            errors.append(exc)

    writers = [threading.Thread(target=write, args=(plan,)) for plan in plans]
    readers = [threading.Thread(target=read) for _ in range(2)]
    for thread in (*readers, *writers):
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    for thread in readers:
        thread.join()
    assert not errors, errors

    with open_store(url) as concurrent:
        result = _snapshot(concurrent)
        batch_ids = [row[0] for row in concurrent.query("SELECT batch_id FROM batches")]
    assert len(batch_ids) == len(set(batch_ids))
    with open_store(str(tmp_path / "reference.duckdb")) as reference:
        reference.write_batch(notices, [])
        assert result == _snapshot(reference)


@pytest.mark.postgres
def test_several_openers_of_a_fresh_database_migrate_it_once(postgres_database: str) -> None:
    url = fresh_postgres_schema(postgres_database)
    errors: list[BaseException] = []

    def migrate() -> None:
        try:
            open_store(url).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=migrate) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    with open_store(url) as store:
        assert store.count("schema_version") == len(MIGRATIONS)  # each migration once
