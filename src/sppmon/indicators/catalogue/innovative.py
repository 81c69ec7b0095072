"""Innovative procurement: BT-06 inn-pur or any BT-776 code."""

from ..base import DECLARED, DETECTED, EITHER, Indicator
from ..breakdowns import ALL_BREAKDOWNS
from ..texts import EACH_LOT, SHARE_OF_LOTS, detected_definition, status_column
from ..uptake import Status, Uptake

INDICATOR = Indicator(
    code="innovative",
    titles={
        "en": "Procurement of innovation",
        "nl": "Innovatiegerichte overheidsopdrachten",
        "fr": "Achats publics d'innovation",
    },
    definition={
        "en": "Share of lots declared innovative: BT-06 contains 'inn-pur' or any BT-776 code; explicit none "
        "when not innovative and BT-06 says 'none'.",
        "nl": "Aandeel van de percelen die als innovatief zijn aangegeven: BT-06 bevat 'inn-pur' of een code "
        "van BT-776; uitdrukkelijk geen wanneer het perceel niet innovatief is en BT-06 ‘Geen strategische "
        "aanbesteding’ vermeldt.",
        "fr": "Part des lots déclarés innovants : BT-06 contient « inn-pur » ou un code du BT-776 ; "
        "explicitement aucun lorsque le lot n'est pas innovant et que BT-06 indique « Pas de passation de marché "
        "stratégique ».",
    },
    units=SHARE_OF_LOTS,
    scopes=EACH_LOT,
    measure=Uptake(
        Status("p.innovative_status", "p.innovative_detected"),
        "innovative",
        description=status_column("innovative_status", "innovative_detected"),
    ),
    example="Five lots: one BT-776 'rd-act', two BT-06 'none', two nothing. Uptake 20 %, coverage 60 %.",
    exclusion_texts=(
        {
            "en": "Procedure type 'innovation' (innovation partnership) alone does not make a lot innovative.",
            "nl": "Het proceduretype ‘Innovatiepartnerschap’ alleen maakt een perceel niet innovatief.",
            "fr": "Le type de procédure « Partenariat d’innovation » ne rend pas à lui seul un lot innovant.",
        },
    ),
    breakdowns=ALL_BREAKDOWNS,
    variants=(DECLARED, DETECTED, EITHER),
    detected_definition=detected_definition(
        {
            "en": "innovation procurement (innovation partnerships, pre-commercial procurement, innovation criteria)",
            "nl": "innovatiegerichte aankoop (innovatiepartnerschappen, precommerciële aankoop, innovatiecriteria)",
            "fr": "un achat innovant (partenariats d'innovation, achats précommerciaux, critères d'innovation)",
        }
    ),
)
