"""A breakdown cut to its largest groups (``compute(..., largest=N)``) keeps exactly the groups, and the rows, that
cutting the whole breakdown in Python would keep: ties at the cut in the groups' order, on both stores, with and
without the lots' values, and from the summary as from the lots."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sppmon.indicators import batch, compute
from sppmon.indicators.sources import known_summary
from sppmon.pipeline import PipelineOptions, ingest
from sppmon.sample import write_sample
from sppmon.store import Store, open_store
from sppmon.store.summary import built_definitions


class RecordingStore:
    """A store that keeps the statements it runs."""

    def __init__(self, store: Store) -> None:
        self.store, self.statements = store, []

    def query(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        self.statements.append(sql)
        return self.store.query(sql, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def cut(rows: list[dict[str, Any]], largest: int) -> list[dict[str, Any]]:
    """The reference: the ``largest`` rows with the most lots in scope (a stable sort: ties in row order), in row
    order."""
    chosen = {id(row) for row in sorted(rows, key=lambda row: -row["lots_in_scope"])[:largest]}
    return [row for row in rows if id(row) in chosen]


@pytest.fixture
def sample_store(store_url: Callable[[], str], tmp_path: Path) -> Any:
    folder = write_sample(tmp_path / "sample", 240, seed=11, layout="dir")
    with open_store(store_url()) as opened:
        ingest([str(folder)], opened, PipelineOptions(workers=1))
        yield opened


@pytest.mark.parametrize("summary", [True, False], ids=["summary", "lots"])
def test_largest_groups_are_those_a_whole_breakdown_cut_in_python_keeps(sample_store: Any, summary: bool) -> None:
    store = RecordingStore(sample_store)
    with known_summary(built_definitions(sample_store) if summary else {}):
        for code, filters, values in (("green", {}, False), ("social", {"year": "2024"}, False), ("green", {}, True)):
            whole = compute(store, code, by=("buyer",), filters=filters, values=values).rows
            counts = sorted({row["lots_in_scope"] for row in whole})
            assert len(whole) > 10 and len(counts) < len(whole)  # enough buyers, and ties among them
            for largest in (1, 3, 8, len(whole), len(whole) + 5):
                cut_rows = compute(store, code, by=("buyer",), filters=filters, values=values, largest=largest).rows
                assert cut_rows == cut(whole, largest), (code, filters, values, largest)
    ranked = [sql for sql in store.statements if "LIMIT" in sql]
    # DuckDB cuts in the statement where a row is a whole group (counts only); elsewhere the statement returns every
    # group and the engine cuts
    assert bool(ranked) == (sample_store.dialect == "duckdb")
    assert not any("LIMIT" in sql and "p.value_currency AS k" in sql for sql in store.statements)  # money: whole


def test_a_breakdown_cut_to_its_largest_groups_runs_its_own_statement(tmp_path: Path) -> None:
    """Its statement's rows are only the largest groups, so it never answers another computation's statement,
    and another's answer (every group) never stands for it."""
    with open_store(str(tmp_path / "store.duckdb")) as opened:
        ingest([str(write_sample(tmp_path / "sample", 60, seed=3, layout="dir"))], opened, PipelineOptions(workers=1))
        with known_summary(built_definitions(opened)):
            buyer = compute(opened, "green", by=("buyer",), values=False, largest=1).rows[0]["buyer"]
            filters = {"buyer": str(buyer)}  # a filter of the buyer level: every statement reads that table
            asks = [("buyer", 4), ("buyer", None), ("year", None)]
            planned = [
                functools.partial(compute, opened, "green", by=(by,), filters=filters, values=False, largest=largest)
                for by, largest in asks
            ]
            answers = batch.shared_answers(opened, planned)
            assert len(answers) == 2  # the whole breakdown by buyer and the one by year, in one statement
            assert not any("LIMIT" in sql for sql, _ in answers)
            with batch.answering(answers):
                together = [computation().rows for computation in planned]
        alone = [computation().rows for computation in planned]
        assert together == alone
        assert together[0] == cut(together[1], 4)
