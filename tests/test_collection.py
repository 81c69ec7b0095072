"""The garbage collector's young threshold while notices stream through (sppmon/collection.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

import sppmon.pipeline
from sppmon.collection import YOUNG_THRESHOLD, spaced_collections
from sppmon.model import Notice
from sppmon.pipeline import PipelineOptions, extract_facts, ingest
from sppmon.readers import ReaderOptions, read_notice
from sppmon.sources.files import iter_items
from sppmon.store import Store

from .conftest import FIXTURES

NOTICE = FIXTURES / "eforms" / "cn_sdk10_strategic.xml"


@pytest.fixture
def interpreter_default() -> Iterator[tuple[int, int, int]]:
    """The interpreter's usual setting during the test, whatever it was before; put back afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*before)


@pytest.fixture
def thresholds_while_reading(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int, int]]:
    """The collector's threshold each time the pipeline reads a notice (in this process: one worker)."""
    seen: list[tuple[int, int, int]] = []

    def reading(data: bytes, options: ReaderOptions | None = None) -> Notice:
        seen.append(gc.get_threshold())
        return read_notice(data, options) if options is not None else read_notice(data)

    monkeypatch.setattr(sppmon.pipeline, "read_notice", reading)
    return seen


def test_young_collections_are_spaced_out_and_the_setting_comes_back(
    interpreter_default: tuple[int, int, int],
) -> None:
    with spaced_collections():
        assert gc.get_threshold() == (YOUNG_THRESHOLD, 10, 10)
    assert gc.get_threshold() == interpreter_default


def test_the_setting_comes_back_only_when_the_last_bulk_work_ends(
    interpreter_default: tuple[int, int, int],
) -> None:
    first, second = spaced_collections(), spaced_collections()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD  # the other work still runs
    second.__exit__(None, None, None)
    assert gc.get_threshold() == interpreter_default


def test_the_setting_comes_back_after_a_failure(interpreter_default: tuple[int, int, int]) -> None:
    with pytest.raises(RuntimeError), spaced_collections():
        raise RuntimeError("a batch failed")
    assert gc.get_threshold() == interpreter_default


def test_a_larger_threshold_or_a_switched_off_collector_is_left_alone(
    interpreter_default: tuple[int, int, int],
) -> None:
    gc.set_threshold(50_000, 10, 10)
    with spaced_collections():
        assert gc.get_threshold()[0] == 50_000
    gc.set_threshold(0, 10, 10)
    with spaced_collections():
        assert gc.get_threshold()[0] == 0
    assert gc.get_threshold()[0] == 0


class _Cycle:
    """An object that refers to itself: only the collector frees it."""

    alive = 0
    __slots__ = ("me",)

    def __init__(self) -> None:
        self.me = self
        _Cycle.alive += 1

    def __del__(self) -> None:
        _Cycle.alive -= 1


def test_cyclic_garbage_is_still_collected_while_collections_are_spaced(
    interpreter_default: tuple[int, int, int],
) -> None:
    """However many cycles bulk work leaves behind, no more than about a young threshold's worth wait at once."""
    gc.collect()
    _Cycle.alive = 0
    most = 0
    with spaced_collections():
        for _ in range(5 * YOUNG_THRESHOLD):
            _Cycle()
            most = max(most, _Cycle.alive)
    gc.collect()
    assert _Cycle.alive == 0
    assert YOUNG_THRESHOLD // 2 < most < 2 * YOUNG_THRESHOLD


def test_extract_and_ingest_read_with_spaced_collections(
    tmp_path: Path,
    store: Store,
    interpreter_default: tuple[int, int, int],
    thresholds_while_reading: list[tuple[int, int, int]],
) -> None:
    facts = list(extract_facts(iter_items([str(NOTICE)]), PipelineOptions(require_identity=False)))
    assert facts[0].facts is not None
    assert gc.get_threshold() == interpreter_default
    report = ingest([str(NOTICE)], store, PipelineOptions())
    assert report.counts.stored == 1
    assert gc.get_threshold() == interpreter_default
    assert [young for young, _, _ in thresholds_while_reading] == [YOUNG_THRESHOLD, YOUNG_THRESHOLD]
