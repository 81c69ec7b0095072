"""Texts shared by several indicators of the catalogue, in English, Dutch and French."""

from __future__ import annotations

from .base import Texts

SHARE_OF_LOTS: Texts = {"en": "share of lots", "nl": "aandeel van de percelen", "fr": "part des lots"}

EACH_LOT: Texts = {
    "en": "Each procedure lot once (table procedure_lots).",
    "nl": "Elk perceel van een procedure één keer (tabel procedure_lots).",
    "fr": "Chaque lot d'une procédure une fois (table procedure_lots).",
}

NO_CODE_ROWS: Texts = {
    "en": "Groups without any declared code give no rows.",
    "nl": "Groepen zonder enige aangegeven code leveren geen rijen op.",
    "fr": "Les groupes sans aucun code déclaré ne donnent aucune ligne.",
}


def codes_scope(field: str) -> Texts:
    """The scope of a code-share indicator reading lot_codes field ``field``."""
    return {
        "en": f"Each procedure lot once (table procedure_lots); codes from lot_codes field {field}.",
        "nl": f"Elk perceel van een procedure één keer (tabel procedure_lots); codes uit lot_codes, veld {field}.",
        "fr": f"Chaque lot d'une procédure une fois (table procedure_lots) ; codes tirés de lot_codes, champ {field}.",
    }


def status_column(column: str, detected: str | None = None) -> Texts:
    """The method sentence naming an uptake's status column (and its text-detection column)."""
    if detected is None:
        return {
            "en": f"Status column: lots.{column}.",
            "nl": f"Statuskolom: lots.{column}.",
            "fr": f"Colonne de statut : lots.{column}.",
        }
    return {
        "en": f"Status column: lots.{column}; detected: lots.{detected}.",
        "nl": f"Statuskolom: lots.{column}; gedetecteerd: lots.{detected}.",
        "fr": f"Colonne de statut : lots.{column} ; détecté : lots.{detected}.",
    }


def detected_definition(shown: Texts) -> Texts:
    """The definition of an indicator's detected variant, from what the lot's texts must show (``shown``):
    the three values of text detection, never "explicitly none" (docs/detection.md, docs/semantics.md)."""
    return {
        "en": f"Share of lots whose texts, not the declaration, show {shown['en']}: detected when they do; "
        "examined, nothing found when the texts were read and show none of it; not assessable when there is no "
        "text or no lexicon for its language.",
        "nl": f"Aandeel van de percelen waarvan de teksten, niet de aangifte, {shown['nl']} tonen: gedetecteerd "
        "wanneer dat zo is; onderzocht, niets gevonden wanneer de teksten gelezen werden zonder er iets van te "
        "tonen; niet beoordeelbaar wanneer er geen tekst is of geen lexicon voor de taal ervan.",
        "fr": f"Part des lots dont les textes, non la déclaration, montrent {shown['fr']} : détecté lorsque c'est "
        "le cas ; examiné, rien trouvé lorsque les textes ont été lus sans rien en montrer ; non évaluable "
        "lorsqu'il n'y a pas de texte ou pas de lexique pour sa langue.",
    }


GREEN_SHOWN: Texts = {
    "en": "environmental requirements or rewards (labels, environmental award criteria, performance terms)",
    "nl": "milieueisen of -beloningen (labels, milieugerichte gunningscriteria, uitvoeringsvoorwaarden)",
    "fr": "des exigences ou récompenses environnementales (labels, critères d'attribution environnementaux, "
    "conditions d'exécution)",
}
