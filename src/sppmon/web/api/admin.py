"""API write actions (administrator token as ``Authorization: Bearer TOKEN``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, File, Header, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from ..admin import bearer, check_token, ingest_upload
from ..context import env_of

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
