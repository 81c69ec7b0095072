"""A fake TED on 127.0.0.1 for tests and benchmarks: the Search API (iteration and page-number modes, the
expert-query clauses sppmon writes), notice XML, and daily/monthly packages with HTTP Range support.

Faults are switched on per test through :class:`Faults`: HTTP errors with Retry-After, a total that changes,
a repeated token, a duplicated notice, ``timedOut``, missing notices, and downloads cut off mid-body.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sppmon.readers import read_notice


@dataclass
class FakeNotice:
    publication_number: str
    day: str  # YYYYMMDD
    country: str | None
    cpv: str | None
    notice_type: str | None
    issue: str | None  # "157/2024"
    xml: bytes


def fake_notice(xml: bytes) -> FakeNotice:
    notice = read_notice(xml)
    buyer = notice.organisation(notice.buyers[0].org_id) if notice.buyers else None
    published = notice.publication_day or notice.issue_day
    assert notice.publication_number and published, "fixture notices need OPP-010 and a date"
    return FakeNotice(
        notice.publication_number,
        published.strftime("%Y%m%d"),
        buyer.country if buyer else None,
        notice.cpv_main,
        notice.notice_type,
        notice.gazette_id,
        xml,
    )


@dataclass
class Faults:
    statuses: list[int] = field(default_factory=list)  # answer the next search requests with these statuses
    retry_after: str | None = "0"
    total_change_on_page: int | None = None  # page number (1-based) whose total is off by one
    repeat_token_on_page: int | None = None
    duplicate_on_page: int | None = None
    timed_out_on_page: int | None = None
    missing_notices: set[str] = field(default_factory=set)  # publication numbers answering 404
    cut_downloads: dict[str, int] = field(default_factory=dict)  # package path → bytes sent before cutting, once
    empty_page_on: int | None = None


class FakeTed:
    def __init__(self, notices: Iterable[FakeNotice] = ()) -> None:
        self.notices = sorted(notices, key=lambda n: n.publication_number)
        self.packages: dict[str, bytes] = {}  # path → bytes
        self.faults = Faults()
        self.log: list[tuple[str, str, dict[str, str]]] = []
        self.search_bodies: list[dict[str, Any]] = []
        self._tokens: dict[str, int] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def search_url(self) -> str:
        return f"{self.base}/v3/notices/search"

    @property
    def notice_url(self) -> str:
        return f"{self.base}/notice/{{publication_number}}/xml"

    def __enter__(self) -> FakeTed:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def requests_to(self, prefix: str) -> int:
        return sum(1 for _, path, _ in self.log if path.startswith(prefix))

    # -- search --------------------------------------------------------------------------------------------
    def matching(self, query: str) -> list[FakeNotice]:
        return [notice for notice in self.notices if _matches(notice, query)]

    def search(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self.search_bodies.append(body)
            if self.faults.statuses:
                return self.faults.statuses.pop(0), {"message": "slow down"}
            found = self.matching(str(body["query"]))
            limit = int(body.get("limit", 10))
            if body.get("paginationMode") == "ITERATION":
                token = body.get("iterationNextToken")
                start = self._tokens[token] if token else 0
                page_number = start // limit + 1
            else:
                page_number = int(body.get("page", 1))
                start = (page_number - 1) * limit
            page = found[start : start + limit]
            answer: dict[str, Any] = {
                "notices": [self._result(n) for n in page],
                "totalNoticeCount": len(found),
                "timedOut": False,
            }
            faults = self.faults
            if faults.empty_page_on == page_number:
                answer["notices"] = []
            if faults.total_change_on_page == page_number:
                answer["totalNoticeCount"] += 1
            if faults.duplicate_on_page == page_number and start > 0:
                answer["notices"][0] = self._result(found[start - 1])
            if faults.timed_out_on_page == page_number:
                answer["timedOut"] = True
            if body.get("paginationMode") == "ITERATION":
                token = f"tok{start + limit}"
                if faults.repeat_token_on_page == page_number and start > 0:
                    token = f"tok{start}"
                self._tokens[token] = start + limit
                answer["iterationNextToken"] = token
            return 200, answer

    def _result(self, notice: FakeNotice) -> dict[str, Any]:
        return {
            "publication-number": notice.publication_number,
            "publication-date": f"{notice.day[:4]}-{notice.day[4:6]}-{notice.day[6:]}Z",
            "ojs-number": notice.issue,
            "links": {"xml": {"MUL": f"{self.base}/notice/{notice.publication_number}/xml"}},
        }

    def notice_xml(self, number: str) -> bytes | None:
        if number in self.faults.missing_notices:
            return None
        return next((n.xml for n in self.notices if n.publication_number == number), None)


_CLAUSE = re.compile(r"([a-z-]+)\s*(>=|<=|=| IN )\s*(\([^)]*\)|\S+)")


def _matches(notice: FakeNotice, query: str) -> bool:
    query = query.split(" SORT BY ", maxsplit=1)[0]
    for name, operator, raw in _CLAUSE.findall(query):
        values = raw.strip("()").split()
        if name == "publication-date":
            ok = {
                ">=": notice.day >= values[0],
                "<=": notice.day <= values[0],
                "=": notice.day == values[0],
            }[operator.strip()]
        elif name == "buyer-country":
            ok = notice.country in values
        elif name == "notice-type":
            ok = notice.notice_type in values
        elif name == "classification-cpv":
            ok = any(
                (notice.cpv or "").startswith(v.rstrip("*")) if v.endswith("*") else notice.cpv == v for v in values
            )
        else:
            raise AssertionError(f"the fake does not know the clause {name}")
        if not ok:
            return False
    return True


def _handler(fake: FakeTed) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # One write per response and no Nagle delay: otherwise keep-alive requests stall on delayed ACKs.
        disable_nagle_algorithm = True
        wbufsize = 1 << 16

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            fake.log.append(("POST", self.path, dict(self.headers)))
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            status, answer = fake.search(body)
            headers = {"Retry-After": fake.faults.retry_after} if status == 429 and fake.faults.retry_after else {}
            self._send(status, json.dumps(answer).encode(), "application/json", headers)

        def do_GET(self) -> None:
            fake.log.append(("GET", self.path, dict(self.headers)))
            match = re.fullmatch(r"/notice/([^/]+)/xml", self.path)
            if match:
                data = fake.notice_xml(match.group(1))
                if data is None:
                    self._send(404, b"no such notice", "text/plain")
                else:
                    self._send(200, data, "application/xml")
                return
            if self.path in fake.packages:
                self._package(self.path, fake.packages[self.path])
                return
            self._send(404, b"not found", "text/plain")

        def _package(self, path: str, data: bytes) -> None:
            start = 0
            wanted = self.headers.get("Range")
            if wanted:
                start = int(re.fullmatch(r"bytes=(\d+)-", wanted).group(1))  # type: ignore[union-attr]
                if start >= len(data):
                    self._send(416, b"", "text/plain", {"Content-Range": f"bytes */{len(data)}"})
                    return
            cut = fake.faults.cut_downloads.pop(path, None)
            body = data[start:]
            self.send_response(206 if start else 200)
            self.send_header("Content-Type", "application/gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Accept-Ranges", "bytes")
            if start:
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            self.end_headers()
            if cut is not None:  # announce everything, send part, hang up: a broken download
                self.wfile.write(body[:cut])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body)

        def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


def day_string(day: date) -> str:
    return day.strftime("%Y%m%d")
