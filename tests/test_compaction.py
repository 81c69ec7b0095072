"""A load's batches leave the tables' partly filled row groups as they are (DuckDB's checkpoint would otherwise
rewrite the last row group of each table at every batch), and a load merges them at its last batch when a merge
is due, once every ``MERGE_EVERY_BATCHES`` batches: then the store ends as compact as if every commit had merged.
Writes outside a load merge as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sppmon import pipeline
from sppmon.pipeline import PipelineOptions, ingest
from sppmon.sample import write_sample
from sppmon.store import Store, base, open_store
from sppmon.store.base import merge_due
from sppmon.store.duckdb_store import DuckDBStore

TABLES = ("notices", "lots", "texts", "procedure_lots")


def _row_groups(store: Store, table: str) -> int:
    return int(store.query(f"SELECT COUNT(DISTINCT row_group_id) FROM pragma_storage_info('{table}')")[0][0])


def _checkpointing_each_commit(store: Store) -> Store:
    """A store whose every commit checkpoints (DuckDB waits for 16 MB of log as shipped: more than these batches
    write), so that each batch writes row groups of its own."""
    assert isinstance(store, DuckDBStore)
    store.connection.execute("SET checkpoint_threshold = '1KB'")
    return store


def _vacuum_tasks(store: Store) -> int:
    return int(store.query("SELECT current_setting('max_vacuum_tasks')")[0][0])


@pytest.fixture
def many_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, PipelineOptions]:
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 20)  # batches as small as asked
    return write_sample(tmp_path / "notices", 600, seed=21, layout="dir"), PipelineOptions(workers=1, batch_size=70)


def _load_watching_merges(
    store: Store, folder: Path, options: PipelineOptions, monkeypatch: pytest.MonkeyPatch
) -> list[int]:
    """Ingest ``folder``; the merge setting each batch was written with."""
    seen: list[int] = []
    write = store.write_prepared

    def watched(*args: Any) -> Any:
        seen.append(_vacuum_tasks(store))
        return write(*args)

    monkeypatch.setattr(store, "write_prepared", watched)
    ingest([str(folder)], store, options)
    return seen


def test_a_load_whose_batches_reach_a_multiple_merges_what_they_left_at_its_last_batch(
    tmp_path: Path, many_batches: tuple[Path, PipelineOptions], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, options = many_batches
    monkeypatch.setattr(base, "MERGE_EVERY_BATCHES", 8)
    with open_store(str(tmp_path / "store.duckdb")) as opened:
        store = _checkpointing_each_commit(opened)
        merging = _vacuum_tasks(store)
        seen = _load_watching_merges(store, folder, options, monkeypatch)
        assert len(seen) == 8 and set(seen[:-1]) == {0} and seen[-1] == merging > 0  # batches 1-8: the 8th merges
        assert _vacuum_tasks(store) == merging  # writes after the load merge as before
        assert all(_row_groups(store, table) == 1 for table in TABLES)  # 600 notices fit in one row group each


def test_a_load_before_a_merge_is_due_leaves_its_row_groups_unmerged(
    tmp_path: Path, many_batches: tuple[Path, PipelineOptions], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, options = many_batches
    path = tmp_path / "store.duckdb"
    with open_store(str(path)) as opened:
        store = _checkpointing_each_commit(opened)
        merging = _vacuum_tasks(store)
        seen = _load_watching_merges(store, folder, options, monkeypatch)
        assert merging > 0 and len(seen) == 8 and set(seen) == {0}  # batch ids 1 to 8: no multiple of 16
        assert _vacuum_tasks(store) == 0  # the recount that ended the load, and closing, merge nothing either
    with open_store(str(path)) as store:
        assert all(_row_groups(store, table) >= 8 for table in TABLES)
        assert _vacuum_tasks(store) == merging  # another connection merges as DuckDB does


@pytest.mark.parametrize(
    ("first", "last", "due"),
    [(1, 15, False), (1, 16, True), (16, 16, True), (17, 31, False), (10, 40, True), (31, 33, True), (33, 47, False)],
)
def test_a_merge_is_due_when_the_load_s_batch_ids_reach_a_multiple(first: int, last: int, due: bool) -> None:
    assert base.MERGE_EVERY_BATCHES == 16
    assert merge_due(first, last) is due


def test_loads_of_one_batch_merge_once_every_so_many_batches() -> None:
    merging = [batch for batch in range(1, 100) if merge_due(batch, batch)]
    assert merging == [16, 32, 48, 64, 80, 96]


def test_batches_that_never_merge_would_leave_a_row_group_each(
    tmp_path: Path, many_batches: tuple[Path, PipelineOptions], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the last commit's merge undoes: the setting does keep DuckDB from merging."""
    folder, options = many_batches
    compact = DuckDBStore.compact_at_commit
    monkeypatch.setattr(DuckDBStore, "compact_at_commit", lambda store, _: compact(store, False))
    with open_store(str(tmp_path / "store.duckdb")) as store:
        ingest([str(folder)], _checkpointing_each_commit(store), options)
        assert _row_groups(store, "notices") >= 8


def test_a_load_that_fails_leaves_merging_as_one_that_ends_and_the_next_merge_takes_its_row_groups(
    tmp_path: Path, many_batches: tuple[Path, PipelineOptions], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, options = many_batches

    def stop(done: int, rejected: int) -> None:
        if done >= 300:
            raise RuntimeError("stopped")

    path = tmp_path / "store.duckdb"
    with open_store(str(path)) as opened:
        store = _checkpointing_each_commit(opened)
        with pytest.raises(RuntimeError):
            ingest([str(folder)], store, options, progress=stop)
        assert _vacuum_tasks(store) == 0  # its batches (ids 1 to 5) reached no multiple of 16
    with open_store(str(path)) as opened:
        store = _checkpointing_each_commit(opened)
        assert _row_groups(store, "notices") >= 4
        monkeypatch.setattr(base, "MERGE_EVERY_BATCHES", 8)
        report = ingest([str(folder)], store, options)  # the rest: its batch ids reach 8
        assert report.counts.stored > 0 and _vacuum_tasks(store) > 0
        assert all(_row_groups(store, table) == 1 for table in TABLES)  # the earlier load's row groups too
