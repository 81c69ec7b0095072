"""The tables of ``evaluate-detection`` and ``plausibility`` in Dutch and French: texts of the message
catalogue, numbers in the Belgian format; their JSON keeps codes whatever the language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sppmon.cli import main
from sppmon.cli.wording import language_name

from .conftest import FIXTURES

ENGLISH = ("Declared vs detected", "Disagreements", "precision", "declared yes, not detected", "no evidence")


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("plausibility") / "s.duckdb")
    code, _ = _run("ingest", str(FIXTURES / "eforms"), str(FIXTURES / "ted"), "--db", path)
    assert code == 0
    return path


def test_evaluate_detection_table_in_dutch_and_french() -> None:
    code, dutch = _run("evaluate-detection", str(FIXTURES / "eforms"), "--lang", "nl")
    assert code == 0
    assert "Aangegeven tegenover gedetecteerd" in dutch and "Verschillen: 1 (getoond: 1)" in dutch
    assert "groen" in dutch and "precisie" in dutch and "0,67" in dutch and "0.67" not in dutch
    assert "aangegeven als ja, niet gedetecteerd" in dutch and "JP juist positief" in dutch
    code, french = _run("evaluate-detection", str(FIXTURES / "eforms"), "--lang", "fr")
    assert code == 0 and "Déclaré face à détecté" in french and "Divergences : 1" in french
    assert not [word for word in ENGLISH if word in dutch + french]
    code, machine = _run("evaluate-detection", str(FIXTURES / "eforms"), "--lang", "fr", "--format", "json")
    scores = {(s["dimension"], s["language"]) for s in json.loads(machine)["scores"]}
    assert ("green", "all") in scores and ("green", "NLD") in scores


def test_grading_table_in_french(tmp_path: Path) -> None:
    labels = tmp_path / "labels.tsv"
    header = "notice_id\tsource\tlanguage\tsplit\tgreen\tgreen_subject\tsocial\tinnovation\tnote\n"
    rows = [
        ("123456-2019", "fr", "tune", "yes", "no", "no", "no"),
        ("654321-2018", "en", "holdout", "no", "no", "yes", "no"),  # a social miss: listed as "oubli"
    ]
    text = header + "".join("\t".join((*row[:1], f"{row[0]}.xml", *row[1:], "note")) + "\n" for row in rows)
    labels.write_text(text, encoding="utf-8")
    code, out = _run("evaluate-detection", "--labels", str(labels), str(FIXTURES / "ted"), "--lang", "fr")
    assert code == 0
    assert "Détecté face aux étiquettes manuelles" in out and "Faux positifs et oublis" in out
    assert "réglage" in out and "réservé" in out and "oubli" in out and "étiquette : note" in out
    assert "Detected vs hand labels" not in out and "False positives" not in out


def test_plausibility_table_in_dutch_and_french(db: str) -> None:
    code, dutch = _run("plausibility", "--db", db, "--include-legacy", "--lang", "nl")
    assert code == 0
    # headings wrap in the table: their words are looked for one by one
    assert "Aannemelijkheid van de aangiften: groen" in dutch and "aanwijzing" in dutch and "aankoper" in dutch
    assert "beoordeelbaar" in dutch and "66,7%" in dutch and "66.7" not in dutch
    code, french = _run("plausibility", "--db", db, "--include-legacy", "--lang", "fr", "--dimension", "social")
    assert code == 0 and "Plausibilité des déclarations : social" in french and "indice" in french
    assert "evidence" not in dutch + french and "buyer" not in dutch + french
    code, machine = _run("plausibility", "--db", db, "--include-legacy", "--lang", "fr", "--format", "json")
    assert code == 0 and "declared_without_evidence" in json.loads(machine)[0]


def test_language_names() -> None:
    assert language_name("NLD", "fr") == "néerlandais (NLD)"
    assert language_name("de", "nl") == "Duits (de)"
    assert language_name("xx", "nl") == "xx"
