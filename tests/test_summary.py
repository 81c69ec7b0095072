"""The summary tables: kept per batch they equal a full recount, and every indicator gives the same numbers from
them as from the lots — on generated notices (several batches, change notices, re-ingests with new content) and
on the real corpus, on DuckDB and PostgreSQL. An ingest here keeps the summary batch by batch whatever its size
(the recount that ends a large load instead is tested in ``test_summary_plan``)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sppmon import pipeline
from sppmon.indicators import REGISTRY, compute
from sppmon.indicators.sources import LOTS, SUMMARY, direct, summary_facts
from sppmon.pipeline import PipelineOptions, ingest
from sppmon.sample import write_sample
from sppmon.store import Store, open_store, summary
from sppmon.store.summary_facts import FACTS, FACTS_BY_NAME

from .conftest import SHARED, needs_shared

QUERIES: tuple[tuple[tuple[str, ...], dict[str, str]], ...] = (
    ((), {}),
    (("year",), {}),
    (("year", "format"), {}),
    (("buyer",), {}),
    (("quarter",), {"country": "BEL"}),
    (("product_group",), {"year": "2024"}),
    (("cpv_division", "procedure_type"), {}),
    (("nature", "eu_institution"), {"buyer_legal_type": "body-pl,cga"}),
    (("form_type",), {"buyer": "none-such,x"}),
    (("buyer",), {"year": "2024"}),  # the buyer-year level
    (("buyer", "year"), {"product_group": "cleaning"}),  # the buyer level (a product group with buyers)
    (("quarter",), {"buyer": "none-such"}),  # a buyer with the quarter: counted from the lots
)
BUYER_QUERIES = ((("year", "format"), {}), (("product_group",), {}), (("nature",), {"year": "2024"}))


def _buyer_queries(store: Store) -> list[tuple[tuple[str, ...], dict[str, str]]]:
    """Queries of the two buyers with the most lots (one per buyer level), by their keys."""
    rows = store.query("SELECT buyer_key FROM procedure_lots GROUP BY buyer_key ORDER BY COUNT(*) DESC, 1 LIMIT 2")
    buyers = ",".join(str(row[0]) for row in rows)
    return [(by, {**filters, "buyer": buyers}) for by, filters in BUYER_QUERIES]


def _expected_source(store: Store, indicator_code: str, by: tuple[str, ...], filters: dict[str, str]) -> str:
    """Where a result should come from: the summary when the indicator is summarised, unless the query asks for
    a buyer together with the quarter (no summary level keeps both)."""
    if not summary_facts(REGISTRY[indicator_code]):
        return LOTS
    buyer = "buyer" in by or "buyer" in filters
    return LOTS if buyer and "quarter" in (*by, *filters) else SUMMARY


def _same(left: object, right: object) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return math.isclose(left, right, rel_tol=1e-9, abs_tol=0.011)  # EUR sums are rounded to cents
    return left == right


def assert_same_figures(store: Store) -> int:
    """Every indicator, variant and query: the summary's result equals the lots' result. Returns how many
    results came from the summary."""
    from_summary = 0
    for code, indicator in REGISTRY.items():
        for by, filters in (*QUERIES, *_buyer_queries(store)):
            allowed = {key: value for key, value in filters.items() if key in indicator.breakdowns}
            for variant in indicator.variants:
                fast = compute(store, code, by=by, filters=allowed, variant=variant)
                with direct():
                    slow = compute(store, code, by=by, filters=allowed, variant=variant)
                assert slow.source == LOTS
                assert fast.source == _expected_source(store, code, by, allowed), (code, by, allowed)
                from_summary += fast.source == SUMMARY
                where = f"{code} by {by} {allowed} {variant}"
                assert fast.columns == slow.columns, where
                assert len(fast.rows) == len(slow.rows), where
                for fast_row, slow_row in zip(fast.rows, slow.rows, strict=True):
                    different = {
                        key: (value, slow_row.get(key))
                        for key, value in fast_row.items()
                        if not _same(value, slow_row.get(key))
                    }
                    assert not different, f"{where}: {different}"
                assert fast.notes == slow.notes, where
    return from_summary


def summary_rows(store: Store) -> dict[str, list[tuple[object, ...]]]:
    names = ", ".join(summary.GRAIN + summary.MEASURES)
    return {
        level: sorted(store.query(f"SELECT {names} FROM {table}"), key=repr)
        for level, table in summary.LEVEL_TABLES.items()
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("generated")
    first = write_sample(folder / "first", 900, seed=7, layout="dir")
    second = write_sample(folder / "second", 300, seed=8, layout="dir")
    yield first, second


def _keep_per_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPPMON_SUMMARY_RECOUNT_SHARE", "off")


@pytest.fixture(autouse=True)
def _per_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    _keep_per_batch(monkeypatch)


def _ingest(store: Store, *paths: Path, batch_size: int = 2000) -> None:
    ingest([str(path) for path in paths], store, PipelineOptions(workers=1, batch_size=batch_size))


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches as small as asked: a batch holds whole reading chunks, 256 notices each as shipped."""
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 20)


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("together", [True, False], ids=["facts-together", "fact-by-fact"])
def test_batches_keep_the_summary_equal_to_a_recount(
    store_url: Callable[[], str], generated: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, together: bool
) -> None:
    """Whichever way the recount goes: every fact in one statement (a small store) or one fact at a time."""
    monkeypatch.setattr(summary, "TOGETHER_MAX_LOTS", 10**9 if together else 0)
    first, second = generated
    with open_store(store_url()) as store:
        _ingest(store, first, batch_size=70)  # many batches; change notices land in later batches
        _ingest(store, second, first, batch_size=70)  # new notices, and the first ones again: nothing counted twice
        assert store.query("SELECT COUNT(*) FROM batches")[0][0] >= 15
        kept = summary_rows(store)
        assert all(kept.values())
        assert summary.stale_facts(store) == []
        store.rebuild_procedure_lots()  # recounts the summary from the lots
        assert summary_rows(store) == kept


NATURES = (
    ('contract-nature">supplies<', 'contract-nature">works<'),
    ('contract-nature">services<', 'contract-nature">supplies<'),
)


def test_replaced_and_superseded_notices_leave_no_trace(store_url: Callable[[], str], tmp_path: Path) -> None:
    folder = write_sample(tmp_path / "sample", 200, seed=3, layout="dir")
    with open_store(store_url()) as store:
        _ingest(store, folder)
        for path in sorted(folder.glob("*.xml"))[:60]:  # the same notices again, with other content
            text = path.read_text(encoding="utf-8")
            for old, new in NATURES:
                text = text.replace(old, new, 1)
            path.write_text(text, encoding="utf-8")
        _ingest(store, folder)
        kept = summary_rows(store)
        store.rebuild_procedure_lots()
        assert summary_rows(store) == kept
        assert_same_figures(store)


@pytest.mark.usefixtures("small_chunks")
def test_every_indicator_from_the_summary_equals_the_lots_on_generated_notices(
    store_url: Callable[[], str], generated: tuple[Path, Path]
) -> None:
    with open_store(store_url()) as store:
        _ingest(store, *generated, batch_size=150)
        assert assert_same_figures(store) > 100


@pytest.mark.shared
@needs_shared
@pytest.mark.usefixtures("small_chunks")
def test_every_indicator_from_the_summary_equals_the_lots_on_the_real_corpus(store_url: Callable[[], str]) -> None:
    with open_store(store_url()) as store:
        _ingest(store, SHARED / "corpus" / "eforms", SHARED / "corpus" / "ted-xml", batch_size=25)
        assert store.count("procedure_lots") > 100
        kept = summary_rows(store)
        assert assert_same_figures(store) > 100
        store.rebuild_procedure_lots()
        assert summary_rows(store) == kept


def test_ingest_without_the_summary_marks_it_stale_and_a_writer_rebuilds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_sample(tmp_path / "sample", 120, seed=5, layout="dir")
    url = str(tmp_path / "store.duckdb")
    monkeypatch.setenv("SPPMON_SUMMARY", "0")
    with open_store(url) as store:
        _ingest(store, folder)
        assert {fact.name for fact in summary.stale_facts(store)} == {fact.name for fact in FACTS}
        assert compute(store, "green").source == LOTS
    monkeypatch.setenv("SPPMON_SUMMARY", "1")
    with open_store(url, read_only=True) as reader:  # a reader cannot rebuild: it counts the lots
        assert compute(reader, "green").source == LOTS
    with open_store(url) as store:  # a writer rebuilds what is stale
        assert summary.stale_facts(store) == []
        assert compute(store, "green").source == SUMMARY
        assert_same_figures(store)


def test_a_fact_built_from_another_definition_is_not_used(tmp_path: Path) -> None:
    folder = write_sample(tmp_path / "sample", 60, seed=9, layout="dir")
    url = str(tmp_path / "store.duckdb")
    with open_store(url) as store:
        _ingest(store, folder)
        store.execute("UPDATE summary_state SET definition = 'older' WHERE fact = 'green'")
        assert compute(store, "green").source == LOTS
        assert compute(store, "social").source == SUMMARY
    with open_store(url) as store:
        assert compute(store, "green").source == SUMMARY


def test_each_query_reads_the_smallest_level_that_can_answer_it() -> None:
    green = FACTS_BY_NAME["green"]
    assert summary.summary_level(green, {"year", "green_status", "lots"}) == summary.MAIN_LEVEL
    assert summary.summary_level(green, {"buyer_key", "year", "format"}) == summary.BUYER_YEAR_LEVEL
    assert summary.summary_level(green, {"buyer_key", "product_group"}) == summary.BUYER_LEVEL
    assert summary.summary_level(green, {"buyer_key", "notice_date"}) is None
    assert summary.summary_level(green, {"notice_date", "cpv_division"}) == summary.MAIN_LEVEL


def test_a_summary_frame_reads_the_level_table_itself_under_the_frames_column_names() -> None:
    green = FACTS_BY_NAME["green"]
    frame = summary.summary_frame(green, summary.BUYER_YEAR_LEVEL)
    assert frame.table == "lot_summary_buyers" and frame.condition == "p.fact = 'green:years'"
    sql = frame.rewrite("SELECT p.year, SUM(CASE WHEN p.green_status = 'yes' THEN p.lots END) FROM t p")
    assert sql == "SELECT p.year, SUM(CASE WHEN CAST(p.k1 AS TEXT) = 'yes' THEN p.lots END) FROM t p"
    assert frame.rewrite("p.procedure_nature = ? AND p.green_statuses = ?") == (
        "CAST(NULL AS TEXT) = ? AND p.green_statuses = ?"  # whole names only
    )
    vehicles = summary.summary_frame(FACTS_BY_NAME["vehicles"], summary.MAIN_LEVEL)
    assert vehicles.rewrite("SUM(p.vehicles)") == "SUM(p.s1)"


def test_the_main_level_is_smaller_and_has_no_buyers(tmp_path: Path, generated: tuple[Path, Path]) -> None:
    with open_store(str(tmp_path / "store.duckdb")) as store:
        _ingest(store, generated[0])
        main, buyers = (
            store.query(f"SELECT COUNT(*) FROM {summary.LEVEL_TABLES[level]}")[0][0] for level in ("main", "buyers")
        )
        assert 0 < main < buyers
        table = summary.LEVEL_TABLES["main"]
        assert store.query(f"SELECT COUNT(*) FROM {table} WHERE buyer_key IS NOT NULL")[0][0] == 0
        lots = store.query(f"SELECT SUM(lots) FROM {summary.LEVEL_TABLES['main']} WHERE fact = 'green'")[0][0]
        assert lots == store.count("procedure_lots")
        buyers_table = summary.LEVEL_TABLES["buyers"]
        wide, narrow = (
            store.query(f"SELECT COUNT(*), SUM(lots) FROM {buyers_table} WHERE fact = ?", (name,))[0]
            for name in ("green", "green:years")
        )
        assert narrow[1] == wide[1] == lots  # every lot once at each level
        assert 0 < narrow[0] < wide[0]  # the buyer-year level has fewer rows


@pytest.mark.usefixtures("small_chunks")
def test_an_ingest_run_leaves_each_facts_summary_rows_together(
    tmp_path: Path, generated: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(summary, "ROW_GROUP_ROWS", 64)  # row groups small enough for a small store to have many
    monkeypatch.setattr(summary, "CLUSTERED_MIN_ROW_GROUPS", 2)
    with open_store(str(tmp_path / "store.duckdb")) as store:
        monkeypatch.setattr(store, "tidy_summary", list)  # batches only: their changes appended
        _ingest(store, generated[0], batch_size=70)
        table = summary.LEVEL_TABLES["buyers"]
        assert summary._scattered(store, table)
        kept = summary_rows(store)
        figures = [compute(store, code, by=("year",)).rows for code in ("green", "social")]
        assert summary.cluster(store) == [summary.LEVEL_TABLES["buyers"], summary.LEVEL_TABLES["main"]]
        assert not summary._scattered(store, table)
        facts = [row[0] for row in store.query(f"SELECT fact FROM {table} ORDER BY rowid")]
        assert facts == sorted(facts)  # every fact's rows together
        assert _in_fact_row_order(store, table) and _in_fact_row_order(store, summary.LEVEL_TABLES["main"])
        assert summary_rows(store) == kept
        assert [compute(store, code, by=("year",)).rows for code in ("green", "social")] == figures
        assert summary.cluster(store) == []  # sorted tables are left alone
        monkeypatch.undo()
        _keep_per_batch(monkeypatch)
        monkeypatch.setattr(pipeline, "CHUNK_SIZE", 20)
        monkeypatch.setattr(summary, "ROW_GROUP_ROWS", 64)
        monkeypatch.setattr(summary, "CLUSTERED_MIN_ROW_GROUPS", 2)
        _ingest(store, generated[1], batch_size=70)  # the run ends by sorting what its batches scattered
        assert not any(summary._scattered(store, name) for name in summary.LEVEL_TABLES.values())
        store.rebuild_procedure_lots()  # a recount writes each fact's rows in the same order
        assert all(_in_fact_row_order(store, name) for name in summary.LEVEL_TABLES.values())


def _in_fact_row_order(store: Store, table: str) -> bool:
    """Whether each fact's rows lie together, by product group and then year (empty ones last)."""
    rows = store.query(f"SELECT fact, product_group, year FROM {table} ORDER BY rowid")
    runs = [fact for i, (fact, _, _) in enumerate(rows) if i == 0 or rows[i - 1][0] != fact]

    def key(row: tuple[Any, ...]) -> tuple[object, ...]:
        return (runs.index(row[0]), row[1] is None, row[1] or "", row[2] is None, row[2] or 0)

    return len(rows) > 0 and len(runs) == len(set(runs)) and rows == sorted(rows, key=key)
