"""Indicator results for the pages: computed by the indicator engine (cached per store version), turned into
tables with drill-down links from every count to the lots behind it, and the trend per year with the method
each year rests on (declared for eForms lots, detected for legacy notices)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from ..browse import FACTS, FILTERS
from ..indicators import REGISTRY, IndicatorResult, batch, columns, compute
from ..indicators.base import DECLARED, DETECTED, share
from ..indicators.sources import known_summary
from ..store import Store
from ..store.summary import built_definitions
from .context import Env, query_url
from .db import FigureCache, StoreProvider
from .naming import renamed
from .tables import Column, DataTable

HEADLINE = ("green", "social", "innovative", "gpp-criteria")
UPTAKE_CODES = ("strategic", "green", "gpp-criteria", "social", "innovative", "reserved", "accessibility")
STATUS_COLUMNS = {"lots_yes": "yes", "lots_none": "none", "lots_not_reported": "not-reported"}
_STATUS_PARTS = {status: query_url("", {"status": status}).removeprefix("?") for status in STATUS_COLUMNS.values()}
EFORMS = "eforms"


def result(
    env: Env,
    code: str,
    by: Sequence[str] = (),
    filters: Mapping[str, str] | None = None,
    variant: str = DECLARED,
    values: bool = True,
    named: bool = True,
    largest: int | None = None,
) -> IndicatorResult:
    """An indicator's result with the page's filters (or ``filters``); ``values`` false: counts only, for the
    tables and charts that show no lot values; ``named`` false: buyers keep the engine's name (a caller that
    shows only some rows names those with :func:`named_buyers`); ``largest``: only that many groups, those with
    the most lots in scope."""
    chosen = applicable_filters(code, filters if filters is not None else env.filters())
    data = cached_compute(env.cache, env.store, code, tuple(by), chosen, variant, values, largest)
    return named_buyers(env, data) if named else data


def named_buyers(env: Env, data: IndicatorResult) -> IndicatorResult:
    """One name per buyer, in the page's language (the engine gives one of its names)."""
    if "buyer" in data.by:
        return dataclasses.replace(data, rows=renamed(env, data.rows))
    return data


def counts_of(
    env: Env,
    code: str,
    by: Sequence[str] = (),
    filters: Mapping[str, str] | None = None,
    variant: str = DECLARED,
    named: bool = True,
    largest: int | None = None,
) -> IndicatorResult:
    """:func:`result` without the lots' values (the trend and the dashboard's breakdowns show none)."""
    return result(env, code, by, filters, variant, values=False, named=named, largest=largest)


def cached_compute(
    cache: FigureCache,
    store: Store,
    code: str,
    by: tuple[str, ...],
    filters: Mapping[str, str],
    variant: str,
    values: bool = True,
    largest: int | None = None,
) -> IndicatorResult:
    def computed() -> IndicatorResult:
        with known_summary(summary_state(cache, store)):
            return _computed(store, code, by, filters, variant, values, largest)

    return cache.get(_figure_key(code, by, filters, variant, values, largest), computed)


def _figure_key(
    code: str,
    by: tuple[str, ...],
    filters: Mapping[str, str],
    variant: str,
    values: bool,
    largest: int | None = None,
) -> tuple[object, ...]:
    kind = "indicator" if values else "indicator-counts"
    return (kind, code, by, tuple(sorted(filters.items())), variant, *(() if largest is None else (largest,)))


class Ask(NamedTuple):
    """A figure a page shows (see :func:`result`)."""

    code: str
    by: tuple[str, ...]
    filters: Mapping[str, str]
    variant: str = DECLARED
    values: bool = False
    largest: int | None = None


def prefetch(env: Env, asks: Sequence[Ask]) -> None:
    """Compute the figures ``asks`` that are not cached yet, their summary queries run together where they can
    share a statement (:mod:`sppmon.indicators.batch`): the headline cards' four facts, the breakdowns of one
    fact. A page that shows them calls this first; its own calls then find them in the cache."""
    chosen = [ask._replace(filters=applicable_filters(ask.code, ask.filters)) for ask in asks]
    missing = [ask for ask in chosen if not env.cache.holds(_figure_key(*ask))]
    if len(missing) < 2:
        return
    store = env.store
    with known_summary(summary_state(env.cache, store)):
        planned = [functools.partial(_computed, store, *ask) for ask in missing]
        answers = batch.shared_answers(store, planned)
    if answers:
        with batch.answering(answers):
            for ask in missing:
                cached_compute(env.cache, store, *ask)


def _computed(
    store: Store,
    code: str,
    by: tuple[str, ...],
    filters: Mapping[str, str],
    variant: str,
    values: bool,
    largest: int | None = None,
) -> IndicatorResult:
    return compute(store, code, by=by, filters=filters, variant=variant, values=values, largest=largest)


def summary_state(cache: FigureCache, store: Store) -> dict[str, str]:
    """The summary's state, read once per version of the store (the cache is emptied when a batch lands)."""
    try:
        return cache.get(("summary-state",), lambda: built_definitions(store))
    except Exception:  # a store without the summary tables (an older schema): every measure counts the lots
        return {}


def warm_up_asks(provider: StoreProvider, cache: FigureCache) -> list[Callable[[], object]]:
    """What the unfiltered dashboard shows, as steps that compute one figure each (run by the background
    warm-up while the worker is idle, so that its first visitor does not wait)."""
    asks: list[Ask] = []
    for code in HEADLINE:
        asks += [Ask(code, (), {}), Ask(code, ("year", "format"), {})]
        if DETECTED in REGISTRY[code].variants:
            asks.append(Ask(code, ("year", "format"), {}, DETECTED))
    asks += [Ask("green", ("year",), {})]
    asks += [breakdown_ask("green", dimension, {}) for dimension in BREAKDOWN_DIMENSIONS]
    # the dashboard shows the CVD's table whole, with values, and only counts of the EED's
    directives = [code for code in ("cvd", "eed") if code in REGISTRY]
    asks += [Ask(code, REGISTRY[code].default_by, {}, values=code == "cvd") for code in directives]
    return [functools.partial(_warm_one, provider, cache, ask) for ask in asks]


def _warm_one(provider: StoreProvider, cache: FigureCache, ask: Ask) -> object:
    return cached_compute(cache, provider.get(), *ask)


BREAKDOWN_DIMENSIONS = ("buyer", "product_group", "cpv_division", "procedure_type")  # the dashboard's breakdowns
TOP_GROUPS = 15  # the groups a dashboard breakdown shows
# Breakdowns whose groups grow with the store (a buyer per organisation): the engine keeps the largest groups
# only. The others have tens of groups at most and share a statement with the trend (sppmon.indicators.batch).
UNBOUNDED = frozenset({"buyer"})


def breakdown_ask(code: str, dimension: str, filters: Mapping[str, str]) -> Ask:
    """A dashboard breakdown: counts of ``code`` by ``dimension``, the largest groups only where they are many."""
    return Ask(code, (dimension,), filters, largest=TOP_GROUPS if dimension in UNBOUNDED else None)


def applicable_filters(code: str, filters: Mapping[str, str]) -> dict[str, str]:
    """The filters the indicator accepts (the others do not apply to it and are left out)."""
    allowed = REGISTRY[code].breakdowns
    return {key: value for key, value in filters.items() if key in allowed}


# How the web shows each kind of result column (sppmon.indicators.columns): see tables.display; codes, yes/no,
# methods and breakdown values are named by columns.value_label in the page's language.
_WEB_KINDS = {
    columns.COUNT: "int",
    columns.YEAR: "text",
    columns.SHARE: "share",
    columns.MONEY: "money",
    columns.DECIMAL: "decimal",
    columns.CODE: "result",
    columns.TEXT: "text",
}


def column_kind(name: str) -> str:
    """The display kind of an indicator result column."""
    return _WEB_KINDS[columns.kind(name)]


def column_label(env: Env, name: str, code_list: str | None = None, variant: str = DECLARED) -> str:
    """The heading of a result column in the page's language (the catalogue's, in the words of the variant,
    or the breakdown's title)."""
    return columns.title(name, env.lang, code_list, variant)


def result_column_of(env: Env, name: str, code_list: str | None = None, variant: str = DECLARED) -> Column:
    return Column(name, column_label(env, name, code_list, variant), column_kind(name), code_list)


def result_table(env: Env, data: IndicatorResult, name: str, by: Sequence[str] = ()) -> DataTable:
    """An indicator result as a table: headings and group keys in the user's language, counts linked to lots."""
    links = {index: drill_links(env, data, row) for index, row in enumerate(data.rows)}
    code_list = columns.code_list_of(data)
    shown = [
        result_column_of(env, column, code_list if column == "code" else None, data.variant) for column in data.columns
    ]
    params = {**data.filters, "code": data.indicator.code, "by": ",".join(data.by)}
    if data.variant != DECLARED:
        params["variant"] = data.variant
    rows = [dict(row) for row in data.rows]
    return DataTable(
        name, data.indicator.title(env.lang), shown, rows, params=params, links=links, download="indicator"
    )


def drill_links(env: Env, data: IndicatorResult, row: Mapping[str, Any]) -> dict[str, str]:
    """Links from the counts of one result row to the lots behind them (uptake indicators)."""
    code = data.indicator.code
    if code not in FACTS or data.variant not in (DECLARED, DETECTED):
        return {}
    params: dict[str, Any] = {key: value for key, value in data.filters.items() if key in FILTERS}
    for key in data.by:
        if key not in FILTERS or row.get(key) is None:
            return {}
        params[key] = row[key]
    params["fact"] = code
    if data.variant == DETECTED:
        params["variant"] = DETECTED
    scope = env.url("/lots", params)  # never without a query: the fact is always among the parameters
    found = {"lots_in_scope": scope}
    for column, status in STATUS_COLUMNS.items():  # the same address with its status last: built once a row
        found[column] = f"{scope}&{_STATUS_PARTS[status]}"
    if "buyer" in data.by:
        found["buyer_name"] = env.url(f"/buyers/{row.get('buyer')}", data.filters)
    if "product_group" in data.by:
        found["product_group"] = env.url(f"/product-groups/{row.get('product_group')}", data.filters)
    return found


def trend_asks(env: Env, code: str) -> list[Ask]:
    """The figures :func:`trend` computes (for :func:`prefetch`)."""
    base = {key: value for key, value in env.filters().items() if key != "year"}
    indicator = REGISTRY[code]
    if "format" not in indicator.breakdowns:
        return [Ask(code, ("year",), base)]
    variants = [DECLARED] + ([DETECTED] if DETECTED in indicator.variants else [])
    return [Ask(code, ("year", "format"), base, variant) for variant in variants]


def trend(env: Env, code: str, filters: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Uptake per year and method, one row per year and method: eForms lots by their declaration; legacy TED
    lots by text detection when the indicator has a detected variant, else by what their forms declare
    (method ``legacy-form``). A year with both kinds of notice has two rows: the methods are never summed.
    A detected row has no coverage: a text examined without a hit is not a declaration of "none"."""
    base = {key: value for key, value in (filters if filters is not None else env.filters()).items() if key != "year"}
    indicator = REGISTRY[code]
    if "format" not in indicator.breakdowns:
        return [dict(row, method=DECLARED, formats=[]) for row in counts_of(env, code, ("year",), base).rows]
    declared = counts_of(env, code, ("year", "format"), base)
    detected = counts_of(env, code, ("year", "format"), base, DETECTED) if DETECTED in indicator.variants else None
    parts: list[dict[str, Any]] = []
    for row in declared.rows:
        if row.get("format") == EFORMS:
            parts.append(dict(row, method=DECLARED))
        elif detected is None:
            parts.append(dict(row, method=LEGACY_FORM))
    if detected is not None:
        parts.extend(dict(row, method=DETECTED) for row in detected.rows if row.get("format") != EFORMS)
    return _per_year_and_method(parts)


LEGACY_FORM = "legacy-form"
METHODS = (DETECTED, LEGACY_FORM, DECLARED)  # in the order of time: legacy notices first
_COUNTS = ("lots_in_scope", "lots_yes", "lots_none", "lots_not_reported")


def _per_year_and_method(parts: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows of (year, format) summed per (year, method); shares recomputed from the sums."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for part in parts:
        key = (str(part.get("year")), str(part["method"]))
        row = merged.setdefault(key, {"year": part.get("year"), "method": part["method"], "formats": []})
        row["formats"].append(part.get("format"))
        for name in _COUNTS:
            row[name] = int(row.get(name) or 0) + int(part.get(name) or 0)
    rows = sorted(merged.values(), key=lambda row: (str(row["year"]), METHODS.index(row["method"])))
    for row in rows:
        scope = row["lots_in_scope"]
        row["uptake_share"] = share(row["lots_yes"], scope)
        reported = share(row["lots_yes"] + row["lots_none"], scope)
        detected = row["method"] == DETECTED
        row["coverage_share"] = None if detected else reported
        row["not_reported_share"] = None if detected else share(row["lots_not_reported"], scope)
    return rows


def trend_table(env: Env, code: str) -> DataTable:
    rows = trend(env, code)
    names = ("year", "method", "lots_in_scope", "lots_yes", "uptake_share", "coverage_share", "not_reported_share")
    shown_columns = [Column("year", column_label(env, "year")), result_column_of(env, "method")]
    shown_columns += [result_column_of(env, name) for name in names[2:]]
    links = {index: _trend_links(env, code, row) for index, row in enumerate(rows)}
    title = env.t("dashboard.trend_of", indicator=REGISTRY[code].title(env.lang))
    params = {**env.filters(), "code": code}
    built = DataTable(f"trend-{code}", title, shown_columns, rows, params=params, links=links, download="trend")
    if any(row["method"] == DETECTED for row in rows):
        built.caption = env.t("dashboard.trend_detected")
    return built


def _trend_links(env: Env, code: str, row: Mapping[str, Any]) -> dict[str, str]:
    """A trend row's lots, and those with the fact, by the row's method (legacy years: detected evidence)."""
    if code not in FACTS:
        return {}
    params: dict[str, Any] = {key: value for key, value in env.filters().items() if key in FILTERS}
    if row.get("year") is not None:
        params["year"] = row["year"]
    formats = [str(name) for name in row.get("formats") or [] if name]
    if formats:
        params["notice_format"] = ",".join(sorted(formats))
    params["fact"] = code
    if row.get("method") == DETECTED:
        params["variant"] = DETECTED
    found = {"lots_in_scope": env.url("/lots", params)}
    found["lots_yes"] = found["uptake_share"] = env.url("/lots", {**params, "status": "yes"})
    return found


def api_url(env: Env, data: IndicatorResult) -> str:
    """The JSON API address that answers with the same figures (indicator, filters, breakdown, variant)."""
    params = {**data.filters, "by": ",".join(data.by)}
    if data.variant != DECLARED:
        params["variant"] = data.variant
    return env.url(f"/api/indicators/{data.indicator.code}", params)


def only_columns(built: DataTable, keys: Sequence[str]) -> DataTable:
    """The table showing only the columns ``keys``, in that order; its download still has every column."""
    by_key = {column.key: column for column in built.columns}
    built.columns = [by_key[key] for key in keys if key in by_key]
    return built
