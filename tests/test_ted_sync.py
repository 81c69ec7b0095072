"""TED Search API sync against a fake TED on 127.0.0.1: paging, incremental runs, resume, every failure mode."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sppmon.errors import SourceError
from sppmon.sample import SampleGenerator
from sppmon.sources.http import HttpClient, HttpOptions
from sppmon.sources.ted_search import SearchCriteria, expert_query
from sppmon.sources.ted_sync import SyncReport, TedEndpoints, sync_ted
from sppmon.store import Store

from .conftest import SHARED, needs_shared
from .fake_ted import FakeTed, fake_notice

NOTICES = [fake_notice(xml) for _, xml in SampleGenerator(11).notices(160)]
BEL_2024 = SearchCriteria(countries=("BEL",), since=date(2024, 1, 1), until=date(2025, 12, 31))


def _expected(fake: FakeTed, criteria: SearchCriteria = BEL_2024) -> set[str]:
    return {n.publication_number for n in fake.matching(expert_query(criteria))}


def _client(sleeps: list[float] | None = None, retries: int = 4) -> HttpClient:
    record = sleeps.append if sleeps is not None else (lambda seconds: None)
    return HttpClient(HttpOptions(requests_per_minute=100_000, retries=retries, timeout=10), sleep=record)


def _endpoints(fake: FakeTed) -> TedEndpoints:
    return TedEndpoints(fake.search_url, fake.notice_url, "", "")


def _sync(store: Store, fake: FakeTed, criteria: SearchCriteria = BEL_2024, **kwargs: object) -> SyncReport:
    with _client() as client:
        return sync_ted(store, criteria, client, _endpoints(fake), page_size=25, group_size=25, **kwargs)  # type: ignore[arg-type]


def _stored_numbers(store: Store) -> set[str]:
    return {row[0] for row in store.query("SELECT publication_number FROM notices")}


def test_expert_query() -> None:
    criteria = SearchCriteria(
        countries=("BEL",),
        since=date(2024, 1, 1),
        until=date(2024, 6, 30),
        cpv=("30*", "45000000"),
        notice_types=("cn-standard", "can-standard"),
    )
    assert expert_query(criteria) == (
        "buyer-country IN (BEL) AND publication-date>=20240101 AND publication-date<=20240630 "
        "AND classification-cpv IN (30* 45000000) AND notice-type IN (cn-standard can-standard) "
        "SORT BY publication-number ASC"
    )


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        (SearchCriteria(countries=("BE",), since=date(2024, 1, 1)), "alpha-3"),
        (SearchCriteria(cpv=("3x*",)), "CPV"),
        (SearchCriteria(since=date(2024, 2, 1), until=date(2024, 1, 1)), "before"),
        (SearchCriteria(), "at least one"),
    ],
)
def test_bad_criteria_are_refused(criteria: SearchCriteria, message: str) -> None:
    with pytest.raises(Exception, match=message):
        expert_query(criteria)


def test_sync_pages_through_everything_then_only_fetches_what_is_new(store: Store) -> None:
    with FakeTed(NOTICES[:120]) as fake:
        expected = _expected(fake)
        assert len(expected) > 50  # several pages of 25
        report = _sync(store, fake)
        assert (report.total, report.fetched, report.skipped) == (len(expected), len(expected), 0)
        assert _stored_numbers(store) == expected
        body = fake.search_bodies[0]
        assert body["paginationMode"] == "ITERATION" and "iterationNextToken" not in body
        assert all(b["iterationNextToken"] for b in fake.search_bodies[1:])
        # The token never runs out by itself: paging stops on the total, without an extra request.
        assert len(fake.search_bodies) == -(-len(expected) // 25)
        downloads = fake.requests_to("/notice/")

        fake.notices = sorted(NOTICES, key=lambda n: n.publication_number)  # later: more notices published
        again = _sync(store, fake)
        new = _expected(fake) - expected
        assert (again.fetched, again.skipped) == (len(new), len(expected))
        assert fake.requests_to("/notice/") == downloads + len(new)
        assert _stored_numbers(store) == expected | new
        runs = store.query("SELECT status, total, fetched, skipped FROM sync_runs ORDER BY run_id")
        assert runs == [
            ("complete", len(expected), len(expected), 0),
            ("complete", len(expected | new), len(new), len(expected)),
        ]


def test_an_interrupted_sync_resumes_where_it_stopped(store: Store) -> None:
    with FakeTed(NOTICES) as fake:
        expected = _expected(fake)

        def stop_after_two_pages(report: SyncReport) -> None:
            if report.fetched >= 50:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            _sync(store, fake, progress=stop_after_two_pages)
        assert len(_stored_numbers(store)) == 50
        assert store.query("SELECT status FROM sync_runs") == [("interrupted",)]
        resumed = _sync(store, fake)
        assert (resumed.fetched, resumed.skipped) == (len(expected) - 50, 50)
        assert _stored_numbers(store) == expected


def test_a_missing_notice_is_rejected_and_fetched_on_the_next_run(store: Store) -> None:
    with FakeTed(NOTICES[:60]) as fake:
        expected = sorted(_expected(fake))
        fake.faults.missing_notices = {expected[3]}
        report = _sync(store, fake)
        assert report.failed_downloads == 1
        assert dict(report.counts.rejected_by_code) == {"SOURCE_DOWNLOAD_FAILED": 1}
        assert store.query("SELECT code FROM rejections") == [("SOURCE_DOWNLOAD_FAILED",)]
        fake.faults.missing_notices = set()
        again = _sync(store, fake)
        assert again.fetched == 1
        assert _stored_numbers(store) == set(expected)


@pytest.mark.parametrize(
    ("fault", "code"),
    [
        ("total_change_on_page", "SYNC_TOTAL_CHANGED"),
        ("repeat_token_on_page", "SYNC_REPEATED_TOKEN"),
        ("duplicate_on_page", "SYNC_DUPLICATE_ID"),
        ("timed_out_on_page", "SYNC_TIMED_OUT"),
        ("empty_page_on", "SYNC_BAD_RESPONSE"),
    ],
)
def test_paging_anomalies_stop_the_run_loudly(store: Store, fault: str, code: str) -> None:
    with FakeTed(NOTICES[:120]) as fake:
        setattr(fake.faults, fault, 2)
        with pytest.raises(SourceError) as raised:
            _sync(store, fake)
        assert raised.value.code == code
        status, message = store.query("SELECT status, message FROM sync_runs")[0]
        assert status == "failed" and code in message
        # What was committed before the anomaly stays, and is skipped by the next run.
        setattr(fake.faults, fault, None)
        again = _sync(store, fake)
        assert again.skipped == len(_stored_numbers(store)) - again.fetched


def test_rate_limited_and_failing_searches_are_retried_after_the_asked_delay(store: Store) -> None:
    with FakeTed(NOTICES[:30]) as fake:
        fake.faults.statuses = [429, 503]
        fake.faults.retry_after = "7"
        sleeps: list[float] = []
        with _client(sleeps) as client:
            report = sync_ted(store, BEL_2024, client, _endpoints(fake))
        assert report.fetched == len(_expected(fake))
        assert sleeps[0] == 7.0  # Retry-After honoured
        assert 2.0 <= sleeps[1] <= 3.0  # then 503 without Retry-After: exponential backoff (2nd attempt) + jitter


def test_retries_run_out_with_a_precise_error(store: Store) -> None:
    with FakeTed(NOTICES[:30]) as fake:
        fake.faults.statuses = [503] * 10
        with _client(retries=3) as client, pytest.raises(SourceError) as raised:
            sync_ted(store, BEL_2024, client, _endpoints(fake))
        assert raised.value.code == "SOURCE_DOWNLOAD_FAILED"
        assert "HTTP 503 after 3 attempts" in raised.value.message


def test_filters_reach_the_query(store: Store) -> None:
    criteria = SearchCriteria(since=date(2023, 1, 1), cpv=("34*",), notice_types=("cn-standard",))
    with FakeTed(NOTICES) as fake:
        expected = _expected(fake, criteria)
        assert 0 < len(expected) < len(NOTICES)
        _sync(store, fake, criteria)
        assert _stored_numbers(store) == expected


@needs_shared
def test_real_notices_through_the_fake_api(store: Store) -> None:
    real = []
    for path in sorted((SHARED / "corpus" / "eforms").glob("*.xml")):
        try:
            real.append(fake_notice(path.read_bytes()))
        except AssertionError:
            continue  # a notice without publication number or date cannot be served by a search
    assert len(real) > 20
    with FakeTed(real) as fake:
        criteria = SearchCriteria(since=date(2000, 1, 1))
        report = _sync(store, fake, criteria)
        assert report.fetched == len({n.publication_number for n in real})
        assert report.counts.stored + report.counts.rejected + report.counts.unchanged == report.fetched


def test_cli_sync_ted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from sppmon.cli import main

    with FakeTed(NOTICES[:40]) as fake:
        monkeypatch.setenv("SPPMON_TED_SEARCH_URL", fake.search_url)
        monkeypatch.setenv("SPPMON_TED_NOTICE_URL", fake.notice_url)
        monkeypatch.setenv("SPPMON_TED_REQUESTS_PER_MINUTE", "100000")
        db = str(tmp_path / "cli.duckdb")
        args = ["sync", "ted", "--country", "BEL", "--since", "2024-01-01", "--db", db, "--no-progress"]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        count = len(_expected(fake, SearchCriteria(countries=("BEL",), since=date(2024, 1, 1))))
        assert f"fetched {count:,}" in result.output
        shown = CliRunner().invoke(main, [*args, "--show-query"])
        assert "buyer-country IN (BEL) AND publication-date>=20240101" in shown.output
        fake.faults.timed_out_on_page = 1
        failed = CliRunner().invoke(main, args)
        assert failed.exit_code == 3 and "SYNC_TIMED_OUT" in failed.output
