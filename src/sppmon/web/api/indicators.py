"""API routes of the indicators: the catalogue and each indicator with the CLI's breakdowns, filters and
variants (``/api/indicators/green?by=year,buyer&country=BEL&variant=declared``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from ...indicators import BREAKDOWNS, REGISTRY, Indicator, parse_filters
from ...indicators.base import DECLARED, LANGS
from ..context import env_of
from ..errors import FieldProblem, WebError, invalid_parameters
from ..figures import column_kind, result
from ..naming import resolved
from ..params import PARAMS, described, problems_of
from ..tables import Column, DataTable
from .common import IndicatorFilters, Output, output_of, table_response

router = APIRouter(prefix="/api/indicators", tags=["indicators"])


@router.get("")
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


@router.get("/{code}", description=described("api.indicator_help"))
def api_indicator(
    request: Request,
    code: Annotated[str, Path(max_length=50)],
    filters: IndicatorFilters,
    by: Annotated[str | None, Query(pattern=BY_PATTERN, max_length=200, description=described("param.by"))] = None,
    variant: Annotated[str, Query(pattern="^(declared|detected|either)$", description=described("param.variant"))] = (
        DECLARED
    ),
    filter: Annotated[list[str] | None, Query(max_length=300, description=described("param.filter"))] = None,
    output: Output = None,
) -> Response:
    if code not in REGISTRY:
        raise WebError(404, "error.unknown_indicator", indicator=code, known=", ".join(REGISTRY))
    env = env_of(request)
    indicator = REGISTRY[code]
    groups = indicator.default_by if by is None else checked_by(indicator, by)
    if variant not in indicator.variants:
        raise invalid_parameters(
            [FieldProblem("variant", "error.variant", (("known", ", ".join(indicator.variants)),))]
        )
    asked = resolved(env.cache, env.provider, {**filters, **repeated_filters(filter or [])}, env.lang)
    data = result(env, code, groups, asked, variant)
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
    shown = [Column(name, name, column_kind(name)) for name in data.columns]
    raw = DataTable(code, data.indicator.title(env.lang), shown, data.rows)
    return table_response(raw, output_of(output), extra)


BY_PATTERN = "^[a-z_-]+(,[a-z_-]+)*$"


def checked_by(indicator: Indicator, by: str) -> tuple[str, ...]:
    """The breakdowns asked for: known, allowed for ``indicator``, at most two, none twice (else 422)."""
    names = tuple(name.strip().replace("-", "_") for name in by.split(",") if name.strip())
    allowed = indicator.breakdowns
    if any(name not in allowed for name in names) or len(names) > 2 or len(set(names)) != len(names):
        problem = FieldProblem("by", "error.by", (("known", ", ".join(allowed)),))
        raise invalid_parameters([problem])
    return names


def repeated_filters(items: list[str]) -> dict[str, str]:
    """``filter=NAME=VALUE`` parameters, each checked against the declaration of its filter (else 422)."""
    pairs = [item.partition("=") for item in items]
    problems = []
    for name, sep, value in pairs:
        key = name.strip().replace("-", "_")
        if not sep or key not in PARAMS or key not in BREAKDOWNS:
            problems.append(FieldProblem("filter", "error.filter_item", (("item", f"{name}{sep}{value}"),)))
        elif problems_of({key: value}, [PARAMS[key]]):
            problems.append(FieldProblem("filter", PARAMS[key].expected_key))
    if problems:
        raise invalid_parameters(problems)
    return parse_filters(items)
