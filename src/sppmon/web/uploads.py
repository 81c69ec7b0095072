"""Reading uploaded files with a size limit: an upload is read in chunks and refused with 413 as soon as it
passes the limit, so that an oversized upload never sits whole in memory or on disk."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import HTTPException
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
