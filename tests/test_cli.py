"""The command-line shell: outputs, exit codes, and that a second run changes nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sppmon.cli import main

from .conftest import FIXTURES

CN = FIXTURES / "eforms" / "cn_sdk10_strategic.xml"
CAN = FIXTURES / "eforms" / "can_cvd_eed.xml"


def _run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_ingest_summary_and_idempotence(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    code, out, _ = _run("ingest", str(CN), str(CAN), "--db", db)
    assert code == 0
    assert out.startswith("read 2 · stored 2 · updated 0 · unchanged 0 · superseded 0 · rejected 0")
    code, out, _ = _run("ingest", str(CN), str(CAN), "--db", db)
    assert code == 0
    assert "stored 0" in out and "unchanged 2" in out and "the store is unchanged" in out


def test_ingest_reports_rejections_by_code_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>")
    code, out, _ = _run("ingest", str(CN), str(bad), str(tmp_path / "missing.xml"), "--db", str(tmp_path / "s.db"))
    assert code == 1
    assert "rejected 2 (SOURCE_NOT_FOUND 1, XML_DOCTYPE_FORBIDDEN 1)" in out


def test_ingest_reads_paths_from_stdin(tmp_path: Path) -> None:
    code, out, _ = _run("ingest", "-", "--db", str(tmp_path / "s.db"), stdin=f"{CN}\n{CAN}\n")
    assert code == 0 and "stored 2" in out


def test_ingest_with_workers_gives_the_same_store(tmp_path: Path) -> None:
    package = tmp_path / "p.tar.gz"
    assert _run("generate", str(package), "--count", "120", "--seed", "4")[0] == 0
    for workers in ("1", "2"):
        code, out, _ = _run("ingest", str(package), "--db", str(tmp_path / f"w{workers}.db"), "-w", workers)
        assert code == 0 and "stored 120" in out
    stats = [json.loads(_run("stats", "--db", str(tmp_path / f"w{w}.db"), "--format", "json")[1]) for w in "12"]
    assert stats[0] == stats[1]


def test_extract_jsonl_contract(tmp_path: Path) -> None:
    code, out, _ = _run("extract", str(CN), str(CAN))
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["subtype"] for line in lines] == ["16", "29"]
    lot = lines[0]["lots"][0]
    assert lot["strategic_procurement"] == ["env-imp", "soc-obj"]
    assert lot["social_objective"] == ["opp"]
    assert {row["vehicle_type"] for row in lines[1]["cvd"]} == {
        "vehicles",
        "vehicles-clean",
        "vehicles-zero-emission",
    }
    assert lines[0]["source"] == str(CN)


def test_extract_csv_is_formula_safe_and_atomic(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.xml"
    hostile.write_bytes(
        CN.read_bytes()
        .replace(b"Nettoyage de bureaux", b"=HYPERLINK(1)")
        .replace(b'<cbc:Name languageID="NLD">Schoonmaak van kantoren</cbc:Name>', b"")
    )
    target = tmp_path / "out.csv"
    code, _, _ = _run("extract", str(hostile), "--format", "csv", "--output", str(target))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [row["lot_id"] for row in rows] == ["LOT-0001", "LOT-0002"]
    assert rows[0]["strategic_procurement"] == "env-imp;soc-obj"
    assert not list(tmp_path.glob(".out.csv.*"))


def test_extract_reports_rejections_on_stderr(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    code, out, err = _run("extract", str(empty), str(CN))
    assert code == 1
    assert len(out.splitlines()) == 1
    assert f"rejected: {empty}: XML_EMPTY" in err


def test_extract_with_workers_gives_the_same_lines_in_the_same_order(tmp_path: Path) -> None:
    package = tmp_path / "p.tar.gz"
    assert _run("generate", str(package), "--count", "600", "--seed", "5")[0] == 0
    one = _run("extract", str(package), "-w", "1")
    two = _run("extract", str(package), "-w", "2")
    assert one[0] == two[0] == 0
    assert one[1] == two[1] and len(one[1].splitlines()) == 600  # 600 notices: more than two chunks of work


def test_stats_json(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    _run("ingest", str(CN), str(CAN), "--db", db)
    code, out, _ = _run("stats", "--db", db, "--format", "json")
    assert code == 0
    stats = json.loads(out)
    assert stats["by_subtype"] == {"16": 1, "29": 1}
    coverage = {row["field"]: row for row in stats["coverage"]}
    assert coverage["strategic_procurement"]["present"] == 3  # two CN lots + LOT-0001 of the award notice
    code, out, _ = _run("stats", "--db", db)
    assert code == 0 and "Field coverage" in out
    code, out, _ = _run("stats", "--db", db, "--lang", "nl")  # for people in Dutch: headings, fields, numbers
    assert code == 0 and "Invulgraad van de velden" in out and "Strategische aankoop" in out and "Field" not in out


def test_stats_on_missing_store_fails_cleanly(tmp_path: Path) -> None:
    code, _, err = _run("stats", "--db", str(tmp_path / "none.db"))
    assert code == 3
    assert "no store" in err


def test_demo_runs_end_to_end(tmp_path: Path) -> None:
    code, out, _ = _run("demo", "--notices", "300", "--workdir", str(tmp_path / "demo"))
    assert code == 0
    assert "stored 300" in out
    assert "Green procurement" in out and "coverage" in out


def test_reference_commands(tmp_path: Path) -> None:
    code, out, _ = _run("errors")
    assert code == 0 and "XML_DOCTYPE_FORBIDDEN" in out
    code, out, _ = _run("settings")
    assert "SPPMON_DB=" in out
    code, out, _ = _run("codes", "strategic-procurement", "--lang", "nl")
    assert "env-imp\tVermindering van milieueffecten" in out
    code, out, _ = _run("sdk", "status", "--dir", str(tmp_path))
    assert "no SDK" in out


def test_indicators_command_lists_and_computes(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sppmon.cli import main
    from sppmon.store import open_store

    from .indicator_fixture import fill

    db = tmp_path / "golden.duckdb"
    with open_store(str(db)) as store:
        fill(store)
    runner = CliRunner()
    listing = runner.invoke(main, ["indicators", "--lang", "nl"])
    assert listing.exit_code == 0 and "gpp-relevant" in listing.output
    result = runner.invoke(
        main, ["indicators", "green", "year=2024", "--by", "country", "--format", "json", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {row["country"]: row["lots_yes"] for row in rows} == {"BEL": 2, "NLD": 0, "SWE": 1}
    out = tmp_path / "cvd.xlsx"
    result = runner.invoke(main, ["indicators", "cvd", "--format", "xlsx", "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0 and out.is_file()
    bad = runner.invoke(main, ["indicators", "green", "--filter", "colour=red", "--db", str(db)])
    assert bad.exit_code == 2 and "unknown filter" in bad.output
    # CSV keeps names and codes (a machine format) unless a language is asked for: then it is for people.
    args = ["indicators", "green", "year=2024", "--by", "country", "--format", "csv", "--db", str(db)]
    machine = runner.invoke(main, args).stdout.splitlines()
    assert machine[0].startswith("country,lots_in_scope,") and machine[1].startswith("BEL,")
    dutch = runner.invoke(main, [*args, "--lang", "nl"]).stdout.lstrip("\ufeff").splitlines()
    assert dutch[0].startswith("Land koper;Percelen;") and dutch[1].startswith("België;")
    table = runner.invoke(main, ["indicators", "green", "--by", "year", "--lang", "fr", "--db", str(db)]).stdout
    assert "Taux de remplissage" in table and "coverage_share" not in table


def test_rates_refresh_command_rejects_bad_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from sppmon.cli import main

    monkeypatch.setenv("SPPMON_RATES_FILE", str(tmp_path / "rates.csv"))
    bad = tmp_path / "bad.csv"
    bad.write_text("date,currency,rate\n2024-01-01,USD,1.1\n2024-13-01,USD,1.2\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["rates", "refresh", str(bad)])
    assert result.exit_code == 3 and "RATES_FILE_INVALID" in result.output and "line 3" in result.output
    assert not (tmp_path / "rates.csv").exists()
    good = tmp_path / "good.csv"
    good.write_text("date,currency,rate\n2024-01-01,USD,1.1\n", encoding="utf-8")
    assert runner.invoke(main, ["rates", "refresh", str(good)]).exit_code == 0
    shown = runner.invoke(main, ["rates", "show"])
    assert str(tmp_path / "rates.csv") in shown.output and "USD" in shown.output


def test_arrow_allocates_with_the_system_allocator_unless_the_environment_names_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "restored-after-the-test")
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL")
    assert CliRunner().invoke(main, ["errors"]).exit_code == 0
    assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "system"
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")
    assert CliRunner().invoke(main, ["errors"]).exit_code == 0
    assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "jemalloc"
