"""Social procurement: BT-06 soc-obj or any BT-775 code."""

from ..base import DECLARED, DETECTED, EITHER, Indicator
from ..breakdowns import ALL_BREAKDOWNS
from ..texts import EACH_LOT, SHARE_OF_LOTS, detected_definition, status_column
from ..uptake import Status, Uptake

INDICATOR = Indicator(
    code="social",
    titles={
        "en": "Socially responsible procurement",
        "nl": "Sociaal verantwoorde overheidsopdrachten",
        "fr": "Marchés publics socialement responsables",
    },
    definition={
        "en": "Share of lots declared social: BT-06 contains 'soc-obj' or any BT-775 social objective code; "
        "explicit none when not social and BT-06 says 'none'.",
        "nl": "Aandeel van de percelen die als sociaal zijn aangegeven: BT-06 bevat 'soc-obj' of een code voor "
        "sociale doelstelling (BT-775); uitdrukkelijk geen wanneer het perceel niet sociaal is en BT-06 ‘Geen "
        "strategische aanbesteding’ vermeldt.",
        "fr": "Part des lots déclarés sociaux : BT-06 contient « soc-obj » ou un code d'objectif social (BT-775) ; "
        "explicitement aucun lorsque le lot n'est pas social et que BT-06 indique « Pas de passation de marché "
        "stratégique ».",
    },
    units=SHARE_OF_LOTS,
    scopes=EACH_LOT,
    measure=Uptake(
        Status("p.social_status", "p.social_detected"),
        "social",
        description=status_column("social_status", "social_detected"),
    ),
    example="Two lots: BT-775 'work-cond'; BT-06 'none'. Uptake 50 %, coverage 100 %.",
    exclusion_texts=(
        {
            "en": "Reserved contracts (BT-71) are a separate indicator (reserved) and do not make a lot social.",
            "nl": "Voorbehouden opdrachten (BT-71) zijn een aparte indicator (reserved) en maken een perceel niet "
            "sociaal.",
            "fr": "Les marchés réservés (BT-71) font l'objet d'un indicateur distinct (reserved) et ne rendent pas un "
            "lot social.",
        },
    ),
    breakdowns=ALL_BREAKDOWNS,
    variants=(DECLARED, DETECTED, EITHER),
    detected_definition=detected_definition(
        {
            "en": "social clauses or social award criteria (social return, sheltered work, fair trade)",
            "nl": "sociale clausules of sociale gunningscriteria (sociale inschakeling, beschutte arbeid, "
            "eerlijke handel)",
            "fr": "des clauses sociales ou des critères d'attribution sociaux (clause d'insertion, travail adapté, "
            "commerce équitable)",
        }
    ),
)
