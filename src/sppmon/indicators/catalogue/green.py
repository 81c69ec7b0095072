"""Green procurement: BT-06 env-imp, any BT-774 code, or BT-805 eu/national/other."""

from ..base import DECLARED, DETECTED, EITHER, Indicator
from ..breakdowns import ALL_BREAKDOWNS
from ..texts import EACH_LOT, GREEN_SHOWN, SHARE_OF_LOTS, detected_definition, status_column
from ..uptake import Status, Uptake

INDICATOR = Indicator(
    code="green",
    titles={
        "en": "Green public procurement",
        "nl": "Groene overheidsopdrachten",
        "fr": "Marchés publics écologiques",
    },
    definition={
        "en": "Share of lots declared green: BT-06 contains 'env-imp', or any BT-774 environmental impact code, "
        "or BT-805 is 'eu', 'national' or 'other'; explicit none when not green and BT-06 or BT-805 says 'none'.",
        "nl": "Aandeel van de percelen die als groen zijn aangegeven: BT-06 bevat 'env-imp', of een code voor "
        "milieueffect (BT-774), of BT-805 noemt EU-, nationale of andere criteria voor groene overheidsopdrachten; "
        "uitdrukkelijk geen wanneer het perceel niet groen is en BT-06 of BT-805 vermeldt dat er geen zijn.",
        "fr": "Part des lots déclarés verts : BT-06 contient « env-imp », ou un code d'incidence "
        "environnementale (BT-774), ou BT-805 indique des critères de marchés publics écologiques de l’UE, "
        "nationaux ou autres ; explicitement aucun lorsque le lot n'est pas vert et que BT-06 ou BT-805 indique "
        "qu’il n’y en a pas.",
    },
    units=SHARE_OF_LOTS,
    scopes=EACH_LOT,
    measure=Uptake(
        Status("p.green_status", "p.green_detected"),
        "green",
        description=status_column("green_status", "green_detected"),
    ),
    example="Three lots: BT-774 'clim-mitig'; BT-805 'none'; nothing. Uptake 1/3 = 33.3 %, coverage 2/3 = "
    "66.7 %. With estimated values 100 000, 50 000 and 25 000 EUR: value_eur_in_scope 175 000, value_eur_yes "
    "100 000.",
    exclusion_texts=(
        {
            "en": "Superseded versions; planning, modification and completion notices; PIN parts.",
            "nl": "Vervangen versies; vooraankondigingen, aankondigingen van wijziging en van voltooiing; "
            "onderdelen van vooraankondigingen (PIN).",
            "fr": "Versions remplacées ; avis de préinformation, de modification et d'achèvement ; parties d'avis de "
            "préinformation (PIN).",
        },
    ),
    breakdowns=ALL_BREAKDOWNS,
    variants=(DECLARED, DETECTED, EITHER),
    detected_definition=detected_definition(GREEN_SHOWN),
)
