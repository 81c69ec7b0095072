"""The web app's part of the hostile-input catalogue: floods refused before their body is read, bombs and bad
parameters answered with their codes and the security headers, the server answering /health during an ingest,
and a request log without client addresses or query strings."""

from __future__ import annotations

import asyncio
import io
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sppmon.sample import write_sample
from sppmon.web import WebConfig, create_app
from sppmon.web import guard as guard_module

from .hostile_inputs import CN, FILE_CASES, _laughs
from .web_support import sample_store

TOKEN = "t" * 32
LIMIT = 200_000
HUGE = str(2 * 1024**3)
PART_START = b'--b\r\nContent-Disposition: form-data; name="upload"; filename="plan.csv"\r\n\r\n'


class CountingBody:
    """A request body that counts what the server took of it: a refusal must come before the body is read.

    Through the test client (which hands a body over whole once the app asks for any of it) only a refusal on the
    headers shows; sent straight to the app as ASGI messages (:meth:`receive`), every chunk taken is counted."""

    def __init__(self, size: int, chunk: int = 64 * 1024, start: bytes = b"") -> None:
        self.size, self.chunk, self.sent, self.start = size, chunk, 0, start
        self._chunks: Iterator[bytes] | None = None

    def __iter__(self) -> Iterator[bytes]:
        yield self.start
        while self.sent < self.size:
            self.sent += self.chunk
            yield b"x" * self.chunk

    async def receive(self) -> dict[str, Any]:
        self._chunks = self._chunks or iter(self)
        chunk = next(self._chunks, None)
        return {"type": "http.request", "body": chunk or b"", "more_body": chunk is not None}


@dataclass(frozen=True)
class WebCase:
    name: str
    method: str
    url: str
    status: int
    code: str | None
    request: Callable[[], dict[str, Any]] = field(default=dict)
    token: bool = False
    rejected: dict[str, int] | None = None  # the codes an accepted upload must report
    server: str = "writable"  # or "read-only": DuckDB served read-only (the default of sppmon serve)
    streamed: bool = False  # sent to the app as ASGI messages, so that every byte it takes is counted


def _multipart(name: str, data: bytes) -> Callable[[], dict[str, Any]]:
    return lambda: {"files": {"upload": (name, io.BytesIO(data))}}


def _plan_case(case_name: str) -> Callable[[], dict[str, Any]]:
    case = next(c for c in FILE_CASES if c.name == case_name)
    return lambda: {"files": {"upload": (case.filename, io.BytesIO(case.build()))}}


def _flood(length: str = HUGE) -> Callable[[], dict[str, Any]]:
    return lambda: {"content": CountingBody(10 * LIMIT), "headers": {"content-length": length}}


def _auth() -> dict[str, str]:
    return {"authorization": f"Bearer {TOKEN}"}


def _form_part(name: str, value: bytes = b"", filename: str = "") -> bytes:
    file_part = f'; filename="{filename}"' if filename else ""
    return f'--b\r\nContent-Disposition: form-data; name="{name}"{file_part}\r\n\r\n'.encode() + value + b"\r\n"


def _form_flood(*start: bytes, kind: str = "multipart/form-data; boundary=b") -> Callable[[], dict[str, Any]]:
    """A form of 10 times the limit, streamed without a length after its first ``start`` parts."""
    return lambda: {"content": CountingBody(10 * LIMIT, start=b"".join(start)), "headers": {"content-type": kind}}


UPLOAD_FIRST = _form_part("upload", filename="p.tar.gz")[:-2]  # the file's bytes follow


WEB_CASES: tuple[WebCase, ...] = (
    # Floods refused on their headers, before the body is read
    WebCase("anonymous-2gb-admin-ingest", "POST", "/api/admin/ingest", 403, "HTTP_FORBIDDEN", _flood()),
    WebCase(
        "wrong-token-2gb-admin-ingest",
        "POST",
        "/api/admin/ingest",
        403,
        "HTTP_FORBIDDEN",
        lambda: {**_flood()(), "headers": {"content-length": HUGE, "authorization": "Bearer wrong"}},
    ),
    WebCase("anonymous-admin-sync-flood", "POST", "/api/admin/sync", 403, "HTTP_FORBIDDEN", _flood()),
    WebCase(
        "admin-ingest-over-limit",
        "POST",
        "/api/admin/ingest",
        413,
        "HTTP_TOO_LARGE",
        lambda: {**_flood()(), "headers": {"content-length": HUGE, **_auth()}},
    ),
    WebCase("check-page-1gb", "POST", "/check", 413, "HTTP_TOO_LARGE", _flood(str(1024**3))),
    WebCase("plan-page-1gb", "POST", "/plan", 413, "HTTP_TOO_LARGE", _flood(str(1024**3))),
    WebCase("lcc-page-1gb", "POST", "/lcc", 413, "HTTP_TOO_LARGE", _flood(str(1024**3))),
    WebCase("api-check-1gb", "POST", "/api/check", 413, "HTTP_TOO_LARGE", _flood(str(1024**3))),
    WebCase("api-plan-1gb", "POST", "/api/plan/urgency", 413, "HTTP_TOO_LARGE", _flood(str(1024**3))),
    WebCase(
        "api-plan-streamed-without-length",
        "POST",
        "/api/plan/urgency",
        413,
        "HTTP_TOO_LARGE",
        lambda: {
            "content": CountingBody(10 * LIMIT, start=PART_START),
            "headers": {"content-type": "multipart/form-data; boundary=b"},
        },
    ),
    # Bombs through the tools
    WebCase(
        "api-plan-xlsx-string-bomb",
        "POST",
        "/api/plan/urgency",
        422,
        "PLAN_TOO_LARGE",
        _plan_case("xlsx-shared-strings-count"),
    ),
    WebCase(
        "api-plan-csv-wide-row", "POST", "/api/plan/urgency", 422, "PLAN_TOO_LARGE", _plan_case("csv-row-of-1000-cells")
    ),
    WebCase(
        "api-lcc-yaml-alias-bomb",
        "POST",
        "/api/lcc",
        422,
        "LCC_UNREADABLE",
        lambda: {"content": next(c for c in FILE_CASES if c.name == "yaml-alias-bomb").build()},
    ),
    WebCase(
        "api-lcc-deep-json",
        "POST",
        "/api/lcc",
        422,
        "LCC_UNREADABLE",
        lambda: {"content": b'{"a": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"},
    ),
    WebCase(
        "api-check-billion-laughs",
        "POST",
        "/api/check",
        422,
        "XML_DOCTYPE_FORBIDDEN",
        lambda: {"content": _laughs().encode()},
    ),
    WebCase(
        "api-check-undefined-entity",
        "POST",
        "/api/check",
        422,
        "XML_MALFORMED",
        lambda: {"content": CN.replace(b"</cbc:ID>", b"&undefined;</cbc:ID>", 1)},
    ),
    WebCase(
        "admin-ingest-gzip-bomb-as-upload",
        "POST",
        "/api/admin/ingest",
        200,
        None,
        lambda: {"files": {"upload": ("bomb.tar.gz", io.BytesIO(_small_bomb()))}, "headers": _auth()},
        rejected={"ARCHIVE_MEMBER_TOO_LARGE": 1, "ARCHIVE_EXPANDS_TOO_MUCH": 1},
    ),
    # The administration page's forms: refused after at most 64 KB of their body (the token comes first)
    WebCase(
        "admin-form-ingest-without-token",
        "POST",
        "/admin/ingest",
        403,
        "HTTP_FORBIDDEN",
        _form_flood(UPLOAD_FIRST),
        streamed=True,
    ),
    WebCase(
        "admin-form-ingest-wrong-token",
        "POST",
        "/admin/ingest",
        403,
        "HTTP_FORBIDDEN",
        _form_flood(_form_part("token", b"wrong"), UPLOAD_FIRST),
        streamed=True,
    ),
    WebCase(
        "admin-form-ingest-token-after-the-file",
        "POST",
        "/admin/ingest",
        403,
        "HTTP_FORBIDDEN",
        _form_flood(UPLOAD_FIRST + b"x" * 1000 + b"\r\n", _form_part("token", TOKEN.encode())),  # right, but late
        streamed=True,
    ),
    WebCase(
        "admin-form-sync-urlencoded-flood",
        "POST",
        "/admin/sync",
        403,
        "HTTP_FORBIDDEN",
        _form_flood(b"country=", kind="application/x-www-form-urlencoded"),
        streamed=True,
    ),
    WebCase(
        "read-only-admin-form-ingest",
        "POST",
        "/admin/ingest",
        403,
        "HTTP_FORBIDDEN",
        _form_flood(_form_part("token", TOKEN.encode()), UPLOAD_FIRST),
        server="read-only",
        streamed=True,
    ),
    WebCase(
        "read-only-admin-form-sync",
        "POST",
        "/admin/sync",
        403,
        "HTTP_FORBIDDEN",
        _form_flood(f"token={TOKEN}&country=".encode(), kind="application/x-www-form-urlencoded"),
        server="read-only",
        streamed=True,
    ),
    # Bad parameters: 400/422 with the security headers, never 500
    WebCase("year-superscript", "GET", "/api/indicators?year=²", 422, "HTTP_INVALID_PARAMETER"),
    WebCase("page-year-superscript", "GET", "/?year=²", 400, "HTTP_INVALID_PARAMETER"),
    WebCase("huge-offset", "GET", "/api/lots?offset=99999999999999999999999", 422, "HTTP_INVALID_PARAMETER"),
    WebCase("float-overflow-offset", "GET", "/api/lots?offset=1e400", 422, "HTTP_INVALID_PARAMETER"),
    WebCase("nul-in-year", "GET", "/api/lots?year=%00", 422, "HTTP_INVALID_PARAMETER"),
    WebCase(
        "deep-json-sync",
        "POST",
        "/api/admin/sync",
        422,
        None,
        lambda: {"content": b"[" * 100 + b"]" * 100, "headers": {**_auth(), "content-type": "application/json"}},
    ),
)


def _small_bomb() -> bytes:
    from .hostile_inputs import _tar_of_zeros

    return _tar_of_zeros("n.xml", 96 * 1024 * 1024)


def _app(folder: Path, **config: Any) -> Any:
    settings = {"admin_token": TOKEN, "upload_max_bytes": LIMIT, "warm_up": False, **config}
    return create_app(WebConfig(db=str(sample_store(folder)), **settings))


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with TestClient(_app(tmp_path_factory.mktemp("web-hostile")), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def read_only_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = _app(tmp_path_factory.mktemp("web-hostile-ro"), read_only=True)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@dataclass
class Answer:
    status_code: int
    headers: dict[str, str]
    text: str


def _streamed(app: Any, method: str, url: str, body: CountingBody, headers: dict[str, str]) -> Answer:
    """The app's answer to a body sent as ASGI messages, chunk by chunk as the app asks for them."""
    messages: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    raw = [(b"host", b"testserver"), *((key.encode(), value.encode()) for key, value in headers.items())]
    scope = {**_SCOPE, "method": method, "path": url, "raw_path": url.encode(), "headers": raw, "app": app}
    asyncio.run(app(scope, body.receive, send))
    start = messages[0]
    answer_headers = {key.decode().lower(): value.decode() for key, value in start["headers"]}
    text = b"".join(message.get("body", b"") for message in messages[1:]).decode()
    return Answer(start["status"], answer_headers, text)


_SCOPE: dict[str, Any] = {
    "type": "http",
    "asgi": {"version": "3.0"},
    "http_version": "1.1",
    "scheme": "http",
    "query_string": b"",
    "root_path": "",
    "client": ("127.0.0.1", 1),
    "server": ("testserver", 80),
    "state": {},
}


@pytest.mark.parametrize("index", range(len(WEB_CASES)), ids=[case.name for case in WEB_CASES])
def test_web_case(index: int, request: pytest.FixtureRequest) -> None:
    case = WEB_CASES[index]
    client: TestClient = request.getfixturevalue("client" if case.server == "writable" else "read_only_client")
    arguments = case.request()
    body = arguments.get("content")
    started = time.monotonic()
    if case.streamed:
        assert isinstance(body, CountingBody)
        response: Any = _streamed(client.app, case.method, case.url, body, arguments["headers"])
    else:
        response = client.request(case.method, case.url, **arguments)
    assert time.monotonic() - started < 20
    assert response.status_code == case.status, response.text[:300]
    assert response.headers["content-security-policy"] and response.headers["x-content-type-options"] == "nosniff"
    if case.code is not None:
        if case.url.startswith("/api/"):
            assert response.json()["code"] == case.code, response.text[:300]
        else:
            assert case.code in response.text or response.status_code in (400, 413)
    if case.rejected is not None:
        assert response.json()["rejected_by_code"] == case.rejected, response.text[:300]
    if case.streamed:
        # every chunk the app took is counted: an administration form is judged on its first 64 KB at most
        most = 0 if case.server == "read-only" else guard_module.FORM_TOKEN_BYTES + body.chunk
        assert body.sent <= most, f"read {body.sent:,} bytes before refusing"
    elif isinstance(body, CountingBody) and "content-length" in arguments["headers"]:
        # refused on its headers: nothing of the body was taken (the test client hands a body over whole once the
        # app asks for any of it, so a streamed body's refusal at the limit is checked by its status alone)
        assert body.sent <= 64 * 1024, f"read {body.sent:,} bytes before refusing"


def test_a_stalled_body_is_answered_with_408(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(tmp_path)
    monkeypatch.setattr(guard_module, "BODY_IDLE_SECONDS", 0.3)
    messages: list[dict[str, Any]] = []

    async def stalled() -> dict[str, Any]:
        await asyncio.sleep(30)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    scope = {
        **_SCOPE,
        "method": "POST",
        "path": "/api/check",
        "raw_path": b"/api/check",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/xml")],
        "app": app,
    }
    with TestClient(app):  # runs the lifespan, so that the app's state is set up
        started = time.monotonic()
        asyncio.run(app(scope, stalled, send))
    assert time.monotonic() - started < 10
    assert messages[0]["status"] == 408


def test_a_dripping_body_is_answered_with_408_at_the_body_deadline(tmp_path: Path) -> None:
    """A byte now and then never trips the idle timeout; the body deadline (here 1 s) ends it, not earlier. The
    deadline runs from the request's start: on a busy machine fewer bytes get through before it, never none."""
    app = _app(tmp_path, body_seconds=1.0)
    messages: list[dict[str, Any]] = []
    dripped = 0

    async def drip() -> dict[str, Any]:
        nonlocal dripped
        await asyncio.sleep(0.05)
        dripped += 1
        return {"type": "http.request", "body": b"<", "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    headers = [(b"host", b"testserver"), (b"content-type", b"application/xml")]
    scope = {**_SCOPE, "method": "POST", "path": "/api/check", "raw_path": b"/api/check", "headers": headers}
    with TestClient(app):
        started = time.monotonic()
        asyncio.run(app({**scope, "app": app}, drip, send))
    elapsed = time.monotonic() - started
    assert 1.0 <= elapsed < 5
    assert messages[0]["status"] == 408 and 3 <= dripped <= 40


def test_waiting_for_the_client_to_leave_is_not_timed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once the body is complete, a response that streams for long (and listens for a disconnect meanwhile) is
    not cut by the body's timeouts."""
    monkeypatch.setattr(guard_module, "BODY_IDLE_SECONDS", 0.1)
    guard = guard_module.RequestGuard(_echo_after(0.4), WebConfig(body_seconds=0.2))
    messages: list[dict[str, Any]] = []
    incoming = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> dict[str, Any]:
        if incoming:
            return incoming.pop()
        await asyncio.sleep(10)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    scope = {**_SCOPE, "method": "GET", "path": "/slow", "raw_path": b"/slow", "headers": []}
    asyncio.run(guard(scope, receive, send))
    assert messages[0]["status"] == 200 and messages[-1]["body"] == b"done"


def _echo_after(seconds: float) -> Any:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        await receive()  # the (empty) body

        async def listen() -> None:
            await receive()  # a disconnect, if the client leaves

        listener = asyncio.ensure_future(listen())
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await asyncio.sleep(seconds)
        await send({"type": "http.response.body", "body": b"done"})
        assert not listener.done() or listener.exception() is None
        listener.cancel()

    return app


def test_health_answers_during_an_admin_ingest(tmp_path: Path) -> None:
    """The ingest runs off the event loop: /health answers while it is under way (the < 100 ms target is
    measured by benchmarks/web.py-style runs, not asserted on a shared machine)."""
    package = write_sample(tmp_path / "p.tar.gz", 1500, seed=3, layout="package")
    with TestClient(_app(tmp_path, upload_max_bytes=50 * 1024 * 1024)) as client:
        done = threading.Event()
        answer: dict[str, Any] = {}

        def upload() -> None:
            with package.open("rb") as handle:
                answer["response"] = client.post(
                    "/api/admin/ingest", files={"upload": ("p.tar.gz", handle)}, headers=_auth()
                )
            done.set()

        worker = threading.Thread(target=upload)
        worker.start()
        during = []
        while not done.is_set():
            started = time.monotonic()
            assert client.get("/health").status_code == 200
            if not done.is_set():
                during.append(time.monotonic() - started)
            time.sleep(0.05)
        worker.join()
    assert answer["response"].status_code == 200 and answer["response"].json()["stored"] == 1500
    assert during, "the ingest ended before /health was asked"
    assert max(during) < 5  # with the ingest in the event loop, /health waited for the whole ingest


def test_request_log_keeps_no_address_or_query_unless_enabled(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    for details in (False, True):
        caplog.clear()
        app = create_app(WebConfig(db=str(sample_store(tmp_path)), warm_up=False, log_details=details))
        with caplog.at_level(logging.INFO, logger="sppmon.web.access"), TestClient(app) as client:
            client.get("/health?secret=42")
        lines = [record.getMessage() for record in caplog.records if record.name == "sppmon.web.access"]
        assert any("/health" in line for line in lines)
        assert any("secret=42" in line for line in lines) is details
        assert any("testclient" in line for line in lines) is details


@pytest.mark.parametrize(
    "agent",
    [
        "python-requests/2.32.3",
        "Python-urllib/3.11",
        "python-httpx/0.27.0",
        "aiohttp/3.9.5",
        "Go-http-client/1.1",
        "Java/17.0.2",
        "okhttp/4.12.0",
        "libwww-perl/6.72",
        "axios/1.7.2",
        "node-fetch/1.0",
        "undici",
        "PostmanRuntime/7.39.0",
        "Scrapy/2.11",
        "Apache-HttpClient/4.5.14 (Java/17)",
        "GuzzleHttp/7",
        "HTTPie/3.2.2",
        "Mozilla/5.0 (Windows NT; Windows NT 10.0) WindowsPowerShell/5.1",
        "curl/8.5.0",
        "Wget/1.21",
        "",
    ],
)
def test_the_bot_filter_knows_common_http_libraries(agent: str) -> None:
    from sppmon.usage import is_bot

    assert is_bot(agent)


def test_browsers_are_not_bots() -> None:
    from sppmon.usage import is_bot

    firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Safari"
    assert not is_bot(firefox) and not is_bot(safari)
