"""The outermost layer of the web app: what is refused before any body is read, and the request log.

Starlette parses a multipart body whole (spooling it to disk) before a route runs, so the route's own checks
come too late for a flood. This layer answers first:

* a write action of the JSON API (``POST /api/admin/…``) without the right ``Authorization: Bearer`` token gets
  403 before a byte of its body is read;
* a form of the administration page (``POST /admin/…``) gets 403 at once on a server without write actions; on
  one with them, its token must be the form's first field (the page's forms put it first) and is checked after at
  most :data:`FORM_TOKEN_BYTES` of the body: a wrong or missing token gets 403 before the file is read;
* a body whose ``Content-Length`` passes the upload limit gets 413 at once;
* a body streamed without a length is counted as it arrives and stopped with 413 at the limit; a body that stops
  arriving for :data:`BODY_IDLE_SECONDS`, or that is still arriving after the body deadline (the limit at
  :data:`BODY_MIN_RATE`, at least :data:`BODY_MIN_SECONDS`), is answered with 408: a slow upload holds nothing
  for long, and one that drips a byte now and then holds nothing forever.

Early answers carry the same security headers and error body as every other answer. The request log names the
method, path, status and time — not the client's address nor the query string, unless ``log_details`` is set.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

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
BODY_MIN_SECONDS = 60.0  # a body may always take this long to arrive …
BODY_MIN_RATE = 64 * 1024  # … and, beyond it, as long as the limit takes at this many bytes a second
FORM_TOKEN_BYTES = 64 * 1024  # of an administration form's body read before its token is known
MULTIPART_SLACK = 64 * 1024  # boundaries and part headers around an upload of the limit's size
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_ADMIN_API_PREFIX = "/api/admin/"
_BOUNDARY = re.compile(r'boundary="?([^";,\s]+)"?', re.IGNORECASE)
_FIELD_NAME = re.compile(rb'\bname="([^"]*)"', re.IGNORECASE)


class RequestGuard:
    def __init__(self, app: ASGIApp, config: WebConfig) -> None:
        self.app = app
        self.config = config
        self.limit = config.upload_max_bytes + MULTIPART_SLACK
        derived = max(BODY_MIN_SECONDS, self.limit / BODY_MIN_RATE)
        self.body_seconds = config.body_seconds if config.body_seconds is not None else derived

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
            bounded = self._bounded(receive, refused)
            refusal = self._refusal(scope) if scope["method"] in _BODY_METHODS else None
            if refusal is None and scope["method"] in _BODY_METHODS and _is_admin_form(scope["path"]):
                bounded, refusal = await self._form_gate(scope, bounded)
            if refusal is not None:
                status[0] = refusal[0]
                await self._answer(scope, receive, send, *refusal)
                return
            try:
                await self.app(scope, bounded, guarded_send)
            except Exception:
                if not refused or status[0]:
                    raise
                status[0] = refused[0].status_code
                await self._answer(scope, receive, send, refused[0].status_code, refused[0].key)
        finally:
            self._log(scope, status[0], time.perf_counter() - started)

    def _refusal(self, scope: Scope) -> tuple[int, str] | None:
        """(status, message key) of a request refused on its headers alone, or None."""
        headers = _headers(scope)
        if scope["path"].startswith(_ADMIN_API_PREFIX) and not self._token_matches(headers.get("authorization")):
            return 403, "admin.error.disabled" if not self.config.writable else "admin.error.token"
        if _is_admin_form(scope["path"]) and not self.config.writable:
            return 403, "admin.error.disabled"
        length = headers.get("content-length", "")
        if length.strip().isdigit() and int(length) > self.limit:
            return 413, "error.status.413"
        return None

    def _token_matches(self, header: str | None) -> bool:
        if not self.config.writable or not header or not header.lower().startswith("bearer "):
            return False
        return hmac.compare_digest(header[7:].strip().encode(), self.config.admin_token.encode())

    def _bounded(self, receive: Receive, refused: list[BodyRefused]) -> Receive:
        """``receive`` that stops a body at the limit (413), and a body that stalls or is still arriving at the
        body deadline (408). Once the body is complete, waiting for the client to go away is not timed (a long
        download waits that way)."""
        received = 0
        ended = False
        deadline = time.monotonic() + self.body_seconds

        async def bounded() -> Message:
            nonlocal received, ended
            if ended:
                return await receive()
            if refused:
                raise refused[0]
            wait = max(0.0, min(BODY_IDLE_SECONDS, deadline - time.monotonic()))
            try:
                message = await asyncio.wait_for(receive(), wait)
            except TimeoutError:
                refused.append(BodyRefused(408))
                raise refused[0] from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    refused.append(BodyRefused(413))
                    raise refused[0]
            ended = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        return bounded

    async def _form_gate(self, scope: Scope, receive: Receive) -> tuple[Receive, tuple[int, str] | None]:
        """An administration form's token, read from at most :data:`FORM_TOKEN_BYTES` of its body: ``receive``
        replaying what was read and None when it is right, (403, key) when it is wrong or not found first."""
        content_type = _headers(scope).get("content-type", "")
        data, more = b"", True
        try:
            while (token := _form_token(content_type, data, not more)) is None and more:
                if len(data) > FORM_TOKEN_BYTES:
                    break
                message = await receive()
                data += message.get("body", b"") if message["type"] == "http.request" else b""
                more = message["type"] == "http.request" and bool(message.get("more_body", False))
        except BodyRefused as stopped:
            return receive, (stopped.status_code, stopped.key)
        if token is None or not hmac.compare_digest(token, self.config.admin_token.encode()):
            return receive, (403, "admin.error.form_token")
        return _replay(data, more, receive), None

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


def _headers(scope: Scope) -> dict[str, str]:
    return {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]}


def _is_admin_form(path: str) -> bool:
    return path == "/admin" or path.startswith("/admin/")


def _form_token(content_type: str, data: bytes, complete: bool) -> bytes | None:
    """The token of a form body's beginning ``data``: the first field's value when that field is ``token`` (of a
    multipart form; the ``token`` field of a complete URL-encoded one), b"" when it is another field, None while
    the beginning is too short to tell."""
    kind = content_type.split(";", maxsplit=1)[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        fields = dict(parse_qsl(data.decode("ascii", "replace"), keep_blank_values=True)) if complete else None
        return None if fields is None else fields.get("token", "").encode()
    boundary = _BOUNDARY.search(content_type)
    if kind != "multipart/form-data" or boundary is None:
        return b""
    delimiter = b"--" + boundary.group(1).encode("latin-1")
    start = data.find(delimiter)
    head_end = data.find(b"\r\n\r\n", start) if start >= 0 else -1
    value_end = data.find(b"\r\n" + delimiter, head_end + 4) if head_end >= 0 else -1
    if value_end < 0:
        return b"" if complete else None
    head = data[start + len(delimiter) : head_end].split(b"\r\n")
    disposition = next((line for line in head if line.lower().startswith(b"content-disposition:")), b"")
    name = _FIELD_NAME.search(disposition)
    if name is None or name.group(1) != b"token" or b"filename=" in disposition.lower():
        return b""
    return data[head_end + 4 : value_end]


def _replay(data: bytes, more: bool, receive: Receive) -> Receive:
    """``receive`` that gives ``data`` (the part of the body already read) first, then the rest as it comes."""
    pending = [{"type": "http.request", "body": data, "more_body": more}]

    async def replay() -> Message:
        return pending.pop() if pending else await receive()

    return replay


def _language(request: Request) -> str:
    from .i18n import COOKIE, choose_language

    return choose_language(
        request.query_params.get("lang"), request.cookies.get(COOKIE), request.headers.get("accept-language")
    )
