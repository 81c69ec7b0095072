"""GPP criteria used: BT-805 eu / national / other."""

from ..base import Indicator
from ..breakdowns import ALL_BREAKDOWNS
from ..texts import EACH_LOT, SHARE_OF_LOTS
from ..uptake import Status, Uptake

INDICATOR = Indicator(
    code="gpp-criteria",
    titles={
        "en": "Green public procurement criteria used",
        "nl": "Gebruik van criteria voor groene overheidsopdrachten",
        "fr": "Critères de marchés publics écologiques utilisés",
    },
    definition={
        "en": "Share of lots whose BT-805 names a GPP criteria set ('eu', 'national' or 'other'); explicit none "
        "when BT-805 is 'none'.",
        "nl": "Aandeel van de percelen waarvan BT-805 een reeks criteria voor groene overheidsopdrachten noemt "
        "(EU-, nationale of andere criteria); uitdrukkelijk geen wanneer BT-805 ‘Geen criteria voor groene "
        "overheidsopdrachten’ is.",
        "fr": "Part des lots dont le BT-805 indique un ensemble de critères de marchés publics écologiques (de "
        "l’UE, nationaux ou autres) ; explicitement aucun lorsque BT-805 vaut « Pas de critères applicables aux "
        "marchés publics écologiques ».",
    },
    units=SHARE_OF_LOTS,
    scopes=EACH_LOT,
    measure=Uptake(
        Status("p.gpp_status"),
        "gpp",
        description={
            "en": "Status column: lots.gpp_status (BT-805 only).",
            "nl": "Statuskolom: lots.gpp_status (enkel BT-805).",
            "fr": "Colonne de statut : lots.gpp_status (BT-805 uniquement).",
        },
    ),
    example="Two lots: BT-805 'eu' and BT-805 absent. Uptake 50 %, coverage 50 %.",
    exclusion_texts=(
        {
            "en": "BT-805 exists from eForms SDK 1.3: earlier notices cannot report it and count as not reported.",
            "nl": "BT-805 bestaat sinds eForms SDK 1.3: eerdere aankondigingen kunnen het niet vermelden en tellen als "
            "niet gerapporteerd.",
            "fr": "Le BT-805 existe depuis le SDK eForms 1.3 : les avis antérieurs ne peuvent pas le renseigner et "
            "comptent comme non renseignés.",
        },
        {
            "en": "No text detection variant: the criteria set used cannot be read from texts reliably.",
            "nl": "Geen variant met tekstdetectie: de gebruikte reeks criteria valt niet betrouwbaar uit de teksten af "
            "te leiden.",
            "fr": "Pas de variante par détection textuelle : l'ensemble de critères utilisé ne peut pas être déduit "
            "des textes de manière fiable.",
        },
    ),
    breakdowns=ALL_BREAKDOWNS,
)
