"""Exports: Parquet/CSV tables partitioned by year (read back with DuckDB), formula safety, atomic replacement,
and OCDS release packages validated against OCDS 1.1.5 with the sustainability extension."""

from __future__ import annotations

import copy
import csv
import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from sppmon.exports.ocds import OcdsOptions, write_package
from sppmon.exports.ocds_mapping import sustainability, tender_flag
from sppmon.exports.tables import EXPORTED_TABLES, export_tables
from sppmon.readers import read_notice
from sppmon.sample import SampleGenerator
from sppmon.store import Store, StoredNotice

from .conftest import FIXTURES, SHARED, needs_shared

CN = (FIXTURES / "eforms" / "cn_sdk10_strategic.xml").read_bytes()
CAN = (FIXTURES / "eforms" / "can_cvd_eed.xml").read_bytes()
OCDS = SHARED / "ocds-schema"


def _stored(data: bytes) -> StoredNotice:
    return StoredNotice(read_notice(data), "test", hashlib.sha256(data).hexdigest())


def _fill(store: Store, count: int = 150) -> None:
    notices = [_stored(xml) for _, xml in SampleGenerator(21).notices(count)]
    store.write_batch([*notices, _stored(CN), _stored(CAN)], [])


def test_parquet_tables_read_back_with_duckdb(store: Store, tmp_path: Path) -> None:
    _fill(store)
    report = export_tables(store, tmp_path / "out", "parquet")
    out = tmp_path / "out"
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["tables"]) == {table.name for table in EXPORTED_TABLES}
    reader = duckdb.connect()
    for table in ("notices", "lots", "lot_codes", "texts", "winners"):
        expected = store.count(table)
        assert report.rows[table] == expected > 0
        pattern = str(out / table / "*" / "*.parquet")
        rows = reader.execute(f"SELECT COUNT(*) FROM read_parquet('{pattern}', hive_partitioning = true)").fetchall()
        assert rows[0][0] == expected, table
    years = reader.execute(
        f"SELECT notice_year, COUNT(*) FROM read_parquet('{out}/notices/*/*.parquet', hive_partitioning = true) "
        "GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert years == [tuple(row) for row in store.query("SELECT year, COUNT(*) FROM notices GROUP BY year ORDER BY 1")]
    # Values survive the trip, money included.
    value = reader.execute(
        f"SELECT awarded_value FROM read_parquet('{out}/lot_results/*/*.parquet') WHERE lot_id = 'LOT-0001' "
        "AND notice_key LIKE '99999999%'"
    ).fetchall()
    assert float(value[0][0]) == 1800000.0
    assert (out / "batches" / "part-0.parquet").is_file()  # tables that are not notice rows: one file


def test_csv_is_formula_safe_and_complete(store: Store, tmp_path: Path) -> None:
    hostile = CN.replace(b"Kantoren Brussel", b"=HYPERLINK(1)")
    store.write_batch([_stored(hostile)], [])
    export_tables(store, tmp_path / "csv", "csv")
    files = list((tmp_path / "csv" / "lots").glob("notice_year=*/part-0.csv"))
    assert len(files) == 1
    with files[0].open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == store.count("lots")
    titles = {row["title"] for row in rows}
    assert "'=HYPERLINK(1)" in titles and "=HYPERLINK(1)" not in titles


def test_a_failed_export_leaves_the_previous_one(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fill(store, 40)
    out = tmp_path / "exports" / "out"
    export_tables(store, out, "parquet")
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    import sppmon.exports.tables as tables

    def broken(*args: Any) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(tables, "_write_parquet", broken)
    with pytest.raises(OSError, match="disk full"):
        export_tables(store, out, "parquet")
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert [p.name for p in out.parent.iterdir()] == ["out"]  # no half-built folder left beside it
    monkeypatch.undo()
    export_tables(store, out, "parquet")  # and a good export replaces the old one
    assert [p.name for p in out.parent.iterdir()] == ["out"]


def test_sustainability_mapping_keeps_three_values() -> None:
    entries = sustainability(
        {
            "strategic_procurement": ["env-imp", "soc-obj"],
            "environmental_impact": ["circ-econ"],
            "social_objective": ["opp"],
            "gpp_criteria": ["eu"],
            "reserved_procurement": ["res-ws"],
        },
        "Recycled materials",
    )
    assert entries == [
        {
            "goal": "environmental.circularEconomy",
            "strategies": ["euGPPCriteria"],
            "description": "Recycled materials",
        },
        {"goal": "social.disadvantagedEmploymentOpportunities", "strategies": ["reservedParticipation"]},
    ]
    assert sustainability({"strategic_procurement": ["inn-pur"]}, None) == [{"goal": "economic.innovativePurchase"}]
    assert sustainability({"strategic_procurement": ["none"], "gpp_criteria": ["none"]}, "x") == []
    assert (tender_flag([True, None]), tender_flag([False, False]), tender_flag([False, None])) == (True, False, None)


def _merge_patch(target: Any, patch: Any) -> Any:
    """JSON Merge Patch (RFC 7386), as OCDS applies extensions."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = _merge_patch(result.get(key), value)
    return result


# The lots extension (declared in the package) adds tender.lots and items' relatedLot; this minimal patch says
# only that much, so that the sustainability extension's Lot definition is checked on every lot.
LOTS_PATCH = {
    "definitions": {
        "Tender": {"properties": {"lots": {"type": "array", "items": {"$ref": "#/definitions/Lot"}}}},
        "Lot": {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string"},
                "title": {"type": "string"},
                "value": {"$ref": "#/definitions/Value"},
            },
        },
        "Item": {"properties": {"relatedLot": {"type": "string"}}},
    }
}


def _validator() -> Any:
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    standard = OCDS / "standard-1.1.5"
    release = json.loads((standard / "release-schema.json").read_text(encoding="utf-8"))
    release = _merge_patch(release, LOTS_PATCH)
    release = _merge_patch(release, json.loads((OCDS / "sustainability-extension" / "release-schema.json").read_text()))
    package = json.loads((standard / "release-package-schema.json").read_text(encoding="utf-8"))
    release_id = package["properties"]["releases"]["items"]["$ref"]
    registry = Registry().with_resource(release_id, Resource.from_contents(release, default_specification=DRAFT4))
    return jsonschema.Draft4Validator(package, registry=registry)


@needs_shared
def test_ocds_package_validates_with_the_sustainability_extension(store: Store, tmp_path: Path) -> None:
    _fill(store)
    path = tmp_path / "ocds.json"
    count = write_package(store, path, OcdsOptions("ocds-test01", "urn:sppmon:test", "sppmon tests"))
    package = json.loads(path.read_text(encoding="utf-8"))
    assert count == len(package["releases"]) == store.count("notices")
    errors = sorted(_validator().iter_errors(package), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    for release in package["releases"]:
        datetime.fromisoformat(release["date"])
    by_id = {release["id"]: release for release in package["releases"]}
    cn = by_id["11111111-2222-4333-8444-555555555555-01"]
    assert cn["ocid"] == "ocds-test01-aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" and cn["tag"] == ["tender"]
    lot = next(lot for lot in cn["tender"]["lots"] if lot["id"] == "LOT-0001")
    assert lot["hasSustainability"] is True
    goals = {entry["goal"] for entry in lot["sustainability"]}
    assert "environmental.pollutionPrevention" in goals and "social.disadvantagedEmploymentOpportunities" in goals
    assert {"euGPPCriteria"} <= set(next(e for e in lot["sustainability"] if e["goal"].startswith("env"))["strategies"])
    # Three-valued: lots that said nothing carry no flag at all, lots that said "none" carry false.
    flags = [lot.get("hasSustainability") for r in package["releases"] for lot in r["tender"].get("lots", [])]
    assert True in flags and False in flags and None in flags
    can = by_id["99999999-8888-4777-8666-555555555555-02"]
    assert can["tag"][0] in ("award", "awardUpdate") and can["awards"]
    assert any(party.get("roles") == ["supplier"] for party in can["parties"])


@needs_shared
def test_ocds_schema_catches_a_broken_release(tmp_path: Path, store: Store) -> None:
    store.write_batch([_stored(CN)], [])
    path = tmp_path / "ocds.json"
    write_package(store, path, OcdsOptions("ocds-test01", "urn:sppmon:test", "sppmon tests"))
    package = json.loads(path.read_text(encoding="utf-8"))
    package["releases"][0]["tender"]["lots"][0]["sustainability"] = [{"goal": ""}]
    assert list(_validator().iter_errors(package))  # the validator is really checking lots


def test_ocds_export_of_an_empty_store_fails_clearly(store: Store, tmp_path: Path) -> None:
    from sppmon.exports.ocds import NothingToExport

    with pytest.raises(NothingToExport, match="no notice"):
        write_package(store, tmp_path / "x.json", OcdsOptions("ocds-x", "urn:x", "x"))
    assert not (tmp_path / "x.json").exists()


def test_cli_exports(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sppmon.cli import main

    db = str(tmp_path / "s.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(FIXTURES / "eforms"), "--db", db, "--no-progress"]).exit_code in (0, 1)
    for kind in ("parquet", "csv"):
        result = runner.invoke(main, ["export", kind, str(tmp_path / kind), "--db", db])
        assert result.exit_code == 0, result.output
        assert "tables" in result.output and (tmp_path / kind / "manifest.json").is_file()
    result = runner.invoke(
        main, ["export", "ocds", str(tmp_path / "o.json"), "--db", db, "--latest", "--prefix", "ocds-abc123"]
    )
    assert result.exit_code == 0, result.output
    releases = json.loads((tmp_path / "o.json").read_text())["releases"]
    assert releases and all(r["ocid"].startswith("ocds-abc123-") for r in releases)


def test_usage_tables_are_not_exported(store: Store, tmp_path: Path) -> None:
    _fill(store, 5)
    store.execute(
        "INSERT INTO page_views (viewed_at, visitor, path, lang, source) "
        "VALUES (TIMESTAMP '2026-01-05 10:00:00', 'hash-of-a-visitor', '/', 'nl', 'app')"
    )
    for kind in ("parquet", "csv"):
        out = tmp_path / kind
        export_tables(store, out, kind)
        manifest = json.loads((out / "manifest.json").read_text())
        assert not {"page_views", "usage_salts"} & set(manifest["tables"])
        written = b"".join(path.read_bytes() for path in out.rglob("*") if path.is_file())
        assert b"hash-of-a-visitor" not in written
