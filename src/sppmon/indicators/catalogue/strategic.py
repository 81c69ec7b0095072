"""Strategic procurement (any): green, social or innovative."""

from ..base import DECLARED, DETECTED, EITHER, Indicator
from ..breakdowns import ALL_BREAKDOWNS
from ..texts import SHARE_OF_LOTS, detected_definition
from ..uptake import Status, Uptake

INDICATOR = Indicator(
    code="strategic",
    titles={
        "en": "Strategic procurement (any)",
        "nl": "Strategische overheidsopdrachten (om het even welke)",
        "fr": "Marchés publics stratégiques (tous types)",
    },
    definition={
        "en": "Share of lots that declare green, social or innovative procurement (BT-06, BT-774, BT-775, "
        "BT-776, BT-805); explicit none when BT-06 says 'none'.",
        "nl": "Aandeel van de percelen die groene, sociale of innovatieve aankoop aangeven (BT-06, BT-774, "
        "BT-775, BT-776, BT-805); uitdrukkelijk geen wanneer BT-06 ‘Geen strategische aanbesteding’ vermeldt.",
        "fr": "Part des lots qui déclarent un achat vert, social ou innovant (BT-06, BT-774, BT-775, BT-776, "
        "BT-805) ; explicitement aucun lorsque BT-06 indique « Pas de passation de marché stratégique ».",
    },
    units=SHARE_OF_LOTS,
    scopes={
        "en": "Each procedure lot once (table procedure_lots): competition notices first, else result notices.",
        "nl": "Elk perceel van een procedure één keer (tabel procedure_lots): bij voorkeur uit de aankondiging van "
        "opdracht, anders uit de aankondiging van gunning.",
        "fr": "Chaque lot d'une procédure une fois (table procedure_lots) : d'abord selon l'avis de marché, sinon "
        "selon l'avis d'attribution.",
    },
    measure=Uptake(
        Status(
            "p.strategic_status",
            detected_any=("p.green_detected", "p.social_detected", "p.innovative_detected"),
        ),
        "strategic",
        description={
            "en": "Status column: lots.strategic_status (yes when green, social or innovative is yes).",
            "nl": "Statuskolom: lots.strategic_status (ja wanneer groen, sociaal of innovatief ja is).",
            "fr": "Colonne de statut : lots.strategic_status (oui lorsque vert, social ou innovant vaut oui).",
        },
    ),
    example="Four lots: one declares env-imp, one declares BT-06 'none', two declare nothing. lots_in_scope 4, "
    "lots_yes 1, lots_none 1, lots_not_reported 2: uptake 25 %, coverage 50 %, not reported 50 %.",
    exclusion_texts=(
        {
            "en": "Planning, modification and completion notices; superseded notice versions.",
            "nl": "Vooraankondigingen, aankondigingen van wijziging en van voltooiing; vervangen versies van "
            "aankondigingen.",
            "fr": "Avis de préinformation, de modification et d'achèvement ; versions remplacées des avis.",
        },
        {
            "en": "Parts (PAR-…) of prior information notices and groups of lots (GLO-…).",
            "nl": "Onderdelen (PAR-…) van vooraankondigingen en groepen van percelen (GLO-…).",
            "fr": "Parties (PAR-…) d'avis de préinformation et groupes de lots (GLO-…).",
        },
    ),
    breakdowns=ALL_BREAKDOWNS,
    variants=(DECLARED, DETECTED, EITHER),
    detected_definition=detected_definition(
        {
            "en": "green, social or innovative procurement",
            "nl": "groene, sociale of innovatieve aankoop",
            "fr": "un achat vert, social ou innovant",
        }
    ),
)
