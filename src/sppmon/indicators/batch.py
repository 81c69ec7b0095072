"""Several indicators' summary queries answered by one statement.

A page shows many figures computed from the same summary rows, and each statement costs its planning and its
scan whatever it returns. Two kinds of statements are shared:

- **Across facts.** The same counts of several facts with the same filters and breakdowns (the dashboard's
  headline cards: green, social and innovative procurement, GPP criteria) differ only in the fact whose rows
  they read: one statement over ``p.fact IN (…)``, grouped by the fact as well, answers them all (on the
  million-lot store the four headline queries took 9–11 ms of CPU, the one statement 3.4–4.1 ms).
- **Within a fact.** Figures of one fact over the same rows (the dashboard's trend, declared and detected, and
  its breakdowns by product group, CPV division and procedure) become one statement grouped by all their keys,
  every aggregate computed once; each figure's groups are then summed up from its rows here. Where an aggregate
  is not a sum (a buyer's name, an average), the statement has a grouping set per figure's keys instead, and
  ``GROUPING()`` tells the rows of each set apart. On the million-lot store the grouping sets took 4.7-5.3 ms (p50
  of a dashboard's statement; DuckDB plans a grouping set as a hash aggregate of its own, each costing about a
  quarter of a millisecond however few its rows), the plain grouping 2.8 ms, returning a few hundred rows.

It works in two passes over ordinary computations. :func:`shared_answers` runs each computation in *planning*
mode, where the engine records the statement it would run (:class:`Planned`) and stops the computation there;
the recorded statements that can share one are run together. Within :func:`answering`, the computations then
run for real and the engine takes those statements' rows from the shared answers instead of running them. A
computation whose statement shares with none simply runs its own.
"""

from __future__ import annotations

import contextlib
import decimal
import functools
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from ..store import Store
from .scoped import scoped

_LOCAL = threading.local()
Rows = list[tuple[Any, ...]]
Answers = dict[tuple[str, tuple[object, ...]], Rows]


@dataclass(frozen=True, slots=True)
class Planned:
    """A statement the engine would run over one fact of a summary table: the ``keys`` and the aggregates
    ``values`` per group of the keys, over the rows ``p.fact = '{fact}' AND {conditions}`` of ``table`` (``sql``,
    with ``params``)."""

    sql: str
    params: tuple[object, ...]
    table: str
    fact: str
    keys: tuple[str, ...]
    values: tuple[str, ...]
    conditions: tuple[str, ...]

    def across_facts(self) -> tuple[object, ...]:
        """Statements with equal keys here differ only in their fact."""
        return (self.table, self.keys, self.values, self.conditions, self.params)

    def within_fact(self) -> tuple[object, ...]:
        """Statements with equal keys here read the same rows (and group or count them otherwise)."""
        return (self.table, self.fact, self.conditions, self.params)


class _Stop(BaseException):
    """Ends a computation in planning mode (a BaseException: no handler of ``Exception`` may take it for an
    error)."""

    def __init__(self, planned: Planned | None) -> None:
        super().__init__()
        self.planned = planned


def planning() -> bool:
    return bool(getattr(_LOCAL, "planning", False))


def stop(planned: Planned | None) -> NoReturn:
    """Record the statement a computation would run now (None: one that cannot be shared) and end it."""
    raise _Stop(planned)


def answer(sql: str, params: Sequence[object]) -> Rows | None:
    """The rows of a statement from the shared answers in force in this thread, if it is among them."""
    answers: Answers | None = getattr(_LOCAL, "answers", None)
    return None if answers is None else answers.get((sql, tuple(params)))


def shared_answers(store: Store, computations: Iterable[Callable[[], object]]) -> Answers:
    """Plan ``computations`` (their first statements only) and run together those that can share one."""
    plans: list[Planned] = []
    for computation in computations:
        try:
            with scoped(_LOCAL, "planning", True, default=False):
                computation()
        except _Stop as stopped:
            if stopped.planned is not None:
                plans.append(stopped.planned)
    answers: Answers = {}
    for group in _sharing(plans, Planned.across_facts):
        if len({plan.fact for plan in group}) > 1:
            answers.update(_across_facts(store, group))
    alone = [plan for plan in plans if (plan.sql, plan.params) not in answers]
    for group in _sharing(alone, Planned.within_fact):
        if len({plan.sql for plan in group}) > 1:
            answers.update(_within_fact(store, group))
    return answers


def _sharing(plans: Iterable[Planned], key: Callable[[Planned], tuple[object, ...]]) -> list[list[Planned]]:
    groups: dict[tuple[object, ...], list[Planned]] = defaultdict(list)
    for plan in plans:
        groups[key(plan)].append(plan)
    return list(groups.values())


def answering(answers: Answers) -> contextlib.AbstractContextManager[None]:
    """Within the block (in this thread), statements among ``answers`` take their rows from them."""
    return scoped(_LOCAL, "answers", answers)


def _where(plan: Planned, fact_condition: str) -> str:
    return " AND ".join([fact_condition, *plan.conditions])


def _across_facts(store: Store, group: Sequence[Planned]) -> Answers:
    """One statement for statements that differ only in their fact: grouped by the fact as well."""
    first = group[0]
    facts = sorted({plan.fact for plan in group})
    listed = ", ".join(_literal(fact) for fact in facts)
    grouping = ", ".join(str(i) for i in range(1, len(first.keys) + 2))
    items = ", ".join(["p.fact", *first.keys, *first.values])
    sql = f"SELECT {items} FROM {first.table} p WHERE {_where(first, f'p.fact IN ({listed})')} GROUP BY {grouping}"
    by_fact: dict[str, Rows] = {fact: [] for fact in facts}
    for row in store.query(sql, first.params):
        by_fact[str(row[0])].append(tuple(row[1:]))
    return {(plan.sql, plan.params): by_fact[plan.fact] for plan in group}


def _within_fact(store: Store, group: Sequence[Planned]) -> Answers:
    """One statement for statements over the same rows: each one's keys a grouping set, every aggregate once;
    ``GROUPING()`` tells the rows of each set apart. Where every aggregate is a sum, one plain grouping by all the
    keys, each statement's groups then summed up here (:func:`_rolled_up`)."""
    first = group[0]
    keys = list(dict.fromkeys(key for plan in group for key in plan.keys))
    values = list(dict.fromkeys(value for plan in group for value in plan.values))
    where = _where(first, f"p.fact = {_literal(first.fact)}")
    combiners = [_combiner(value) for value in values]
    if keys and all(combiners):
        select = ", ".join([*keys, *values])
        sql = f"SELECT {select} FROM {first.table} p WHERE {where} GROUP BY {', '.join(keys)}"
        rows = store.query(sql, first.params)
        return {(plan.sql, plan.params): _rolled_up(rows, keys, values, plan, combiners) for plan in group}
    if keys:
        # the same keys in any order: one set
        sets = list({frozenset(plan.keys): plan.keys for plan in group}.values())
        grouping_sets = ", ".join("(" + ", ".join(chosen) + ")" for chosen in sets)
        select = ", ".join([f"GROUPING({', '.join(keys)})", *keys, *values])
        sql = f"SELECT {select} FROM {first.table} p WHERE {where} GROUP BY GROUPING SETS ({grouping_sets})"
    else:  # every statement counts without keys: one row
        sql = f"SELECT 0, {', '.join(values)} FROM {first.table} p WHERE {where}"
    by_set: dict[int, Rows] = defaultdict(list)
    for row in store.query(sql, first.params):
        by_set[int(row[0])].append(tuple(row[1:]))
    answers: Answers = {}
    for plan in group:
        # GROUPING() sets a key's bit (the first key's the highest) when the rows are not grouped by it
        mask = sum(1 << (len(keys) - 1 - i) for i, key in enumerate(keys) if key not in plan.keys)
        chosen = [keys.index(key) for key in plan.keys] + [len(keys) + values.index(value) for value in plan.values]
        answers[(plan.sql, plan.params)] = [tuple(row[i] for i in chosen) for row in by_set.get(mask, [])]
    return answers


@functools.lru_cache(maxsize=512)  # a page asks for the same few aggregates again
def _combiner(value: str) -> Callable[[Any, Any], Any] | None:
    """How two groups' results of the aggregate ``value`` make the result of both (None: they cannot)."""
    name, _, rest = value.partition("(")
    if not rest.endswith(")") or not _one_call(rest[:-1]):
        return None
    return _COMBINERS.get(name.strip().upper())


def _one_call(inside: str) -> bool:
    """Whether ``inside`` (what follows ``NAME(``, its last parenthesis taken off) never closes the call early:
    ``SUM(a) + SUM(b)`` is two calls, not one."""
    depth = 0
    quoted = False
    for char in inside:
        if char == "'":
            quoted = not quoted
        elif not quoted:
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth < 0:
                return False
    return depth == 0 and not quoted


_EXACT = decimal.Context(prec=100)  # a sum of two DECIMAL(38, …) never rounds (the default keeps 28 digits)


def _sum(left: Any, right: Any) -> Any:
    """Two groups' sums made one, leaving out NULL as SQL does (NULL only where both are); exact for the integers
    and decimals the summary sums. (MIN and MAX are not summed up here: PostgreSQL orders texts by its collation,
    which Python's comparison does not follow.)"""
    if left is None or right is None:
        return right if left is None else left
    return _EXACT.add(left, right) if isinstance(left, decimal.Decimal) else left + right


_COMBINERS: dict[str, Callable[[Any, Any], Any]] = {"SUM": _sum}


def _rolled_up(rows: Rows, keys: Sequence[str], values: Sequence[str], plan: Planned, combiners: Sequence[Any]) -> Rows:
    """``plan``'s groups (its keys, then its values) from ``rows`` grouped by all ``keys``: each of its groups
    the combination of the rows that share its keys."""
    at_keys = [keys.index(key) for key in plan.keys]
    at_values = [len(keys) + values.index(value) for value in plan.values]
    combine = [combiners[values.index(value)] for value in plan.values]
    groups: dict[tuple[Any, ...], list[Any]] = {}
    for row in rows:
        key = tuple(row[i] for i in at_keys)
        found = groups.get(key)
        if found is None:
            groups[key] = [row[i] for i in at_values]
        else:
            for position, (index, join) in enumerate(zip(at_values, combine, strict=True)):
                found[position] = join(found[position], row[index])
    return [(*key, *found) for key, found in groups.items()]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
