"""Usage statistics: sessions and the period table on a synthetic access log with hand-computed figures, the
log parser, recording with Do-Not-Track / GPC / bots, the rotating salt, and the ``sppmon usage`` command."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from click.testing import CliRunner

from sppmon.cli import main
from sppmon.store import open_store
from sppmon.store.schema import MIGRATIONS, SALTS_DROPPED_VERSION, SCHEMA_VERSION
from sppmon.usage import UsageRecorder, import_log, parse_combined, sessionize, summarize, usage_table
from sppmon.usage.logs import read_logs

from .conftest import FIXTURES

LOG = FIXTURES / "logs" / "synthetic-access.log"

# Hand-computed from the synthetic log (times in UTC):
# A: 2024-01-10 10:00, 10:05, 10:20 → session of 3 pages, 1200 s (first of A); 11:00 (304) after a 40-minute
#    gap → new session, 1 page, 0 s; 2025-02-05 07:00, 07:10 (+0100 converted) → 2 pages, 600 s.
# B: 2024-03-15 09:00, 09:30 (exactly 30 minutes: same session) → 2 pages, 1800 s. POST and 404 lines ignored.
# C: 2024-12-31 23:50 and 2025-01-01 00:10 → one session of 2 pages, 1200 s, counted in 2024 (its start).
# D: 2025-02-06 12:00 → 1 page, 0 s.
# 2024: sessions 4 (A, A, B, C), new sessions 3 → 75 %, users 3, new users 3, page views 8, avg (1200+0+1800+
#       1200)/4 = 1050 s, pages per session 2.0.
# 2025: sessions 2 (A, D), new sessions 1 (D) → 50 %, users 2, new users 1, page views 3, avg 300 s, 1.5.
EXPECTED_YEARS = [
    {
        "period": "2024",
        "sessions": 4,
        "new_session_share": 0.75,
        "users": 3,
        "new_users": 3,
        "average_session_seconds": 1050.0,
        "pages_per_session": 2.0,
        "page_views": 8,
    },
    {
        "period": "2025",
        "sessions": 2,
        "new_session_share": 0.5,
        "users": 2,
        "new_users": 1,
        "average_session_seconds": 300.0,
        "pages_per_session": 1.5,
        "page_views": 3,
    },
]


def _table(period: str) -> list[dict[str, object]]:
    imported = read_logs([LOG])
    views = [(view.visitor, view.viewed_at) for view in imported.views]
    return [row.as_dict() for row in summarize(sessionize(views), period)]


def test_log_counts_lines_by_kind() -> None:
    imported = read_logs([LOG])
    assert (imported.lines, imported.page_views, imported.not_pages, imported.bots, imported.malformed) == (
        16,
        11,
        3,
        1,
        1,
    )
    assert all(view.source == imported.source and imported.source.startswith("log:") for view in imported.views)
    assert {view.path for view in imported.views} == {"/", "/indicators", "/lots", "/buyers", "/quality"}


def test_yearly_table_matches_hand_computed_figures() -> None:
    assert _table("year") == EXPECTED_YEARS


def test_monthly_and_quarterly_tables() -> None:
    months = {row["period"]: row for row in _table("month")}
    assert sorted(months) == ["2024-01", "2024-03", "2024-12", "2025-02"]
    assert (months["2024-01"]["sessions"], months["2024-01"]["new_session_share"]) == (2, 0.5)
    assert months["2024-01"]["average_session_seconds"] == 600.0
    assert (months["2025-02"]["users"], months["2025-02"]["new_users"]) == (2, 1)
    quarters = {row["period"]: row for row in _table("quarter")}
    assert (quarters["2024-Q1"]["sessions"], quarters["2024-Q1"]["users"]) == (3, 2)
    assert quarters["2024-Q4"]["pages_per_session"] == 2.0


def test_parse_combined_reads_time_zone_and_query() -> None:
    hit = parse_combined(
        '9.9.9.9 - - [05/Feb/2025:08:00:00 +0100] "GET /lots?year=2024 HTTP/1.1" 200 10 "-" "Mozilla/5.0 x"'
    )
    assert hit is not None
    assert (hit.moment, hit.path, hit.status, hit.user_agent) == (
        datetime(2025, 2, 5, 7),
        "/lots",
        200,
        "Mozilla/5.0 x",
    )
    assert parse_combined("garbage") is None
    common = parse_combined('9.9.9.9 - - [05/Feb/2025:08:00:00 +0000] "GET / HTTP/1.0" 200 10')
    assert common is not None and common.user_agent == ""


def test_import_stores_once_and_feeds_the_store_table(store) -> None:  # type: ignore[no-untyped-def]
    first = import_log(store, [LOG])
    again = import_log(store, [LOG])
    assert (first.page_views, first.already_imported, again.already_imported) == (11, False, True)
    assert store.query("SELECT COUNT(*) FROM page_views")[0][0] == 11
    assert [row.as_dict() for row in usage_table(store, "year", "log")] == EXPECTED_YEARS
    assert usage_table(store, "year", "app") == []


def test_no_address_is_stored(store) -> None:  # type: ignore[no-untyped-def]
    import_log(store, [LOG])
    stored = " ".join(str(value) for row in store.query("SELECT * FROM page_views") for value in row)
    assert "1.1.1.1" not in stored and "visitor A" not in stored


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def test_recorder_respects_dnt_gpc_and_bots_and_rotates_the_salt(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sppmon.usage.salt import SaltFile

    clock = Clock(datetime(2025, 1, 31, 23, 0))
    salts = SaltFile(tmp_path / "salt" / "usage-salt.json")
    recorder = UsageRecorder(lambda: store, "month", batch=100, clock=clock, salts=salts)
    browser = {"user-agent": "Mozilla/5.0 (X11)"}
    assert recorder.record("/", "en", "10.0.0.1", browser)
    assert not recorder.record("/", "en", "10.0.0.1", {**browser, "dnt": "1"})
    assert not recorder.record("/", "en", "10.0.0.1", {**browser, "sec-gpc": "1"})
    assert not recorder.record("/", "en", "10.0.0.1", {"user-agent": "Mozilla/5.0 (compatible; bingbot/2.0)"})
    january_salt = json.loads(salts.path.read_text())["salt"]
    assert salts.path.stat().st_mode & 0o777 == 0o600
    clock.moment = datetime(2025, 2, 1, 0, 5)
    assert recorder.record("/lots", "nl", "10.0.0.1", browser)
    assert recorder.flush() == 2
    kept = json.loads(salts.path.read_text())
    assert kept["period"] == "2025-02" and kept["salt"] != january_salt  # the old salt is gone
    assert not store.table_exists("usage_salts")  # never beside the hashes
    visitors = [row[0] for row in store.query("SELECT visitor FROM page_views ORDER BY viewed_at")]
    assert len(visitors) == 2 and visitors[0] != visitors[1]  # a new salt period: no link to the old id
    assert [row.sessions for row in usage_table(store, "month", "app")] == [1, 1]


def test_usage_command_import_and_table(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "usage.duckdb")
    runner = CliRunner()
    imported = runner.invoke(main, ["usage", "--db", db, "--format", "json", "import", str(LOG)])
    assert imported.exit_code == 0, imported.output
    shown = runner.invoke(main, ["usage", "--db", db, "--period", "year", "--format", "json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output) == EXPECTED_YEARS
    table = runner.invoke(main, ["usage", "--db", db])
    assert "1050" not in table.output and "0:17:30" in table.output  # 1050 s shown as h:mm:ss
    dutch = runner.invoke(main, ["usage", "--db", db, "--lang", "nl"]).output
    assert "Gemiddelde sessieduur" in dutch and "Sessions" not in dutch
    again = runner.invoke(main, ["usage", "--db", db, "import", str(LOG), "--db", db])  # --db after import too
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize("period", ["day", "week"])
def test_unknown_period_is_refused(store, period: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="period"):
        usage_table(store, period)


def test_the_salts_a_store_kept_before_version_6_are_dropped_by_the_migration(store_url) -> None:  # type: ignore[no-untyped-def]
    url = store_url()
    old = open_store(url, migrate=False)
    try:  # a store as versions 1-5 left it: the salt of the visitor hash beside the hashes
        old.begin()
        for version in range(1, SALTS_DROPPED_VERSION):
            for statement in MIGRATIONS[version](old.embedded):
                old.execute(statement)
            old.execute("INSERT INTO schema_version VALUES (?, NULL)", (version,))
        old.execute("INSERT INTO usage_salts (period, salt) VALUES ('2025-01', 'old-secret-salt')")
        old.commit()
        assert old.query("SELECT COUNT(*) FROM usage_salts") == [(1,)]
    finally:
        old.close()
    with open_store(url) as store:
        assert store.schema_version() == SCHEMA_VERSION >= SALTS_DROPPED_VERSION
        assert not store.table_exists("usage_salts")
    with open_store(store_url()) as new:  # a new store passes through version 1, which still creates it
        assert not new.table_exists("usage_salts")
