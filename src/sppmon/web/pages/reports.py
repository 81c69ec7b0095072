"""The reports page: every report (annual, EU strategic-procurement chapter, Clean Vehicles Directive, buyer
feedback sheet) for a chosen year and language, to download as HTML, PDF or XLSX."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from ...errors import SppmonError
from ..context import Env, env_of
from ..facets import cached_facet
from ..i18n import LANGUAGES
from ..render import render
from ..reporting import FORMATS, ReportAsk, cached_report, registry

router = APIRouter()


def ask_of(env: Env, name: str, fmt: str) -> ReportAsk:
    if name not in registry() or fmt not in FORMATS:
        raise HTTPException(404, f"no report {name}.{fmt}")
    years = [env.params.get(key, "") for key in ("year", "from", "to")]
    lang = env.params.get("report_lang") or env.lang
    buyer = env.params.get("buyer") or None
    if any(year and not (year.isdigit() and len(year) == 4) for year in years):
        raise HTTPException(400, "years are four-digit numbers")
    if lang not in LANGUAGES or (buyer is not None and len(buyer) > 200):
        raise HTTPException(400, "bad language or buyer")
    year, first, last = (int(value) if value else None for value in years)
    return ReportAsk(name, fmt, lang, year, buyer, first, last)


@router.get("/reports", response_class=HTMLResponse)
def reports_page(request: Request) -> HTMLResponse:
    env = env_of(request)
    years = [value for value, _name, _count in cached_facet(env, "year")]
    buyers = [(value, name) for value, name, _count in cached_facet(env, "buyer")]
    reports = [(name, report.titles.get(env.lang) or report.titles["en"]) for name, report in registry().items()]
    return render(env, "reports.html", reports=reports, years=years, buyers=buyers, formats=tuple(FORMATS))


@router.get("/reports/{filename}", summary="Download a report (html, pdf or xlsx)")
async def report_file(request: Request, filename: str) -> Response:
    env = env_of(request)
    name, _, fmt = filename.rpartition(".")
    ask = ask_of(env, name, fmt)
    try:
        data = await run_in_threadpool(cached_report, env.cache, env.provider.get(), ask)
    except SppmonError as exc:
        raise HTTPException(400, str(exc)) from None
    suffix = f"-{ask.year}" if ask.year else ""
    headers = {"Content-Disposition": f'attachment; filename="sppmon-{name}{suffix}-{ask.lang}.{fmt}"'}
    return Response(data, media_type=FORMATS[fmt], headers=headers)
