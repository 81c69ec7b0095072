"""The urgency-list page: upload a multi-year purchase plan (CSV or XLSX) and see the planned purchases ranked
by the transparent urgency score, with the guide's criteria, legal obligations, the fields to declare and
the notices of the store that published them; or download the list as CSV, XLSX or HTML. The template
downloads here too. Nothing is stored."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from ...errors import CatalogedError
from ...guide.knowledge import load_knowledge_base
from ...planning.matching import NoticeMatch
from ...planning.plan import COLUMNS, Plan, read_plan_bytes
from ...planning.report import FORMATS, UrgencyReport, build_report, report_bytes
from ...planning.template import template_text, template_xlsx
from ...planning.urgency import UrgencyItem, monitoring, recommended_criteria
from ..context import Env, env_of
from ..db import StoreProvider
from ..heavy import run_heavy, run_heavy_work
from ..links import official_url
from ..render import render
from ..tables import XLSX
from ..uploads import read_limited
from .check import error_of

router = APIRouter()
PLAN_SUFFIXES = (".csv", ".txt", ".xlsx")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX, "html": "text/html; charset=utf-8"}


def plan_suffix(filename: str | None) -> str:
    name = (filename or "").lower()
    for suffix in PLAN_SUFFIXES:
        if name.endswith(suffix):
            return suffix
    raise HTTPException(415, "upload the plan as .csv or .xlsx")


def reference_date(value: str) -> date:
    """The form's reference date (YYYY-MM-DD), today when left empty."""
    if not value.strip():
        return date.today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise HTTPException(400, f"today: {value!r} is not a date (YYYY-MM-DD)") from None


def _rank(plan: Plan, today: date, provider: StoreProvider) -> UrgencyReport:
    return build_report(plan, load_knowledge_base(), today, provider.get())


async def rank_upload(env: Env, upload: UploadFile, today: str) -> UrgencyReport:
    """Check, read and score an uploaded plan against the guide and the served store, in a worker thread with
    that thread's store (raises :class:`CatalogedError` for a plan that cannot be read)."""
    suffix = plan_suffix(upload.filename)
    reference = reference_date(today)
    data = await read_limited(upload, env.config.upload_max_bytes)
    # reading the file is the heavy part (a workbook is unzipped and parsed): in a worker process, limited
    plan = await run_heavy_work(env.config.work_limits, read_plan_bytes, data, f"plan{suffix}")
    return await run_heavy(_rank, plan, reference, env.provider)


def download(report: UrgencyReport, kind: str, lang: str) -> Response:
    return Response(
        report_bytes(report, kind, lang),
        media_type=MEDIA_TYPES[kind],
        headers={"Content-Disposition": f'attachment; filename="sppmon-urgency-list.{kind}"'},
    )


def _match_view(env: Env, match: object) -> dict[str, Any]:
    assert isinstance(match, NoticeMatch)
    return {
        "page": f"/notices/{match.notice_key}",
        "official": official_url(env.config.publication_url, match.publication_number, env.lang),
        "title": match.title or match.lot_id,
        "lot_id": match.lot_id,
        "lots": list(match.lot_ids or (match.lot_id,)),
        "buyer": match.buyer_name,
        "date": match.notice_date,
        "confidence": match.confidence,
        "green": match.green_status,
        "gpp": match.gpp_status,
    }


def item_view(env: Env, rank: int, entry: UrgencyItem) -> dict[str, Any]:
    item, fiche = entry.item, entry.fiche
    mandatory, voluntary = recommended_criteria(fiche, env.lang) if fiche else ([], [])
    return {
        "rank": rank,
        "score": entry.score,
        "note": entry.ranking_note(env.lang),
        "parts": [
            {
                "name": part.name,
                "points": part.points,
                "weight": part.weight,
                "value": part.value,
                "explanation": part.explain(env.lang),
            }
            for part in entry.parts
        ],
        "item": item,
        "fiche": {"id": fiche.id, "name": fiche.name(env.lang)} if fiche else None,
        "months": entry.months_to_launch,
        "mandatory": mandatory,
        "voluntary": voluntary,
        "labels": [label.name for label in fiche.labels] if fiche else [],
        "obligations": [
            {"id": o.id, "applies": o.applies_in(env.lang), "text": o.text_in(env.lang)} for o in entry.obligations
        ],
        "monitoring": monitoring(fiche, item, env.lang),
        "matches": [_match_view(env, match) for match in entry.matches],
    }


def _page(env: Env, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("report", None)
    context.setdefault("items", [])
    context.setdefault("error", None)
    context.setdefault("today", "")
    return render(env, "plan.html", status=status, columns=COLUMNS, limit=env.config.upload_max_bytes, **context)


@router.get("/plan", response_class=HTMLResponse)
def plan_form(request: Request) -> HTMLResponse:
    return _page(env_of(request))


@router.get("/plan/template.{kind}")
def plan_template(request: Request, kind: str) -> Response:
    if kind == "csv":
        content = template_text(env_of(request).lang).encode("utf-8")
    elif kind == "xlsx":
        content = template_xlsx(env_of(request).lang)
    else:
        raise HTTPException(404, "the template is plan/template.csv or plan/template.xlsx")
    headers = {"Content-Disposition": f'attachment; filename="sppmon-plan-template.{kind}"'}
    return Response(content, media_type=MEDIA_TYPES[kind], headers=headers)


@router.post("/plan", response_model=None)
async def plan_page(
    request: Request,
    upload: Annotated[UploadFile, File()],
    today: Annotated[str, Form(max_length=10)] = "",
    output: Annotated[str, Form(pattern="^(page|csv|xlsx|html)$")] = "page",
) -> Response:
    env = env_of(request)
    try:
        report = await rank_upload(env, upload, today)
    except CatalogedError as exc:
        return _page(env, 422, error=error_of(exc, env.lang), today=today)
    if output in FORMATS:
        return download(report, output, env.lang)
    items = [item_view(env, rank, entry) for rank, entry in enumerate(report.items, start=1)]
    return _page(env, report=report, items=items, today=today)
