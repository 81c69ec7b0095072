"""Cheap pages: compressed answers, validators from the store's last batch, whole answers cached until a batch
lands, versioned static files; and several worker processes over one DuckDB file with one writer path."""

from __future__ import annotations

import gzip
import multiprocessing
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlencode

import hypothesis
import pytest
from fastapi.testclient import TestClient

from sppmon.pipeline import ingest
from sppmon.sample import write_sample
from sppmon.store import open_store
from sppmon.store.gate import FileGate
from sppmon.web import WebConfig, create_app
from sppmon.web.assets import chart_script
from sppmon.web.context import query_url
from sppmon.web.db import StoreProvider
from sppmon.web.delivery import (
    FigureGate,
    ResponseCache,
    Stored,
    Version,
    VersionWatch,
    deliver,
    shared_responses,
    start_serve_run,
)

from .web_support import sample_store

BROWSER = {"user-agent": "Mozilla/5.0 (X11; Linux x86_64) test"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Path]]:
    path = sample_store(tmp_path_factory.mktemp("delivery"))
    app = create_app(WebConfig(db=str(path), warm_up=False))
    with TestClient(app, headers=BROWSER) as client:
        yield client, path


def test_pages_and_json_are_compressed_for_clients_that_accept_it(served: tuple[TestClient, Path]) -> None:
    client, _ = served
    for url in ("/", "/api/indicators/green?by=year", "/lots"):
        plain = client.get(url, headers={"accept-encoding": "identity"})
        assert plain.status_code == 200 and "content-encoding" not in plain.headers
        for encoding in ("gzip", "br"):
            packed = client.get(url, headers={"accept-encoding": encoding})
            assert packed.headers["content-encoding"] == encoding, url
            assert "Accept-Encoding" in packed.headers["vary"]
            assert packed.content == plain.content  # unpacked by the client library
            assert packed.num_bytes_downloaded < len(plain.content) / 3


def test_figures_carry_validators_and_revalidate_with_304(served: tuple[TestClient, Path]) -> None:
    client, _ = served
    first = client.get("/api/indicators/social?by=year")
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache" and "last-modified" in first.headers
    again = client.get("/api/indicators/social?by=year", headers={"if-none-match": etag})
    assert again.status_code == 304 and not again.content
    assert client.get("/api/indicators/social?by=buyer", headers={"if-none-match": etag}).status_code == 200
    dutch = client.get("/api/indicators/social?by=year", headers={"accept-language": "nl"})
    assert dutch.headers["etag"] != etag  # the language is part of the answer


def test_answers_are_cached_until_a_batch_lands(served: tuple[TestClient, Path], tmp_path: Path) -> None:
    client, _ = served
    responses = client.app.state.responses  # type: ignore[attr-defined]
    url = "/api/indicators/green"
    before = client.get(url).json()
    hits = responses.hits
    assert client.get(url).json() == before and responses.hits == hits + 1
    etag = client.get(url).headers["etag"]
    more = write_sample(tmp_path / "more", 40, seed=99, layout="dir")
    ingest([str(more)], client.app.state.provider.get())  # type: ignore[attr-defined]  # the app's own store
    after = client.get(url, headers={"if-none-match": etag})
    assert after.status_code == 200 and after.headers["etag"] != etag
    assert after.json()["rows"][0]["lots_in_scope"] > before["rows"][0]["lots_in_scope"]


def test_the_version_is_asked_of_the_store_only_when_a_batch_may_have_landed(tmp_path: Path) -> None:
    reads: list[int] = []
    marker = [0]

    def read() -> Version:
        reads.append(1)
        return Version(len(reads), None)

    watch = VersionWatch(read, lambda: marker[0])
    assert watch.known() is None and watch.read().batch == 1
    assert watch.known() == Version(1, None) and len(reads) == 1  # answered without a query
    marker[0] += 1
    assert watch.known() is None and watch.read().batch == 2
    unmarked = VersionWatch(read, None)  # PostgreSQL: other processes may write unseen
    unmarked.read()
    assert unmarked.known() is None

    path = str(tmp_path / "own.duckdb")
    provider = StoreProvider(path)
    try:
        change = provider.change_marker()
        assert change is not None
        before = change()
        ingest([str(write_sample(tmp_path / "few", 5, seed=4, layout="dir"))], provider.get())
        assert change() != before  # a batch written by this process changes the marker
    finally:
        provider.close()


def test_the_chart_script_is_versioned_small_and_cached_for_a_year(served: tuple[TestClient, Path]) -> None:
    client, _ = served
    page = client.get("/").text
    asset = chart_script()
    assert asset.url in page and "/static/charts.js" not in page
    response = client.get(asset.url, headers={"accept-encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip" and response.content == asset.body
    assert "immutable" in response.headers["cache-control"] and "max-age=31536000" in response.headers["cache-control"]
    assert response.num_bytes_downloaded < 300_000  # the target for the script on the wire
    assert len(asset.compressed["br"]) < len(asset.compressed["gzip"])
    assert gzip.decompress(asset.compressed["gzip"]) == asset.body
    assert client.get("/static/charts.js").status_code == 200  # the unversioned name keeps working
    assert client.get("/static/charts.0000.js").headers["cache-control"].startswith("public, max-age=300")
    assert client.get("/static/nothing.js").status_code == 404


def _read_in_worker(path: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    provider = StoreProvider(path, shared=True)
    try:
        queue.put(provider.get().query("SELECT COUNT(*) FROM notices")[0][0])
        queue.put("ready")
        deadline = 200
        while deadline:  # reads go on while the parent writes: the gate closes and reopens the file
            counted = provider.get().query("SELECT COUNT(*) FROM notices")[0][0]
            if counted > 40:
                queue.put(counted)
                return
            deadline -= 1
            import time

            time.sleep(0.05)
        queue.put("timeout")
    finally:
        provider.close()


def test_workers_read_a_duckdb_file_while_one_writer_path_writes(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.duckdb")
    first = write_sample(tmp_path / "first", 40, seed=1, layout="dir")
    second = write_sample(tmp_path / "second", 40, seed=2, layout="dir")
    with open_store(path) as store:
        ingest([str(first)], store)
    queue: multiprocessing.Queue = multiprocessing.get_context("spawn").Queue()  # type: ignore[type-arg]
    worker = multiprocessing.get_context("spawn").Process(target=_read_in_worker, args=(path, queue))
    worker.start()
    try:
        assert queue.get(timeout=60) == 40
        assert queue.get(timeout=60) == "ready"
        provider = StoreProvider(path, shared=True)
        try:
            assert provider.get().query("SELECT COUNT(*) FROM notices")[0][0] == 40  # reading beside the worker
            report = ingest([str(second)], provider.writer())  # the writer path: windows of the gate
            assert report.counts.stored == 40
            assert provider.get().query("SELECT COUNT(*) FROM notices")[0][0] == 80
        finally:
            provider.close()
        assert queue.get(timeout=60) == 80
    finally:
        worker.join(timeout=30)
    assert not FileGate(path).writer_waiting()


def test_serve_runs_several_workers_over_one_duckdb_file(tmp_path: Path) -> None:
    """``sppmon serve --workers 2``: both processes answer from the same file; an upload goes through the
    writer path and every worker then answers with the new batch."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    import httpx

    path = sample_store(tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, "SPPMON_ADMIN_TOKEN": "token", "SPPMON_USAGE_RECORDING": "0"}
    command = [sys.executable, "-m", "sppmon", "serve", "--db", str(path), "--port", str(port), "--workers", "2"]
    command.append("--own-writes")  # a DuckDB file is served read-only otherwise
    process = subprocess.Popen([*command, "--log-level", "warning"], env=environment, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        before = httpx.get(base + "/api/indicators/green", timeout=60).json()["rows"][0]["lots_in_scope"]
        assert httpx.get(base + "/", timeout=60).status_code == 200
        notice = (Path(__file__).parent / "fixtures" / "eforms" / "cn_sdk10_strategic.xml").read_bytes()
        uploaded = httpx.post(
            base + "/api/admin/ingest",
            files={"upload": ("notice.xml", notice, "application/xml")},
            headers={"authorization": "Bearer token"},
            timeout=120,
        )
        assert uploaded.status_code == 200, uploaded.text
        for _ in range(6):  # the connections land on either worker: each sees the new lots
            with httpx.Client(base_url=base, timeout=60) as client:
                after = client.get("/api/indicators/green").json()["rows"][0]["lots_in_scope"]
                assert after > before
        (run,) = Path(str(path) + ".responses").iterdir()  # the workers' shared answers, of this run only
        (version,) = run.iterdir()  # the answers of the version before the upload are gone
        assert any(version.iterdir())
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def _stored(body: bytes) -> Stored:
    return Stored(200, (("content-type", "application/json"),), body)


def test_workers_share_answers_through_the_folder_of_their_run(tmp_path: Path) -> None:
    run = shared_responses(str(tmp_path / "s.duckdb"), "0" * 32)
    assert run is not None and shared_responses(str(tmp_path / "s.duckdb"), "") is None
    first, second = ResponseCache(folder=run), ResponseCache(folder=run)
    key, version = ("/api/indicators/green", "nl", "gzip"), "a" * 16
    first.put(version, key, _stored(b"figures"))
    assert second.get(version, key, disk=False) is None  # not in the other worker's memory
    assert second.get(version, key) == _stored(b"figures") and second.shared_hits == 1
    assert second.get(version, key, disk=False) == _stored(b"figures")  # kept in memory from then on
    second.put("b" * 16, key, _stored(b"new figures"))  # a batch landed: earlier versions' answers go
    assert sorted(child.name for child in run.iterdir()) == ["b" * 16]
    assert first.get("b" * 16, key) == _stored(b"new figures")  # the other worker finds the new answer


def test_a_damaged_or_unwritable_shared_answer_is_rendered_again(tmp_path: Path) -> None:
    run = shared_responses(str(tmp_path / "s.duckdb"), "1" * 32)
    assert run is not None
    cache, key, version = ResponseCache(folder=run), ("/", "fr", "br"), "c" * 16
    cache.put(version, key, _stored(b"page"))
    (written,) = (run / version).iterdir()
    written.write_bytes(b"\x00\x00\x00\x09{not json")
    assert ResponseCache(folder=run).get(version, key) is None
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would go")
    unwritable = ResponseCache(folder=blocked / "run")
    unwritable.put(version, key, _stored(b"page"))  # nothing written, nothing raised
    assert unwritable.get(version, key) == _stored(b"page")  # still served from memory


def test_a_new_serve_run_removes_only_earlier_runs(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    folder = Path(str(store) + ".responses")
    (folder / ("2" * 32)).mkdir(parents=True)
    (folder / "notes").mkdir()  # not a run's folder: kept
    run = start_serve_run(str(store))
    assert len(run) == 32 and sorted(child.name for child in folder.iterdir()) == ["notes"]


def test_table_json_is_what_fastapis_encoder_gives_in_one_pass() -> None:
    """The tables' JSON encoder gives the bytes ``JSONResponse(jsonable_encoder(...))`` gives, for every kind of
    value an indicator row or a note may hold."""
    import dataclasses
    import datetime
    import enum
    from decimal import Decimal
    from pathlib import PurePosixPath

    from fastapi.encoders import jsonable_encoder
    from fastapi.responses import JSONResponse

    from sppmon.web.tables import json_response

    class Kind(enum.Enum):
        GREEN = "green"

    @dataclasses.dataclass
    class Note:
        text: str
        when: datetime.date

    body = {
        "rows": [
            {"year": 2024, "share": 0.125, "lots": Decimal("12"), "eur": Decimal("1234.50"), "none": None},
            {"name": "Société des Transports — Bruxelles", "ok": True, "codes": ("a", "b"), "kinds": {Kind.GREEN}},
        ],
        "day": datetime.date(2024, 3, 1),
        "at": datetime.datetime(2024, 3, 1, 12, 30, 5),
        "note": Note("fin", datetime.date(2025, 1, 2)),
        "file": PurePosixPath("a/b.csv"),
        7: "int key",
    }
    ours = json_response(body)
    theirs = JSONResponse(jsonable_encoder(body))
    assert ours.body == theirs.body
    assert ours.headers["content-type"] == theirs.headers["content-type"]


def test_figures_not_in_the_caches_are_computed_a_few_at_a_time_in_order() -> None:
    import asyncio
    import threading
    import time

    import httpx
    from fastapi import FastAPI, Request

    app = FastAPI()
    running, most, order = [0], [0], []
    lock = threading.Lock()

    @app.get("/indicators/{code}")
    def figure(code: str) -> dict[str, str]:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
            order.append(code)
        return {"code": code}

    class CountedGate(FigureGate):
        """Counts the requests that reached the gate (its limiter is asked for just before waiting on it)."""

        arrived = 0

        def limiter(self):  # type: ignore[no-untyped-def]
            self.arrived += 1
            return super().limiter()

    gate = CountedGate(2)
    versions = VersionWatch(lambda: Version(1, None), lambda: 0)

    @app.middleware("http")
    async def delivered(request: Request, call_next):  # type: ignore[no-untyped-def]
        return await deliver(request, call_next, versions, ResponseCache(), gate)

    async def ask() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            await client.get("/indicators/warm")  # the version is read once, in a thread: not in the race below
            order.clear()
            answers = []
            for code in range(8):  # started in this order, each once the one before waits at the gate
                answers.append(asyncio.ensure_future(client.get(f"/indicators/{code}")))
                while gate.arrived < code + 2:  # the warm-up request arrived first
                    await asyncio.sleep(0.001)
            return [response.status_code for response in await asyncio.gather(*answers)]

    assert asyncio.run(ask()) == [200] * 8
    assert most[0] == 2  # never more than the gate at once
    assert set(order[:2]) == {"0", "1"} and sorted(order) == [str(code) for code in range(8)]  # first come first


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(
    hypothesis.strategies.dictionaries(
        hypothesis.strategies.text(max_size=8),
        hypothesis.strategies.one_of(
            hypothesis.strategies.none(),
            hypothesis.strategies.integers(),
            hypothesis.strategies.text(max_size=260),  # beyond the length of the parts remembered
        ),
        max_size=5,
    )
)
def test_links_are_encoded_as_urlencode_encodes_them(params: dict[str, object]) -> None:
    expected = {key: str(value) for key, value in params.items() if value not in (None, "")}
    url = query_url("/lots", params)
    assert url == ("/lots?" + urlencode(expected) if expected else "/lots")
    assert query_url("/lots", params) == url  # remembered parts give the same text


def test_a_page_s_filters_are_read_once_and_again_when_its_parameters_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sppmon.web import context

    reads: list[dict[str, str]] = []

    def counted(params: dict[str, str]) -> dict[str, str]:
        reads.append(dict(params))
        return {key: value for key, value in params.items() if key in ("year", "buyer")}

    monkeypatch.setattr(context, "parse_filters", counted)
    monkeypatch.setattr(context, "LotQuery", lambda filters: types.SimpleNamespace(filters=filters))
    monkeypatch.setattr(context, "resolved", lambda cache, provider, filters, lang: dict(filters))
    env = context.Env(cast(Any, None), cast(Any, None), cast(Any, None), cast(Any, None), "nl", {"year": "2024"})
    first = env.filters()
    first["country"] = "BEL"  # a caller's own addition stays its own
    assert env.filters() == env.filters() == {"year": "2024"} and len(reads) == 1
    env.params["buyer"] = "b1"  # as a buyer's page sets its buyer
    assert env.filters() == {"year": "2024", "buyer": "b1"} and len(reads) == 2
