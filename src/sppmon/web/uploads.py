"""Reading uploaded files with a size limit: an upload is read in chunks and refused with 413 as soon as it
passes the limit, so that an oversized upload never sits whole in memory or on disk."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import HTTPException, Request
from starlette.datastructures import UploadFile

CHUNK = 1024 * 1024


async def limited_chunks(upload: UploadFile, limit: int) -> AsyncIterator[bytes]:
    size = 0
    while chunk := await upload.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"upload larger than {limit:,} bytes")
        yield chunk


async def read_limited(upload: UploadFile, limit: int) -> bytes:
    """The whole upload (at most ``limit`` bytes); 400 when it is empty."""
    data = b"".join([chunk async for chunk in limited_chunks(upload, limit)])
    if not data:
        raise HTTPException(400, "the uploaded file is empty")
    return data


async def body_limited(request: Request, limit: int, *, allow_empty: bool = False) -> bytes:
    """The request body, refused with 413 as soon as it passes ``limit`` bytes (400 when empty, unless the
    caller judges empty bodies itself)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"request body larger than {limit:,} bytes")
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data and not allow_empty:
        raise HTTPException(400, "the request body is empty")
    return data
