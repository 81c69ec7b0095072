"""The administration page: upload notices to ingest (with the administrator token)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from ..admin import check_token, ingest_upload
from ..context import env_of
from ..render import render

router = APIRouter()


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request) -> HTMLResponse:
    env = env_of(request)
    return render(env, "admin.html", result=None, enabled=env.config.writable, limit=env.config.upload_max_bytes)


@router.post("/admin/ingest", response_class=HTMLResponse)
async def admin_ingest(
    request: Request, token: Annotated[str, Form()], upload: Annotated[UploadFile, File()]
) -> HTMLResponse:
    env = env_of(request)
    check_token(env.config, token)
    result = await ingest_upload(await run_in_threadpool(env.provider.get), upload, env.config.upload_max_bytes)
    env.cache.clear()
    return render(
        env, "admin.html", result=asdict(result), enabled=env.config.writable, limit=env.config.upload_max_bytes
    )
