"""API write actions (administrator token as ``Authorization: Bearer TOKEN``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, File, Header, Request, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from ..admin import bearer, check_token, ingest_upload
from ..context import env_of
from ..pages.reports import ask_of
from ..reporting import FORMATS, cached_report

router = APIRouter(prefix="/api/admin", tags=["administration"])


@router.post("/ingest", summary="Ingest an uploaded notice (.xml) or package (.tar, .tar.gz, ...)")
async def api_ingest(
    request: Request,
    upload: Annotated[UploadFile, File()],
    authorization: Annotated[str | None, Header()] = None,
) -> Any:
    env = env_of(request)
    check_token(env.config, bearer(authorization))
    result = await ingest_upload(await run_in_threadpool(env.provider.get), upload, env.config.upload_max_bytes)
    env.cache.clear()
    return asdict(result)


@router.post("/reports/{filename}", summary="Rebuild a report now (html, pdf or xlsx) and return it")
async def api_rebuild_report(
    request: Request,
    filename: str,
    authorization: Annotated[str | None, Header()] = None,
) -> Response:
    env = env_of(request)
    check_token(env.config, bearer(authorization))
    name, _, fmt = filename.rpartition(".")
    ask = ask_of(env, name, fmt)
    data = await run_in_threadpool(cached_report, env.cache, env.provider.get(), ask, True)
    return Response(data, media_type=FORMATS[fmt])
