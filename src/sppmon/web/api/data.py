"""API routes for lots, notices, facets, the data-quality statistics and the usage statistics."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.encoders import jsonable_encoder

from ...browse import FACTS, FILTERS, LotQuery, list_lots, notice_detail
from ...browse.facets import facet_values
from ...browse.filters import filter_values
from ...store.stats import store_stats
from ...usage import PERIODS, usage_table
from ...usage.sessions import SOURCES
from ..context import env_of
from ..errors import WebError
from ..naming import buyer_label, resolved
from ..pages.lots import lot_table
from ..params import check_lot_query, described
from ..tables import Column, DataTable
from .common import LegacyFormat, Limit, LotFilters, NoticeFilters, Offset, Output, output_of, table_response

router = APIRouter(prefix="/api", tags=["data"])
Fact = Annotated[
    str | None,
    Query(pattern="^(" + "|".join(FACTS) + ")$", description=described("param.fact", facts=", ".join(FACTS))),
]
Status = Annotated[str | None, Query(pattern="^(yes|none|not-reported)$", description=described("param.status"))]
LotVariant = Annotated[str, Query(pattern="^(declared|detected)$", description=described("param.lot_variant"))]
NOTICE_COLUMNS = {
    "year": "year",
    "country": "buyer_country",
    "buyer": "buyer_key",
    "buyer_legal_type": "buyer_legal_type",
    "form_type": "form_type",
    "procedure_type": "procedure_type",
    "nature": "nature",
}


@router.get("/lots")
def api_lots(
    request: Request,
    filters: LotFilters,
    fact: Fact = None,
    status: Status = None,
    variant: LotVariant = "declared",
    limit: Limit = 100,
    offset: Offset = 0,
    output: Output = None,
    format: LegacyFormat = None,
) -> Response:
    env = env_of(request)
    check_lot_query(fact, status, variant)
    query = LotQuery(resolved(env.cache, env.provider, filters, env.lang), fact, status, variant)
    page = list_lots(env.store, query, limit=limit, offset=offset)
    data = lot_table(env, page)
    data.columns = [Column(name, name) for name in page.columns]
    extra = {"total": page.total, "offset": page.offset, "limit": page.limit, "query": query.params()}
    return table_response(data, output_of(output, format), extra)


@router.get("/notices")
def api_notices(
    request: Request,
    filters: NoticeFilters,
    limit: Limit = 100,
    offset: Offset = 0,
    output: Output = None,
    format: LegacyFormat = None,
) -> Response:
    env = env_of(request)
    conditions, params = ["is_latest"], []
    for key, value in resolved(env.cache, env.provider, filters, env.lang).items():
        values = filter_values(key, value)
        marks = ", ".join("?" for _ in values)
        conditions.append(f"{NOTICE_COLUMNS[key]} IN ({marks})")
        params += values
    where = " AND ".join(conditions)
    names = (
        "notice_key, notice_id, version, subtype, notice_type, publication_number, publication_date, title, "
        "buyer_key, buyer_name, buyer_country, procedure_type, nature, estimated_value, estimated_currency, "
        "lot_count"
    )
    store = env.store
    total = int(store.query(f"SELECT COUNT(*) FROM notices WHERE {where}", params)[0][0])
    header, rows = store.columns(
        f"SELECT {names} FROM notices WHERE {where} "
        "ORDER BY publication_date DESC NULLS LAST, notice_key LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    records = [dict(zip(header, row, strict=True)) for row in rows]
    data = DataTable("notices", "notices", [Column(name, name) for name in header], records)
    return table_response(data, output_of(output, format), {"total": total, "offset": offset, "limit": limit})


@router.get("/notices/{notice_key}")
def api_notice(request: Request, notice_key: Annotated[str, Path(max_length=200)]) -> Any:
    env = env_of(request)
    detail = notice_detail(env.store, notice_key)
    if detail is None:
        raise WebError(404, "notice.missing")
    return jsonable_encoder(detail)


@router.get("/facets/{key}")
def api_facets(request: Request, key: Annotated[str, Path(max_length=50)]) -> Any:
    if key not in FILTERS:
        raise WebError(404, "error.unknown_filter", name=key, known=", ".join(FILTERS))
    env = env_of(request)
    values = env.cache.get(("facet", key), lambda: facet_values(env.store, key))
    name_of = (lambda value, name: buyer_label(env, value)) if key == "buyer" else (lambda value, name: name)
    return [{"value": value, "name": name_of(value, name), "lots": lots} for value, name, lots in values]


@router.get("/quality")
def api_quality(request: Request) -> Any:
    env = env_of(request)
    return env.cache.get(("store_stats",), lambda: store_stats(env.store)).as_dict()


@router.get("/usage")
def api_usage(
    request: Request,
    period: Annotated[str, Query(pattern="^(year|quarter|month)$", description=described("param.period"))] = "year",
    source: Annotated[str, Query(pattern="^(all|app|log)$", description=described("param.source"))] = "all",
    output: Output = None,
    format: LegacyFormat = None,
) -> Response:
    assert period in PERIODS and source in SOURCES
    env = env_of(request)
    recorder = request.app.state.recorder
    if recorder is not None:
        recorder.flush()
    rows = [row.as_dict() for row in usage_table(env.store, period, source)]
    columns = [Column(name, name) for name in (rows[0] if rows else {"period": None})]
    data = DataTable("usage", "usage", columns, rows)
    return table_response(data, output_of(output, format), {"period": period, "source": source})
