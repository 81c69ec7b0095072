"""Syncs started from the web app (``POST /api/admin/sync`` and the ``/admin`` page): real syncs against the fake
TED on 127.0.0.1 into a temporary DuckDB store owned by the app, the administrator token, read-only mode, one sync
at a time, and refused requests."""

from __future__ import annotations

import gzip
import io
import tarfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sppmon.sample import SampleGenerator
from sppmon.sources.ted_search import SearchCriteria, expert_query
from sppmon.store import open_store
from sppmon.web import WebConfig, create_app
from sppmon.web.i18n import LANGUAGES, translate

from .fake_ted import FakeNotice, FakeTed, fake_notice

TOKEN = "sync-admin-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}
NOTICES = [fake_notice(xml) for _, xml in SampleGenerator(11).notices(80)]
BEL_2024 = SearchCriteria(countries=("BEL",), since=date(2024, 1, 1))


class GatedTed(FakeTed):
    """The fake TED whose searches wait while the gate is closed, so that a sync can be caught running."""

    def __init__(self, notices: list[FakeNotice]) -> None:
        super().__init__(notices)
        self.gate = threading.Event()
        self.gate.set()

    def search(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.gate.wait(30)
        return super().search(body)


@pytest.fixture
def ted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[GatedTed]:
    with GatedTed(NOTICES) as fake:
        monkeypatch.setenv("SPPMON_TED_SEARCH_URL", fake.search_url)
        monkeypatch.setenv("SPPMON_TED_NOTICE_URL", fake.notice_url)
        monkeypatch.setenv("SPPMON_TED_MONTHLY_PACKAGE_URL", f"{fake.base}/packages/monthly/{{year}}-{{month:02d}}")
        monkeypatch.setenv("SPPMON_TED_REQUESTS_PER_MINUTE", "100000")
        monkeypatch.setenv("SPPMON_PACKAGE_DIR", str(tmp_path / "packages"))
        yield fake
        fake.gate.set()


@pytest.fixture
def client(ted: GatedTed, tmp_path: Path) -> Iterator[TestClient]:
    """The app over an empty store (set up after the fake TED, so closed before it)."""
    config = WebConfig(db=str(tmp_path / "sync.duckdb"), admin_token=TOKEN, warm_up=False, usage_recording=False)
    with TestClient(create_app(config)) as test_client:
        yield test_client


def _start(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/admin/sync", json=body, headers=AUTH)
    assert response.status_code == 202, response.text
    job: dict[str, Any] = response.json()
    assert response.headers["location"] == f"/api/admin/sync/{job['id']}"
    return job


def _wait(client: TestClient, job_id: str, seconds: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/api/admin/sync/{job_id}", headers=AUTH).json()
        if job["status"] != "running":
            return job
        time.sleep(0.05)
    raise AssertionError(f"sync {job_id} still running after {seconds} s")


def _stored(client: TestClient) -> set[str]:
    store = client.app.state.provider.get()  # type: ignore[attr-defined]
    return {row[0] for row in store.query("SELECT publication_number FROM notices")}


def _expected(fake: FakeTed, criteria: SearchCriteria = BEL_2024) -> set[str]:
    return {notice.publication_number for notice in fake.matching(expert_query(criteria))}


def test_a_search_sync_runs_in_the_server_and_stores_the_notices(ted: GatedTed, client: TestClient) -> None:
    expected = _expected(ted)
    assert len(expected) > 5
    started = _start(client, {"source": "ted", "country": "bel", "since": "2024-01-01", "cpv": []})
    assert started["status"] in ("running", "complete")
    assert started["request"]["query"] == expert_query(BEL_2024)  # the criteria of `sppmon sync ted`
    job = _wait(client, started["id"])
    assert job["status"] == "complete" and job["error"] is None and job["finished"]
    counts = job["counts"]
    assert (counts["total"], counts["fetched"], counts["read"]) == (len(expected),) * 3
    assert (counts["skipped"], counts["rejected"]) == (0, 0) and counts["stored"] > 0
    assert _stored(client) == expected
    runs = client.app.state.provider.get().query("SELECT source, status FROM sync_runs")  # type: ignore[attr-defined]
    assert runs == [("ted-search", "complete")]
    # The figures follow: the API sees the new notices at once.
    assert client.get("/api/notices?limit=1").json()["rows"]

    again = _wait(client, _start(client, {"source": "ted", "country": ["BEL"], "since": "2024-01-01"})["id"])
    assert (again["counts"]["fetched"], again["counts"]["skipped"]) == (0, len(expected))


def _monthly_package(notices: list[FakeNotice]) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as packed, tarfile.open(fileobj=packed, mode="w") as tar:
        for notice in notices:
            info = tarfile.TarInfo(f"{notice.day}/{notice.publication_number}.xml")
            info.size = len(notice.xml)
            tar.addfile(info, io.BytesIO(notice.xml))
    return buffer.getvalue()


def test_a_package_sync_runs_in_the_server(ted: GatedTed, client: TestClient, tmp_path: Path) -> None:
    month = Counter(notice.day[:6] for notice in NOTICES).most_common(1)[0][0]  # "202403"
    in_month = [notice for notice in NOTICES if notice.day.startswith(month)]
    ted.packages[f"/packages/monthly/{month[:4]}-{month[4:]}"] = _monthly_package(in_month)
    period = f"{month[:4]}-{month[4:]}"
    job = _wait(client, _start(client, {"source": "ted-packages", "from": period, "to": period, "monthly": True})["id"])
    assert job["status"] == "complete", job
    assert job["request"] == {"source": "ted-packages", "from": period, "to": period, "monthly": True}
    assert (job["counts"]["packages"], job["counts"]["read"], job["problems"]) == (1, len(in_month), [])
    assert _stored(client) == {notice.publication_number for notice in in_month}
    assert list((tmp_path / "packages").iterdir()) == []  # checked and stored: nothing left in SPPMON_PACKAGE_DIR


def test_one_sync_at_a_time(ted: GatedTed, client: TestClient) -> None:
    ted.gate.clear()  # the first sync waits for its first search answer
    first = _start(client, {"source": "ted", "country": "BEL", "since": "2024-01-01"})
    assert first["status"] == "running"
    busy = client.post(
        "/api/admin/sync", json={"source": "ted-packages", "from": "2024-01", "to": "2024-01"}, headers=AUTH
    )
    assert busy.status_code == 409
    assert busy.json()["code"] == "SYNC_ALREADY_RUNNING" and busy.json()["job"] == first["id"]
    form = client.post("/admin/sync", data={"token": TOKEN, "source": "ted", "country": "BEL", "since": "2024-01-01"})
    assert form.status_code == 409 and "SYNC_ALREADY_RUNNING" in form.text
    assert client.get(f"/api/admin/sync/{first['id']}", headers=AUTH).json()["status"] == "running"
    ted.gate.set()
    assert _wait(client, first["id"])["status"] == "complete"
    second = _start(client, {"source": "ted", "country": "BEL", "since": "2024-01-01"})
    assert _wait(client, second["id"])["status"] == "complete"


def test_a_failed_sync_says_why(ted: GatedTed, client: TestClient) -> None:
    ted.faults.timed_out_on_page = 1
    job = _wait(client, _start(client, {"source": "ted", "country": "BEL", "since": "2024-01-01"})["id"])
    assert job["status"] == "failed"
    assert job["error"]["code"] == "SYNC_TIMED_OUT" and "timed out" in job["error"]["message"]
    store = client.app.state.provider.get()  # type: ignore[attr-defined]
    assert store.query("SELECT status FROM sync_runs") == [("failed",)]


def test_the_token_is_required(client: TestClient) -> None:
    body = {"source": "ted", "country": "BEL", "since": "2024-01-01"}
    assert client.post("/api/admin/sync", json=body).status_code == 403
    assert client.post("/api/admin/sync", json=body, headers={"authorization": "Bearer wrong"}).status_code == 403
    assert client.post("/api/admin/sync", json=body, headers={"authorization": TOKEN}).status_code == 403  # no scheme
    assert client.get("/api/admin/sync/abc").status_code == 403
    assert client.get("/api/admin/sync/abc", headers={"authorization": "Bearer wrong"}).status_code == 403
    assert client.get("/api/admin/sync/abc", headers=AUTH).status_code == 404
    assert client.post("/admin/sync", data={"token": "wrong", **body}).status_code == 403
    assert client.post("/admin/sync/status", data={"token": "wrong"}).status_code == 403
    assert client.app.state.sync_jobs.last() is None  # type: ignore[attr-defined]


def test_read_only_mode_refuses_syncs(tmp_path: Path) -> None:
    path = tmp_path / "published.duckdb"
    open_store(str(path)).close()
    app = create_app(WebConfig(db=str(path), admin_token=TOKEN, read_only=True, warm_up=False))
    with TestClient(app) as client:
        response = client.post("/api/admin/sync", json={"source": "ted", "country": "BEL"}, headers=AUTH)
        assert response.status_code == 403 and "disabled" in response.json()["detail"]
        assert client.post("/admin/sync", data={"token": TOKEN, "country": "BEL"}).status_code == 403
        page = client.get("/admin?lang=en").text
        assert "SPPMON_ADMIN_TOKEN" in page and 'action="/admin/sync' not in page


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "not JSON"),
        (b"", "not JSON"),
        (b'["ted"]', "JSON object"),
        (b'{"source": "ftp"}', "source"),
        (b'{"source": "ted", "country": "BEL", "contry": "NLD"}', "contry"),
        (b'{"source": "ted", "country": "BE"}', "alpha-3"),
        (b'{"source": "ted", "country": ["BEL", 3]}', "country"),
        (b'{"source": "ted", "since": "2024-13-01"}', "YYYY-MM-DD"),
        (b'{"source": "ted", "since": "2024-02-01", "until": "2024-01-01"}', "before"),
        (b'{"source": "ted", "cpv": ["3x*"]}', "CPV"),
        (b'{"source": "ted"}', "at least one"),
        (b'{"source": "ted-packages", "from": "2024-01"}', "to is required"),
        (b'{"source": "ted-packages", "from": "2024-1", "to": "2024-02"}', "YYYY-MM"),
        (b'{"source": "ted-packages", "from": "2024-03", "to": "2024-02"}', "before"),
        (b'{"source": "ted-packages", "from": "2024-01", "to": "2024-02", "monthly": "yes"}', "monthly"),
        (b'{"source": "ted-packages", "from": "2024-01", "to": "2024-02", "dir": "/etc"}', "dir"),
        (b'{"source": ["ted"]}', "source"),
        (b'{"source": "ted-packages", "from": "2001-01", "to": "2024-02"}', "at most 36"),
        (b'{"source": "ted-packages", "from": "2024-01", "to": "9999-12"}', "future"),
    ],
)
def test_bad_requests_are_refused_with_a_code(client: TestClient, body: bytes, message: str) -> None:
    headers = {**AUTH, "content-type": "application/json"}
    response = client.post("/api/admin/sync", content=body, headers=headers)
    assert response.status_code == 422, response.text
    answer = response.json()
    assert answer["code"] == "SYNC_REQUEST_INVALID" and message in answer["detail"], answer
    assert client.app.state.sync_jobs.last() is None  # type: ignore[attr-defined]


def test_a_huge_request_is_refused_early(client: TestClient) -> None:
    body = b'{"source": "ted", "query": "' + b"x" * 100_000 + b'"}'
    response = client.post("/api/admin/sync", content=body, headers={**AUTH, "content-type": "application/json"})
    assert response.status_code == 413


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_admin_page_starts_a_sync_and_shows_the_last_one(ted: GatedTed, client: TestClient, lang: str) -> None:
    page = client.get(f"/admin?lang={lang}").text
    assert translate("admin.sync.title", lang) in page and 'action="/admin/sync#sync"' in page
    nothing = client.post(f"/admin/sync/status?lang={lang}", data={"token": TOKEN})
    assert nothing.status_code == 200 and translate("admin.sync.none", lang) in nothing.text
    form = {"token": TOKEN, "source": "ted", "country": "bel, nld", "since": "2024-01-01", "cpv": ""}
    started = client.post(f"/admin/sync?lang={lang}", data=form)
    assert started.status_code == 200 and "buyer-country IN (BEL NLD)" in started.text
    job = client.app.state.sync_jobs.last()  # type: ignore[attr-defined]
    assert _wait(client, job.id)["status"] == "complete"
    shown = client.post(f"/admin/sync/status?lang={lang}", data={"token": TOKEN}).text
    assert 'data-status="complete"' in shown and translate("admin.sync.status.complete", lang) in shown
    assert translate("admin.fetched", lang) in shown
    assert client.post("/admin/sync", data={"token": TOKEN, "source": "ted"}).status_code == 422
    months = {"token": TOKEN, "source": "ted-packages", "from": "2024-05", "to": "2024-04"}
    assert client.post("/admin/sync", data=months).status_code == 422


def test_threads_of_the_app_write_the_store_in_turn(tmp_path: Path) -> None:
    """A sync and an upload write at the same time through their own cursors: both land, in two batches."""
    from sppmon.pipeline import PipelineOptions, ingest_items
    from sppmon.sources.files import Item
    from sppmon.web.db import StoreProvider

    provider = StoreProvider(str(tmp_path / "app.duckdb"))
    groups = [list(SampleGenerator(seed).notices(120)) for seed in (31, 32)]
    failures: list[BaseException] = []

    def write(group: list[tuple[str, bytes]]) -> None:
        try:
            items = [Item(name, data=data) for name, data in group]
            ingest_items(items, provider.get(), PipelineOptions(detect=False, batch_size=20))
        except BaseException as exc:  # reported below: a failed thread must fail the test
            failures.append(exc)
        finally:
            provider.release()

    threads = [threading.Thread(target=write, args=(group,)) for group in groups]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert failures == []
        store = provider.get()
        batches = store.query("SELECT COUNT(*), COUNT(DISTINCT batch_id) FROM batches")[0]
        assert batches[0] == batches[1] >= 2
        assert store.count("notices") == 240
    finally:
        provider.close()
