"""Shared test fixtures. Tests that need the shared corpus (../shared next to the repository, or the folder
named by SPPMON_SHARED) are marked ``shared`` and skip with a clear reason where it is absent."""

from __future__ import annotations

import os
from pathlib import Path

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


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    from sppmon.store import open_store

    opened = open_store(str(tmp_path / "test.duckdb"))
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's data folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("SPPMON_DB", raising=False)
    monkeypatch.delenv("SPPMON_SDK_DIR", raising=False)
