"""Text detection graded against hand labels (the development set of ``docs/commands/evaluate-detection.md``).

A labels file is a UTF-8 TSV, one notice per row, written by people who read the notice with the labelling rules
of ``docs/detection.md`` before looking at any detector output. A notice counts as *detected* for a dimension
when any of its lots (or its notice-level texts) shows that dimension. Scores — precision, recall, F1 — are kept
per dimension, per split (``tune``, ``holdout`` and ``all``) and per language (the label's ISO 639-1 code,
``core`` for NL/FR/DE/EN together, ``other`` for the rest, ``all``). Every false positive and every miss is
listed with the evidence the detector found, so that a reviewer sees why.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import CatalogedError
from ..model import Detection, Evidence, Notice
from .detector import detect_notice
from .evaluate import Score

# Label column → the Detection attribute it grades.
DIMENSIONS = {"green": "green", "green_subject": "green_subject", "social": "social", "innovation": "innovative"}
SPLITS = ("tune", "holdout")
ALL = "all"
CORE = "core"
OTHER = "other"
CORE_LANGUAGES = frozenset({"nl", "fr", "de", "en"})
REQUIRED_COLUMNS = ("notice_id", "source", "language", "split", *DIMENSIONS)
_YES_NO = {"yes": True, "no": False}


@dataclass(frozen=True, slots=True)
class Label:
    notice_id: str
    source: str
    language: str  # ISO 639-1, lower case (the notice's original language)
    split: str  # "tune" or "holdout"
    values: tuple[tuple[str, bool], ...]  # (label column, value) for every dimension
    confidence: str = ""
    note: str = ""

    def value(self, dimension: str) -> bool:
        return dict(self.values)[dimension]

    @property
    def language_groups(self) -> tuple[str, ...]:
        return (self.language, CORE if self.language in CORE_LANGUAGES else OTHER, ALL)


def parse_labels(text: str, name: str = "<labels>") -> tuple[Label, ...]:
    """The labels of a TSV text; ``#`` lines are comments. Raises ``LABELS_*`` errors naming line and column."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not lines:
        raise CatalogedError("LABELS_UNREADABLE", f"{name}: no header line")
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or ())]
    if missing:
        raise CatalogedError("LABELS_UNREADABLE", f"{name}: missing column(s) {', '.join(missing)}")
    labels: list[Label] = []
    seen: set[str] = set()
    for number, row in enumerate(reader, start=2):
        label = _label(row, f"{name}: row {number}")
        if label.notice_id in seen:
            raise CatalogedError("LABELS_INVALID_VALUE", f"{name}: row {number}: notice {label.notice_id} repeated")
        seen.add(label.notice_id)
        labels.append(label)
    return tuple(labels)


def _label(row: dict[str, str | None], where: str) -> Label:
    def cell(column: str) -> str:
        return (row.get(column) or "").strip()

    values = []
    for column in DIMENSIONS:
        if cell(column) not in _YES_NO:
            raise CatalogedError("LABELS_INVALID_VALUE", f"{where}: {column} is {cell(column)!r}, not yes or no")
        values.append((column, _YES_NO[cell(column)]))
    if cell("split") not in SPLITS:
        raise CatalogedError("LABELS_INVALID_VALUE", f"{where}: split is {cell('split')!r}, not tune or holdout")
    if not cell("notice_id") or len(cell("language")) != 2:
        raise CatalogedError("LABELS_INVALID_VALUE", f"{where}: needs a notice_id and a two-letter language")
    return Label(
        cell("notice_id"),
        cell("source"),
        cell("language").lower(),
        cell("split"),
        tuple(values),
        cell("confidence"),
        cell("note"),
    )


@dataclass(frozen=True, slots=True)
class Mistake:
    """A false positive (detected, labelled no) or a miss (labelled yes, not detected), with its evidence."""

    label: Label
    dimension: str
    detected: bool
    evidence: tuple[Evidence, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "notice_id": self.label.notice_id,
            "source": self.label.source,
            "language": self.label.language,
            "split": self.label.split,
            "dimension": self.dimension,
            "kind": "false_positive" if self.detected else "miss",
            "note": self.label.note,
            "evidence": [_evidence_dict(item) for item in self.evidence],
        }


def _evidence_dict(item: Evidence) -> dict[str, object]:
    return {
        "lot_id": item.lot_id,
        "field": item.field,
        "term": item.term,
        "language": item.language,
        "matched": item.matched,
        "start": item.start,
        "end": item.end,
        "role": getattr(item, "role", None),
    }


@dataclass
class Grading:
    """Scores keyed by (dimension, split, language group) and the mistakes, in label order."""

    scores: dict[tuple[str, str, str], Score] = field(default_factory=lambda: defaultdict(Score))
    mistakes: list[Mistake] = field(default_factory=list)
    labelled: int = 0
    graded: int = 0
    missing: list[str] = field(default_factory=list)  # labelled notices not found among the inputs
    # Notices no lot of which could be assessed (no text in a language with a lexicon), by (split, language).
    not_assessable: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))

    def languages(self) -> list[str]:
        found = {language for _, _, language in self.scores}
        single = sorted(language for language in found if language not in (ALL, CORE, OTHER))
        return [ALL, CORE, OTHER, *single]

    def as_dict(self) -> dict[str, object]:
        return {
            "labelled": self.labelled,
            "graded": self.graded,
            "missing": self.missing,
            "not_assessable": [
                {"split": split, "language": language, "notices": count}
                for (split, language), count in sorted(self.not_assessable.items())
            ],
            "scores": [
                {"dimension": dimension, "split": split, "language": language, **score.as_dict()}
                for (dimension, split, language), score in sorted(self.scores.items())
            ],
            "mistakes": [mistake.as_dict() for mistake in self.mistakes],
        }


def grade(notices: Iterable[Notice], labels: Iterable[Label]) -> Grading:
    """Detect on every labelled notice among ``notices`` and score the verdicts against ``labels``."""
    wanted = {label.notice_id: label for label in labels}
    result = Grading(labelled=len(wanted))
    graded: dict[str, tuple[Detection, ...]] = {}
    for notice in notices:
        if notice.notice_id in wanted and notice.notice_id not in graded:
            graded[notice.notice_id] = detect_notice(notice)
    for notice_id, label in wanted.items():
        detections = graded.get(notice_id)
        if detections is None:
            result.missing.append(notice_id)
            continue
        result.graded += 1
        if not any(detection.assessable for detection in detections):
            for split in (label.split, ALL):
                for language in label.language_groups:
                    result.not_assessable[(split, language)] += 1
        for dimension, attribute in DIMENSIONS.items():
            _score(result, label, dimension, attribute, detections)
    return result


def _score(result: Grading, label: Label, dimension: str, attribute: str, detections: tuple[Detection, ...]) -> None:
    detected = any(bool(getattr(detection, attribute, False)) for detection in detections)
    truth = label.value(dimension)
    for split in (label.split, ALL):
        for language in label.language_groups:
            result.scores[(dimension, split, language)].add(truth, detected)
    if truth != detected:
        evidence = tuple(item for detection in detections for item in detection.evidence if item.dimension == attribute)
        result.mistakes.append(Mistake(label, dimension, detected, evidence))
