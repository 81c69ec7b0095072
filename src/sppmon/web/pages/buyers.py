"""Buyer pages: all buyers with their uptake and coverage, and per buyer its feedback sheet: uptake per year
with coverage and not-reported shares, field coverage per year, a comparison with the buyers of the same legal
type and country, and the lots where declaration and text evidence disagree. Every figure comes from the
indicator engine (cached), links its counts to the lots behind it and shows the command that reproduces it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...browse import LotQuery
from ...browse.lots import disagreements
from ...buyers import BuyerNotFound
from ...indicators import IndicatorResult
from ...indicators.uptake import UPTAKE_COLUMNS
from ...reports.charts import trends_chart
from ..context import Env, env_of
from ..errors import WebError
from ..facets import active_filters, facet_label, facets, hidden_filters
from ..figures import (
    HEADLINE,
    Ask,
    api_url,
    column_label,
    drill_links,
    only_columns,
    prefetch,
    result,
    result_table,
)
from ..naming import buyer_label, resolved
from ..render import render
from ..reporting import FORMATS
from ..tables import Column, DataTable, table
from .dashboard import headline
from .lots import lot_table

router = APIRouter()

# The indicators of the feedback sheet report (reports/buyer_feedback.py), in its order.
SHEET_CODES = ("strategic", "green", "gpp-criteria", "social", "innovative")
YEAR_COLUMNS = ("year", *UPTAKE_COLUMNS[: UPTAKE_COLUMNS.index("not_reported_share") + 1])
# Coverage columns of the coverage indicator → the fact whose field they measure (for the column label).
COVERAGE_FACTS = {
    "strategic_coverage": "strategic",
    "green_coverage": "green",
    "gpp_coverage": "gpp-criteria",
    "social_coverage": "social",
    "innovative_coverage": "innovative",
    "accessibility_coverage": "accessibility",
}
PEER_KEYS = ("buyer_legal_type", "country")
COMPARED = ("lots_in_scope", "lots_yes", "uptake_share", "coverage_share", "not_reported_share")


@dataclass(frozen=True, slots=True)
class Figure:
    """A table of the sheet with the ``sppmon indicators`` calls and the API addresses behind it."""

    table: DataTable
    calls: tuple[str, ...]
    json: tuple[str, ...]


def figure(built: DataTable, *results: IndicatorResult, env: Env) -> Figure:
    return Figure(built, tuple(data.call() for data in results), tuple(api_url(env, data) for data in results))


@table("buyers")
def buyers_table(env: Env) -> DataTable:
    filters = {key: value for key, value in env.filters().items() if key != "buyer"}
    data = result(env, "green", ("buyer",), filters)
    built = result_table(env, data, "buyers", ("buyer",))
    order = sorted(range(len(data.rows)), key=lambda i: -int(str(data.rows[i].get("lots_in_scope") or 0)))
    built.rows = [built.rows[i] for i in order]
    built.links = {new: built.links.get(old, {}) for new, old in enumerate(order)}
    built.columns = [column for column in built.columns if column.key != "buyer"]
    built.download = "buyers"
    built.params = filters
    return built


@router.get("/buyers", response_class=HTMLResponse)
def buyers_page(request: Request) -> HTMLResponse:
    env = env_of(request)
    form = {key: values for key, values in facets(env).items() if key != "buyer"}
    return render(
        env, "buyers.html", table=buyers_table(env), facets=form, hidden=hidden_filters(env), active=active_filters(env)
    )


def buyer_name(env: Env, key: str) -> str | None:
    """The buyer's one name in the page's language; None for a key without lots."""
    if not env.store.query("SELECT 1 FROM procedure_lots WHERE buyer_key = ? LIMIT 1", (key,)):
        return None
    return buyer_label(env, key)


@table("buyer-disagreements")
def disagreement_table(env: Env) -> DataTable:
    query = LotQuery(env.filters())
    built = lot_table(env, disagreements(env.store, query))
    built.name = "buyer-disagreements"
    built.title = env.t("buyer.disagreements")
    built.caption = env.t("buyer.disagreements_help")
    built.params = env.filters()
    built.download = "buyer-disagreements"
    return built


def year_figures(env: Env, filters: dict[str, str]) -> tuple[list[Figure], list[IndicatorResult]]:
    """Per indicator of the sheet, its uptake per year (declared, as in the report) with drill-down links."""
    found, results = [], []
    for code in SHEET_CODES:
        data = result(env, code, ("year",), filters)
        built = only_columns(result_table(env, data, f"buyer-{code}", ("year",)), YEAR_COLUMNS)
        built.title = env.t("dashboard.trend_of", indicator=data.indicator.title(env.lang))
        found.append(figure(built, data, env=env))
        results.append(data)
    return found, results


def coverage_figure(env: Env, filters: dict[str, str]) -> Figure:
    """How completely the buyer fills in each sustainability field, per year; the lots of a year link to them."""
    data = result(env, "coverage", ("year",), filters)
    built = result_table(env, data, "buyer-coverage", ("year",))
    # the engine names these columns *_coverage (not *_share), so their kind and label are set here
    built.columns = [Column("year", column_label(env, "year")), Column("lots_in_scope", env.t("col.lots"), "int")]
    built.columns += [Column(key, env.t("fact." + fact), "share") for key, fact in COVERAGE_FACTS.items()]
    built.links = {
        index: {"lots_in_scope": env.url("/lots", {**filters, "year": row["year"]})}
        for index, row in enumerate(data.rows)
        if row.get("year") is not None
    }
    built.title = env.t("buyer.coverage_year")
    built.caption = env.t("buyer.coverage_help")
    return figure(built, data, env=env)


def peer_profile(env: Env, key: str) -> tuple[str, str] | None:
    """The buyer's legal type (BT-11) and country: those of most of its lots, whatever the filters (a buyer
    may have changed type); None when either is unknown."""
    data = result(env, "coverage", ("buyer_legal_type", "country"), {"buyer": key})
    known = [row for row in data.rows if row.get("buyer_legal_type") and row.get("country")]
    if not known:
        return None
    best = max(known, key=lambda row: int(str(row.get("lots_in_scope") or 0)))
    return str(best["buyer_legal_type"]), str(best["country"])


def peer_filters(filters: dict[str, str], profile: tuple[str, str]) -> dict[str, str]:
    """All buyers of the same legal type and country (this one included), under the page's other filters."""
    others = {key: value for key, value in filters.items() if key != "buyer"}
    return {**others, **dict(zip(PEER_KEYS, profile, strict=True))}


def peer_figure(env: Env, filters: dict[str, str], profile: tuple[str, str]) -> Figure:
    """Per indicator: the buyer's figures beside those of its peers, each count linked to its lots."""
    peers = peer_filters(filters, profile)
    rows: list[dict[str, Any]] = []
    links: dict[int, dict[str, str]] = {}
    results: list[IndicatorResult] = []
    for index, code in enumerate(SHEET_CODES):
        own, theirs = result(env, code, (), filters), result(env, code, (), peers)
        mine, other = (data.rows[0] if data.rows else {} for data in (own, theirs))
        row: dict[str, Any] = {"indicator": own.indicator.title(env.lang)}
        row |= {f"own_{name}": mine.get(name) for name in COMPARED}
        row |= {f"peer_{name}": other.get(name) for name in COMPARED}
        row["difference"] = _difference(mine.get("uptake_share"), other.get("uptake_share"))
        rows.append(row)
        links[index] = {"indicator": env.url(f"/indicators/{code}", filters)}
        links[index] |= {f"own_{k}": v for k, v in (drill_links(env, own, mine) if mine else {}).items()}
        links[index] |= {f"peer_{k}": v for k, v in (drill_links(env, theirs, other) if other else {}).items()}
        results += [own, theirs]
    built = DataTable("buyer-peers", env.t("buyer.peers"), peer_columns(env), rows, params=filters, links=links)
    count = env.fmt.number(len(result(env, "green", ("buyer",), peers).rows))
    legal_type, country = (facet_label(env, key, value) for key, value in zip(PEER_KEYS, profile, strict=True))
    built.caption = env.t("buyer.peers_help", type=legal_type, country=country, count=count)
    return figure(built, *results, env=env)


def peer_columns(env: Env) -> list[Column]:
    columns = [Column("indicator", env.t("dashboard.indicator"))]
    for side in ("own", "peer"):
        columns += [
            Column(f"{side}_{name}", env.t(f"buyer.{side}", column=column_label(env, name)), _kind(name))
            for name in COMPARED
        ]
    return [*columns, Column("difference", env.t("buyer.difference"), "points")]


def _kind(name: str) -> str:
    return "share" if name.endswith("_share") else "int"


def _difference(own: object, peers: object) -> float | None:
    """The buyer's uptake minus its peers' (None when either is unknown: never a fake zero)."""
    if not isinstance(own, int | float) or not isinstance(peers, int | float):
        return None
    return round(own - peers, 6)


@table("buyer-peers")
def peers_download(env: Env) -> DataTable:
    filters = env.filters()
    profile = peer_profile(env, filters["buyer"]) if "buyer" in filters else None
    if profile is None:
        raise WebError(400, "buyer.peers_unknown")
    return peer_figure(env, filters, profile).table


def report_links(env: Env, key: str) -> list[tuple[str, str]]:
    """The feedback sheet report of this buyer (all years, as the report has them) in each format."""
    return [(fmt, env.url(f"/reports/buyer.{fmt}", {"buyer": key, "report_lang": env.lang})) for fmt in FORMATS]


def peer_context(env: Env, key: str, filters: dict[str, str]) -> dict[str, Any]:
    profile = peer_profile(env, key)
    if profile is None:
        return {"peers": None, "peer_list": ""}
    listing = env.url("/buyers", peer_filters(filters, profile))
    return {"peers": peer_figure(env, filters, profile), "peer_list": listing}


def sheet_asks(filters: dict[str, str], profile: tuple[str, str] | None) -> list[Ask]:
    """The figures a buyer's page shows, asked at once so that their queries can share statements."""
    asks = [Ask(code, (), filters) for code in HEADLINE]
    asks += [Ask(code, ("year",), filters, values=True) for code in SHEET_CODES]
    asks.append(Ask("coverage", ("year",), filters, values=True))
    if profile is not None:
        peers = peer_filters(filters, profile)
        asks += [Ask(code, (), chosen, values=True) for chosen in (filters, peers) for code in SHEET_CODES]
        asks.append(Ask("green", ("buyer",), peers, values=True))
    return asks


@router.get("/buyers/{key}", response_class=HTMLResponse)
def buyer_page(request: Request, key: str) -> Response:
    env = env_of(request)
    name = buyer_name(env, key) if len(key) <= 200 else None
    if name is None:  # a name or a registration number leads to the buyer's page; anything else is unknown
        try:
            found = resolved(env.cache, env.provider, {"buyer": key}, env.lang)["buyer"] if len(key) <= 200 else None
        except BuyerNotFound:
            found = None
        if found is None or found == key or "," in found:
            raise WebError(404, "buyer.unknown")
        return RedirectResponse(env.url(f"/buyers/{quote(found, safe='')}", env.params), status_code=307)
    env.params["buyer"] = key
    filters = env.filters()
    prefetch(env, sheet_asks(filters, peer_profile(env, key)))
    years, results = year_figures(env, filters)
    form = {name: values for name, values in facets(env).items() if name != "buyer"}
    return render(
        env,
        "buyer.html",
        key=key,
        name=name,
        cards=headline(env, filters),
        years=years,
        trends_spec=trends_chart(results, env.lang) if any(data.rows for data in results) else None,
        coverage=coverage_figure(env, filters),
        disagreements=disagreement_table(env),
        reports=report_links(env, key),
        facets=form,
        hidden={**hidden_filters(env), "buyer": key},
        active=active_filters(env),
        **peer_context(env, key, filters),
    )
