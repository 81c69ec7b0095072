"""API routes of the indicators: the catalogue and each indicator with the CLI's breakdowns, filters and
variants (``/api/indicators/green?by=year,buyer&country=BEL&variant=declared``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response

from ...indicators import BREAKDOWNS, REGISTRY, parse_by, parse_filters
from ...indicators.base import DECLARED, LANGS
from ..context import env_of
from ..figures import column_kind, result
from ..tables import Column, DataTable
from .common import Output, table_response

router = APIRouter(prefix="/api/indicators", tags=["indicators"])
FILTER_HELP = (
    "Filters: any breakdown name as a parameter (year=2025&country=BEL; several values separated by commas), "
    "or repeated filter=NAME=VALUE as on the command line. Breakdowns: " + ", ".join(BREAKDOWNS)
)


@router.get("", summary="The indicator catalogue")
def api_catalogue() -> list[dict[str, Any]]:
    return [
        {
            "code": item.code,
            "titles": dict(item.titles),
            "definition": dict(item.definition),
            "unit": item.unit,  # English, as before; the texts in every language follow
            "units": dict(item.units),
            "scopes": dict(item.scopes),
            "exclusions": [dict(texts) for texts in item.exclusion_texts],
            "methods": {lang: item.method_in(lang) for lang in LANGS},
            "breakdowns": list(item.breakdowns),
            "variants": list(item.variants),
            "default_by": list(item.default_by),
        }
        for item in REGISTRY.values()
    ]


@router.get("/{code}", summary="Compute one indicator", description=FILTER_HELP)
def api_indicator(
    request: Request,
    code: str,
    by: Annotated[str | None, Query(max_length=200, description="Breakdowns, comma-separated")] = None,
    variant: Annotated[str, Query(pattern="^(declared|detected|either)$")] = DECLARED,
    filter: Annotated[list[str] | None, Query(max_length=300, description="NAME=VALUE, repeatable")] = None,
    format: Output = "json",
) -> Response:
    if code not in REGISTRY:
        raise HTTPException(404, f"no indicator {code!r}; known: {', '.join(REGISTRY)}")
    env = env_of(request)
    pairs = [f"{key}={value}" for key, value in request.query_params.items() if key in BREAKDOWNS and value]
    filters = parse_filters([*pairs, *(filter or [])])
    groups = REGISTRY[code].default_by if by is None else parse_by(by)
    data = result(env, code, groups, filters, variant)
    extra = {
        "indicator": code,
        "title": data.indicator.title(env.lang),
        "by": list(data.by),
        "filters": data.filters,
        "variant": data.variant,
        "notes": data.notes,  # English, stable for programs that match on them
        "lang": env.lang,
        "notes_in_lang": data.notes_in(env.lang),
        "call": data.call(),
    }
    columns = [Column(name, name, column_kind(name)) for name in data.columns]
    raw = DataTable(code, data.indicator.title(env.lang), columns, data.rows)
    return table_response(raw, format, extra)
