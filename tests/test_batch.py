"""Several facts' summary queries answered by one statement (sppmon.indicators.batch) give what each gives alone."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sppmon.indicators import DECLARED, DETECTED, IndicatorResult, batch, compute
from sppmon.indicators.sources import SUMMARY, known_summary
from sppmon.pipeline import PipelineOptions, ingest
from sppmon.sample import write_sample
from sppmon.store import Store, open_store
from sppmon.store.summary import built_definitions

CODES = ("green", "social", "innovative", "gpp-criteria")
QUERIES: tuple[tuple[tuple[str, ...], dict[str, str]], ...] = (
    ((), {}),
    ((), {"year": "2024", "country": "BEL"}),
    ((), {"buyer": "none-such"}),  # nothing in scope: each card still has its row of zeros
    (("year", "format"), {"product_group": "cleaning"}),
    (("buyer",), {}),  # a buyer level
)


class CountingStore:
    """A store that counts the statements it runs."""

    def __init__(self, store: Store) -> None:
        self.store, self.statements = store, 0

    def query(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        self.statements += 1
        return self.store.query(sql, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def _counts(store: Any, code: str, by: tuple[str, ...], filters: dict[str, str]) -> IndicatorResult:
    return compute(store, code, by=by, filters=filters, values=False)


def _together(store: Any, by: tuple[str, ...], filters: dict[str, str]) -> list[IndicatorResult]:
    planned = [functools.partial(_counts, store, code, by, filters) for code in CODES]
    answers = batch.shared_answers(store, planned)
    assert len(answers) == len(CODES)  # every fact's statement was shared
    with batch.answering(answers):
        return [_counts(store, code, by, filters) for code in CODES]


def test_facts_counted_together_give_what_each_gives_alone(store_url: Callable[[], str], tmp_path: Path) -> None:
    folder = write_sample(tmp_path / "sample", 300, seed=5, layout="dir")
    with open_store(store_url()) as opened:
        ingest([str(folder)], opened, PipelineOptions(workers=1))
        store: Any = CountingStore(opened)
        with known_summary(built_definitions(opened)):  # as the web app reads it: once per version of the store
            _compare(store)


def _compare(store: CountingStore) -> None:
    for by, filters in QUERIES:
        alone = [_counts(store, code, by, filters) for code in CODES]
        assert all(result.source == SUMMARY for result in alone)
        before = store.statements
        together = _together(store, by, filters)
        assert store.statements - before == 1, (by, filters)  # one statement for the four facts
        assert [result.rows for result in together] == [result.rows for result in alone], (by, filters)
        assert [result.columns for result in together] == [result.columns for result in alone]
    assert any(result.rows[0]["lots_yes"] for result in _together(store, (), {}))


def test_outside_a_batch_a_computation_runs_its_own_statement(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "store.duckdb")) as opened:
        ingest([str(write_sample(tmp_path / "sample", 40, seed=2, layout="dir"))], opened, PipelineOptions(workers=1))
        store: Any = CountingStore(opened)
        with known_summary(built_definitions(opened)):
            answers = batch.shared_answers(store, [functools.partial(_counts, store, "green", (), {})])
            assert answers == {} and store.statements == 0  # a fact alone shares with nobody; planning runs nothing
            with batch.answering(answers):
                _counts(store, "green", (), {})
        assert store.statements == 1


@pytest.mark.parametrize("code", ["green", "cvd"])
def test_planning_stops_a_computation_before_its_statement(tmp_path: Path, code: str) -> None:
    with open_store(str(tmp_path / "store.duckdb")) as opened:
        store: Any = CountingStore(opened)
        with known_summary(built_definitions(opened)):
            batch.shared_answers(store, [functools.partial(_counts, store, code, (), {})] * 2)
        assert store.statements == 0


# One fact's figures over the same rows: breakdowns by other keys, the same keys in another order, another
# variant (other counts), no keys at all, lot values (grouped by currency and day as well).
ONE_FACT: tuple[tuple[tuple[str, ...], str, bool], ...] = (
    (("year", "format"), DECLARED, False),
    (("year", "format"), DETECTED, False),
    (("format", "year"), DECLARED, False),
    (("product_group",), DECLARED, False),
    (("cpv_division", "procedure_type"), DECLARED, False),
    ((), DECLARED, False),
    (("year",), DECLARED, True),
)


def _one_fact(store: Any, filters: dict[str, str]) -> list[IndicatorResult]:
    return [
        compute(store, "green", by=by, filters=filters, variant=variant, values=values)
        for by, variant, values in ONE_FACT
    ]


def test_one_facts_figures_counted_together_give_what_each_gives_alone(
    store_url: Callable[[], str], tmp_path: Path
) -> None:
    folder = write_sample(tmp_path / "sample", 300, seed=6, layout="dir")
    with open_store(store_url()) as opened:
        ingest([str(folder)], opened, PipelineOptions(workers=1))
        store: Any = CountingStore(opened)
        with known_summary(built_definitions(opened)):
            for filters in ({}, {"country": "BEL"}, {"buyer": "none-such"}):
                alone = _one_fact(store, filters)
                planned = [
                    functools.partial(compute, store, "green", by, filters, variant, values)
                    for by, variant, values in ONE_FACT
                ]
                answers = batch.shared_answers(store, planned)
                assert len(answers) == len(ONE_FACT)
                before = store.statements
                with batch.answering(answers):
                    together = _one_fact(store, filters)
                assert store.statements == before  # all answered by the one shared statement
                for mine, theirs in zip(together, alone, strict=True):
                    assert (mine.columns, mine.rows) == (theirs.columns, theirs.rows), (mine.by, mine.variant)
                assert any(result.rows for result in alone)


@pytest.mark.parametrize(
    ("value", "joins"),
    [
        ("SUM(p.lots)", True),
        ("SUM(CASE WHEN CAST(p.k1 AS TEXT) = 'yes' THEN p.lots ELSE 0 END)", True),
        ("sum(p.lots_valued)", True),
        ("MIN(p.buyer_name)", False),  # PostgreSQL orders texts by its collation
        ("SUM(CASE WHEN p.k1 = ')' THEN p.lots END)", True),  # a parenthesis inside a text closes nothing
        ("SUM(p.lots) + SUM(p.lots_valued)", False),
        ("SUM(p.lots) / 2", False),
        ("AVG(p.lots)", False),
        ("COUNT(DISTINCT p.buyer_key)", False),
        ("p.year", False),
    ],
)
def test_only_aggregates_that_two_groups_combine_are_summed_up_again(value: str, joins: bool) -> None:
    assert (batch._combiner(value) is not None) is joins


def test_a_fact_s_groups_summed_up_again_are_those_its_grouping_sets_give(
    store_url: Callable[[], str], tmp_path: Path
) -> None:
    """Figures of one fact share a statement grouped by all their keys, each figure's groups summed up from it;
    an aggregate that is not a sum (a buyer's name) keeps the statement with a grouping set per figure. Both give
    the same groups, NULLs and exact decimal sums included."""
    import dataclasses
    import decimal

    folder = write_sample(tmp_path / "sample", 200, seed=8, layout="dir")
    with open_store(store_url()) as store:
        ingest([str(folder)], store, PipelineOptions(workers=1))
        values = (
            "SUM(p.lots)",
            "SUM(CASE WHEN CAST(p.k1 AS TEXT) = 'yes' THEN p.lots ELSE 0 END)",
            "SUM(CASE WHEN p.year = 2024 THEN p.value_amount END)",  # NULL in the groups of other years
        )
        sets = (("p.year",), ("p.buyer_country", "p.year"), ("p.product_group",), ("p.year", "p.buyer_country"))
        plans = [
            batch.Planned(f"figure {index}", (2000,), "lot_summary_buyers", "green", keys, values, ("p.year >= ?",))
            for index, keys in enumerate(sets)
        ]
        summed_up = batch._within_fact(store, plans)
        nulls = decimals = 0
        with_a_name = [dataclasses.replace(plan, values=(*values, "MIN(p.buyer_name)")) for plan in plans]
        grouped = batch._within_fact(store, with_a_name)
        for plan in plans:
            mine = sorted(summed_up[(plan.sql, plan.params)], key=repr)
            theirs = sorted((row[:-1] for row in grouped[(plan.sql, plan.params)]), key=repr)
            assert mine == theirs, plan.keys
            assert len(mine) > 1, plan.keys
            nulls += sum(row[len(plan.keys) + 2] is None for row in mine)
            decimals += sum(isinstance(row[len(plan.keys) + 2], decimal.Decimal) for row in mine)
        assert nulls and decimals  # groups without a valued lot (NULL) and decimal sums were both compared
