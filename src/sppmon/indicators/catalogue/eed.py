"""Energy Efficiency Directive: lots declared in scope (BT-810) and the items they list (BT-811)."""

from ..base import Indicator
from ..breakdowns import ALL_BREAKDOWNS
from ..engine import lots_where
from ..texts import EACH_LOT, SHARE_OF_LOTS
from ..uptake import Status, Uptake

_STATUS = Status.three_way("p.eed_applicable LIKE '%true%'", "p.eed_applicable LIKE '%false%'")

INDICATOR = Indicator(
    code="eed",
    titles={
        "en": "Energy Efficiency Directive: lots in scope",
        "nl": "Richtlijn energie-efficiëntie: percelen binnen het toepassingsgebied",
        "fr": "Directive efficacité énergétique : lots concernés",
    },
    definition={
        "en": "Share of lots declared in scope of the Energy Efficiency Directive (EU) 2023/1791 (BT-810 true; "
        "explicit none when false), and how many of them list energy-efficiency items (BT-811).",
        "nl": "Aandeel van de percelen die binnen het toepassingsgebied van Richtlijn (EU) 2023/1791 inzake "
        "energie-efficiëntie vallen (BT-810 true; uitdrukkelijk geen bij false), en hoeveel daarvan "
        "energie-efficiëntie-items vermelden (BT-811).",
        "fr": "Part des lots déclarés dans le champ de la directive (UE) 2023/1791 relative à l'efficacité "
        "énergétique (BT-810 true ; explicitement aucun si false), et combien d'entre eux énumèrent des éléments "
        "d'efficacité énergétique (BT-811).",
    },
    units=SHARE_OF_LOTS,
    scopes=EACH_LOT,
    measure=Uptake(
        _STATUS,
        "eed",
        extra_counts=(lots_where("lots_with_items", "p.eed_items"),),
        extra_columns=("lots_with_items",),
        description={
            "en": "Status from lots.eed_applicable (BT-810). lots_with_items: lots listing at least one BT-811 item "
            "in the notice counted.",
            "nl": "Status uit lots.eed_applicable (BT-810). lots_with_items: percelen die in de getelde aankondiging "
            "minstens één item van BT-811 vermelden.",
            "fr": "Statut tiré de lots.eed_applicable (BT-810). lots_with_items : lots qui énumèrent au moins un "
            "élément du BT-811 dans l'avis compté.",
        },
    ),
    example="Three lots: BT-810 true with item 'computer'; BT-810 false; nothing. Uptake 33.3 %, coverage "
    "66.7 %, lots_with_items 1.",
    exclusion_texts=(
        {
            "en": "BT-810 exists from eForms SDK 1.13 (Implementing Regulation (EU) 2023/2884): earlier notices count "
            "as not reported.",
            "nl": "BT-810 bestaat sinds eForms SDK 1.13 (Uitvoeringsverordening (EU) 2023/2884): eerdere "
            "aankondigingen tellen als niet gerapporteerd.",
            "fr": "Le BT-810 existe depuis le SDK eForms 1.13 (règlement d'exécution (UE) 2023/2884) : les avis "
            "antérieurs comptent comme non renseignés.",
        },
    ),
    breakdowns=ALL_BREAKDOWNS,
)
