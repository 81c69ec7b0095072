"""The hostile-input catalogue (tests/hostile_inputs.py), each item with its expected code: ingested on DuckDB
and PostgreSQL beside a valid notice that must be stored; plan and life-cycle-cost inputs through their readers.

Peak memory is measured by benchmarks/hostile_memory.py, not asserted here; time is only kept from running away
(a case that hangs fails the time bound instead of blocking the run)."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from sppmon.errors import CatalogedError
from sppmon.pipeline import PipelineOptions, ingest
from sppmon.planning.lcc_files import load_input_bytes
from sppmon.planning.plan import read_plan_bytes
from sppmon.readers import ReaderOptions
from sppmon.sources.files import Limits
from sppmon.store import Store, open_store

from .conftest import BACKENDS, fresh_postgres_schema
from .hostile_inputs import FILE_CASES, INGEST_CASES, MAX_BYTES, valid_notice

OPTIONS = PipelineOptions(reader=ReaderOptions(max_bytes=MAX_BYTES), limits=Limits(max_bytes=MAX_BYTES))
SECONDS = 20  # far beyond any case on a loaded machine; a hang would never end
R = TypeVar("R")


def test_the_catalogue_has_at_least_sixty_items() -> None:
    from .test_web_hostile import WEB_CASES

    names = [case.name for case in (*INGEST_CASES, *FILE_CASES, *WEB_CASES)]
    assert len(names) == len(set(names)) and len(names) >= 60


@pytest.fixture(scope="module", params=BACKENDS)
def shared_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    if request.param == "duckdb":
        url = str(tmp_path_factory.mktemp("hostile") / "store.duckdb")
    else:
        url = fresh_postgres_schema(request.getfixturevalue("postgres_database"))
    store = open_store(url)
    yield store
    store.close()


@pytest.mark.parametrize("index", range(len(INGEST_CASES)), ids=[case.name for case in INGEST_CASES])
def test_ingest_case(index: int, shared_store: Store, tmp_path: Path) -> None:
    case = INGEST_CASES[index]
    folder = tmp_path / "input"
    folder.mkdir()
    name, data = valid_notice(index)
    (folder / name).write_bytes(data)
    paths = case.build(folder)
    report = bounded(lambda: ingest([str(path) for path in paths], shared_store, OPTIONS), folder)
    counts = report.counts
    assert dict(counts.rejected_by_code) == case.codes
    assert counts.out_of_scope == case.out_of_scope
    assert counts.stored >= 1 and counts.stored + counts.updated + counts.unchanged == 1 + case.extra_stored
    assert shared_store.query("SELECT COUNT(*) FROM notices WHERE source LIKE ?", (f"%{name}",))[0][0] == 1


def bounded(work: Callable[[], R], folder: Path) -> R:
    """``work()`` within :data:`SECONDS`: a case that hangs fails instead of blocking the run. A reader left
    waiting on a FIFO of ``folder`` is then released (the FIFO is opened for writing and closed at once)."""
    outcome: list[R] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:  # re-raised in the test's thread
            failure.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(SECONDS)
    if thread.is_alive():
        for entry in folder.iterdir():
            if entry.is_fifo():
                with contextlib.suppress(OSError):
                    os.close(os.open(entry, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(SECONDS)
        pytest.fail(f"still running after {SECONDS} s")
    if failure:
        raise failure[0]
    return outcome[0]


@pytest.mark.parametrize("index", range(len(FILE_CASES)), ids=[case.name for case in FILE_CASES])
def test_file_case(index: int) -> None:
    case = FILE_CASES[index]
    data = case.build()
    started = time.monotonic()
    with pytest.raises(CatalogedError) as caught:
        if case.kind == "plan":
            read_plan_bytes(data, case.filename)
        else:
            load_input_bytes(data, case.filename)
    assert time.monotonic() - started < SECONDS
    assert caught.value.code == case.code, caught.value


def test_a_long_name_header_that_is_also_a_bomb_gets_the_name_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 100 MB member name of the benchmark (hostile_inputs.EXTRA_CASES), made quick: with a small expansion
    allowance a 2 MB name cannot be skipped without expanding too much. Its length is known from its header
    block first, so the member is rejected for its name, and the archive stops there."""
    from sppmon.sources import bounds
    from sppmon.sources.files import iter_items

    from .hostile_inputs import long_pax_name

    monkeypatch.setattr(bounds, "EXPANSION_ALLOWANCE", 1024 * 1024)
    path = tmp_path / "n.tar.gz"
    path.write_bytes(long_pax_name(2_000_000))
    items = list(iter_items([str(path)], Limits(max_bytes=MAX_BYTES)))
    assert [item.error.code if item.error else None for item in items] == ["ARCHIVE_MEMBER_NAME_TOO_LONG"]
    assert items[0].error is not None and "expand" in items[0].error.message
