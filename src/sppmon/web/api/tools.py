"""API routes of the buyer tools: the guide (list, search, one fiche with its figures in the store), the notice
checker, life-cycle cost and the urgency list. The checker, LCC and urgency list compute on the request's
input and store nothing; refused input answers 422 with ``{"code", "detail"}``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse

from ...errors import CatalogedError
from ...guide.present import fiche_as_dict
from ...planning.lcc_files import MAX_INPUT_BYTES, load_input_bytes
from ...planning.report import rows
from ..context import env_of
from ..heavy import run_heavy_work
from ..pages.check import run_check
from ..pages.guide import fiche_or_404, knowledge, since_year, store_figures
from ..pages.lcc import evaluate_json
from ..pages.plan import download, rank_upload
from ..params import described
from ..uploads import body_limited

router = APIRouter(prefix="/api", tags=["tools"])
URGENCY_OUTPUTS = "^(json|csv|xlsx|html)$"
Text = Annotated[str, Query(max_length=200)]
XML_BODY = {"requestBody": {"required": True, "content": {"application/xml": {"schema": {"type": "string"}}}}}
LCC_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object", "description": "as in docs/lcc.md"}}},
    }
}


@router.get("/guide")
def api_guide(request: Request) -> Any:
    lang = env_of(request).lang
    return [
        {
            "id": fiche.id,
            "name": fiche.name(lang),
            "gpp_group": fiche.gpp_group,
            "eu_gpp": {"title": fiche.gpp.title[lang], "year": fiche.gpp.year, "status": fiche.gpp.status},
            "cpv": list(knowledge().covered_codes(fiche)),
            "review": fiche.review.status,
        }
        for fiche in knowledge().fiches
    ]


@router.get("/guide/search")
def api_guide_search(request: Request, q: Annotated[str, Query(min_length=1, max_length=200)]) -> Any:
    lang = env_of(request).lang
    return {
        "query": q,
        "results": [
            {"score": hit.score, "matched": list(hit.matched), "fiche": fiche_as_dict(hit.fiche, lang)}
            for hit in knowledge().search(q)
        ],
    }


@router.get("/guide/{fiche_id}")
def api_fiche(request: Request, fiche_id: str, buyer: Text = "", since: Text = "") -> Any:
    env = env_of(request)
    fiche = fiche_or_404(env, fiche_id)
    return {"fiche": fiche_as_dict(fiche, env.lang), "figures": store_figures(env, fiche, buyer, since_year(since))}


@router.post(
    "/check",
    openapi_extra=XML_BODY,
)
async def api_check(request: Request, detect: bool = True, lang: Literal["en", "nl", "fr"] = "en") -> Any:
    # An explicit language, English unless asked: a script's report must not depend on a cookie left by the pages.
    env = env_of(request)
    data = await body_limited(request, env.config.upload_max_bytes)
    return await run_heavy_work(env.config.work_limits, run_check, data, lang, detect)


@router.post("/lcc", openapi_extra=LCC_BODY)
async def api_lcc(request: Request, sensitivity: bool = False, years: bool = False) -> Any:
    """The comparison as ``--format json`` gives it; ``sensitivity=true`` adds the scenarios and break-even
    points, ``years=true`` each offer's cash flows year by year."""
    raw = await body_limited(request, MAX_INPUT_BYTES)
    limits = env_of(request).config.work_limits
    answer = await run_heavy_work(limits, _lcc_answer, raw, sensitivity, years)
    return Response(answer, media_type="application/json")


def _lcc_answer(raw: bytes, sensitivity: bool, years: bool) -> bytes:
    """Parsing (up to 8 MiB), computing and writing the answer in one worker call: the input goes to the
    worker as bytes and the answer comes back as bytes, never as objects."""
    try:
        data = load_input_bytes(raw, "body.json")
    except RecursionError:  # nesting far deeper than any input: refused, not a server error
        raise CatalogedError("LCC_UNREADABLE", "the request body nests its JSON too deeply") from None
    return evaluate_json(data, sensitivity, years)


@router.post("/plan/urgency")
async def api_urgency(
    request: Request,
    upload: Annotated[UploadFile, File()],
    today: Annotated[str, Query(max_length=10, description=described("param.today"))] = "",
    output: Annotated[str | None, Query(pattern=URGENCY_OUTPUTS, description=described("param.plan_output"))] = None,
    format: Annotated[
        str | None, Query(pattern=URGENCY_OUTPUTS, deprecated=True, description=described("param.format_output"))
    ] = None,
) -> Response:
    env = env_of(request)
    report = await rank_upload(env, upload, today)
    chosen = output or format or "json"
    if chosen != "json":
        return download(report, chosen, env.lang)
    problems = [
        {"row": p.row, "column": p.column, "code": p.code, "message": p.message_in(env.lang)} for p in report.problems
    ]
    warnings = [{"row": w.row, "code": w.code, "message": w.message_in(env.lang)} for w in report.warnings]
    body = {
        "today": report.today.isoformat(),
        "items": rows(report, env.lang),
        "problems": problems,
        "warnings": warnings,
        "encoding": report.encoding,
    }
    return JSONResponse(body)
