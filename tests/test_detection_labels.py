"""Detection graded against hand labels: the labels file, the grading, the command and the development set."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from sppmon.cli import main
from sppmon.detect.labelled import CORE_LANGUAGES, grade, parse_labels
from sppmon.errors import CatalogedError
from sppmon.model import Lot, Notice, Text

from .conftest import FIXTURES, SHARED, needs_shared

DEVELOPMENT_SET = FIXTURES / "detection-labels.tsv"
FRESH_SET = FIXTURES / "detection-labels-fresh.tsv"
SECOND_TUNE_SET = FIXTURES / "detection-labels-tune2.tsv"
SECOND_FRESH_SET = FIXTURES / "detection-labels-fresh2.tsv"
HEADER = "notice_id\tsource\tlanguage\tsplit\tgreen\tgreen_subject\tsocial\tinnovation\tnote\n"


def _row(notice_id: str, language: str, split: str, *values: str) -> str:
    return "\t".join((notice_id, f"{notice_id}.xml", language, split, *values, "a note")) + "\n"


def _notice(notice_id: str, text: str, lang: str = "ENG") -> Notice:
    lot = Lot("LOT-0001", descriptions=(Text(lang, text),))
    return Notice("ted-r2.0.9", "ContractNotice", notice_id, None, language=lang, lots=(lot,))


def test_parse_labels_reads_rows_and_comments() -> None:
    text = "# comment\n" + HEADER + _row("1-2020", "en", "tune", "yes", "no", "no", "no")
    (label,) = parse_labels(text)
    assert (label.notice_id, label.language, label.split, label.note) == ("1-2020", "en", "tune", "a note")
    assert label.value("green") and not label.value("social")
    assert label.language_groups == ("en", "core", "all")


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        ("", "LABELS_UNREADABLE", "no header"),
        ("notice_id\tsource\n", "LABELS_UNREADABLE", "missing column(s) language"),
        (HEADER + _row("1", "en", "tune", "ja", "no", "no", "no"), "LABELS_INVALID_VALUE", "row 2: green is 'ja'"),
        (HEADER + _row("1", "en", "dev", "no", "no", "no", "no"), "LABELS_INVALID_VALUE", "split is 'dev'"),
        (HEADER + _row("1", "eng", "tune", "no", "no", "no", "no"), "LABELS_INVALID_VALUE", "two-letter language"),
        (HEADER + _row("1", "en", "tune", *["no"] * 4) * 2, "LABELS_INVALID_VALUE", "row 3: notice 1 repeated"),
    ],
)
def test_parse_labels_refuses_bad_files(text: str, code: str, words: str) -> None:
    with pytest.raises(CatalogedError) as caught:
        parse_labels(text, "labels.tsv")
    assert caught.value.code == code and words in str(caught.value)


def test_grade_counts_against_known_answers() -> None:
    labels = parse_labels(
        HEADER
        + _row("a", "en", "tune", "yes", "no", "no", "no")  # green found: TP
        + _row("b", "en", "holdout", "yes", "no", "no", "no")  # green missed: FN
        + _row("c", "pl", "holdout", "no", "no", "no", "no")  # nothing in the text: TN
        + _row("d", "en", "tune", "no", "no", "no", "no")  # not among the inputs
    )
    notices = [
        _notice("a", "Cleaning products must carry the EU Ecolabel."),
        _notice("b", "Office chairs."),
        _notice("c", "Krzesła biurowe.", "POL"),
    ]
    result = grade(notices, labels)
    assert (result.labelled, result.graded, result.missing) == (4, 3, ["d"])
    green = result.scores[("green", "all", "all")]
    assert (green.true_positive, green.false_negative, green.true_negative, green.false_positive) == (1, 1, 1, 0)
    assert result.scores[("green", "tune", "core")].true_positive == 1
    assert result.scores[("green", "holdout", "other")].true_negative == 1
    assert [(m.label.notice_id, m.dimension, m.detected) for m in result.mistakes] == [("b", "green", False)]
    assert result.languages()[:3] == ["all", "core", "other"] and "pl" in result.languages()


def test_the_development_set_meets_its_quotas() -> None:
    labels = parse_labels(DEVELOPMENT_SET.read_text(encoding="utf-8"))
    languages = Counter(label.language for label in labels)
    assert len(labels) >= 200
    assert languages["nl"] + languages["fr"] >= 60
    assert sum(count for language, count in languages.items() if language not in CORE_LANGUAGES) >= len(labels) / 4
    assert {label.split for label in labels} == {"tune", "holdout"}
    for dimension in ("green", "green_subject", "social", "innovation"):
        assert any(label.value(dimension) for label in labels), dimension
    assert all(label.note for label in labels)
    fresh = parse_labels(FRESH_SET.read_text(encoding="utf-8"))
    assert len(fresh) >= 50 and {label.split for label in fresh} == {"holdout"}
    assert not {label.notice_id for label in fresh} & {label.notice_id for label in labels}


def test_the_second_tune_set_is_disjoint_and_mostly_core() -> None:
    """Drawn beside the two other sets, all of it for tuning, at least 40 notices in NL/FR/DE/EN."""
    tune2 = parse_labels(SECOND_TUNE_SET.read_text(encoding="utf-8"))
    assert len(tune2) >= 70 and {label.split for label in tune2} == {"tune"}
    assert sum(1 for label in tune2 if label.language in CORE_LANGUAGES) >= 40
    others = parse_labels(DEVELOPMENT_SET.read_text(encoding="utf-8")) + parse_labels(
        FRESH_SET.read_text(encoding="utf-8")
    )
    assert not {label.notice_id for label in tune2} & {label.notice_id for label in others}
    assert all(label.note for label in tune2)


def test_the_second_fresh_set_is_disjoint_held_out_and_noted() -> None:
    """Drawn after the three other sets with them excluded, all of it held out, a note on every label."""
    fresh2 = parse_labels(SECOND_FRESH_SET.read_text(encoding="utf-8"))
    assert len(fresh2) >= 100 and {label.split for label in fresh2} == {"holdout"}
    assert sum(1 for label in fresh2 if label.language not in CORE_LANGUAGES) >= len(fresh2) / 4
    earlier = [parse_labels(path.read_text(encoding="utf-8")) for path in (DEVELOPMENT_SET, FRESH_SET, SECOND_TUNE_SET)]
    assert not {label.notice_id for label in fresh2} & {label.notice_id for group in earlier for label in group}
    assert all(label.note for label in fresh2)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_evaluate_detection_with_labels(tmp_path: Path) -> None:
    labels = tmp_path / "labels.tsv"
    labels.write_text(
        HEADER
        + _row("123456-2019", "fr", "tune", "yes", "no", "no", "no")  # the bilingual Ecolabel notice
        + _row("654321-2018", "en", "holdout", "no", "no", "no", "no"),  # "IT environment" is not green
        encoding="utf-8",
    )
    code, out, _ = _run("evaluate-detection", "--labels", str(labels), str(FIXTURES / "ted"), "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert (report["labelled"], report["graded"], report["missing"]) == (2, 2, [])
    scores = {(s["dimension"], s["split"], s["language"]): s for s in report["scores"]}
    green = scores[("green", "all", "all")]
    assert (green["lots"], green["tp"] + green["fn"], green["fp"] + green["tn"]) == (2, 1, 1)
    assert scores[("green", "tune", "core")]["tp"] == 1  # the Ecolabel requirement is found
    mistakes = {(m["notice_id"], m["dimension"]) for m in report["mistakes"]}
    assert ("123456-2019", "green") not in mistakes
    code, out, _ = _run("evaluate-detection", "--labels", str(labels), str(FIXTURES / "ted"))
    assert code == 0 and "Detected vs hand labels" in out and "False positives and misses:" in out


def test_evaluate_detection_refuses_a_bad_labels_file(tmp_path: Path) -> None:
    labels = tmp_path / "labels.tsv"
    labels.write_text("notice_id\n", encoding="utf-8")
    code, _, err = _run("evaluate-detection", "--labels", str(labels), str(FIXTURES / "ted"))
    assert code == 3 and "LABELS_UNREADABLE" in err
    code, _, err = _run("evaluate-detection", "--labels", str(tmp_path / "absent.tsv"), str(FIXTURES / "ted"))
    assert code == 3 and "LABELS_UNREADABLE" in err and "Traceback" not in err


@needs_shared
def test_labelled_notices_of_the_small_corpora_are_found() -> None:
    labels = parse_labels(DEVELOPMENT_SET.read_text(encoding="utf-8"))
    small = [label for label in labels if not label.source.startswith("ted-pool/")]
    paths = sorted({str(SHARED / "corpus" / label.source) for label in small})
    code, out, _ = _run("evaluate-detection", "--labels", str(DEVELOPMENT_SET), *paths, "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["graded"] == len(small)
