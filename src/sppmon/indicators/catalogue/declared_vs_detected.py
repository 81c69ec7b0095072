"""Declared vs detected: where the buyer's declaration and the evidence in the texts disagree."""

from __future__ import annotations

from dataclasses import dataclass

from ...store import Store
from ..base import Indicator, Query, Table, share
from ..breakdowns import ALL_BREAKDOWNS
from ..engine import Count, Key, grouped
from ..frames import lot_frame
from ..tally import flag_sum

# Dimension → (declared status column, detected column, evidence categories written by the detector).
DIMENSIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "green": ("p.green_status", "p.green_detected", ("environmental", "label")),
    "social": ("p.social_status", "p.social_detected", ("social",)),
    "innovative": ("p.innovative_status", "p.innovative_detected", ("innovation",)),
}

COLUMNS = [
    "dimension",
    "lots_in_scope",
    "lots_text_examined",
    "lots_declared_and_detected",
    "lots_declared_only",
    "lots_detected_only",
    "lots_neither",
    "agreement_share",
    "lots_with_evidence",
]

NO_DETECTION = (
    "no detection data: text detection has not run on the lots in scope (lots.green_detected, social_detected "
    "and innovative_detected are empty); once it has, this indicator compares declarations with text evidence"
)


@dataclass(frozen=True, slots=True)
class DeclaredVsDetected:
    @property
    def method(self) -> str:
        return (
            "Each procedure lot once. For each dimension (green, social, innovative), among lots whose texts were "
            "examined (the *_detected column is not empty): declared yes and detected; declared yes without "
            "evidence (declared only); evidence without a yes declaration (detected only); neither. "
            "agreement_share = (both + neither) ÷ examined. lots_with_evidence counts lots with at least one row "
            "of the dimension's categories in table evidence."
        )

    def columns(self, query: Query) -> list[str]:
        return list(COLUMNS)

    def run(self, store: Store, query: Query) -> Table:
        rows: list[dict[str, object]] = []
        columns: list[str] = []
        for dimension, (declared, detected, categories) in DIMENSIONS.items():
            examined = f"{detected} IS NOT NULL"
            yes = f"{declared} = 'yes'"
            listed = ", ".join(f"'{category}'" for category in categories)
            evidence = (
                "EXISTS (SELECT 1 FROM evidence e WHERE e.notice_key = p.notice_key AND e.lot_id = p.lot_id "
                f"AND e.category IN ({listed}))"
            )
            counts = [
                Count("lots_in_scope", "COUNT(*)"),
                Count("examined", flag_sum(examined)),
                Count("both", flag_sum(f"{examined} AND {yes} AND {detected}")),
                Count("declared_only", flag_sum(f"{examined} AND {yes} AND NOT {detected}")),
                Count("detected_only", flag_sum(f"{examined} AND NOT ({yes}) AND {detected}")),
                Count("neither", flag_sum(f"{examined} AND NOT ({yes}) AND NOT {detected}")),
                Count("evidence", flag_sum(evidence)),
            ]
            grouping = grouped(store, lot_frame(), query, counts, extra_keys=[Key("dimension", f"'{dimension}'")])
            columns = [*grouping.key_columns, *COLUMNS[1:]]
            for group in grouping.groups:
                c = {name: int(value) for name, value in group.counts.items()}
                if not c["examined"]:
                    continue
                row: dict[str, object] = dict(group.keys)
                row.update(
                    lots_in_scope=c["lots_in_scope"],
                    lots_text_examined=c["examined"],
                    lots_declared_and_detected=c["both"],
                    lots_declared_only=c["declared_only"],
                    lots_detected_only=c["detected_only"],
                    lots_neither=c["neither"],
                    agreement_share=share(c["both"] + c["neither"], c["examined"]),
                    lots_with_evidence=c["evidence"],
                )
                rows.append(row)
        return Table(columns, rows, [] if rows else [NO_DETECTION])


INDICATOR = Indicator(
    code="declared-vs-detected",
    titles={
        "en": "Declared vs detected sustainability",
        "nl": "Aangegeven versus gedetecteerde duurzaamheid",
        "fr": "Durabilité déclarée et détectée",
    },
    definition={
        "en": "For green, social and innovative procurement: how often the buyer's eForms declaration and the "
        "evidence found in the notice texts agree, and where they disagree (declared only, detected only).",
        "nl": "Voor groene, sociale en innovatieve aankoop: hoe vaak de eForms-aangifte van de aankoper en de "
        "aanwijzingen in de teksten van het bericht overeenkomen, en waar ze verschillen (enkel aangegeven, "
        "enkel gedetecteerd).",
        "fr": "Pour les achats verts, sociaux et innovants : à quelle fréquence la déclaration eForms de "
        "l'acheteur et les indices trouvés dans les textes de l'avis concordent, et où ils divergent (déclaré "
        "seulement, détecté seulement).",
    },
    unit="lots; share of examined lots",
    scope="Procedure lots whose texts were examined by the detector (lots.*_detected not empty).",
    measure=DeclaredVsDetected(),
    example="Four examined lots for green: declared and detected; declared only; detected only; neither. Each "
    "count 1, agreement_share 50 %.",
    exclusions=(
        "Lots not examined by the detector. While no lot has detection data, the result has no rows and says so.",
        "Evidence categories are the detector's: environmental and label (green), social, innovation.",
    ),
    breakdowns=ALL_BREAKDOWNS,
)
