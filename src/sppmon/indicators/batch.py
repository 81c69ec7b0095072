"""Several indicators' summary queries answered by one statement.

A page often asks for the same counts of several facts, with the same filters and breakdowns: the dashboard's
headline cards count green, social and innovative procurement and GPP criteria. Read from the summary, such
queries differ only in the fact whose rows they read, so one statement over ``p.fact IN (…)``, grouped by the
fact as well, answers all of them with one scan and one planning instead of one of each per fact (on the
million-lot store, the four headline queries of a dashboard took 9–11 ms of CPU, the one statement 3.4–4.1 ms).

It works in two passes over ordinary computations. :func:`shared_answers` runs each computation in *planning*
mode, where the engine records the statement it would run (:class:`Planned`) and stops the computation there;
the recorded statements that can share one are run together. Within :func:`answering`, the computations then
run for real and the engine takes those statements' rows from the shared answers instead of running them. A
computation whose statement shares with none simply runs its own.
"""

from __future__ import annotations

import contextlib
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from ..store import Store

_LOCAL = threading.local()
Rows = list[tuple[Any, ...]]
Answers = dict[tuple[str, tuple[object, ...]], Rows]


@dataclass(frozen=True, slots=True)
class Planned:
    """A statement the engine would run over one fact of a summary table: ``SELECT {select} FROM {table} p WHERE
    p.fact = '{fact}' AND {conditions} GROUP BY`` its first ``group_width`` columns (``sql``, with ``params``)."""

    sql: str
    params: tuple[object, ...]
    table: str
    fact: str
    select: tuple[str, ...]
    conditions: tuple[str, ...]
    group_width: int

    def sharing_key(self) -> tuple[object, ...]:
        """Statements with equal keys differ only in their fact."""
        return (self.table, self.select, self.conditions, self.group_width, self.params)


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
        _LOCAL.planning = True
        try:
            computation()
        except _Stop as stopped:
            if stopped.planned is not None:
                plans.append(stopped.planned)
        finally:
            _LOCAL.planning = False
    sharing: dict[tuple[object, ...], list[Planned]] = defaultdict(list)
    for plan in plans:
        sharing[plan.sharing_key()].append(plan)
    answers: Answers = {}
    for group in sharing.values():
        if len({plan.fact for plan in group}) > 1:
            answers.update(_run_together(store, group))
    return answers


@contextlib.contextmanager
def answering(answers: Answers) -> Iterator[None]:
    """Within the block (in this thread), statements among ``answers`` take their rows from them."""
    previous = getattr(_LOCAL, "answers", None)
    _LOCAL.answers = answers
    try:
        yield
    finally:
        _LOCAL.answers = previous


def _run_together(store: Store, group: Sequence[Planned]) -> Answers:
    first = group[0]
    facts = sorted({plan.fact for plan in group})
    listed = ", ".join("'" + fact.replace("'", "''") + "'" for fact in facts)
    conditions = " AND ".join([f"p.fact IN ({listed})", *first.conditions])
    grouping = ", ".join(str(i) for i in range(1, first.group_width + 2))
    sql = f"SELECT p.fact, {', '.join(first.select)} FROM {first.table} p WHERE {conditions} GROUP BY {grouping}"
    by_fact: dict[str, Rows] = {fact: [] for fact in facts}
    for row in store.query(sql, first.params):
        by_fact[str(row[0])].append(tuple(row[1:]))
    return {(plan.sql, plan.params): by_fact[plan.fact] for plan in group}
