"""The hostile-input catalogue (tests/hostile_inputs.py), each item with its expected code: ingested on DuckDB
and PostgreSQL beside a valid notice that must be stored; plan and life-cycle-cost inputs through their readers.

Peak memory is measured by benchmarks/hostile_memory.py, not asserted here; time is only kept from running away
(a case that hangs fails the time bound instead of blocking the run)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

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
    started = time.monotonic()
    report = ingest([str(path) for path in paths], shared_store, OPTIONS)
    assert time.monotonic() - started < SECONDS
    counts = report.counts
    assert dict(counts.rejected_by_code) == case.codes
    assert counts.out_of_scope == case.out_of_scope
    assert counts.stored >= 1 and counts.stored + counts.updated + counts.unchanged == 1 + case.extra_stored
    assert shared_store.query("SELECT COUNT(*) FROM notices WHERE source LIKE ?", (f"%{name}",))[0][0] == 1


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
