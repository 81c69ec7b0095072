"""Write actions for administrators: the token check and ingesting an uploaded notice file or package.

Nothing from the request reaches the file system or SQL text: an upload is streamed (up to the size limit)
into a new temporary folder under a fixed name whose suffix is picked from an allow-list, ingested, and
deleted."""

from __future__ import annotations

import hmac
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from fastapi import UploadFile

from ..pipeline import PipelineOptions
from ..store import Store
from .config import WebConfig
from .errors import WebError
from .heavy import run_ingest, run_ingest_work
from .upload_work import StoreTimeout, parse_upload, store_chunks
from .uploads import limited_chunks

UPLOAD_SUFFIXES = (".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tbz2", ".txz", ".tar", ".xml", ".gz")


def check_token(config: WebConfig, given: str | None) -> None:
    """403 unless write actions are enabled and ``given`` equals the administrator token."""
    if not config.writable:
        raise WebError(403, "admin.error.disabled")
    if not given or not hmac.compare_digest(given.encode(), config.admin_token.encode()):
        raise WebError(403, "admin.error.token")


def bearer(header: str | None) -> str | None:
    if header and header.lower().startswith("bearer "):
        return header[7:].strip()
    return None


def upload_suffix(filename: str | None) -> str:
    name = (filename or "").lower()
    for suffix in UPLOAD_SUFFIXES:
        if name.endswith(suffix):
            return suffix
    raise WebError(415, "admin.error.kind", suffixes=", ".join(UPLOAD_SUFFIXES[:-1]))


@dataclass(frozen=True, slots=True)
class IngestResult:
    read: int
    stored: int
    updated: int
    unchanged: int
    superseded: int
    rejected: int
    rejected_by_code: dict[str, int]
    out_of_scope: int  # read, but no procurement procedure (NOTICE_OUT_OF_SCOPE): a verdict, not a rejection
    seconds: float


async def ingest_upload(store: Store, upload: UploadFile, config: WebConfig) -> IngestResult:
    """Stream the upload to a temporary folder, parse it in a worker process (within the configured time and
    memory limits) and store what it prepared through this process's one writer path, within its own time
    limit (504 WEB_UPLOAD_STORE_TIMEOUT: whole batches stored before it stay, nothing after)."""
    suffix = upload_suffix(upload.filename)
    options = PipelineOptions.from_settings()  # the limits and batch size of `sppmon ingest` and of syncs
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sppmon-upload-") as folder:
        target = Path(folder) / f"upload{suffix}"
        with target.open("wb") as handle:
            async for chunk in limited_chunks(upload, config.upload_max_bytes):
                handle.write(chunk)
        limits = (config.ingest_seconds, config.work_memory_bytes)
        count = await run_ingest_work(limits, parse_upload, str(target), folder, options)
        try:
            report = await run_ingest(store_chunks, folder, count, store, options, "web upload", config.store_seconds)
        except StoreTimeout as stopped:
            stored = stopped.counts.stored + stopped.counts.updated
            raise WebError(
                504,
                "admin.error.store_timeout",
                code="WEB_UPLOAD_STORE_TIMEOUT",
                seconds=int(stopped.seconds),
                stored=stored,
            ) from None
    counts = report.counts
    return IngestResult(
        counts.read,
        counts.stored,
        counts.updated,
        counts.unchanged,
        counts.superseded,
        counts.rejected,
        dict(counts.rejected_by_code),
        counts.out_of_scope,
        round(time.perf_counter() - started, 3),
    )
