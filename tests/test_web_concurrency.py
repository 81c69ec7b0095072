"""Serving many visitors at once: a figure asked for by several requests at the same time is computed once, and
the background warm-up waits while requests run."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sppmon.web.activity import Activity
from sppmon.web.db import FigureCache, StoreProvider

from .web_support import sample_store


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> StoreProvider:
    return StoreProvider(str(sample_store(tmp_path_factory.mktemp("concurrency"))))


def test_concurrent_asks_for_one_uncomputed_figure_compute_it_once(provider: StoreProvider) -> None:
    cache = FigureCache(provider)
    calls: list[int] = []
    release = threading.Event()

    def compute() -> int:
        calls.append(1)
        release.wait(5)
        return 42

    with ThreadPoolExecutor(8) as pool:
        asked = [pool.submit(cache.get, ("figure",), compute) for _ in range(8)]
        deadline = time.monotonic() + 5
        while cache.shared < 7 and time.monotonic() < deadline:  # all but the first wait for the first
            time.sleep(0.01)
        release.set()
        answers = [future.result() for future in asked]
    assert answers == [42] * 8 and len(calls) == 1
    assert cache.misses == 1 and cache.shared == 7
    assert cache.get(("figure",), lambda: 0) == 42  # kept for later asks


def test_a_kept_figure_outlives_the_least_recently_used_eviction(provider: StoreProvider) -> None:
    cache = FigureCache(provider, size=3)
    cache.get(("frames",), lambda: "shared input", keep=True)
    for index in range(10):
        cache.get(("figure", index), lambda index=index: index)  # type: ignore[misc]
    assert cache.get(("frames",), lambda: "read again") == "shared input"
    assert cache.get(("figure", 0), lambda: -1) == -1  # an ordinary figure was evicted
    cache.clear()
    assert cache.get(("frames",), lambda: "read again") == "read again"


def test_a_failed_computation_fails_its_waiters_and_is_tried_again(provider: StoreProvider) -> None:
    cache = FigureCache(provider)
    release = threading.Event()

    def failing() -> int:
        release.wait(5)
        raise ValueError("no figure")

    with ThreadPoolExecutor(3) as pool:
        asked = [pool.submit(cache.get, ("broken",), failing) for _ in range(3)]
        deadline = time.monotonic() + 5
        while cache.shared < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        release.set()
        for future in asked:
            with pytest.raises(ValueError, match="no figure"):
                future.result()
    assert cache.get(("broken",), lambda: 7) == 7  # nothing was kept from the failure


def test_background_work_waits_until_no_request_runs() -> None:
    activity, stop = Activity(), threading.Event()
    activity.started()
    waited: list[float] = []
    started = time.monotonic()
    waiter = threading.Thread(target=lambda: waited.append(activity.wait_idle(stop, quiet=0.1) and time.monotonic()))
    waiter.start()
    time.sleep(0.3)
    assert waiter.is_alive()  # a request is running
    ended = time.monotonic()
    activity.ended()
    waiter.join(5)
    assert waited and waited[0] >= ended + 0.1 > started  # and then it stayed quiet for 0.1 s
    stop.set()
    activity.started()
    assert activity.wait_idle(stop) is False  # stopping ends the wait


def test_the_first_dashboard_after_start_up_computes_no_figure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before a worker answers, it computes the unfiltered dashboard's figures and its filter values: the first
    dashboard after /health is rendered from them."""
    from fastapi.testclient import TestClient

    from sppmon.web import figures
    from sppmon.web.app import create_app
    from sppmon.web.config import WebConfig

    app = create_app(WebConfig(db=str(sample_store(tmp_path)), usage_recording=False))
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        monkeypatch.setattr(figures, "compute", _no_computation)
        page = client.get("/")
        assert page.status_code == 200 and "breakdown-spec-2" in page.text
        with pytest.raises(AssertionError, match="computed after start-up"):
            client.get("/?year=2024")  # a new filter computes its figures


def _no_computation(*args: object, **kwargs: object) -> object:
    raise AssertionError("computed after start-up")


@pytest.mark.parametrize("shared", [False, True])
def test_the_web_reads_duckdb_on_the_threads_the_setting_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared: bool
) -> None:
    store = str(sample_store(tmp_path))
    monkeypatch.setenv("SPPMON_WEB_DUCKDB_THREADS", "3")
    reader = StoreProvider(store, read_only=True, shared=shared)
    try:
        assert reader.get().query("SELECT current_setting('threads')") == [(3,)]
    finally:
        reader.close()


def test_a_writable_web_store_reads_and_ingests_on_the_settings_threads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One thread by default, for the pages and for the uploads alike: with a thread per core, a batch of 1,500
    # uploaded notices ran out of the ingest's memory (and was tried again with more).
    store = str(sample_store(tmp_path))
    monkeypatch.setenv("SPPMON_WEB_DUCKDB_THREADS", "3")
    owner = StoreProvider(store)
    try:
        thread_store = owner.get()
        assert thread_store.query("SELECT current_setting('threads')") == [(3,)]
        thread_store.prepare_for_bulk_load()  # an upload
        assert thread_store.query("SELECT current_setting('threads')") == [(3,)]
    finally:
        owner.close()


def test_a_thread_store_of_the_owner_ingests_like_a_store_of_its_own(tmp_path: Path) -> None:
    # A thread's store shares the owner's database through a cursor: an upload bounds its memory, a batch that
    # runs out of it is tried again with more, and the content lookup answers, as on a store opened alone;
    # DuckDB's threads, shared with the readers, keep the web app's setting.
    owned = StoreProvider(str(sample_store(tmp_path)))
    try:
        store = owned.get()
        threads = "SELECT CAST(current_setting('threads') AS INTEGER)"
        before = store.query(threads)[0][0]
        store.prepare_for_bulk_load()
        with store.whole_store_work():
            assert store.query("SELECT 1") == [(1,)]
        digest, key = store.query("SELECT content_digest, notice_key FROM notices LIMIT 1")[0]
        assert store.stored_digests([digest]) == {digest: key}
        assert store.query(threads)[0][0] == before
    finally:
        owned.close()
