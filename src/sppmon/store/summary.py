"""Summary tables: lot counts, values and sums per combination of the dimensions that indicators filter and break
down on, per fact (:mod:`.summary_facts`), so that an indicator reads a few thousand summary rows instead of every
lot of the store.

Three levels (:data:`LEVELS`), the smallest that offers every column a query refers to answers it:
``lot_summary`` leaves the buyer out (a query that neither filters nor breaks down by buyer); the *buyer-year*
level keeps the buyer with the year, the buyer's own attributes, the notice format and the values, nothing else
(the dashboard's and the buyer pages' breakdowns by buyer); the *buyer* level keeps every dimension but the
quarter (a buyer with a product group, say). Both buyer levels live in ``lot_summary_buyers``, told apart by the
fact name of their rows (``green`` and ``green:years``). A buyer query that needs the quarter counts the lots.

**Kept up to date per batch.** Before a batch changes anything, the lots of the procedures it will touch are
counted (with their joins, restricted to those procedures) and subtracted; after the batch has refreshed
``procedure_lots``, the same procedures are counted again and added. The differences are merged into the rows
they concern (found by ``grain_key`` and ``grain_check``, two hashes of the row's dimensions and keys:
:mod:`.summary_grain`) inside the batch's transaction. The work follows the size of the batch, never the size of
the store. Sums are additive, so the summary equals what a full recount would give; ``rebuild`` recounts
everything (after a bulk copy, or when a fact's definition changed), and ``summary_state`` records which facts
were built with which definition: a fact whose stored definition differs from the code's is not used
(indicators count the lots directly) until it is rebuilt.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from .lot_frame import Scope, count_missing, load_scope, lot_frame
from .schema import Column, Table
from .summary_facts import ALL_JOINS, FACTS, FACTS_BY_NAME, MAX_KEYS, MAX_SUMS, SUM_TYPE, Fact
from .summary_grain import grain_check, grain_key, plus, prefixed, same_grain

if TYPE_CHECKING:
    from .base import Store

SCHEMA_VERSION = 3  # the migration that creates the summary tables
BUYER_LEVEL, BUYER_YEAR_LEVEL, MAIN_LEVEL = "buyers", "buyer-years", "main"
LEVEL_TABLES = {BUYER_LEVEL: "lot_summary_buyers", MAIN_LEVEL: "lot_summary"}
BUYER_COLUMNS = ("buyer_key", "buyer_name")

# Dimension columns of a summary row: name → (type, SQL over the fact frame p).
DIMENSIONS: dict[str, tuple[str, str]] = {
    "year": ("INTEGER", "p.year"),
    # the quarter's first day: the quarter breakdown reads only year and month, and the rows stay few
    "notice_date": ("DATE", "CAST(DATE_TRUNC('quarter', p.notice_date) AS DATE)"),
    "buyer_key": ("TEXT", "p.buyer_key"),
    "buyer_name": ("TEXT", "p.buyer_name"),
    "buyer_country": ("TEXT", "p.buyer_country"),
    "buyer_legal_type": ("TEXT", "p.buyer_legal_type"),
    "is_eu_institution": ("BOOLEAN", "p.is_eu_institution"),
    "cpv_division": ("TEXT", "p.cpv_division"),
    "product_group": ("TEXT", "p.product_group"),
    "procedure_type": ("TEXT", "p.procedure_type"),
    "nature": ("TEXT", "COALESCE(p.nature, p.procedure_nature)"),
    "form_type": ("TEXT", "p.form_type"),
    "format": ("TEXT", "p.format"),
    "value_currency": ("TEXT", "p.value_currency"),
    "value_day": ("DATE", "p.value_day"),
}


@dataclass(frozen=True, slots=True)
class Level:
    """A level of the summary: its table, the suffix of its rows' fact names (two levels share a table) and the
    dimensions it leaves out (stored empty, so that rows differing only in them are one row)."""

    name: str
    table: str
    suffix: str
    dropped: tuple[str, ...]


# In the order they are tried: the first that offers every column a query refers to answers it.
LEVELS: tuple[Level, ...] = (
    Level(MAIN_LEVEL, "lot_summary", "", BUYER_COLUMNS),
    Level(
        BUYER_YEAR_LEVEL,
        "lot_summary_buyers",
        ":years",
        ("notice_date", "cpv_division", "product_group", "procedure_type", "nature", "form_type"),
    ),
    Level(BUYER_LEVEL, "lot_summary_buyers", "", ("notice_date",)),
)
LEVELS_BY_NAME = {level.name: level for level in LEVELS}
KEY_COLUMNS = tuple(f"k{i}" for i in range(1, MAX_KEYS + 1))
SUM_COLUMNS = tuple(f"s{i}" for i in range(1, MAX_SUMS + 1))
MEASURES = ("lots", "lots_valued", "value_amount", *SUM_COLUMNS)
GRAIN = ("fact", *DIMENSIONS, *KEY_COLUMNS)


def _summary_table(name: str, indexes: tuple[tuple[str, ...], ...]) -> Table:
    columns = [Column("grain_key", "BIGINT", True), Column("fact", "TEXT", True)]
    columns += [Column(name, sql_type) for name, (sql_type, _) in DIMENSIONS.items()]
    columns += [Column(name, "TEXT") for name in KEY_COLUMNS]
    columns += [Column("lots", "BIGINT", True), Column("lots_valued", "BIGINT", True)]
    columns += [Column("value_amount", "DECIMAL(38,4)")]
    columns += [Column(name, SUM_TYPE) for name in SUM_COLUMNS]
    columns += [Column("grain_check", "BIGINT")]  # last: where schema version 8 adds it to an older store
    return Table(name, tuple(columns), (), (("grain_key",), *indexes))


SUMMARY_BUYERS = _summary_table(LEVEL_TABLES[BUYER_LEVEL], (("fact", "buyer_key"),))
SUMMARY_MAIN = _summary_table(LEVEL_TABLES[MAIN_LEVEL], (("fact",),))
SUMMARY_STATE = Table(
    "summary_state",
    (
        Column("fact", "TEXT", True),
        Column("definition", "TEXT", True),
        Column("built_at", "TIMESTAMP"),
    ),
    ("fact",),
    enforce_key=True,
)
SUMMARY_TABLES: tuple[Table, ...] = (SUMMARY_BUYERS, SUMMARY_MAIN, SUMMARY_STATE)


# -- frames ------------------------------------------------------------------------------------------------------
def _value_columns() -> str:
    return (
        "1 AS lots, CASE WHEN f.value_amount IS NOT NULL THEN 1 ELSE 0 END AS lots_valued, "
        "CASE WHEN f.value_currency IS NULL OR f.value_currency = 'EUR' THEN NULL ELSE f.notice_date END AS value_day"
    )


def fact_frame(fact: Fact, base: str | None = None, scope: Scope | None = None) -> str:
    """The fact counted from the lots: every lot frame column, the fact's columns, and the weights ``lots`` (1)
    and ``lots_valued`` (1 when the lot has a value) that the summary frame holds as sums."""
    source = scope.table if scope else (lambda name: name)
    frame = base or (fact.frame(scope) if fact.frame else lot_frame(*fact.joins, scope=scope))
    selected = ["f.*"]
    for column in fact.keys:
        if column.sql != f"f.{column.name}":
            selected.append(f"{column.sql} AS {column.name}")
    selected += [f"CAST({column.sql} AS {SUM_TYPE}) AS {column.name}" for column in fact.sums]
    selected.append(_value_columns())
    rows = fact.rows.format(lot_codes=source("lot_codes")) if fact.rows else ""
    return f"SELECT {', '.join(selected)} FROM ({frame}) f {rows}"


_FRAME_COLUMN = re.compile(r"\bp\.([a-z_][a-z0-9_]*)\b")


@dataclass(frozen=True, slots=True)
class SummaryFrame:
    """A fact read from a summary level *without a subquery*: SQL written over the fact frame ``p`` is rewritten
    to read the level's table (aliased ``p``) directly. The columns that the table names otherwise (the fact's
    keys and sums, held in ``k1``… and ``s1``…) are replaced by their expressions, and :attr:`condition` keeps
    the fact's rows. DuckDB binds and optimises a subquery's every column before pruning: a dashboard's summary
    queries cost about a tenth less CPU without it."""

    table: str
    fact: str  # the fact's name at the level (``green``, ``green:years``)
    renamed: tuple[tuple[str, str], ...]  # frame column → its SQL over the table ``p``

    @property
    def condition(self) -> str:
        return f"p.fact = '{self.fact}'"

    def rewrite(self, sql: str) -> str:
        """``sql`` (over the frame ``p``) over the table ``p``."""
        return _rewritten(self.renamed, sql)


@functools.lru_cache(maxsize=4096)
def _rewritten(renamed: tuple[tuple[str, str], ...], sql: str) -> str:
    """Kept: a page rewrites the same few dozen texts (a measure's counts, the filters' SQL) for every figure."""
    names = dict(renamed)
    return _FRAME_COLUMN.sub(lambda match: names.get(match.group(1), match.group(0)), sql)


def summary_frame(fact: Fact, level: str) -> SummaryFrame:
    """The fact read from a summary level, under the same column names as :func:`fact_frame` (the columns the
    level leaves out are empty: :func:`summary_level` never chooses a level for a query that refers to them)."""
    chosen = LEVELS_BY_NAME[level]
    renamed = [("procedure_nature", "CAST(NULL AS TEXT)")]
    keys = zip(KEY_COLUMNS, fact.keys, strict=False)
    renamed += [(column.name, f"CAST(p.{key} AS {column.type})") for key, column in keys]
    renamed += [(column.name, f"p.{total}") for total, column in zip(SUM_COLUMNS, fact.sums, strict=False)]
    return SummaryFrame(chosen.table, fact.name + chosen.suffix, tuple(renamed))


@functools.cache  # facts and levels are fixed: a handful of sets, asked for every figure
def summary_columns(fact: Fact, level: str = BUYER_LEVEL) -> frozenset[str]:
    """The columns a summary frame of ``fact`` at ``level`` offers (what an indicator may refer to)."""
    kept = [name for name in DIMENSIONS if name not in LEVELS_BY_NAME[level].dropped]
    return frozenset({*kept, "procedure_nature", "lots", "lots_valued", "value_amount", *fact.columns})


def summary_level(fact: Fact, wanted: Iterable[str]) -> str | None:
    """The smallest level that offers every column in ``wanted``; None when only the lots can answer."""
    columns = set(wanted)
    for level in LEVELS:
        if columns <= summary_columns(fact, level.name):
            return level.name
    return None


# -- counting ----------------------------------------------------------------------------------------------------
def _count_select(fact: Fact, frame: str, sign: int) -> str:
    """SELECT the fact's rows of ``frame`` × sign in the delta layout (fact name first, without grain_key). Every
    column has the same type for every fact, so that the selects of several facts can be one UNION ALL."""
    dimensions = [sql for _, sql in DIMENSIONS.values()]
    if not fact.money:
        dimensions[list(DIMENSIONS).index("value_currency")] = "CAST(NULL AS TEXT)"
        dimensions[list(DIMENSIONS).index("value_day")] = "CAST(NULL AS DATE)"
    keys = [f"CAST(p.{column.name} AS TEXT)" for column in fact.keys]
    keys += ["CAST(NULL AS TEXT)"] * (MAX_KEYS - len(fact.keys))
    grouped = [*dimensions, *keys[: len(fact.keys)]]
    value = f"{sign} * SUM(p.value_amount)" if fact.money else "NULL"
    totals = [f"CAST({sign} * SUM(p.{column.name}) AS {SUM_TYPE})" for column in fact.sums]
    totals += [f"CAST(NULL AS {SUM_TYPE})"] * (MAX_SUMS - len(fact.sums))
    measures = [
        f"CAST({sign} * SUM(p.lots) AS BIGINT)",
        f"CAST({sign} * SUM(p.lots_valued) AS BIGINT)",
        f"CAST({value} AS DECIMAL(38,4))",
        *totals,
    ]
    return (
        f"SELECT CAST('{fact.name}' AS TEXT) AS fact, {', '.join(dimensions + keys + measures)} "
        f"FROM ({frame}) p GROUP BY {', '.join(grouped)}"
    )


def _count_facts(target: str, selects: Iterable[str]) -> str:
    """INSERT into ``target`` (delta layout) the rows of several :func:`_count_select` at once: one statement per
    batch instead of one per fact (each statement has its own planning and scans)."""
    names = ", ".join(GRAIN[1:] + MEASURES)
    return f"INSERT INTO {target} (fact, {names}) {' UNION ALL '.join(selects)}"


def _rolled_up(source: str, level: Level) -> str:
    """``source`` rows (full layout, base fact names) as rows of ``level``: the fact named as the level names it,
    the columns it leaves out emptied, equal grains added up."""
    dropped = level.dropped
    grain = [f"CAST(NULL AS {DIMENSIONS[name][0]}) AS {name}" if name in dropped else name for name in GRAIN]
    if level.suffix:
        grain[0] = f"fact || '{level.suffix}' AS fact"
    group = [name for name in GRAIN if name not in dropped]
    sums = ", ".join(f"SUM({name}) AS {name}" for name in MEASURES)
    return f"SELECT {', '.join(grain)}, {sums} FROM {source} GROUP BY {', '.join(group)}"


def _table_rows(table: str) -> str:
    """The differences (:data:`DELTA`) rolled up into the rows of every level ``table`` holds."""
    return " UNION ALL ".join(_rolled_up(DELTA, level) for level in LEVELS if level.table == table)


def _insert_rows(store: Store, table: str, rows: str, ordered: bool = False) -> None:
    """Insert ``rows``; ``ordered``: on DuckDB, one fact's rows after the other, each fact's in the order of
    :data:`FACT_ROW_ORDER`."""
    keys = f"{grain_key(store.dialect, GRAIN)}, {grain_check(store.dialect, GRAIN)}"
    names = ", ".join(GRAIN + MEASURES)
    order = f" ORDER BY fact, {', '.join(FACT_ROW_ORDER)}" if ordered and store.dialect == "duckdb" else ""
    store.execute(
        f"INSERT INTO {table} (grain_key, grain_check, {names}) SELECT {keys}, {names} FROM ({rows}) r "
        f"WHERE lots <> 0{order}"
    )


# -- per batch ---------------------------------------------------------------------------------------------------
DELTA = "summary_delta"
_DELTA_COLUMNS = ", ".join(
    [f"{name} {sql_type}" for name, (sql_type, _) in DIMENSIONS.items()]
    + [f"{name} TEXT" for name in KEY_COLUMNS]
    + ["lots BIGINT", "lots_valued BIGINT", "value_amount DECIMAL(38,4)"]
    + [f"{name} {SUM_TYPE}" for name in SUM_COLUMNS]
)
SCOPE = Scope("summary_procedures", "summary_notices")


def start_batch(store: Store, procedures: Iterable[str]) -> None:
    """Subtract what ``procedures`` count now (call inside the batch's transaction, before it changes anything)."""
    store.execute(f"CREATE TEMP TABLE IF NOT EXISTS {DELTA} (fact TEXT, {_DELTA_COLUMNS})")
    store.execute(f"DELETE FROM {DELTA}")
    store.load_keys(SCOPE.procedures, procedures)
    _count_scope(store, -1)


def finish_batch(store: Store, refreshed: Scope, same: bool) -> None:
    """Add what the procedures count after the batch and merge the differences into both levels. ``refreshed``
    is the loaded scope of the procedures the batch re-picked; ``same``: whether they are the procedures of the
    start (the usual case: their notices are loaded already). One missing from the start (which the supersession
    rules should make impossible) leaves the summary marked stale rather than wrong."""
    if not same and count_missing(store, refreshed.procedures, SCOPE.procedures):
        forget(store)
        return
    _count_scope(store, 1, refreshed if same else None)
    for table in dict.fromkeys(level.table for level in LEVELS):
        _merge(store, table)
    store.execute(f"DELETE FROM {DELTA}")


def _count_scope(store: Store, sign: int, loaded: Scope | None = None) -> None:
    """Add the counts of the scope's lots × ``sign`` to the differences. ``loaded``: a scope of the same
    procedures whose notices are loaded already (copied instead of read from ``notices`` again)."""
    scope = load_scope(store, SCOPE, loaded)
    if scope.batches == ():  # no stored notice of these procedures (a batch of new ones): no lot to count
        return
    _count_copied(store, FACTS, sign, scope)


def _count_copied(store: Store, facts: Iterable[Fact], sign: int, scope: Scope | None = None) -> None:
    """Add the counts of ``facts`` × ``sign`` to the differences, all in one statement over one copy of the lots
    with every join: the lots of ``scope`` (its notices loaded), or of the whole store."""
    store.execute("DROP TABLE IF EXISTS summary_lots")
    store.execute(f"CREATE TEMP TABLE summary_lots AS {lot_frame(*ALL_JOINS, scope=scope)}")
    store.refresh_statistics("summary_lots")
    # Every fact frame of a scope reads only its lots and notices: with none, each count would add no row. This is
    # the usual case before a batch of new procedures (the whole of a first ingest).
    if scope is None or _any_rows(store, scope.notices, "summary_lots"):
        selects = []
        for fact in facts:
            base = None if fact.frame else "SELECT * FROM summary_lots"  # a fact with a row set of its own reads it
            selects.append(_count_select(fact, fact_frame(fact, base=base, scope=scope), sign))
        store.execute(_count_facts(DELTA, selects))
    store.execute("DROP TABLE summary_lots")  # the lots' copy is large: not kept while the merges run


def _any_rows(store: Store, *tables: str) -> bool:
    union = " UNION ALL ".join(f"SELECT 1 FROM (SELECT 1 FROM {table} LIMIT 1) t" for table in tables)
    return bool(store.query(union))


def _merge(store: Store, table: str) -> None:
    """Add the batch's differences to the rows of ``table`` they concern, for every level the table holds at
    once. A stored row with the grain of a difference (the same grain key and check: the fact name tells the
    levels apart) is deleted and put back with the difference added to its measures; a difference with a new
    grain is inserted as it is (the usual case for a batch of new procedures). Only the keys and measures of the
    stored rows are read. Rows that count no lot are dropped."""
    changes = _table_rows(table)
    names = ", ".join(GRAIN + MEASURES)
    keys = f"{grain_key(store.dialect, GRAIN)} AS grain_key, {grain_check(store.dialect, GRAIN)} AS grain_check"
    store.execute("DROP TABLE IF EXISTS summary_changes")
    store.execute(f"CREATE TEMP TABLE summary_changes AS SELECT {keys}, {names} FROM ({changes}) c")
    store.execute("DROP TABLE IF EXISTS summary_hits")
    store.execute(
        f"CREATE TEMP TABLE summary_hits AS SELECT t.grain_key, t.grain_check, {prefixed('t', MEASURES)} "
        f"FROM {table} t WHERE {same_grain('t', 'summary_changes')}"
    )
    if _any_rows(store, "summary_hits"):
        store.execute(f"DELETE FROM {table} WHERE {same_grain(table, 'summary_hits')}")
    added = [f"{plus(f'c.{name}', f'h.{name}')} AS {name}" for name in MEASURES]
    merged = (
        f"SELECT c.grain_key, c.grain_check, {prefixed('c', GRAIN)}, {', '.join(added)} FROM summary_changes c "
        "LEFT JOIN summary_hits h ON h.grain_key = c.grain_key AND h.grain_check = c.grain_check"
    )
    store.execute(
        f"INSERT INTO {table} (grain_key, grain_check, {names}) SELECT grain_key, grain_check, {names} "
        f"FROM ({merged}) m WHERE lots <> 0"
    )
    store.execute("DROP TABLE summary_hits")
    store.execute("DROP TABLE summary_changes")


# -- whole store -------------------------------------------------------------------------------------------------
# Up to this many procedure lots, a recount counts every fact in one statement, from one copy of the lots with all
# their joins; above it, fact by fact. The statements of a recount cost a fixed 0.3-0.4 s of CPU beyond their rows
# (planning the frames of 14 facts and their levels), a large part of a first load of a few thousand notices; but
# the copy of the lots grows with the store: at 37,000 lots it raised a recount's peak memory by 45 MB, at 92,000
# it made the recount a quarter dearer (docs/performance.md, twentieth round).
TOGETHER_MAX_LOTS = 25_000


def rebuild(store: Store, facts: Iterable[Fact] = FACTS) -> None:
    """Recount ``facts`` (by default all) from the lots, in one transaction, and record their definitions. With
    the memory the caller gives the store: the query memory for a recount on opening or after a repair
    (:meth:`Store.whole_store_work`), an ingest's for the recount that ends a bulk load."""
    chosen = sorted(facts, key=lambda fact: fact.name)  # a recounted table sorted by fact, as :func:`cluster` sorts
    lots = store.count("procedure_lots")  # none in a new store: nothing to count
    store.begin()
    try:
        store.execute(f"CREATE TEMP TABLE IF NOT EXISTS {DELTA} (fact TEXT, {_DELTA_COLUMNS})")
        for fact in chosen:
            for level in LEVELS:
                store.execute(f"DELETE FROM {level.table} WHERE fact = ?", (fact.name + level.suffix,))
        if lots and lots <= TOGETHER_MAX_LOTS:
            store.execute(f"DELETE FROM {DELTA}")
            _count_copied(store, chosen, 1)
            _insert_counted(store)
        elif lots:
            for fact in chosen:
                store.execute(f"DELETE FROM {DELTA}")
                store.execute(_count_facts(DELTA, [_count_select(fact, fact_frame(fact), 1)]))
                _insert_counted(store)
        for fact in chosen:
            store.execute("DELETE FROM summary_state WHERE fact = ?", (fact.name,))
            store.execute("INSERT INTO summary_state VALUES (?, ?, ?)", (fact.name, fact.definition, _now()))
        store.commit()
    except Exception:
        store.rollback()
        raise


def _insert_counted(store: Store) -> None:
    """The differences rolled up into the rows of every level, each table's rows in one statement, ordered by fact
    (see :func:`_insert_rows`); the differences emptied."""
    for table in dict.fromkeys(level.table for level in LEVELS):
        _insert_rows(store, table, _table_rows(table), ordered=True)
    store.execute(f"DELETE FROM {DELTA}")


# A table's rows of one fact stay together (DuckDB skips the row groups whose facts cannot match), until batches
# append their changes to the table's end, every fact in every row group there.
ROW_GROUP_ROWS = 122_880  # DuckDB's rows per row group
# Within a fact, rows are kept in this order, so that a filter on a product group (and then a year) skips the row
# groups of the others: the dashboard's breakdown by buyer, over a fact's buyer level (2 to 5 row groups on the
# million-lot store), took 2.3 ms instead of 3.3 on average over 150 pages of the web benchmark's filters.
FACT_ROW_ORDER = ("product_group", "year")
CLUSTERED_MIN_ROW_GROUPS = 8  # a smaller table is read whole in a few milliseconds anyway


def cluster(store: Store) -> list[str]:
    """Rewrite, sorted by fact (and within a fact by :data:`FACT_ROW_ORDER`), the DuckDB summary tables whose facts
    lie scattered over their row groups; returns their names. A batch appends its changes to a table's end, and a
    row group there holds rows of every fact, which every query must then read: on the million-lot store a
    breakdown by buyer read all 35 row groups of ``lot_summary_buyers`` (50 ms) when its rows lay in no order, 4
    (8 ms) once sorted."""
    if store.dialect != "duckdb":  # PostgreSQL finds a fact's rows through its index
        return []
    rewritten = []
    for table in dict.fromkeys(LEVEL_TABLES.values()):
        if _scattered(store, table):
            _rewrite_sorted(store, table)
            rewritten.append(table)
    return rewritten


def _scattered(store: Store, table: str) -> bool:
    """Whether the table's (fact, row group) pairs are more than twice what sorted rows would give."""
    groups, facts, pairs = store.query(
        f"SELECT COUNT(DISTINCT rg), COUNT(DISTINCT fact), COUNT(*) FROM "
        f"(SELECT DISTINCT fact, rowid // {ROW_GROUP_ROWS} AS rg FROM {table}) t"
    )[0]
    return int(groups) >= CLUSTERED_MIN_ROW_GROUPS and int(pairs) > 2 * (int(groups) + int(facts))


def _rewrite_sorted(store: Store, table: str) -> None:
    """The table's rows again, one fact after the other. Copied and sorted fact by fact: a sort of the whole table
    needs more than the ingest's memory, a sort of one fact's rows does not (DuckDB spills it to disk if need
    be)."""
    names = ", ".join(SUMMARY_BUYERS.column_names)  # both levels' tables share the layout
    facts = [str(row[0]) for row in store.query(f"SELECT DISTINCT fact FROM {table} ORDER BY fact")]
    store.begin()
    try:
        store.execute("DROP TABLE IF EXISTS summary_sorted")
        store.execute(f"CREATE TEMP TABLE summary_sorted AS SELECT {names} FROM {table} WHERE FALSE")
        for fact in facts:
            store.execute(
                f"INSERT INTO summary_sorted SELECT {names} FROM {table} WHERE fact = ? "
                f"ORDER BY {', '.join(FACT_ROW_ORDER)}",
                (fact,),
            )
        store.execute(f"DELETE FROM {table}")
        store.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM summary_sorted")
        store.execute("DROP TABLE summary_sorted")
        store.commit()
    except Exception:
        store.rollback()
        raise


def stale_facts(store: Store) -> list[Fact]:
    """Facts whose summary is missing or was built from another definition."""
    built = dict(store.query("SELECT fact, definition FROM summary_state"))
    return [fact for fact in FACTS if built.get(fact.name) != fact.definition]


def ensure(store: Store) -> list[str]:
    """Rebuild the stale facts (a writer calls this on opening the store); returns their names."""
    stale = stale_facts(store)
    if stale:
        rebuild(store, stale)
    return [fact.name for fact in stale]


def forget(store: Store) -> None:
    """Mark every fact as not built (a batch written without keeping the summary makes it wrong)."""
    store.execute("DELETE FROM summary_state")


def built_definitions(store: Store) -> dict[str, str]:
    """The definition each fact's summary was built with (``summary_state``; one small query)."""
    return {
        str(fact): str(definition) for fact, definition in store.query("SELECT fact, definition FROM summary_state")
    }


def usable(store: Store, name: str, built: dict[str, str] | None = None) -> bool:
    """Whether the summary of fact ``name`` reflects the store and the code's definition of the fact (``built``:
    :func:`built_definitions` as read before, else it is read now)."""
    fact = FACTS_BY_NAME.get(name)
    if fact is None:
        return False
    if built is None:
        rows = store.query("SELECT definition FROM summary_state WHERE fact = ?", (name,))
        return bool(rows) and rows[0][0] == fact.definition
    return built.get(name) == fact.definition


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)
