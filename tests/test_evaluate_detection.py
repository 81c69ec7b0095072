"""Declared vs detected, plausibility per buyer, and the store's record of which method a fact rests on."""

from __future__ import annotations

import csv
import io
import json
import tarfile
from pathlib import Path

from click.testing import CliRunner

from sppmon.cli import main
from sppmon.detect.evaluate import evaluate
from sppmon.model import Lot, Notice, Text

from .conftest import FIXTURES


def _lot(lot_id: str, text: str, **codes: tuple[str, ...]) -> Lot:
    return Lot(lot_id, descriptions=(Text("ENG", text),), **codes)  # type: ignore[arg-type]


def _notice(language: str, *lots: Lot, fmt: str = "eforms") -> Notice:
    return Notice(fmt, "ContractNotice", f"id-{language}", "01", language=language, lots=lots)


def test_scores_with_known_answers() -> None:
    english = _notice(
        "ENG",
        _lot("LOT-0001", "Products with the EU Ecolabel.", strategic_procurement=("env-imp",)),  # TP green
        _lot("LOT-0002", "Office chairs.", strategic_procurement=("env-imp",)),  # FN green
        _lot("LOT-0003", "Recycled paper is required.", strategic_procurement=("none",)),  # FP green; TN others
        _lot("LOT-0004", "Chairs."),  # not reported: left out
    )
    dutch = _notice("NLD", _lot("LOT-0001", "Stoelen.", strategic_procurement=("none",)))  # TN for all three
    legacy = _notice("FRA", _lot("LOT-0001", "Papier recyclé."), fmt="ted-r2.0.9")  # declares nothing: skipped
    result = evaluate([("en.xml", english), ("nl.xml", dutch), ("legacy.xml", legacy)])
    assert (result.notices, result.lots_with_declaration) == (2, 4)
    green = result.scores[("green", "all")]
    assert (green.true_positive, green.false_positive, green.false_negative, green.true_negative) == (1, 1, 1, 1)
    assert green.precision == 0.5 and green.recall == 0.5 and green.f1 == 0.5
    assert result.scores[("green", "ENG")].lots == 3 and result.scores[("green", "NLD")].lots == 1
    social = result.scores[("social", "all")]
    assert (social.true_positive, social.true_negative, social.precision, social.recall) == (0, 2, None, None)
    assert [(d.source, d.lot_id, d.declared, d.detected) for d in result.disagreements] == [
        ("en.xml", "LOT-0002", "yes", False),
        ("en.xml", "LOT-0003", "none", True),
    ]
    assert [e.term for e in result.disagreements[1].evidence] == ["recycled"]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def test_evaluate_detection_command_on_fixtures() -> None:
    code, out = _run("evaluate-detection", str(FIXTURES / "eforms"), str(FIXTURES / "ted"), "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert (report["notices"], report["lots_with_declaration"]) == (2, 3)
    totals = {(s["dimension"], s["language"]): s for s in report["scores"]}
    assert (totals[("green", "all")]["tp"], totals[("green", "all")]["fn"], totals[("green", "all")]["tn"]) == (1, 1, 1)
    assert (totals[("social", "all")]["tp"], totals[("social", "all")]["tn"]) == (1, 1)
    assert [(d["dimension"], d["declared"], d["detected"]) for d in report["disagreements"]] == [
        ("green", "yes", False)
    ]
    code, out = _run("evaluate-detection", str(FIXTURES / "eforms"))
    assert code == 0 and "Declared vs detected" in out and "Disagreements: 1" in out


def test_ingest_stores_detection_method_and_evidence(tmp_path: Path) -> None:
    package = tmp_path / "mixed.tar"
    with tarfile.open(package, "w") as archive:  # a package mixing legacy TED and eForms notices
        for path in [*sorted((FIXTURES / "ted").glob("*.xml")), *sorted((FIXTURES / "eforms").glob("*.xml"))]:
            archive.add(path, arcname=path.name)
    db = str(tmp_path / "s.duckdb")
    code, out = _run("ingest", str(package), "--db", db)
    assert code == 0 and out.startswith("read 6 · stored 6")
    code, out = _run("ingest", str(package), "--db", db)
    assert "unchanged 6" in out
    from sppmon.store import open_store

    with open_store(db, read_only=True) as store:
        legacy = store.query(
            "SELECT l.lot_id, l.green_status, l.green_detected, l.green_method, l.reserved_status "
            "FROM lots l JOIN notices n ON n.notice_key = l.notice_key WHERE n.notice_key = '123456-2019' "
            "ORDER BY l.lot_id"
        )
        assert legacy == [
            ("LOT-0001", "not-reported", True, "detected", "yes"),
            ("LOT-0002", "not-reported", True, "detected", "yes"),
        ]
        methods = store.query(
            "SELECT n.format = 'eforms', l.social_method, COUNT(*) FROM lots l "
            "JOIN notices n ON n.notice_key = l.notice_key GROUP BY 1, 2 ORDER BY 1, 2"
        )
        # Legacy lots rest on detection; eForms lots on the declaration where they declare (yes or none).
        assert methods[0] == (False, "detected", 6)
        assert {row[1] for row in methods if row[0]} == {"declared", "detected"}
        evidence = store.query(
            "SELECT lot_id, dimension, term, field, matched FROM evidence WHERE notice_key = '654321-2018' ORDER BY seq"
        )
        assert ("", "green", "TCO Certified", "descriptions", "TCO Certified") in evidence
        stages = dict(store.query("SELECT notice_key, stage FROM notices WHERE format <> 'eforms'"))
        assert stages["130000-2019"] == "change" and stages["654321-2018"] == "result"
        assert store.query("SELECT is_eu_institution FROM notices WHERE notice_key = '654321-2018'") == [(True,)]


def test_ingest_without_detection_leaves_detection_unknown(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    _run("ingest", str(FIXTURES / "ted"), "--db", db, "--no-detect")
    from sppmon.store import open_store

    with open_store(db, read_only=True) as store:
        assert store.count("evidence") == 0
        assert store.query("SELECT DISTINCT green_detected, green_method FROM lots") == [(None, None)]


def test_plausibility_report(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    _run("ingest", str(FIXTURES / "eforms"), str(FIXTURES / "ted"), "--db", db)
    code, out = _run("plausibility", "--db", db, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(row["lots"] for row in rows)
    code, out = _run("plausibility", "--db", db, "--include-legacy", "--format", "json")
    report = {row["buyer_name"]: row for row in json.loads(out)}
    brussels = report["Ville de Bruxelles"]
    assert (brussels["lots"], brussels["declared"], brussels["evidence_not_declared"]) == (2, 0, 2)
    assert brussels["not_reported_share"] == 1.0
    code, out = _run("plausibility", "--db", db, "--dimension", "social")
    assert code == 0 and "Plausibility of declarations: social" in out


def test_extract_emits_detected_and_evidence_for_legacy_notices() -> None:
    code, out = _run("extract", str(FIXTURES / "ted" / "f02_be_bilingual.xml"))
    assert code == 0
    facts = json.loads(out)
    assert facts["lots"][0]["detected"] == {"green": True, "social": True, "innovative": False, "green_subject": False}
    assert "reservation" in {e["role"] for e in facts["evidence"]}
    assert facts["lots"][0]["strategic_procurement"] == [] and facts["lots"][0]["reserved_procurement"] == ["res-ws"]
    assert {e["language"] for e in facts["evidence"]} >= {"fr", "nl"}
    code, out = _run("extract", str(FIXTURES / "ted" / "f02_be_bilingual.xml"), "--no-detect")
    assert "detected" not in json.loads(out)["lots"][0]


def test_the_figures_script_pools_several_reports_by_adding_their_counts() -> None:
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "scripts" / "detection_figures.py"
    spec = importlib.util.spec_from_file_location("detection_figures", path)
    assert spec is not None and spec.loader is not None
    figures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(figures)

    def report(tp: int, fp: int, fn: int) -> dict[str, object]:
        score = {"dimension": "green", "split": "holdout", "language": "core", "lots": 10, "tp": tp, "fp": fp}
        return {"scores": [{**score, "fn": fn, "precision": None, "recall": None, "f1": None}]}

    (score,) = figures.pooled([report(3, 1, 0), report(1, 0, 4)])["scores"]
    assert (score["lots"], score["tp"], score["fp"], score["fn"]) == (20, 4, 1, 4)
    assert score["precision"] == 0.8 and score["recall"] == 0.5
    assert abs(score["f1"] - 2 * 0.8 * 0.5 / 1.3) < 1e-9
    line = next(row for row in figures.rows(figures.pooled([report(3, 1, 0)]), False) if "holdout" in row)
    assert "| 3 | 1 | 0 | 0.75 | 1.00 | 0.86 |" in line
