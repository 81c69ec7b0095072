"""A bulk load's batches leave the tables' partly filled row groups as they are (DuckDB's checkpoint would
otherwise rewrite the last row group of each table at every batch), and its last batch's commit merges them: the
store ends as compact as if every commit had merged, and writes outside a load merge as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sppmon import pipeline
from sppmon.pipeline import PipelineOptions, ingest
from sppmon.sample import write_sample
from sppmon.store import Store, open_store
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


def test_a_load_merges_what_its_batches_left_at_its_last_commit(
    tmp_path: Path, many_batches: tuple[Path, PipelineOptions], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, options = many_batches
    with open_store(str(tmp_path / "store.duckdb")) as opened:
        store = _checkpointing_each_commit(opened)
        merging = _vacuum_tasks(store)
        seen: list[int] = []
        write = store.write_prepared

        def watched(*args: Any) -> Any:
            seen.append(_vacuum_tasks(store))
            return write(*args)

        monkeypatch.setattr(store, "write_prepared", watched)
        ingest([str(folder)], store, options)
        assert len(seen) >= 8 and set(seen[:-1]) == {0} and seen[-1] == merging > 0
        assert _vacuum_tasks(store) == merging  # writes after the load merge as before
        assert all(_row_groups(store, table) == 1 for table in TABLES)  # 600 notices fit in one row group each


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


def test_a_load_that_fails_leaves_the_store_merging(
    tmp_path: Path, many_batches: tuple[Path, PipelineOptions], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, options = many_batches

    def stop(done: int, rejected: int) -> None:
        if done >= 300:
            raise RuntimeError("stopped")

    with open_store(str(tmp_path / "store.duckdb")) as opened:
        store = _checkpointing_each_commit(opened)
        merging = _vacuum_tasks(store)
        with pytest.raises(RuntimeError):
            ingest([str(folder)], store, options, progress=stop)
        assert _vacuum_tasks(store) == merging
        assert all(_row_groups(store, table) == 1 for table in TABLES)  # the batch close() wrote merged them
