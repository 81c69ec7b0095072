"""Grouped counting with EUR conversion, shared by all measures.

One query per call: the frame is grouped by the requested breakdowns (plus measure-specific keys) and, when
values are counted, by currency and publication date of non-euro amounts; the rows are then merged per group
in Python while converting each currency at the rate of its date. Only additive aggregates (sums and counts)
cross this boundary, so the merge is exact; averages and shares are derived afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..rates import EURO, RateTable, load_rates
from ..store import Store
from ..store.summary import SummaryFrame
from . import batch
from .base import Query
from .breakdowns import BREAKDOWNS, where_sql

LARGEST_BY = "lots_in_scope"  # the count that ranks groups for ``Query.largest``


@dataclass(frozen=True, slots=True)
class Count:
    """An additive aggregate over the frame ``p`` (SUM or COUNT expression)."""

    name: str
    sql: str


def lots(name: str) -> Count:
    """Lots of a fact frame (each row weighs ``p.lots`` lots: one, or a summary row's count)."""
    return Count(name, "SUM(p.lots)")


def lots_where(name: str, condition: str) -> Count:
    """Lots of a fact frame meeting ``condition`` (over the fact's columns and the dimensions)."""
    return Count(name, f"SUM(CASE WHEN {condition} THEN p.lots ELSE 0 END)")


def total(name: str, column: str) -> Count:
    """Sum of a fact's sum column."""
    return Count(name, f"SUM(p.{column})")


@dataclass(frozen=True, slots=True)
class Money:
    """Sum in EUR of ``p.value_amount`` over the lots meeting ``condition``, in a fact frame (which gives each
    row's ``value_day``, the day whose rate converts a non-euro amount, and ``lots_valued``)."""

    name: str
    condition: str = "TRUE"


@dataclass(frozen=True, slots=True)
class Key:
    """A measure-specific grouping key (for example the vehicle category)."""

    name: str
    sql: str


@dataclass
class Group:
    keys: dict[str, object]
    counts: dict[str, float] = field(default_factory=dict)
    money: dict[str, float] = field(default_factory=dict)
    unconverted: dict[str, int] = field(default_factory=dict)  # lots whose amount has no rate, per Money
    currencies: set[str] = field(default_factory=set)  # currencies without rates


@dataclass(frozen=True, slots=True)
class Grouping:
    groups: list[Group]
    key_columns: list[str]  # breakdowns, their label columns and extra keys, in output order


def key_columns(query: Query, extra_keys: Sequence[Key] = ()) -> list[str]:
    names: list[str] = []
    for name in query.by:
        names.append(name)
        label_column = BREAKDOWNS[name].label_column
        if label_column:
            names.append(label_column)
    names.extend(key.name for key in extra_keys)
    return names


def grouped(
    store: Store,
    frame: str | SummaryFrame,
    query: Query,
    counts: Sequence[Count],
    money: Sequence[Money] = (),
    extra_keys: Sequence[Key] = (),
    scope: str | None = None,
    rates: RateTable | None = None,
) -> Grouping:
    """Counts (and EUR sums) per group of ``frame`` restricted to ``scope`` and the query's filters."""
    keys = [(name, BREAKDOWNS[name].sql) for name in query.by] + [(key.name, key.sql) for key in extra_keys]
    labels = [
        (BREAKDOWNS[name].label_column, BREAKDOWNS[name].label_sql) for name in query.by if BREAKDOWNS[name].label_sql
    ]
    key_items = [sql for _, sql in keys]
    if money:  # non-euro amounts are converted at the rate of their day: grouped by currency and day too
        key_items.append("p.value_currency")
        key_items.append(
            f"CASE WHEN p.value_currency IS NULL OR p.value_currency = '{EURO}' THEN NULL ELSE p.value_day END"
        )
    value_items = [sql for _, sql in labels if sql] + [count.sql for count in counts]
    for item in money:
        value_items.append(f"SUM(CASE WHEN {item.condition} THEN p.value_amount END)")
        value_items.append(f"SUM(CASE WHEN {item.condition} THEN p.lots_valued ELSE 0 END)")
    conditions, params = where_sql(query.filters)
    if scope:
        conditions.insert(0, scope)
    ranked = _ranked(store, query, key_items, len(value_items) - len(counts), counts, money)
    rows = _rows(store, frame, key_items, value_items, conditions, params, ranked)
    merged = _merge(rows, keys, labels, counts, money, rates or (load_rates() if money else None))
    if query.largest is not None and any(count.name == LARGEST_BY for count in counts):
        merged = _largest(merged, query.largest)
    if not keys and not merged:  # no breakdown: always one row, with zeros when nothing is in scope
        merged = [_empty_group(counts, money)]
    return Grouping(merged, key_columns(query, extra_keys))


def _ranked(
    store: Store, query: Query, key_items: list[str], first_count: int, counts: Sequence[Count], money: Sequence[Money]
) -> str:
    """The ``ORDER BY … LIMIT`` that keeps the statement's rows to the query's largest groups, or "".

    Only where a row is a whole group (no money: amounts split a group by currency and day) and where the store
    orders text as Python does (DuckDB compares strings by code point; a PostgreSQL database may collate by
    locale), so that groups tied at the cut are the ones :func:`_largest` would keep. Elsewhere the statement
    returns every group and :func:`_largest` alone cuts."""
    names = [count.name for count in counts]
    if query.largest is None or not key_items or money or LARGEST_BY not in names or store.dialect != "duckdb":
        return ""
    order = [f"v{first_count + names.index(LARGEST_BY)} DESC"] + [f"k{i} ASC NULLS LAST" for i in range(len(key_items))]
    return f" ORDER BY {', '.join(order)} LIMIT {int(query.largest)}"


def _largest(groups: list[Group], largest: int) -> list[Group]:
    """The ``largest`` groups with the most lots in scope, ties in the groups' order, kept in that order."""
    if len(groups) <= largest:
        return groups
    chosen = set(map(id, sorted(groups, key=lambda group: -group.counts[LARGEST_BY])[:largest]))
    return [group for group in groups if id(group) in chosen]


def _rows(
    store: Store,
    frame: str | SummaryFrame,
    key_items: list[str],
    value_items: list[str],
    conditions: list[str],
    params: list[object],
    ranked: str = "",
) -> Sequence[tuple[object, ...]]:
    """The rows of ``key_items`` and the aggregates ``value_items`` per group of the key items: run, or taken
    from a statement shared with other computations (:mod:`.batch`). ``ranked`` (an ``ORDER BY … LIMIT``) keeps
    the statement to itself: a shared answer would hold every group."""
    if isinstance(frame, SummaryFrame):
        key_items = [frame.rewrite(item) for item in key_items]
        value_items = [frame.rewrite(item) for item in value_items]
        conditions = [frame.rewrite(item) for item in conditions]
        source, every = f"{frame.table} p", [frame.condition, *conditions]
    else:
        source, every = f"({frame}) p", conditions
    select = [f"{item} AS k{i}" for i, item in enumerate(key_items)]
    select += [f"{item} AS v{i}" for i, item in enumerate(value_items)]
    where = f" WHERE {' AND '.join(every)}" if every else ""
    group_by = f" GROUP BY {', '.join(str(i) for i in range(1, len(key_items) + 1))}" if key_items else ""
    sql = f"SELECT {', '.join(select)} FROM {source}{where}{group_by}{ranked}"
    if batch.planning():
        if ranked:
            batch.stop(None)
        shared = tuple(key_items), tuple(value_items), tuple(conditions)
        batch.stop(
            batch.Planned(sql, tuple(params), frame.table, frame.fact, *shared)
            if isinstance(frame, SummaryFrame)
            else None
        )
    answered = batch.answer(sql, params)
    return answered if answered is not None else store.query(sql, params)


def _empty_group(counts: Sequence[Count], money: Sequence[Money]) -> Group:
    return Group(
        {},
        {count.name: 0.0 for count in counts},
        {item.name: 0.0 for item in money},
        {item.name: 0 for item in money},
    )


def _merge(
    rows: Sequence[tuple[object, ...]],
    keys: Sequence[tuple[str, str]],
    labels: Sequence[tuple[str | None, str | None]],
    counts: Sequence[Count],
    money: Sequence[Money],
    rates: RateTable | None,
) -> list[Group]:
    groups: dict[tuple[object, ...], Group] = {}
    width = len(keys) + (2 if money else 0)
    for row in rows:
        key = tuple(row[: len(keys)])
        group = groups.get(key)
        if group is None:
            group = _empty_group(counts, money)
            group.keys = {name: _plain(value) for (name, _), value in zip(keys, key, strict=True)}
            groups[key] = group
        position = width
        for label_column, _ in labels:
            # a group spans several rows when values are split by currency and day: keep the least label, as
            # the label's MIN() does within a row, so that the label does not depend on the order of the rows
            current = group.keys.get(label_column) if label_column else None
            if label_column and row[position] is not None and (current is None or str(row[position]) < str(current)):
                group.keys[label_column] = row[position]
            position += 1
        for count in counts:
            group.counts[count.name] += _number(row[position])
            position += 1
        if money:
            _add_money(group, row, position, money, rates, len(keys))
    return sorted(groups.values(), key=lambda group: _sort_key(group.keys, keys))


def _add_money(
    group: Group,
    row: Sequence[object],
    position: int,
    money: Sequence[Money],
    rates: RateTable | None,
    key_count: int,
) -> None:
    currency = row[key_count]
    day = row[key_count + 1]
    rate = 1.0 if currency is None else (rates.per_euro(str(currency), _day(day)) if rates else None)
    for item in money:
        amount, with_value = row[position], int(_number(row[position + 1]))
        position += 2
        if amount is None:
            continue
        if rate is None:
            group.unconverted[item.name] += with_value
            group.currencies.add(str(currency))
        else:
            group.money[item.name] += _number(amount) / rate


def _number(value: object) -> float:
    """A SQL aggregate as a float (DECIMAL sums arrive as Decimal, empty sums as None)."""
    if value is None:
        return 0.0
    if isinstance(value, int | float | Decimal):
        return float(value)
    raise TypeError(f"aggregate is not a number: {value!r}")


def _day(value: object) -> date | None:
    return value if isinstance(value, date) else None


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _sort_key(values: Mapping[str, object], keys: Sequence[tuple[str, str]]) -> tuple[tuple[int, str, float], ...]:
    """None last; numbers by value; text alphabetically."""
    parts = []
    for name, _ in keys:
        value = values.get(name)
        if value is None:
            parts.append((2, "", 0.0))
        elif isinstance(value, int | float):
            parts.append((0, "", float(value)))
        else:
            parts.append((1, str(value), 0.0))
    return tuple(parts)


def euros(value: float) -> float:
    return round(value, 2)
