"""The notice checker: for a draft or published eForms notice, which product groups each lot touches, which
sustainability fields are missing or inconsistent, what the guide recommends, and — when a text detector is
given — what evidence its texts show.

Pure library: :func:`check_notice` takes a :class:`Notice` and returns a :class:`CheckReport`, whose
:meth:`CheckReport.as_dict` is the JSON contract used by ``sppmon check`` and the web upload. Text evidence is
one more section, fed by the ``evidence`` function the caller passes (the detector's "notice → detections");
without it the section says ``not-run`` and the rules that need evidence stay silent instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Detection, Lot, Notice, pick_text
from ..readers import ReaderOptions, read_notice
from ..semantics import lot_statuses
from .fiche import Fiche
from .knowledge import CpvMatch, KnowledgeBase, load_knowledge_base
from .present import fiche_as_dict
from .rules import ADVICE, FIELDS_ALLOWED_SUBTYPES, INCONSISTENT, MISSING, Finding, LotContext, run_rules

_DIGITS = re.compile(r"(\d+)")

EvidenceFunction = Callable[[Notice], Iterable[Detection]]

EVIDENCE_RUN = "run"
EVIDENCE_NOT_RUN = "not-run"


def declared_codes(lot: Lot, business_term: str) -> tuple[str, ...]:
    """The codes a lot declares for a business term the guide asks for (empty: not reported)."""
    simple: dict[str, tuple[str, ...]] = {
        "BT-06": lot.strategic_procurement,
        "BT-774": lot.environmental_impact,
        "BT-775": lot.social_objective,
        "BT-776": lot.innovative_acquisition,
        "BT-805": lot.gpp_criteria,
        "BT-754": lot.accessibility,
        "BT-71": lot.reserved_procurement,
        "BT-736": lot.reserved_execution,
        "BT-539": lot.award_criterion_types,
        "BT-717": lot.cvd_applicable,
        "BT-735": lot.cvd_contract_types,
        "BT-810": lot.eed_applicable,
    }
    if business_term in simple:
        return simple[business_term]
    if business_term == "BT-811(a)":
        return tuple(sorted({item.basis for item in lot.eed_items if item.basis}))
    if business_term == "BT-811(b)":
        return tuple(sorted({item.item for item in lot.eed_items if item.item}))
    raise ValueError(f"unknown business term {business_term}")


@dataclass(frozen=True, slots=True)
class LotCheck:
    lot: Lot
    matches: tuple[CpvMatch, ...]
    findings: tuple[Finding, ...]
    detection: Detection | None

    def as_dict(self, lang: str, languages: tuple[str | None, ...]) -> dict[str, Any]:
        return {
            "lot_id": self.lot.lot_id,
            "title": pick_text(self.lot.titles, languages),
            "cpv_main": self.lot.cpv_main,
            "cpv_additional": list(self.lot.cpv_additional),
            "status": lot_statuses(self.lot),
            "product_groups": [
                {
                    "id": match.fiche.id,
                    "name": match.fiche.name(lang),
                    "cpv_prefix": match.prefix,
                    "primary": index == 0,
                }
                for index, match in enumerate(self.matches)
            ],
            "findings": [
                {"rule": f.rule, "severity": f.severity, "fields": list(f.fields), "message": f.message_in(lang)}
                for f in self.findings
            ],
            "recommendations": [recommendation(match.fiche, self.lot, lang) for match in self.matches],
            "evidence": _evidence(self.detection),
        }


def _evidence(detection: Detection | None) -> dict[str, Any] | None:
    if detection is None:
        return None
    return {
        "green": detection.green,
        "social": detection.social,
        "innovative": detection.innovative,
        "items": [
            {
                "category": item.category,
                "term": item.term,
                "language": item.language,
                "field": item.field,
                "matched": item.matched,
            }
            for item in detection.evidence
        ],
    }


def recommendation(fiche: Fiche, lot: Lot | None, lang: str) -> dict[str, Any]:
    """The fiche as the guide shows it; with a lot, each code to declare says whether the lot declares it."""
    advice = fiche_as_dict(fiche, lang)
    for entry in advice["declare"]:
        declared = declared_codes(lot, entry["field"]) if lot is not None else ()
        entry["declared"] = list(declared)
        entry["not_declared"] = [code for code in entry["codes"] if code not in declared]
    return advice


def natural_key(text: str | None) -> tuple[tuple[int, int | str], ...]:
    """Orders identifiers as people count: LOT-0002 before LOT-0010, LOT-2 before LOT-10 (runs of digits compare
    as numbers, the rest as text, case-insensitively)."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold()) for part in _DIGITS.split(text or "") if part
    )


@dataclass(frozen=True, slots=True)
class CheckReport:
    notice: Notice
    lots: tuple[LotCheck, ...]
    evidence_status: str  # EVIDENCE_RUN or EVIDENCE_NOT_RUN
    fields_allowed: bool  # the subtype carries the lot-level sustainability fields at all

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((INCONSISTENT, MISSING, ADVICE), 0)
        for lot in self.lots:
            for finding in lot.findings:
                counts[finding.severity] += 1
        return counts

    @property
    def has_problems(self) -> bool:
        counts = self.counts()
        return bool(counts[INCONSISTENT] or counts[MISSING])

    def summary(self, lang: str = "en") -> list[dict[str, Any]]:
        """The findings that repeat over several lots (same rule and message), each once with the lots it
        concerns in natural order (LOT-0002 before LOT-0010) — a 25-lot notice that misses BT-06 everywhere says
        so once, not 25 times."""
        groups: dict[tuple[str, str], dict[str, Any]] = {}
        for lot in self.lots:
            for found in lot.findings:
                message = found.message_in(lang)
                entry = groups.setdefault(
                    (found.rule, message),
                    {
                        "rule": found.rule,
                        "severity": found.severity,
                        "fields": list(found.fields),
                        "message": message,
                        "lots": [],
                    },
                )
                entry["lots"].append(lot.lot.lot_id)
        for entry in groups.values():
            entry["lots"].sort(key=natural_key)
        return [entry for entry in groups.values() if len(entry["lots"]) > 1]

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        notice = self.notice
        languages = (notice.language, *notice.additional_languages)
        return {
            "notice": {
                "notice_id": notice.notice_id,
                "version": notice.version,
                "subtype": notice.subtype,
                "form_type": notice.form_type,
                "sdk_version": notice.sdk_version,
                "title": pick_text(notice.titles, languages),
            },
            "fields_allowed": self.fields_allowed,
            "evidence_status": self.evidence_status,
            "counts": self.counts(),
            "summary": self.summary(lang),
            "lots": [lot.as_dict(lang, languages) for lot in self.lots],
        }


def check_notice(
    notice: Notice,
    knowledge: KnowledgeBase | None = None,
    evidence: EvidenceFunction | None = None,
) -> CheckReport:
    """Check every lot of ``notice`` (parts of PIN-only notices too) against the rules and the guide."""
    knowledge = knowledge or load_knowledge_base()
    detections = {d.lot_id: d for d in evidence(notice)} if evidence is not None else None
    fields_allowed = notice.subtype is None or notice.subtype in FIELDS_ALLOWED_SUBTYPES
    lots = []
    for lot in sorted(notice.lots, key=lambda lot: natural_key(lot.lot_id)):
        cpv_additional = lot.cpv_additional or (() if lot.cpv_main else notice.cpv_additional)
        matches = tuple(knowledge.matches_of_lot(lot.cpv_main or notice.cpv_main, cpv_additional))
        detection = None
        if detections is not None:
            detection = detections.get(lot.lot_id) or Detection(lot.lot_id, False, False, False)
        context = LotContext(notice, lot, matches, detection)
        findings = tuple(run_rules(context)) if fields_allowed else ()
        lots.append(LotCheck(lot, matches, findings, detection))
    return CheckReport(notice, tuple(lots), EVIDENCE_NOT_RUN if evidence is None else EVIDENCE_RUN, fields_allowed)


def check_bytes(
    data: bytes,
    knowledge: KnowledgeBase | None = None,
    evidence: EvidenceFunction | None = None,
    options: ReaderOptions | None = None,
) -> CheckReport:
    """Read an eForms notice (draft or published) and check it; raises :class:`CatalogedError` if unreadable."""
    return check_notice(read_notice(data, options), knowledge, evidence)
