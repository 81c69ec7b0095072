"""Buyer pages: all buyers with their uptake and coverage, and per buyer its feedback sheet (uptake with
coverage, field coverage, lots where declaration and text evidence disagree)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from ...browse import LotQuery
from ...browse.lots import disagreements
from ..context import Env, env_of
from ..facets import active_filters, facets, hidden_filters
from ..figures import result, result_table
from ..render import render
from ..tables import DataTable, table
from .dashboard import headline
from .lots import lot_table

router = APIRouter()


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
    rows = env.store.query("SELECT MAX(buyer_name) FROM procedure_lots WHERE buyer_key = ?", (key,))
    return None if not rows or rows[0][0] is None else str(rows[0][0])


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


@router.get("/buyers/{key}", response_class=HTMLResponse)
def buyer_page(request: Request, key: str) -> HTMLResponse:
    env = env_of(request)
    name = buyer_name(env, key) if len(key) <= 200 else None
    if name is None:
        raise HTTPException(404, env.t("buyer.unknown"))
    env.params["buyer"] = key
    filters = env.filters()
    coverage = result_table(env, result(env, "coverage", (), filters), "buyer-coverage")
    coverage.title = env.t("buyer.coverage")
    form = {name: values for name, values in facets(env).items() if name != "buyer"}
    return render(
        env,
        "buyer.html",
        key=key,
        name=name,
        cards=headline(env, filters),
        coverage=coverage,
        disagreements=disagreement_table(env),
        facets=form,
        hidden={**hidden_filters(env), "buyer": key},
        active=active_filters(env),
    )
