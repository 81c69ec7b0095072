"""The notice checker page: upload (or paste) a draft or published eForms notice and see, per lot, the product
groups it touches, missing or inconsistent sustainability fields, what the guide recommends and the evidence
found in its texts. Nothing is stored."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse

from ... import messages
from ...detect import detect_notice
from ...errors import CATALOGUE, CatalogedError
from ...guide.checker import check_bytes
from ...guide.knowledge import load_knowledge_base
from ...guide.rules import FINDING_RULES
from ...planning.lcc_problems import LccProblem
from ..context import Env, env_of
from ..heavy import run_heavy_work
from ..render import render
from ..uploads import read_limited

router = APIRouter()
MAX_PASTED_CHARACTERS = 1_000_000  # the form's text field; larger notices are uploaded as a file


def run_check(data: bytes, lang: str, detect: bool) -> dict[str, Any]:
    """The checker's report as data (raises :class:`CatalogedError` for a notice that cannot be read)."""
    report = check_bytes(data, load_knowledge_base(), evidence=detect_notice if detect else None)
    return report.as_dict(lang)


async def notice_bytes(env: Env, upload: UploadFile | None, pasted: str) -> bytes:
    """The notice of the form: the uploaded file, else the pasted text; 400 when there is neither."""
    if upload is not None and upload.filename:
        return await read_limited(upload, env.config.upload_max_bytes)
    if pasted.strip():
        if len(pasted) > MAX_PASTED_CHARACTERS:
            raise HTTPException(413, f"pasted text longer than {MAX_PASTED_CHARACTERS:,} characters; upload the file")
        return pasted.encode("utf-8")
    raise HTTPException(400, env.t("check.nothing"))


_AREAS = {"LCC": "lcc", "PLAN": "plan", "XML": "check", "NOTICE": "check"}


def error_of(exc: CatalogedError, lang: str = "en") -> dict[str, str]:
    """A refused input for a page: its code, message and explanation, in ``lang`` where the tool's messages
    have it (keys ``lcc.code.*``, ``plan.code.*``, ``check.code.*``), else the catalogue's English."""
    entry = CATALOGUE[exc.code]
    translated = messages.catalogue().get(f"{_AREAS.get(exc.code.split('_', 1)[0], 'check')}.code.{exc.code}")
    message = exc.message_in(lang) if isinstance(exc, LccProblem) else exc.message
    if translated:
        return {"code": exc.code, "message": message, "title": translated.get(lang) or translated["en"], "advice": ""}
    return {"code": exc.code, "message": message, "title": entry.title, "advice": entry.advice}


def _page(env: Env, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("report", None)
    context.setdefault("error", None)
    context.setdefault("detect", True)
    rules = list(FINDING_RULES)
    return render(env, "check.html", status=status, limit=env.config.upload_max_bytes, rules=rules, **context)


@router.get("/check", response_class=HTMLResponse)
def check_form(request: Request) -> HTMLResponse:
    return _page(env_of(request))


@router.post("/check", response_class=HTMLResponse)
async def check_page(
    request: Request,
    upload: Annotated[UploadFile | None, File()] = None,
    xml: Annotated[str, Form()] = "",
    detect: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    env = env_of(request)
    data = await notice_bytes(env, upload, xml)
    try:
        report = await run_heavy_work(env.config.work_limits, run_check, data, env.lang, detect)
    except CatalogedError as exc:
        return _page(env, 422, error=error_of(exc, env.lang), detect=detect)
    return _page(env, report=_with_own_findings(report), detect=detect)


def _with_own_findings(report: dict[str, Any]) -> dict[str, Any]:
    """Each lot's findings that are not in the summary of findings shared by several lots, for the page."""
    shared = {(entry["rule"], entry["message"]) for entry in report["summary"]}
    advised: set[str] = set()
    for lot in report["lots"]:
        first = lot["recommendations"][:1]
        lot["advice_repeated"] = bool(first) and first[0]["id"] in advised
        advised.update(advice["id"] for advice in first)
        lot["own_findings"] = [f for f in lot["findings"] if (f["rule"], f["message"]) not in shared]
        lot["shared_count"] = len(lot["findings"]) - len(lot["own_findings"])
    return report
