"""Re-ingesting what is stored: inputs whose bytes are stored are hashed, not parsed (DuckDB and PostgreSQL)."""

from __future__ import annotations

import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import sppmon.pipeline
from sppmon.model import Notice
from sppmon.pipeline import PipelineOptions, ingest
from sppmon.readers import ReaderOptions, read_notice
from sppmon.store import Store
from sppmon.store.rows import content_digest
from sppmon.store.schema import CONTENT_DIGEST_VERSION

from .conftest import FIXTURES

CN = (FIXTURES / "eforms" / "cn_sdk10_strategic.xml").read_bytes()
CAN = (FIXTURES / "eforms" / "can_cvd_eed.xml").read_bytes()


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts the notices the pipeline parses (in this process: one worker)."""
    calls: list[int] = []

    def counting(data: bytes, options: ReaderOptions | None = None) -> Notice:
        calls.append(len(data))
        return read_notice(data, options) if options is not None else read_notice(data)

    monkeypatch.setattr(sppmon.pipeline, "read_notice", counting)
    yield calls


def _inputs(folder: Path, cn: bytes = CN) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "cn.xml").write_bytes(cn)
    with tarfile.open(folder / "package.tar.gz", "w:gz") as package:
        member = folder.parent / "can.xml"
        member.write_bytes(CAN)
        package.add(member, arcname="daily/can.xml")
    (folder / "bad.xml").write_bytes(b"<oops>")
    return folder


def test_a_rerun_of_unchanged_input_parses_and_stores_nothing(tmp_path: Path, store: Store, parsed: list[int]) -> None:
    folder = _inputs(tmp_path / "in")
    first = ingest([str(folder)], store, PipelineOptions())
    assert (first.counts.stored, first.counts.rejected) == (2, 1)
    assert len(parsed) == 3
    rows = sorted(store.query("SELECT notice_key, batch_id, ingested_at FROM notices"))
    parsed.clear()
    again = ingest([str(folder)], store, PipelineOptions())
    assert len(parsed) == 1  # only the rejected input: its rejection is reported again, not recorded again
    assert (again.counts.read, again.counts.unchanged, again.counts.rejected) == (3, 2, 1)
    assert (again.counts.stored, again.counts.updated, again.counts.new_rejections) == (0, 0, 0)
    assert not again.counts.changed_anything
    assert sorted(store.query("SELECT notice_key, batch_id, ingested_at FROM notices")) == rows


def test_a_changed_notice_is_read_again(tmp_path: Path, store: Store, parsed: list[int]) -> None:
    ingest([str(_inputs(tmp_path / "in"))], store, PipelineOptions())
    edited = CN.replace(b"Kantoren Brussel", b"Kantoren Brussel-Centrum")
    assert edited != CN
    parsed.clear()
    again = ingest([str(_inputs(tmp_path / "in", edited))], store, PipelineOptions())
    assert sorted(parsed) == sorted([len(edited), len(b"<oops>")])
    assert (again.counts.updated, again.counts.unchanged) == (1, 1)
    assert ("Kantoren Brussel-Centrum",) in store.query("SELECT title FROM lots WHERE lot_id = 'LOT-0001'")


def test_the_migration_fills_the_digests_of_stored_notices(tmp_path: Path, store: Store) -> None:
    ingest([str(_inputs(tmp_path / "in"))], store, PipelineOptions())
    expected = {sha: content_digest(sha) for (sha,) in store.query("SELECT content_sha256 FROM notices")}
    assert expected == dict(store.query("SELECT content_sha256, content_digest FROM notices"))
    # a store as it was before the digests: column empty, migration not applied
    store.execute("UPDATE notices SET content_digest = NULL")
    store.execute("DELETE FROM schema_version WHERE version >= ?", (CONTENT_DIGEST_VERSION,))
    store.migrate()
    assert expected == dict(store.query("SELECT content_sha256, content_digest FROM notices"))
    assert len(expected) == 2 and all(isinstance(value, int) for value in expected.values())


def _package(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as package:
        for name, data in members.items():
            source = path.with_name(name.replace("/", "-"))
            source.write_bytes(data)
            package.add(source, arcname=name)
    return path


def test_a_package_ingested_whole_is_recognised_by_its_own_hash(
    tmp_path: Path, store: Store, parsed: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _package(tmp_path / "daily.tar.gz", {"a/cn.xml": CN, "a/can.xml": CAN})
    first = ingest([str(package)], store, PipelineOptions())
    assert (first.counts.stored, store.count("packages")) == (2, 1)

    def not_opened(*args: object, **kwargs: object) -> None:
        raise AssertionError("a package ingested whole was opened again")

    monkeypatch.setattr(sppmon.pipeline, "iter_items", not_opened)
    parsed.clear()
    again = ingest([str(package)], store, PipelineOptions())
    assert parsed == []
    assert (again.counts.read, again.counts.unchanged, again.counts.stored) == (2, 2, 0)


def test_a_package_with_a_rejected_member_is_opened_again(tmp_path: Path, store: Store, parsed: list[int]) -> None:
    package = _package(tmp_path / "daily.tar.gz", {"cn.xml": CN, "bad.xml": b"<oops>"})
    ingest([str(package)], store, PipelineOptions())
    assert store.count("packages") == 0
    parsed.clear()
    again = ingest([str(package)], store, PipelineOptions())
    assert parsed == [len(b"<oops>")]  # the stored member is skipped by its own hash, the bad one read again
    assert (again.counts.unchanged, again.counts.rejected) == (1, 1)


def _counts(store: Store, folder: Path, workers: int = 1) -> tuple[int, int, int]:
    counts = ingest([str(folder)], store, PipelineOptions(workers=workers)).counts
    return counts.stored, counts.updated, counts.unchanged


def _kept(store: Store) -> str:
    return str(store.query("SELECT source FROM notices")[0][0])


@pytest.mark.parametrize("workers", [1, 2])
def test_two_copies_of_one_version_with_different_bytes_rerun_without_change(
    tmp_path: Path, store: Store, workers: int
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xml").write_bytes(CN)
    (folder / "b.xml").write_bytes(CN.replace(b"?>", b"?><!-- the same version, other bytes -->", 1))
    assert _counts(store, folder, workers) == (1, 1, 0)  # the last copy is kept
    assert _kept(store).endswith("b.xml")
    for _ in range(2):  # re-running the same input changes nothing, and says so
        assert _counts(store, folder, workers) == (0, 0, 2)
        assert _kept(store).endswith("b.xml")


def test_the_last_copy_wins_when_the_store_holds_an_earlier_one(tmp_path: Path, store: Store) -> None:
    first, both = tmp_path / "first", tmp_path / "both"
    for folder in (first, both):
        folder.mkdir()
        (folder / "cn.xml").write_bytes(CN)
    (both / "later.xml").write_bytes(CN.replace(b"?>", b"?><!-- corrected -->", 1))
    assert _counts(store, first) == (1, 0, 0)
    assert _counts(store, both) == (0, 1, 1)  # cn.xml is stored already; later.xml comes after it and wins
    assert _kept(store).endswith("later.xml")
    assert _counts(store, both) == (0, 0, 2)
