"""Declared vs detected: where the buyer's declaration and the evidence in the texts disagree."""

from __future__ import annotations

from dataclasses import dataclass

from ...store import Store
from ..base import Indicator, Note, Query, Table, Texts, in_lang, share
from ..breakdowns import ALL_BREAKDOWNS
from ..engine import Key, grouped, lots, lots_where
from ..sources import LOTS, SUMMARY, fact_source

# Dimension → (declared status column, detected column, evidence flag); the summary fact of a dimension has
# its name. The evidence flag is set when the detector wrote evidence of the dimension's categories
# (store/lot_frame.py: environmental and label for green, social, innovation).
DIMENSIONS: dict[str, tuple[str, str, str]] = {
    "green": ("p.green_status", "p.green_detected", "p.green_evidence"),
    "social": ("p.social_status", "p.social_detected", "p.social_evidence"),
    "innovative": ("p.innovative_status", "p.innovative_detected", "p.innovative_evidence"),
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

NO_DETECTION = Note(
    {
        "en": "no detection data: text detection has not run on the lots in scope (lots.green_detected, "
        "social_detected and innovative_detected are empty); once it has, this indicator compares declarations with "
        "text evidence",
        "nl": "geen detectiegegevens: de tekstdetectie is niet uitgevoerd op de percelen binnen de afbakening "
        "(lots.green_detected, social_detected en innovative_detected zijn leeg); zodra dat gebeurd is, vergelijkt "
        "deze indicator de aangiften met de aanwijzingen in de teksten",
        "fr": "aucune donnée de détection : la détection textuelle n'a pas été appliquée aux lots du champ "
        "(lots.green_detected, social_detected et innovative_detected sont vides) ; une fois appliquée, cet "
        "indicateur compare les déclarations aux indices trouvés dans les textes",
    }
)

_METHOD: Texts = {
    "en": "Each procedure lot once. For each dimension (green, social, innovative), among lots whose texts were "
    "examined (the *_detected column is not empty): declared yes and detected; declared yes without evidence "
    "(declared only); evidence without a yes declaration (detected only); neither. agreement_share = (both + "
    "neither) ÷ examined. lots_with_evidence counts lots with at least one row of the dimension's categories in "
    "table evidence.",
    "nl": "Elk perceel van een procedure één keer. Per dimensie (groen, sociaal, innovatief), onder de percelen "
    "waarvan de teksten werden onderzocht (de kolom *_detected is niet leeg): ja aangegeven en gedetecteerd; ja "
    "aangegeven zonder aanwijzingen (enkel aangegeven); aanwijzingen zonder aangifte ja (enkel gedetecteerd); geen "
    "van beide. agreement_share = (beide + geen van beide) ÷ onderzocht. lots_with_evidence telt de percelen met "
    "minstens één rij van de categorieën van de dimensie in de tabel evidence.",
    "fr": "Chaque lot d'une procédure une fois. Pour chaque dimension (verte, sociale, innovante), parmi les lots "
    "dont les textes ont été examinés (la colonne *_detected n'est pas vide) : oui déclaré et détecté ; oui déclaré "
    "sans indice (déclaré seulement) ; indices sans déclaration oui (détecté seulement) ; ni l'un ni l'autre. "
    "agreement_share = (les deux + ni l'un ni l'autre) ÷ examinés. lots_with_evidence compte les lots ayant au "
    "moins une ligne des catégories de la dimension dans la table evidence.",
}


@dataclass(frozen=True, slots=True)
class DeclaredVsDetected:
    @property
    def method(self) -> str:
        return self.method_in("en")

    def method_in(self, lang: str) -> str:
        return in_lang(_METHOD, lang)

    def columns(self, query: Query) -> list[str]:
        return list(COLUMNS)

    def run(self, store: Store, query: Query) -> Table:
        rows: list[dict[str, object]] = []
        columns: list[str] = []
        origins: set[str] = set()
        for dimension, (declared, detected, evidence) in DIMENSIONS.items():
            examined = f"{detected} IS NOT NULL"
            yes = f"{declared} = 'yes'"
            counts = [
                lots("lots_in_scope"),
                lots_where("examined", examined),
                lots_where("both", f"{examined} AND {yes} AND {detected}"),
                lots_where("declared_only", f"{examined} AND {yes} AND NOT {detected}"),
                lots_where("detected_only", f"{examined} AND NOT ({yes}) AND {detected}"),
                lots_where("neither", f"{examined} AND NOT ({yes}) AND NOT {detected}"),
                lots_where("evidence", evidence),
            ]
            source = fact_source(store, dimension, query, [count.sql for count in counts])
            origins.add(source.origin)
            grouping = grouped(store, source.frame, query, counts, extra_keys=[Key("dimension", f"'{dimension}'")])
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
        return Table(columns, rows, [] if rows else [NO_DETECTION], SUMMARY if origins == {SUMMARY} else LOTS)


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
    units={
        "en": "lots; share of examined lots",
        "nl": "percelen; aandeel van de onderzochte percelen",
        "fr": "lots ; part des lots examinés",
    },
    scopes={
        "en": "Procedure lots whose texts were examined by the detector (lots.*_detected not empty).",
        "nl": "Percelen van procedures waarvan de teksten door de detector werden onderzocht (lots.*_detected niet "
        "leeg).",
        "fr": "Lots de procédures dont les textes ont été examinés par le détecteur (lots.*_detected non vide).",
    },
    measure=DeclaredVsDetected(),
    example="Four examined lots for green: declared and detected; declared only; detected only; neither. Each "
    "count 1, agreement_share 50 %.",
    exclusion_texts=(
        {
            "en": "Lots not examined by the detector. While no lot has detection data, the result has no rows and "
            "says so.",
            "nl": "Percelen die de detector niet heeft onderzocht. Zolang geen enkel perceel detectiegegevens heeft, "
            "heeft het resultaat geen rijen en wordt dat vermeld.",
            "fr": "Lots non examinés par le détecteur. Tant qu'aucun lot n'a de données de détection, le résultat n'a "
            "aucune ligne et le signale.",
        },
        {
            "en": "Evidence categories are the detector's: environmental and label (green), social, innovation.",
            "nl": "De categorieën van aanwijzingen zijn die van de detector: environmental en label (groen), social, "
            "innovation.",
            "fr": "Les catégories d'indices sont celles du détecteur : environmental et label (vert), social, "
            "innovation.",
        },
    ),
    breakdowns=ALL_BREAKDOWNS,
)
