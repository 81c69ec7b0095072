"""The administration page: upload notices to ingest, start a sync from TED and see the last sync (each with
the administrator token)."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from ..admin import check_token, ingest_upload
from ..context import Env, env_of
from ..errors import WebError
from ..render import render
from ..sync import MAX_TEXT, SyncBusyError, SyncJob, jobs_of, parse_request

router = APIRouter()
Field = Annotated[str, Form(max_length=MAX_TEXT)]
_SEPARATORS = re.compile(r"[\s,;]+")


def _page(
    env: Env, result: dict[str, Any] | None = None, job: SyncJob | None = None, shown: bool = False
) -> HTMLResponse:
    """The page; ``shown`` when the sync section answers a request (so that "no sync yet" is said)."""
    return render(
        env,
        "admin.html",
        result=result,
        job=job.as_dict() if job else None,
        job_asked=shown,
        enabled=env.config.writable,
        limit=env.config.upload_max_bytes,
    )


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request) -> HTMLResponse:
    return _page(env_of(request))


@router.post("/admin/ingest", response_class=HTMLResponse)
async def admin_ingest(
    request: Request, token: Annotated[str, Form()], upload: Annotated[UploadFile, File()]
) -> HTMLResponse:
    env = env_of(request)
    check_token(env.config, token)
    result = await ingest_upload(await run_in_threadpool(env.provider.writer), upload, env.config)
    env.cache.clear()
    return _page(env, result=asdict(result))


@router.post("/admin/sync", response_class=HTMLResponse)
def admin_sync(
    request: Request,
    token: Annotated[str, Form()],
    source: Field = "ted",
    country: Field = "",
    since: Field = "",
    until: Field = "",
    cpv: Field = "",
    first: Annotated[str, Form(alias="from", max_length=MAX_TEXT)] = "",
    last: Annotated[str, Form(alias="to", max_length=MAX_TEXT)] = "",
    monthly: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    env = env_of(request)
    check_token(env.config, token)
    # The form's fields become the API's request body, so that both are checked by the same code.
    body: dict[str, Any] = {"source": source}
    if source == "ted-packages":
        body.update({"from": first, "to": last, "monthly": monthly})
    else:
        body.update({"country": _words(country), "cpv": _words(cpv), "since": since or None, "until": until or None})
    try:
        job = jobs_of(request).start(parse_request(body))
    except SyncBusyError as busy:
        raise WebError(409, "admin.error.busy", code=busy.code, job=busy.running.id) from None
    return _page(env, job=job, shown=True)


@router.post("/admin/sync/status", response_class=HTMLResponse)
def admin_sync_status(request: Request, token: Annotated[str, Form()]) -> HTMLResponse:
    env = env_of(request)
    check_token(env.config, token)
    return _page(env, job=jobs_of(request).last(), shown=True)


def _words(value: str) -> list[str]:
    """Codes typed in one field, separated by spaces, commas or semicolons."""
    return [word for word in _SEPARATORS.split(value) if word]
