"""A batch survives its worst notice, on DuckDB and PostgreSQL: over-long identifiers are rejected before the
store; a notice the store refuses is rejected alone (STORE_NOTICE_FAILED) and the rest of its batch is stored."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import random
import secrets
import typing
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sppmon.errors import CatalogedError
from sppmon.model import Notice, Text
from sppmon.notice_limits import (
    _FREE_TEXT,
    CODE_LIMIT,
    IDENTIFIER_LIMIT,
    _is_identifier,
    check_notice_lengths,
    short_origin,
)
from sppmon.pipeline import PipelineOptions, ingest
from sppmon.readers import read_notice
from sppmon.sample import SampleGenerator
from sppmon.store import Store, StoredNotice
from sppmon.store.base import prepare
from sppmon.store.resilient import write_batch_resilient

from .conftest import FIXTURES, SHARED

CN = (FIXTURES / "eforms" / "cn_sdk10_strategic.xml").read_bytes()
CN_ID = b"11111111-2222-4333-8444-555555555555"


def _stored(data: bytes, source: str = "test") -> StoredNotice:
    return StoredNotice(read_notice(data), source, hashlib.sha256(data).hexdigest())


def _count(store: Store, sql: str) -> int:
    return int(store.query(sql)[0][0])


def test_a_notice_with_an_8000_character_id_is_rejected_and_the_batch_stored(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, xml in SampleGenerator(5).notices(20):
        (folder / name).write_bytes(xml)
    (folder / "long-id.xml").write_bytes(CN.replace(CN_ID, b"7" * 8000))
    report = ingest([str(folder)], store, PipelineOptions(batch_size=1000))
    assert report.counts.stored == 20
    assert dict(report.counts.rejected_by_code) == {"NOTICE_VALUE_TOO_LONG": 1}
    again = ingest([str(folder)], store, PipelineOptions(batch_size=1000))
    assert again.counts.unchanged == 20 and not again.counts.changed_anything


def test_a_notice_the_store_refuses_is_rejected_alone(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    notices = [_stored(xml, name) for name, xml in SampleGenerator(6).notices(8)]
    poisoned = notices[3].notice.key
    real_insert = store.bulk_insert

    def refusing(table: str, data: Any) -> None:
        if table == "notices" and poisoned in data.column("notice_key").to_pylist():
            raise RuntimeError("index row size exceeds maximum for index")
        real_insert(table, data)

    monkeypatch.setattr(store, "bulk_insert", refusing)
    counts = write_batch_resilient(store, prepare(notices), [])
    assert counts.stored == 7 and dict(counts.rejected_by_code) == {"STORE_NOTICE_FAILED": 1}
    assert _count(store, "SELECT COUNT(*) FROM notices") == 7
    rows = store.query("SELECT source, code, message FROM rejections")
    assert rows == [(notices[3].source, "STORE_NOTICE_FAILED", "index row size exceeds maximum for index")]


def test_a_store_that_refuses_everything_raises_instead_of_rejecting_all(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    notices = [_stored(xml, name) for name, xml in SampleGenerator(7).notices(4)]

    def broken(table: str, data: Any) -> None:
        raise RuntimeError("connection lost")

    monkeypatch.setattr(store, "bulk_insert", broken)
    with pytest.raises(RuntimeError, match="connection lost"):
        write_batch_resilient(store, prepare(notices), [])
    monkeypatch.undo()
    assert _count(store, "SELECT COUNT(*) FROM notices") == 0
    assert _count(store, "SELECT COUNT(*) FROM rejections") == 0


def test_the_real_index_limit_of_postgresql_is_survived(store: Store) -> None:
    """Past the length check (a direct write), the store's own refusal still costs only the one notice."""
    good = [_stored(xml, name) for name, xml in SampleGenerator(8).notices(5)]
    bad = _stored(CN, "huge")
    incompressible = secrets.token_hex(4000)
    huge = dataclasses.replace(bad, notice=dataclasses.replace(bad.notice, notice_id=incompressible))
    counts = write_batch_resilient(store, prepare([*good, huge]), [])
    stored = _count(store, "SELECT COUNT(*) FROM notices")
    if store.dialect == "duckdb":  # DuckDB indexes no such column on bulk loads: it simply stores it
        assert stored == 6
    else:
        assert stored == 5 and dict(counts.rejected_by_code) == {"STORE_NOTICE_FAILED": 1}


@pytest.mark.parametrize(
    ("field", "value"),
    [("notice_id", "x" * 201), ("procedure_id", "p" * 500), ("cpv_main", "1" * 601), ("version", "1" * 300)],
)
def test_length_limits_name_the_field(field: str, value: str) -> None:
    notice = dataclasses.replace(read_notice(CN), **{field: value})
    with pytest.raises(CatalogedError, match=f"NOTICE_VALUE_TOO_LONG: {field} is longer"):
        check_notice_lengths(notice)


def test_real_notices_pass_and_long_origins_keep_both_ends() -> None:
    check_notice_lengths(read_notice(CN))
    origin = "/data/" + "a" * 5000 + "/member.xml"
    short = short_origin(origin)
    assert len(short) <= 1024 and short.startswith("/data/") and short.endswith("member.xml")


def _reference(value: object, name: str, limit: int) -> str | None:
    """The path of the first over-long value, by a plain walk the fast check must agree with: strings are measured,
    tuple and list items under their field's name and limit, records field by field under each field's own name
    (free text skipped); texts, numbers and anything else never."""
    if isinstance(value, str):
        return name if len(value) > limit else None
    if isinstance(value, tuple | list):
        return next((found for item in value if (found := _reference(item, name, limit))), None)
    if not dataclasses.is_dataclass(value) or isinstance(value, Text):
        return None
    for field in dataclasses.fields(value):
        field_limit = IDENTIFIER_LIMIT if _is_identifier(field.name) else CODE_LIMIT
        if field.name not in _FREE_TEXT and (found := _reference(getattr(value, field.name), field.name, field_limit)):
            return found if found == field.name else f"{field.name}.{found}"
    return None


def _checked_path(notice: Any) -> str | None:
    try:
        check_notice_lengths(notice)
    except CatalogedError as exc:
        assert exc.code == "NOTICE_VALUE_TOO_LONG"
        return exc.message.partition(" is longer than ")[0]
    return None


@functools.cache
def _hints(record_type: type) -> dict[str, Any]:
    return typing.get_type_hints(record_type)


def _one_long(value: Any, long: str, hint: object = None) -> Iterator[Any]:
    """Copies of ``value`` with one string made ``long``, each in turn (in records, tuples and texts alike), and
    each empty field declared to hold a string. Of a tuple, only the first and last items: the others are reached
    the same way, and a notice has thousands of strings."""
    if isinstance(value, str) or (value is None and (hint is str or str in typing.get_args(hint))):
        yield long
    elif isinstance(value, tuple):
        for i in sorted({0, len(value) - 1}) if value else ():
            item = value[i]
            yield from ((*value[:i], changed, *value[i + 1 :]) for changed in _one_long(item, long))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            for changed in _one_long(getattr(value, field.name), long, _hints(type(value))[field.name]):
                yield dataclasses.replace(value, **{field.name: changed})


def _some_long(value: Any, long: str, pick: Callable[[], bool]) -> Any:
    """``value`` with the strings ``pick`` chooses made ``long``: several at once, for which is found first."""
    if isinstance(value, str):
        return long if pick() else value
    if isinstance(value, tuple):
        return tuple(_some_long(item, long, pick) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _some_long(getattr(value, f.name), long, pick) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


def _assert_agrees_with_the_reference(notices: list[Notice]) -> set[str]:
    found: set[str] = set()
    rng = random.Random(7)
    for notice in notices:
        assert _checked_path(notice) is None is _reference(notice, "notice", CODE_LIMIT)
        for long in ("i" * (IDENTIFIER_LIMIT + 1), "c" * (CODE_LIMIT + 1)):
            for mutated in _one_long(notice, long):
                path = _checked_path(mutated)
                assert path == _reference(mutated, "notice", CODE_LIMIT)
                found.add(str(path))
            for share in (0.01, 0.1, 0.5):
                mutated = _some_long(notice, long, lambda share=share: rng.random() < share)
                assert _checked_path(mutated) == _reference(mutated, "notice", CODE_LIMIT)
    return found


def test_the_length_check_agrees_with_a_plain_walk_on_generated_notices() -> None:
    notices = [read_notice(xml) for _, xml in SampleGenerator(3).notices(12)]
    found = _assert_agrees_with_the_reference(notices)
    # Each kind of place was reached: a field, a nested record's, a tuple's items, nested tuples, free text.
    assert {"notice_id", "lots.lot_id", "lots.estimated_value.currency", "lot_results.submissions"} <= found
    assert {"lots.place_nuts", "lots.award_criteria.type", "tendering_parties.tenderers", "None"} <= found


@pytest.mark.shared
def test_the_length_check_agrees_with_a_plain_walk_on_the_real_corpus() -> None:
    paths = sorted((SHARED / "corpus").glob("*/*.xml"))
    assert len(paths) > 100
    found = _assert_agrees_with_the_reference([read_notice(path.read_bytes()) for path in paths])
    assert {"notice_id", "lots.lot_id", "organisations.org_id", "previous_notices", "None"} <= found


@dataclasses.dataclass(frozen=True, slots=True)
class _Loose:
    """A record declared loosely, for the values a model record could come to hold."""

    anything: Any
    items: tuple[Any, ...] = ()
    code: str | Decimal | None = None
    name: Any = None


class _Code(str):
    pass


@pytest.mark.parametrize(
    "record",
    [
        _Loose("x" * 601),
        _Loose(_Code("x" * 601)),
        _Loose(["ok", ("ok", ["x" * 601])]),
        _Loose(Text("x" * 601, "x" * 601), items=("ok", None, Text(None, "x" * 601), Decimal(1), True, "y" * 601)),
        _Loose({"key": "x" * 601}, items=(_Loose(1, code="x" * 601),), code=Decimal(1), name="x" * 601),
        _Loose(_Loose(_Loose("x" * 601)), code=_Code("x" * 601)),
        _Loose(0, code="x" * 600, items=(_Loose(None, name=_Loose("x" * 601)),)),
    ],
)
def test_the_length_check_agrees_with_a_plain_walk_on_any_value(record: _Loose) -> None:
    assert _checked_path(record) == _reference(record, "notice", CODE_LIMIT)


def test_a_batch_that_runs_out_of_the_ingest_memory_is_stored_whole_with_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A real out-of-memory: 8 MB of DuckDB memory cannot hold a batch's inserts into every table. The batch is
    tried again with the query memory and stored whole (not notice by notice), and the cap comes back."""
    from sppmon.store import open_store

    folder = tmp_path / "in"
    folder.mkdir()
    for name, xml in SampleGenerator(5).notices(30):
        (folder / name).write_bytes(xml)
    monkeypatch.setenv("SPPMON_DUCKDB_INGEST_MEMORY", "8MB")
    store = open_store(str(tmp_path / "small.duckdb"))
    try:
        with caplog.at_level("INFO", logger="sppmon.store.resilient"):
            report = ingest([str(folder)], store, PipelineOptions(batch_size=1000))
        assert report.counts.stored == 30 and not report.counts.rejected_by_code
        assert "ran out of the ingest memory" in caplog.text and "one by one" not in caplog.text
        limit = str(store.query("SELECT current_setting('memory_limit')")[0][0])
        assert limit.endswith("MiB") and float(limit.split(maxsplit=1)[0]) < 8
    finally:
        store.close()


def test_the_database_running_out_of_memory_outside_a_batch_is_one_line_with_a_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DuckDB's out-of-memory where no batch can be tried again (here the lookup of known contents before the
    first batch) ends the command with one line and STORE_OUT_OF_MEMORY, not a traceback, and stores nothing."""
    import duckdb
    from click.testing import CliRunner

    from sppmon.cli import main
    from sppmon.store import duckdb_store, open_store

    folder = tmp_path / "in"
    folder.mkdir()
    for name, xml in SampleGenerator(8).notices(5):
        (folder / name).write_bytes(xml)

    def exhausted(self: Any, digests: Any) -> dict[int, str]:
        raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate block of size 256.0 KiB\nmore")

    monkeypatch.setattr(duckdb_store.DuckDBStore, "stored_digests", exhausted)
    path = tmp_path / "s.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(path), "--no-progress"])
    assert result.exit_code == 3, result.output
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("sppmon: error: STORE_OUT_OF_MEMORY: Out of Memory Error: could not allocate")
    monkeypatch.undo()
    with open_store(str(path)) as store:
        assert _count(store, "SELECT COUNT(*) FROM notices") == 0
