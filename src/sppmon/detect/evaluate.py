"""Declared vs detected: how well text evidence reproduces what eForms buyers declare.

Only lots whose declaration is informative count: status *yes* (a positive) or *explicit none* (a negative);
*not reported* lots are left out, because absence is not "no". Per dimension (green, social, innovative), and
per notice language, the counts give precision (detected lots that are declared), recall (declared lots that
are detected) and F1. Every disagreement is listed with its evidence so that a reviewer can tell a lexicon gap
from a declaration that the texts do not support.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import Detection, Evidence, Notice
from ..semantics import NONE, YES, lot_statuses
from .detector import detect_notice

DIMENSIONS = ("green", "social", "innovative")
ALL_LANGUAGES = "all"


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    true_negative: int = 0

    def add(self, declared: bool, detected: bool) -> None:
        if declared and detected:
            self.true_positive += 1
        elif detected:
            self.false_positive += 1
        elif declared:
            self.false_negative += 1
        else:
            self.true_negative += 1

    @property
    def lots(self) -> int:
        return self.true_positive + self.false_positive + self.false_negative + self.true_negative

    @property
    def precision(self) -> float | None:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else None

    @property
    def recall(self) -> float | None:
        declared = self.true_positive + self.false_negative
        return self.true_positive / declared if declared else None

    @property
    def f1(self) -> float | None:
        precision, recall = self.precision, self.recall
        if precision is None or recall is None or precision + recall == 0:
            return None
        return 2 * precision * recall / (precision + recall)

    def as_dict(self) -> dict[str, object]:
        return {
            "lots": self.lots,
            "tp": self.true_positive,
            "fp": self.false_positive,
            "fn": self.false_negative,
            "tn": self.true_negative,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True, slots=True)
class Disagreement:
    source: str
    notice_id: str | None
    lot_id: str
    language: str
    dimension: str
    declared: str  # "yes" or "none"
    detected: bool
    evidence: tuple[Evidence, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "notice_id": self.notice_id,
            "lot_id": self.lot_id,
            "language": self.language,
            "dimension": self.dimension,
            "declared": self.declared,
            "detected": self.detected,
            "evidence": [
                {"term": e.term, "category": e.category, "field": e.field, "matched": e.matched, "lot_id": e.lot_id}
                for e in self.evidence
            ],
        }


@dataclass
class Evaluation:
    """Scores by (dimension, language) — language ``all`` for the totals — and the disagreements."""

    scores: dict[tuple[str, str], Score] = field(default_factory=lambda: defaultdict(Score))
    disagreements: list[Disagreement] = field(default_factory=list)
    notices: int = 0
    lots_with_declaration: int = 0

    def languages(self) -> list[str]:
        return sorted({language for _, language in self.scores if language != ALL_LANGUAGES})

    def as_dict(self) -> dict[str, object]:
        return {
            "notices": self.notices,
            "lots_with_declaration": self.lots_with_declaration,
            "scores": [
                {"dimension": dimension, "language": language, **score.as_dict()}
                for (dimension, language), score in sorted(self.scores.items())
            ],
            "disagreements": [item.as_dict() for item in self.disagreements],
        }


def evaluate(notices: Iterable[tuple[str, Notice]]) -> Evaluation:
    """Compare detection with declaration on eForms notices (other formats declare nothing and are skipped)."""
    result = Evaluation()
    for source, notice in notices:
        if notice.format != "eforms":
            continue
        result.notices += 1
        detections = {detection.lot_id: detection for detection in detect_notice(notice)}
        shared = detections.get("")
        language = notice.language or "?"
        for lot in notice.lots:
            statuses = lot_statuses(lot)
            detection = detections.get(lot.lot_id)
            if any(statuses[d] in (YES, NONE) for d in DIMENSIONS):
                result.lots_with_declaration += 1
            for dimension in DIMENSIONS:
                declared = statuses[dimension]
                if declared not in (YES, NONE) or detection is None:
                    continue
                _score(result, source, notice, lot.lot_id, language, dimension, declared, detection, shared)
    return result


def _score(
    result: Evaluation,
    source: str,
    notice: Notice,
    lot_id: str,
    language: str,
    dimension: str,
    declared: str,
    detection: Detection,
    shared: Detection | None,
) -> None:
    detected = bool(getattr(detection, dimension))
    is_declared = declared == YES
    result.scores[(dimension, language)].add(is_declared, detected)
    result.scores[(dimension, ALL_LANGUAGES)].add(is_declared, detected)
    if is_declared != detected:
        evidence = tuple(
            item for item in (*detection.evidence, *(shared.evidence if shared else ())) if item.dimension == dimension
        )
        result.disagreements.append(
            Disagreement(source, notice.notice_id, lot_id, language, dimension, declared, detected, evidence)
        )
