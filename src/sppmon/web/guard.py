"""The outermost layer of the web app: what is refused before any body is read, and the request log.

Starlette parses a multipart body whole (spooling it to disk) before a route runs, so the route's own checks
come too late for a flood. This layer answers first:

* a write action of the JSON API (``POST /api/admin/…``) without the right ``Authorization: Bearer`` token gets
  403 before a byte of its body is read;
* a body whose ``Content-Length`` passes the upload limit gets 413 at once;
* a body streamed without a length is counted as it arrives and stopped with 413 at the limit, and a body that
  stops arriving for :data:`BODY_IDLE_SECONDS` is answered with 408 (a slow upload holds nothing for long).

Early answers carry the same security headers and error body as every other answer. The request log names the
method, path, status and time — not the client's address nor the query string, unless ``log_details`` is set.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import HTTPException
from starlette.requests import Request

from .config import WebConfig

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOG = logging.getLogger("sppmon.web.access")
BODY_IDLE_SECONDS = 30.0
MULTIPART_SLACK = 64 * 1024  # boundaries and part headers around an upload of the limit's size
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_ADMIN_API_PREFIX = "/api/admin/"


class RequestGuard:
    def __init__(self, app: ASGIApp, config: WebConfig) -> None:
        self.app = app
        self.config = config
        self.limit = config.upload_max_bytes + MULTIPART_SLACK

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status: list[int] = [0]
        refused: list[BodyRefused] = []  # set when the body was stopped, whoever was reading it

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start" and refused and not status[0]:
                # A reader wrapped the refusal in its own error (a 400, a 500): the refusal is the answer.
                status[0] = refused[0].status_code
                await self._answer(scope, receive, send, refused[0].status_code, refused[0].key)
            if status[0] and refused:
                return  # the app's own answer to the stopped body is dropped
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        try:
            refusal = self._refusal(scope) if scope["method"] in _BODY_METHODS else None
            if refusal is not None:
                status[0] = refusal[0]
                await self._answer(scope, receive, send, *refusal)
                return
            try:
                await self.app(scope, self._bounded(receive, refused), guarded_send)
            except Exception:
                if not refused or status[0]:
                    raise
                status[0] = refused[0].status_code
                await self._answer(scope, receive, send, refused[0].status_code, refused[0].key)
        finally:
            self._log(scope, status[0], time.perf_counter() - started)

    def _refusal(self, scope: Scope) -> tuple[int, str] | None:
        """(status, message key) of a request refused on its headers alone, or None."""
        headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]}
        if scope["path"].startswith(_ADMIN_API_PREFIX) and not self._token_matches(headers.get("authorization")):
            return 403, "admin.error.disabled" if not self.config.writable else "admin.error.token"
        length = headers.get("content-length", "")
        if length.strip().isdigit() and int(length) > self.limit:
            return 413, "error.status.413"
        return None

    def _token_matches(self, header: str | None) -> bool:
        if not self.config.writable or not header or not header.lower().startswith("bearer "):
            return False
        return hmac.compare_digest(header[7:].strip().encode(), self.config.admin_token.encode())

    def _bounded(self, receive: Receive, refused: list[BodyRefused]) -> Receive:
        """``receive`` that stops a body at the limit (413) and a body that stalls (408)."""
        received = 0

        async def bounded() -> Message:
            nonlocal received
            if refused:
                raise refused[0]
            try:
                message = await asyncio.wait_for(receive(), BODY_IDLE_SECONDS)
            except TimeoutError:
                refused.append(BodyRefused(408))
                raise refused[0] from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    refused.append(BodyRefused(413))
                    raise refused[0]
            return message

        return bounded

    async def _answer(self, scope: Scope, receive: Receive, send: Send, status: int, key: str) -> None:
        from .app import security_headers
        from .errors import STATUS_CODES, respond
        from .i18n import translate

        request = Request(scope, receive)
        lang = _language(request)
        request.state.lang = lang
        response = respond(request, status, STATUS_CODES[status], translate(key, lang))
        security_headers(response, lang)
        response.headers["Connection"] = "close"  # the unread body is not waited for
        await response(scope, receive, send)

    def _log(self, scope: Scope, status: int, seconds: float) -> None:
        path = scope.get("path", "")
        if self.config.log_details:
            client = scope.get("client") or ("-", 0)
            query = scope.get("query_string", b"").decode("latin-1")
            path = f"{path}?{query}" if query else path
            LOG.info("%s %s %s %d %.0f ms", client[0], scope["method"], path, status, seconds * 1000)
        else:
            LOG.info("%s %s %d %.0f ms", scope["method"], path, status, seconds * 1000)


class BodyRefused(HTTPException):
    """A body stopped at the limit (413) or after it stalled (408): a route's error handlers answer it; when a
    middleware was reading, the guard answers it itself."""

    @property
    def key(self) -> str:
        return f"error.status.{self.status_code}"


def configure_access_log() -> None:
    """Print the request log on standard error (the server's own access log, with addresses, is switched off)."""
    if not LOG.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        LOG.addHandler(handler)
        LOG.setLevel(logging.INFO)
        LOG.propagate = False


def _language(request: Request) -> str:
    from .i18n import COOKIE, choose_language

    return choose_language(
        request.query_params.get("lang"), request.cookies.get(COOKIE), request.headers.get("accept-language")
    )
