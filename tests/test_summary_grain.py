"""The two hashes that identify a summary row (``grain_key`` to find it, ``grain_check`` to be sure of it): a
batch merges its changes into the stored rows that share both, reading only their sums. Rows that share the
grain key alone stay apart; stores counted before schema version 8 get the check of their rows, and their
summary stays valid."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sppmon import pipeline
from sppmon.pipeline import PipelineOptions, ingest
from sppmon.sample import write_sample
from sppmon.store import Store, open_store, summary
from sppmon.store.schema import GRAIN_CHECK_VERSION, SCHEMA_VERSION

from .test_summary import summary_rows

TABLES = tuple(dict.fromkeys(summary.LEVEL_TABLES.values()))


@pytest.fixture(autouse=True)
def _per_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPPMON_SUMMARY_RECOUNT_SHARE", "off")  # every batch merges its changes
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 20)  # batches as small as asked


def _ingest(store: Store, *paths: Path) -> None:
    ingest([str(path) for path in paths], store, PipelineOptions(workers=1, batch_size=70))


def _samples(folder: Path, notices: int, seed: int) -> tuple[Path, Path]:
    """Two folders of generated notices: ``notices`` of them, then half as many others."""
    first = write_sample(folder / "first", notices, seed=seed, layout="dir")
    return first, write_sample(folder / "second", notices // 2, seed=seed + 1, layout="dir")


def _as_version_7(store: Store, folder: Path) -> None:
    """The notices of ``folder`` stored, and the summary tables as version 7 left them: without a check."""
    _ingest(store, folder)
    for table in TABLES:
        store.execute(f"ALTER TABLE {table} DROP COLUMN grain_check")
    store.execute("DELETE FROM schema_version WHERE version = ?", (GRAIN_CHECK_VERSION,))


def _wrong_checks(store: Store, table: str) -> int:
    check = summary.grain_check(store.dialect, summary.GRAIN)
    return int(store.query(f"SELECT COUNT(*) FROM {table} WHERE grain_check IS DISTINCT FROM {check}")[0][0])


def test_rows_that_share_a_grain_key_are_told_apart_by_their_check(
    store_url: Callable[[], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(summary, "grain_key", lambda dialect, columns: "CAST(7 AS BIGINT)")
    first, second = _samples(tmp_path, 240, seed=11)
    with open_store(store_url()) as store:
        _ingest(store, first)
        _ingest(store, second, first)  # new notices, and the first ones again
        for table in TABLES:  # every row has the same grain key: only the check tells them apart
            keys, rows = store.query(f"SELECT COUNT(DISTINCT grain_key), COUNT(*) FROM {table}")[0]
            assert keys == 1 and rows > 100
            assert _wrong_checks(store, table) == 0
        kept = summary_rows(store)
        assert summary.stale_facts(store) == []
        store.rebuild_procedure_lots()  # recounts the summary from the lots
        assert summary_rows(store) == kept


def test_a_store_counted_before_version_8_gets_the_check_of_its_rows(
    store_url: Callable[[], str], tmp_path: Path
) -> None:
    first, second = _samples(tmp_path, 160, seed=13)
    url = store_url()
    with open_store(url) as store:
        _as_version_7(store, first)
        built = store.query("SELECT fact, built_at FROM summary_state ORDER BY fact")
        counted = summary_rows(store)
    with open_store(url) as store:
        assert store.schema_version() == SCHEMA_VERSION
        for table in TABLES:
            columns = store.query(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "AND table_schema = current_schema() ORDER BY ordinal_position",
                (table,),
            )
            assert columns[-1] == ("grain_check",)
            assert _wrong_checks(store, table) == 0
        assert store.query("SELECT fact, built_at FROM summary_state ORDER BY fact") == built  # not recounted
        assert summary_rows(store) == counted
        _ingest(store, second, first)  # batches merge into the migrated rows
        kept = summary_rows(store)
        store.rebuild_procedure_lots()
        assert summary_rows(store) == kept


def test_a_batch_written_to_a_store_not_yet_migrated_leaves_the_summary_stale(
    store_url: Callable[[], str], tmp_path: Path
) -> None:
    first, second = _samples(tmp_path, 100, seed=16)
    url = store_url()
    with open_store(url) as store:
        _as_version_7(store, first)
    with open_store(url, migrate=False) as old:  # its rows have no check: a merge would match none of them
        _ingest(old, second)
        assert {fact.name for fact in summary.stale_facts(old)} == {fact.name for fact in summary.FACTS}
    with open_store(url) as store:  # a writer migrates and recounts what is stale
        assert summary.stale_facts(store) == []
        kept = summary_rows(store)
        store.rebuild_procedure_lots()
        assert summary_rows(store) == kept
