"""An ingest that is large beside the store recounts the summary tables once at its end instead of keeping them
batch by batch: the same rows as kept per batch; a load that is small beside the store keeps them per batch; the
summary stale (indicators counting the lots) while such a load runs or after it failed, and recounted by the next
load to end or the next writer to open the store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from sppmon import pipeline, settings
from sppmon.errors import ConfigError
from sppmon.indicators import compute
from sppmon.indicators.sources import LOTS, SUMMARY, direct
from sppmon.pipeline import PipelineOptions, ingest
from sppmon.sample import write_sample
from sppmon.store import Store, open_store, summary

from .test_summary import summary_rows


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("generated")
    yield (
        write_sample(folder / "first", 600, seed=7, layout="dir"),
        write_sample(folder / "second", 200, seed=8, layout="dir"),
    )


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches as small as asked: a batch holds whole reading chunks, 256 notices each as shipped."""
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 20)


class Watch:
    """Counts the batches that kept the summary and the recounts that ended a load."""

    def __init__(self, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
        self.kept = self.recounts = 0
        finish_batch, recount = summary.finish_batch, store.recount_summary

        def kept(*args: Any) -> None:
            self.kept += 1
            finish_batch(*args)

        def recounted() -> list[str]:
            self.recounts += 1
            return recount()

        monkeypatch.setattr(summary, "finish_batch", kept)
        monkeypatch.setattr(store, "recount_summary", recounted)


def _equals_a_recount(store: Store) -> bool:
    """Whether the summary rows stay the same when everything is recounted from the lots."""
    kept = summary_rows(store)
    store.rebuild_procedure_lots()
    return all(kept.values()) and summary_rows(store) == kept


def _ingest(store: Store, *paths: Path, **kwargs: Any) -> pipeline.IngestReport:
    return ingest([str(path) for path in paths], store, PipelineOptions(workers=1, batch_size=70), **kwargs)


def test_a_load_of_one_batch_keeps_the_summary_per_batch(
    tmp_path: Path, generated: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPPMON_SUMMARY_RECOUNT_SHARE", "0")
    with open_store(str(tmp_path / "store.duckdb")) as store:
        watch = Watch(store, monkeypatch)
        ingest([str(generated[1])], store, PipelineOptions(workers=1, batch_size=500))
        assert (watch.kept, watch.recounts) == (1, 0)
        assert summary.stale_facts(store) == []


def test_a_first_load_recounts_once_and_ends_with_the_rows_kept_per_batch(
    store_url: Callable[[], str], generated: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = generated
    with open_store(store_url()) as store:
        watch = Watch(store, monkeypatch)
        _ingest(store, first, second)
        assert (watch.kept, watch.recounts) == (0, 1)
        assert summary.stale_facts(store) == [] and not store.summary_deferred
        recounted = summary_rows(store)
    monkeypatch.setenv("SPPMON_SUMMARY_RECOUNT_SHARE", "off")
    with open_store(store_url()) as store:
        watch = Watch(store, monkeypatch)
        _ingest(store, first, second)
        assert watch.kept >= 10 and watch.recounts == 0
        assert summary_rows(store) == recounted
        assert all(recounted.values())


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        ("0.5", (3, 0)),  # 200 notices beside 600: under half of them, kept in its 3 batches
        ("0,2", (1, 1)),  # 120 of the 600: passed at the second batch, recounted from it on
    ],
)
def test_a_load_beside_a_store_keeps_the_summary_per_batch_until_it_passes_its_share(
    share: str,
    expected: tuple[int, int],
    tmp_path: Path,
    generated: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second = generated
    with open_store(str(tmp_path / "store.duckdb")) as store:
        _ingest(store, first)
        monkeypatch.setenv("SPPMON_SUMMARY_RECOUNT_SHARE", share)
        watch = Watch(store, monkeypatch)
        _ingest(store, second)
        assert (watch.kept, watch.recounts) == expected
        assert _equals_a_recount(store)


def test_several_packages_and_folders_in_one_ingest_are_recounted_once(
    tmp_path: Path, generated: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    package = write_sample(tmp_path / "package", 150, seed=9, layout="package")
    with open_store(str(tmp_path / "store.duckdb")) as store:
        watch = Watch(store, monkeypatch)
        report = _ingest(store, generated[0], package, generated[1])
        assert report.counts.stored == 950
        assert (watch.kept, watch.recounts) == (0, 1)
        assert summary.stale_facts(store) == []


class Stop(Exception):
    pass


def test_a_load_that_stops_leaves_the_summary_stale_and_the_next_load_recounts_it(
    tmp_path: Path, generated: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = generated

    def stop_after(count: int) -> Callable[[int, int], None]:
        def stop(done: int, rejected: int) -> None:  # done: inputs read, the unchanged ones skipped included
            if done >= count:
                raise Stop

        return stop

    path = str(tmp_path / "store.duckdb")
    with open_store(path) as store:
        with pytest.raises(Stop):
            _ingest(store, first, progress=stop_after(200))
        assert 0 < store.count("notices") < 600
        assert store.summary_deferred and summary.stale_facts(store)
        stale = compute(store, "green", by=("year",))
        assert stale.source == LOTS  # counted from the lots meanwhile: the same figures, more slowly
        with direct():
            assert compute(store, "green", by=("year",)).rows == stale.rows
        monkeypatch.setenv("SPPMON_SUMMARY_RECOUNT_SHARE", "off")  # this load alone would keep it per batch
        _ingest(store, second)
        assert summary.stale_facts(store) == [] and not store.summary_deferred
        assert compute(store, "green", by=("year",)).source == SUMMARY
        monkeypatch.setenv("SPPMON_SUMMARY_RECOUNT_SHARE", "0")  # any load recounts at its end
        with pytest.raises(Stop):
            _ingest(store, second, first, progress=stop_after(600))  # 400 unchanged, then 2 batches or more
        assert summary.stale_facts(store)
    with open_store(path) as store:  # a writer opening the store recounts what a stopped load left stale
        assert summary.stale_facts(store) == []
        assert _equals_a_recount(store)


def test_a_recount_that_runs_out_of_the_ingest_memory_is_done_with_the_query_memory(
    tmp_path: Path, generated: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure, widened = summary.ensure, []

    def short_of_memory(store: Store) -> list[str]:
        if not widened:
            widened.append(store.query("SELECT current_setting('memory_limit')")[0][0])
            raise duckdb.OutOfMemoryException("out of memory (simulated)")
        widened.append(store.query("SELECT current_setting('memory_limit')")[0][0])
        return ensure(store)

    with open_store(str(tmp_path / "store.duckdb")) as store:
        monkeypatch.setattr(summary, "ensure", short_of_memory)
        _ingest(store, generated[1])
        assert len(widened) == 2 and widened[0] != widened[1]  # the ingest's memory, then the query memory
        monkeypatch.undo()
        assert summary.stale_facts(store) == []


@pytest.mark.parametrize(("value", "share"), [("0,5", 0.5), ("2", 2.0), ("0", 0.0), ("off", None), (" OFF ", None)])
def test_the_share_is_read_the_belgian_way_or_switched_off(
    value: str, share: float | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPPMON_SUMMARY_RECOUNT_SHARE", value)
    assert settings.get("summary_recount_share") == share


@pytest.mark.parametrize("value", ["-1", "half", "nan", "inf"])
def test_a_share_that_is_not_a_number_of_zero_or_more_is_refused(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPPMON_SUMMARY_RECOUNT_SHARE", value)
    with pytest.raises(ConfigError, match="SPPMON_SUMMARY_RECOUNT_SHARE"):
        settings.get("summary_recount_share")


def test_the_settings_command_shows_a_share_switched_off_as_it_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from sppmon.cli import main

    monkeypatch.setenv("SPPMON_SUMMARY_RECOUNT_SHARE", "off")
    for lang in ("en", "nl", "fr"):
        listing = CliRunner().invoke(main, ["settings", "--lang", lang], catch_exceptions=False).output
        line = next(line for line in listing.splitlines() if line.startswith("SPPMON_SUMMARY_RECOUNT_SHARE="))
        assert line.split("\t")[0] == "SPPMON_SUMMARY_RECOUNT_SHARE=off"
        assert ("per batch" in line) == (lang == "en")
