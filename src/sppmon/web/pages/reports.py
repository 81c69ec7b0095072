"""The reports page: every report (annual, EU strategic-procurement chapter, Clean Vehicles Directive, buyer
feedback sheet) for a chosen year and language, to download as HTML, PDF or XLSX."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from ...benchmarking import BenchmarkSettingError
from ...errors import SppmonError
from ..context import Env, env_of
from ..errors import WebError
from ..facets import cached_facet
from ..naming import buyer_label
from ..params import described
from ..render import render
from ..reporting import FORMATS, ReportAsk, cached_report, registry

router = APIRouter()


Year = Annotated[str | None, Query(pattern="^[0-9]{4}$", description=described("param.report_year"))]
# The EU benchmark's settings as typed: their ranges are checked by the report, which names a problem in the
# visitor's language with the code BENCHMARK_INVALID_SETTING.
Focus = Annotated[str | None, Query(max_length=40, description=described("param.focus"))]
MinLots = Annotated[str | None, Query(max_length=40, description=described("param.min_lots"))]
MinCoverage = Annotated[str | None, Query(max_length=40, description=described("param.min_coverage"))]
MinVehicles = Annotated[str | None, Query(max_length=40, description=described("param.min_vehicles"))]


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What a report is asked for, as the query parameters give it (validated by their declarations)."""

    year: str | None
    first: str | None
    last: str | None
    lang: str | None
    buyer: str | None
    settings: tuple[tuple[str, str], ...] = ()  # the EU benchmark's (checked when the report is built)


def report_options(
    year: Year = None,
    first: Annotated[str | None, Query(alias="from", pattern="^[0-9]{4}$", description=described("param.from"))] = None,
    last: Annotated[str | None, Query(alias="to", pattern="^[0-9]{4}$", description=described("param.to"))] = None,
    report_lang: Annotated[
        str | None, Query(pattern="^(en|nl|fr)$", description=described("param.report_lang"))
    ] = None,
    buyer: Annotated[str | None, Query(max_length=200, description=described("param.report_buyer"))] = None,
    focus: Focus = None,
    min_lots: MinLots = None,
    min_coverage: MinCoverage = None,
    min_vehicles: MinVehicles = None,
) -> ReportOptions:
    given = {"focus": focus, "min_lots": min_lots, "min_coverage": min_coverage, "min_vehicles": min_vehicles}
    settings = tuple((name, value) for name, value in given.items() if value)
    return ReportOptions(year or None, first or None, last or None, report_lang or None, buyer or None, settings)


Options = Annotated[ReportOptions, Depends(report_options)]


def ask_of(env: Env, name: str, fmt: str, options: ReportOptions) -> ReportAsk:
    if name not in registry() or fmt not in FORMATS:
        raise WebError(404, "reports.error.unknown", name=f"{name}.{fmt}", known=", ".join(registry()))
    year, first, last = (int(value) if value else None for value in (options.year, options.first, options.last))
    return ReportAsk(name, fmt, options.lang or env.lang, year, options.buyer, first, last, options.settings)


@router.get("/reports", response_class=HTMLResponse)
def reports_page(request: Request) -> HTMLResponse:
    env = env_of(request)
    years = [value for value, _name, _count in cached_facet(env, "year")]
    buyers = [(value, buyer_label(env, value)) for value, _name, _count in cached_facet(env, "buyer")]
    reports = [(name, report.titles.get(env.lang) or report.titles["en"]) for name, report in registry().items()]
    return render(env, "reports.html", reports=reports, years=years, buyers=buyers, formats=tuple(FORMATS))


@router.get("/reports/{filename}")
async def report_file(request: Request, filename: Annotated[str, Path(max_length=100)], options: Options) -> Response:
    env = env_of(request)
    name, _, fmt = filename.rpartition(".")
    ask = ask_of(env, name, fmt, options)
    try:
        data = await run_in_threadpool(cached_report, env.cache, env.provider.get(), ask)
    except BenchmarkSettingError:
        raise  # answered with its own code and message in the visitor's language
    except SppmonError as exc:
        raise WebError(400, "reports.error.build", message=str(exc)) from None
    suffix = f"-{ask.year}" if ask.year else ""
    headers = {"Content-Disposition": f'attachment; filename="sppmon-{name}{suffix}-{ask.lang}.{fmt}"'}
    return Response(data, media_type=FORMATS[fmt], headers=headers)
