"""Heavy web work in worker processes: a request that runs out of time or memory answers with its code, the
worker is replaced, nothing half-stored, and the server answers ``/health`` meanwhile."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sppmon.sample import write_sample
from sppmon.store import base, open_store, summary
from sppmon.web import WebConfig, create_app
from sppmon.web.errors import WebError
from sppmon.web.workers import run_limited

from .web_support import sample_store

TOKEN = "test-admin-token"
MIB = 1024 * 1024


def test_work_beyond_its_time_limit_is_stopped_and_the_worker_replaced() -> None:
    with pytest.raises(WebError) as stopped:
        run_limited("test-time", 1, (0.3, 256 * MIB), time.sleep, 30)
    assert stopped.value.status_code == 504 and stopped.value.code == "WEB_WORK_TIMEOUT"
    assert run_limited("test-time", 1, (10, 256 * MIB), sum, [1, 2, 3]) == 6  # a new worker answers


def test_work_beyond_its_memory_allowance_answers_too_large() -> None:
    with pytest.raises(WebError) as refused:
        run_limited("test-memory", 1, (30, 64 * MIB), bytearray, 512 * MIB)
    assert refused.value.status_code == 503 and refused.value.code == "WEB_WORK_TOO_LARGE"
    assert len(run_limited("test-memory", 1, (30, 64 * MIB), bytearray, 8 * MIB)) == 8 * MIB


def test_worker_processes_give_way_to_the_server() -> None:
    """Parsing runs at a lower CPU priority than the server, so that on a busy machine requests get the cores."""
    import os

    from sppmon.web.workers import WORKER_NICENESS

    niceness = run_limited("test-priority", 1, (30, 256 * MIB), os.getpriority, os.PRIO_PROCESS, 0)
    assert niceness >= WORKER_NICENESS > os.getpriority(os.PRIO_PROCESS, 0)


def _batches(path: Path) -> object:
    with open_store(str(path), read_only=True) as store:
        return store.query("SELECT COUNT(*) FROM batches")[0][0]


def test_an_upload_beyond_the_time_limit_answers_504_while_health_answers(tmp_path: Path) -> None:
    store = sample_store(tmp_path)
    before = _batches(store)
    package = write_sample(tmp_path / "p.tar.gz", 1500, seed=11, layout="package")
    config = WebConfig(db=str(store), admin_token=TOKEN, warm_up=False, usage_recording=False, ingest_seconds=0.5)
    answers: list[int] = []
    with TestClient(create_app(config)) as client:
        done = threading.Event()
        outcome: dict[str, object] = {}

        def upload() -> None:
            files = {"upload": ("p.tar.gz", package.read_bytes(), "application/gzip")}
            response = client.post("/api/admin/ingest", files=files, headers={"authorization": f"Bearer {TOKEN}"})
            outcome.update(status=response.status_code, body=response.json())
            done.set()

        threading.Thread(target=upload).start()
        while not done.wait(0.05):
            answers.append(client.get("/health").status_code)
        assert outcome["status"] == 504
        body = outcome["body"]
        assert isinstance(body, dict) and body["code"] == "WEB_WORK_TIMEOUT" and body["detail"]
        assert answers and set(answers) == {200}
    assert _batches(store) == before  # nothing of the stopped upload was stored


def _upload(store: Path, package: Path) -> dict[str, int]:
    """Upload ``package`` into ``store`` through a server of default settings; the counts it answers."""
    config = WebConfig(db=str(store), admin_token=TOKEN, warm_up=False, usage_recording=False)
    with TestClient(create_app(config)) as client:
        files = {"upload": (package.name, package.read_bytes(), "application/gzip")}
        response = client.post("/api/admin/ingest", files=files, headers={"authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200, response.text
        counts: dict[str, int] = response.json()
        return counts


def test_an_upload_is_parsed_in_a_worker_and_stored_by_the_server(tmp_path: Path) -> None:
    counts = _upload(sample_store(tmp_path), write_sample(tmp_path / "p.tar.gz", 60, seed=12, layout="package"))
    assert counts["read"] == 60 and counts["stored"] + counts["updated"] + counts["superseded"] > 0


def test_an_upload_large_beside_the_store_is_followed_by_a_recount_of_the_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPPMON_SUMMARY_RECOUNT_SHARE", "0")  # any upload of two batches or more is large enough
    monkeypatch.setenv("SPPMON_BATCH_SIZE", "20")  # a batch per chunk of 256 notices the worker prepared
    monkeypatch.setattr(base, "MERGE_EVERY_BATCHES", 1)  # a merge due at the end of every load
    store = sample_store(tmp_path)
    assert _upload(store, write_sample(tmp_path / "p.tar.gz", 600, seed=15, layout="package"))["read"] == 600
    with open_store(str(store), read_only=True) as opened:
        assert summary.stale_facts(opened) == []
        # each batch's window ends with a checkpoint; the last one, due to merge, merged what the others left
        assert opened.query("SELECT COUNT(DISTINCT row_group_id) FROM pragma_storage_info('notices')")[0][0] == 1
        assert (
            opened.query("SELECT MAX(built_at) FROM summary_state")[0][0]
            >= opened.query("SELECT MAX(finished_at) FROM batches")[0][0]
        )


def test_an_upload_beyond_the_memory_allowance_answers_503(tmp_path: Path) -> None:
    store = sample_store(tmp_path)
    before = _batches(store)
    package = write_sample(tmp_path / "p.tar.gz", 1500, seed=13, layout="package")
    config = WebConfig(db=str(store), admin_token=TOKEN, warm_up=False, usage_recording=False, work_memory_bytes=MIB)
    with TestClient(create_app(config)) as client:
        files = {"upload": ("p.tar.gz", package.read_bytes(), "application/gzip")}
        response = client.post("/api/admin/ingest", files=files, headers={"authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 503 and response.json()["code"] == "WEB_WORK_TOO_LARGE"
    assert _batches(store) == before


def test_a_check_beyond_its_time_limit_answers_504(tmp_path: Path) -> None:
    notice = (Path(__file__).parent / "fixtures" / "eforms" / "cn_sdk10_strategic.xml").read_bytes()
    config = WebConfig(db=str(sample_store(tmp_path)), warm_up=False, usage_recording=False, work_seconds=0.001)
    with TestClient(create_app(config)) as client:
        response = client.post("/api/check", content=notice, headers={"content-type": "application/xml"})
        assert response.status_code == 504 and response.json()["code"] == "WEB_WORK_TIMEOUT"
        assert client.get("/health").status_code == 200
    relaxed = WebConfig(db=str(sample_store(tmp_path)), warm_up=False, usage_recording=False)
    with TestClient(create_app(relaxed)) as client:  # new workers answer
        answered = client.post("/api/check", content=notice, headers={"content-type": "application/xml"})
        assert answered.status_code == 200 and answered.json()["lots"]


def _notices(path: Path) -> object:
    with open_store(str(path), read_only=True) as store:
        return store.query("SELECT COUNT(*) FROM notices")[0][0]


def test_storing_an_upload_beyond_its_time_limit_answers_504_and_stores_nothing(tmp_path: Path) -> None:
    """A tiny storing limit: the parsed upload is not stored at all, the answer has its own code and says so in
    the visitor's language, and the next upload within the limit stores as usual."""
    store = sample_store(tmp_path)
    before = (_batches(store), _notices(store))
    package = write_sample(tmp_path / "p.tar.gz", 60, seed=14, layout="package")
    files = {"upload": ("p.tar.gz", package.read_bytes(), "application/gzip")}
    headers = {"authorization": f"Bearer {TOKEN}", "accept-language": "nl"}
    tiny = WebConfig(db=str(store), admin_token=TOKEN, warm_up=False, usage_recording=False, store_seconds=1e-9)
    with TestClient(create_app(tiny)) as client:
        response = client.post("/api/admin/ingest", files=files, headers=headers)
        assert response.status_code == 504, response.text
        body = response.json()
        assert body["code"] == "WEB_UPLOAD_STORE_TIMEOUT" and "0 aankondigingen" in body["detail"]
    assert (_batches(store), _notices(store)) == before
    relaxed = WebConfig(db=str(store), admin_token=TOKEN, warm_up=False, usage_recording=False)
    with TestClient(create_app(relaxed)) as client:
        assert client.post("/api/admin/ingest", files=files, headers=headers).status_code == 200
    assert _notices(store) != before[1]


def test_storing_stops_between_batches_and_keeps_only_whole_ones(tmp_path: Path) -> None:
    """Past the limit, the batch being written ends whole and nothing after it is written."""
    from itertools import count

    from sppmon.pipeline import PipelineOptions
    from sppmon.web.upload_work import StoreTimeout, parse_upload, store_chunks

    path = sample_store(tmp_path)
    package = write_sample(tmp_path / "p.tar.gz", 600, seed=15, layout="package")
    folder = tmp_path / "chunks"
    folder.mkdir()
    options = PipelineOptions(batch_size=1)  # every chunk is a batch of its own
    chunks = parse_upload(str(package), str(folder), options)
    assert chunks >= 2
    ticks = count()  # the clock moves one second per look: the limit passes after the first chunk
    with open_store(str(path)) as store:
        batches = store.query("SELECT COUNT(*) FROM batches")[0][0]
        with pytest.raises(StoreTimeout) as stopped:
            store_chunks(str(folder), chunks, store, options, "web upload", 1.5, lambda: float(next(ticks)))
        new = store.query("SELECT COUNT(*) FROM batches")[0][0] - batches
        stored = stopped.value.counts.stored + stopped.value.counts.updated
        assert new == 1 and 0 < stored <= 256  # the first chunk's batch, nothing of the others
        in_batch = store.query("SELECT stored + updated FROM batches ORDER BY batch_id DESC LIMIT 1")[0][0]
        assert in_batch == stored
        orphans = (
            "SELECT COUNT(*) FROM lots l WHERE NOT EXISTS (SELECT 1 FROM notices n WHERE n.notice_key = l.notice_key)"
        )
        assert store.query(orphans)[0][0] == 0
