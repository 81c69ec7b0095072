"""Where a measure counts from: the summary tables when they can answer the query, else the lots.

Measures over lots are written against a *fact frame* (:func:`sppmon.store.summary.fact_frame`): every row
carries the weights ``lots`` and ``lots_valued``, so the same aggregate SQL gives the same numbers whether a row
is one lot (counted from ``procedure_lots``) or a summary row standing for many. The summary answers when its
fact is built with the code's definition and one of its levels offers every column the query's SQL refers to (the
smallest such level answers: see :mod:`sppmon.store.summary`).

``SPPMON_SUMMARY=0``, or :func:`direct` around a computation, makes every measure count the lots (the
consistency tests compare both).
"""

from __future__ import annotations

import contextlib
import functools
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .. import settings
from ..store import Store
from ..store import summary as store_summary
from ..store.summary_facts import FACTS_BY_NAME
from .base import Indicator, Query
from .breakdowns import BREAKDOWNS
from .scoped import scoped

_COLUMN = re.compile(r"\bp\.([a-z_][a-z0-9_]*)")
_LOCAL = threading.local()
SUMMARY, LOTS = "summary", "lots"


@dataclass(frozen=True, slots=True)
class Source:
    frame: str | store_summary.SummaryFrame  # a fact frame's SQL (the lots), or a summary level read directly
    origin: str  # SUMMARY or LOTS


def direct() -> contextlib.AbstractContextManager[None]:
    """Count from the lots within the block (in this thread), whatever the summary offers."""
    return scoped(_LOCAL, "direct", True, default=False)


def known_summary(built: dict[str, str]) -> contextlib.AbstractContextManager[None]:
    """Within the block (in this thread), take ``built`` (:func:`sppmon.store.summary.built_definitions`, read
    once for the store's current batch) as the summary's state instead of reading it for every measure."""
    return scoped(_LOCAL, "built", built)


def referenced(texts: Iterable[str]) -> set[str]:
    """The frame columns (``p.name``) that SQL texts refer to."""
    return set().union(*map(_columns_of, texts))


@functools.lru_cache(maxsize=4096)
def _columns_of(text: str) -> frozenset[str]:
    """Kept: every figure of a page refers to the same few dozen texts (its measure's counts, its filters)."""
    return frozenset(_COLUMN.findall(text))


def query_sql(query: Query) -> list[str]:
    """The SQL of the query's breakdowns and filters (over the frame ``p``)."""
    names = [*query.by, *query.filters]
    texts = [BREAKDOWNS[name].sql for name in names]
    texts += [BREAKDOWNS[name].label_sql or "" for name in query.by]
    return texts


def fact_source(store: Store, fact: str, query: Query, sql: Sequence[str]) -> Source:
    """The frame to count ``fact`` from for ``query``, whose measure uses the SQL texts ``sql``."""
    definition = FACTS_BY_NAME[fact]
    columns = referenced([*sql, *query_sql(query)])
    level = store_summary.summary_level(definition, columns)
    if _summary_allowed() and level is not None and _built(store, fact):
        return Source(store_summary.summary_frame(definition, level), SUMMARY)
    return Source(store_summary.fact_frame(definition), LOTS)


def _summary_allowed() -> bool:
    return not getattr(_LOCAL, "direct", False) and bool(settings.get("summary"))


def _built(store: Store, fact: str) -> bool:
    try:
        return store_summary.usable(store, fact, getattr(_LOCAL, "built", None))
    except Exception:  # a store opened without migrating (an older schema): count the lots
        return False


def summary_facts(indicator: Indicator) -> tuple[str, ...]:
    """The summary facts an indicator's measure reads (none: it is not summarised and counts its rows directly)."""
    from .catalogue.declared_vs_detected import DIMENSIONS, DeclaredVsDetected
    from .codes import CodeShares
    from .tally import Tally
    from .uptake import Uptake

    measure = indicator.measure
    if isinstance(measure, Uptake | Tally):
        return (measure.fact,) if measure.fact else ()
    if isinstance(measure, CodeShares):
        return (measure.parent_fact, "codes")
    if isinstance(measure, DeclaredVsDetected):
        return tuple(DIMENSIONS)
    return ()
