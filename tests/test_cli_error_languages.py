"""Error lines of commands that have ``--lang``: in Dutch and French the code's title comes from the catalogue
(errors.tsv), so no English is left in it; English keeps ``error: CODE: detail``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sppmon import messages
from sppmon.cli import main
from sppmon.errors import CATALOGUE

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("store") / "s.duckdb")
    result = CliRunner().invoke(main, ["ingest", str(FIXTURES / "eforms"), "--db", path, "--no-progress"])
    assert result.exit_code in (0, 1), result.output
    return path


def _error(args: list[str]) -> str:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 3, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    return result.stderr.strip()


def _kinds(db: str, tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    lcc = tmp_path / "offers.yaml"
    lcc.write_text("purchase: 32.000\n", encoding="utf-8")
    return {
        "report-buyer": (
            ["report", "buyer", "--buyer", "BEL:id:0000000000", "--db", db, "--out", str(tmp_path / "b.html")],
            "BUYER_UNKNOWN",
        ),
        "lcc": (["lcc", str(lcc)], "LCC_INVALID_INPUT"),
        "check": (["check", str(tmp_path / "nosuch.xml")], "SOURCE_NOT_FOUND"),
    }


WORD = {"nl": "fout: ", "fr": "erreur : "}


@pytest.mark.parametrize("lang", ["nl", "fr"])
@pytest.mark.parametrize("kind", ["report-buyer", "lcc", "check"])
def test_an_error_line_is_in_the_language_of_the_command(kind: str, lang: str, db: str, tmp_path: Path) -> None:
    args, code = _kinds(db, tmp_path)[kind]
    line = _error([*args, "--lang", lang])
    title = messages.catalogue()[f"errorcode.{code}"][lang]
    assert line.startswith(f"sppmon: {WORD[lang]}{title} ({code})"), line
    assert CATALOGUE[code].title not in line and messages.catalogue()[f"errorcode.{code}"]["en"] not in line
    assert not line.startswith("sppmon: error:")
    assert line.removeprefix(f"sppmon: {WORD[lang]}{title} ({code})").strip(" :")  # the detail follows


def test_the_amount_detail_of_the_lcc_is_translated_too(tmp_path: Path, db: str) -> None:
    args, _ = _kinds(db, tmp_path)["lcc"]
    line = _error([*args, "--lang", "fr"])
    assert "se lit 32" in line and "is read as" not in line


@pytest.mark.parametrize("kind", ["report-buyer", "lcc", "check"])
def test_english_keeps_code_and_detail(kind: str, db: str, tmp_path: Path) -> None:
    args, code = _kinds(db, tmp_path)[kind]
    assert _error(args).startswith(f"sppmon: error: {code}: ")
    assert _error([*args, "--lang", "en"]).startswith(f"sppmon: error: {code}: ")


def test_a_store_of_an_earlier_version_read_in_french_names_the_migration_without_english(tmp_path: Path) -> None:
    import duckdb

    path = str(tmp_path / "old.duckdb")
    result = CliRunner().invoke(main, ["ingest", str(FIXTURES / "eforms"), "--db", path, "--no-progress"])
    assert result.exit_code in (0, 1), result.output
    with duckdb.connect(path) as connection:  # as if written by the version before the newest migration
        connection.execute("DELETE FROM schema_version WHERE version = (SELECT MAX(version) FROM schema_version)")
    line = _error(["stats", "--db", path, "--lang", "fr"])
    assert line == "sppmon: erreur : " + messages.catalogue()["errorcode.STORE_NEEDS_MIGRATION"]["fr"] + (
        " (STORE_NEEDS_MIGRATION)"
    )
    assert "STORE_NEEDS_MIGRATION: the store needs a schema migration" in _error(["stats", "--db", path])
