"""API write actions (administrator token as ``Authorization: Bearer TOKEN``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, File, Header, Path, Request, Response, UploadFile
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ..admin import bearer, check_token, ingest_upload
from ..context import env_of
from ..errors import WebError, error_body
from ..pages.reports import Options, ask_of
from ..reporting import FORMATS, cached_report
from ..sync import SyncBusyError, jobs_of, json_body, parse_request

router = APIRouter(prefix="/api/admin", tags=["administration"])
Authorization = Annotated[str | None, Header()]
SYNC_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "object", "description": "see docs/web.md (source ted or ted-packages)"},
                "examples": {
                    "ted": {"value": {"source": "ted", "country": "BEL", "since": "2024-01-01", "cpv": ["30*"]}},
                    "ted-packages": {"value": {"source": "ted-packages", "from": "2024-01", "to": "2024-03"}},
                },
            }
        },
    }
}


@router.post("/ingest")
async def api_ingest(
    request: Request,
    upload: Annotated[UploadFile, File()],
    authorization: Annotated[str | None, Header()] = None,
) -> Any:
    env = env_of(request)
    check_token(env.config, bearer(authorization))
    result = await ingest_upload(await run_in_threadpool(env.provider.writer), upload, env.config)
    env.cache.clear()
    return asdict(result)


@router.post("/reports/{filename}")
async def api_rebuild_report(
    request: Request,
    filename: Annotated[str, Path(max_length=100)],
    options: Options,
    authorization: Annotated[str | None, Header()] = None,
) -> Response:
    env = env_of(request)
    check_token(env.config, bearer(authorization))
    name, _, fmt = filename.rpartition(".")
    ask = ask_of(env, name, fmt, options)
    data = await run_in_threadpool(cached_report, env.cache, env.provider.get(), ask, True)
    return Response(data, media_type=FORMATS[fmt])


@router.post(
    "/sync",
    status_code=202,
    openapi_extra=SYNC_BODY,
)
async def api_start_sync(request: Request, authorization: Authorization = None) -> JSONResponse:
    env = env_of(request)
    check_token(env.config, bearer(authorization))  # before the body is read: strangers learn nothing
    sync_request = parse_request(await json_body(request))
    try:
        job = jobs_of(request).start(sync_request)
    except SyncBusyError as busy:
        detail = env.t("admin.error.busy", job=busy.running.id)
        return JSONResponse({**error_body(busy.code, detail), "job": busy.running.id}, status_code=409)
    headers = {"Location": f"/api/admin/sync/{job.id}"}
    return JSONResponse(job.as_dict(), status_code=202, headers=headers)


@router.get("/sync/{job_id}")
def api_sync_status(
    request: Request, job_id: Annotated[str, Path(max_length=64)], authorization: Authorization = None
) -> Any:
    check_token(env_of(request).config, bearer(authorization))
    job = jobs_of(request).get(job_id)
    if job is None:
        raise WebError(404, "admin.error.no_job", job=job_id)
    return job.as_dict()
