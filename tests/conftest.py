"""Shared test fixtures. Tests that need the shared corpus (../shared next to the repository, or the folder
named by SPPMON_SHARED) are marked ``shared`` and skip with a clear reason where it is absent.

Store tests run on every backend: the ``store`` and ``store_url`` fixtures are parametrised over DuckDB and
PostgreSQL. PostgreSQL tests use a throw-away database per test session (one per xdist worker) on the server
named by SPPMON_TEST_POSTGRES, and a fresh schema per store; they skip when no server answers, unless
SPPMON_REQUIRE_POSTGRES is set (CI), where they fail.
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("SPPMON_SHARED", ROOT.parent / "shared")).resolve()
SHARED_AVAILABLE = (SHARED / "corpus" / "expected" / "eforms.jsonl").is_file()
SHARED_REASON = f"shared corpus not found at {SHARED} (set SPPMON_SHARED); it is present in CI"

needs_shared = pytest.mark.skipif(not SHARED_AVAILABLE, reason=SHARED_REASON)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("SPPMON_REQUIRE_SHARED") and not SHARED_AVAILABLE:
        raise pytest.UsageError(f"SPPMON_REQUIRE_SHARED is set but {SHARED_REASON}")
    for item in items:
        if "shared" in item.keywords and not SHARED_AVAILABLE:
            item.add_marker(pytest.mark.skip(reason=SHARED_REASON))


POSTGRES_ADMIN_URL = os.environ.get("SPPMON_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
REQUIRE_POSTGRES = bool(os.environ.get("SPPMON_REQUIRE_POSTGRES"))
BACKENDS = ("duckdb", pytest.param("postgresql", marks=pytest.mark.postgres))


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, parts.fragment))


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """URL of a database created for this test session and dropped after it."""
    import psycopg

    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        reason = (
            f"no PostgreSQL server answers at {POSTGRES_ADMIN_URL} ({str(exc).strip().splitlines()[0]}); "
            "set SPPMON_TEST_POSTGRES to an admin URL (CI starts a server)"
        )
        if REQUIRE_POSTGRES:
            pytest.fail(f"SPPMON_REQUIRE_POSTGRES is set but {reason}")
        pytest.skip(reason)
    name = f"sppmon_test_{os.getpid()}_{secrets.token_hex(4)}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_database(POSTGRES_ADMIN_URL, name)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def fresh_postgres_schema(database_url: str) -> str:
    """URL of an empty schema in the session database (cheaper than a database per test)."""
    import psycopg

    schema = f"t_{secrets.token_hex(6)}"
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    return f"{database_url}?options=-csearch_path%3D{schema}"


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    """A factory of URLs of fresh, empty stores on the backend of this parametrisation."""
    if request.param == "duckdb":
        counter = itertools.count()
        return lambda: str(tmp_path / f"store{next(counter)}.duckdb")
    database = request.getfixturevalue("postgres_database")
    return lambda: fresh_postgres_schema(database)


@pytest.fixture
def store(store_url: Callable[[], str]):  # type: ignore[no-untyped-def]
    from sppmon.store import open_store

    opened = open_store(store_url())
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's data folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("SPPMON_DB", raising=False)
    monkeypatch.delenv("SPPMON_SDK_DIR", raising=False)
