"""Reserved contracts: sheltered workshops and integration enterprises, public-service mission, sheltered
employment programmes (BT-71, BT-736)."""

from ..base import Indicator
from ..breakdowns import ALL_BREAKDOWNS
from ..engine import lots_where
from ..texts import SHARE_OF_LOTS
from ..uptake import Status, Uptake

INDICATOR = Indicator(
    code="reserved",
    titles={
        "en": "Reserved contracts",
        "nl": "Voorbehouden opdrachten",
        "fr": "Marchés réservés",
    },
    definition={
        "en": "Share of lots whose participation is reserved (BT-71 'res-ws': sheltered workshops and economic "
        "operators integrating disabled or disadvantaged persons; 'res-pub-ser': organisations with a "
        "public-service mission) or whose execution is reserved to sheltered employment programmes (BT-736 "
        "'yes'); explicit none when BT-71 is 'none' or BT-736 'no'.",
        "nl": "Aandeel van de percelen waarvan de deelname is voorbehouden (BT-71 'res-ws': beschutte "
        "werkplaatsen en sociale-inschakelingsondernemingen; 'res-pub-ser': organisaties met een "
        "openbaredienstverleningstaak) of waarvan de uitvoering is voorbehouden aan programma's voor beschermde "
        "arbeid (BT-736 ‘ja’); uitdrukkelijk geen wanneer BT-71 ‘Deelname is niet voorbehouden’ of BT-736 ‘neen’ "
        "is.",
        "fr": "Part des lots dont la participation est réservée (BT-71 « res-ws » : ateliers protégés et "
        "opérateurs d'insertion de personnes handicapées ou défavorisées ; « res-pub-ser » : organisations "
        "investies d'une mission de service public) ou dont l'exécution est réservée à des programmes d'emplois "
        "protégés (BT-736 « oui ») ; explicitement aucun lorsque BT-71 vaut « La participation n’est pas "
        "réservée » ou BT-736 « non ».",
    },
    units=SHARE_OF_LOTS,
    scopes={
        "en": "Each procedure lot once (table procedure_lots). BT-71 and BT-736 are competition-notice fields: lots "
        "known only from result notices are not reported.",
        "nl": "Elk perceel van een procedure één keer (tabel procedure_lots). BT-71 en BT-736 zijn velden van de "
        "aankondiging van opdracht: percelen die enkel uit aankondigingen van gunning gekend zijn, zijn niet "
        "gerapporteerd.",
        "fr": "Chaque lot d'une procédure une fois (table procedure_lots). BT-71 et BT-736 sont des champs de l'avis "
        "de marché : les lots connus uniquement par des avis d'attribution sont non renseignés.",
    },
    measure=Uptake(
        Status("p.reserved_status"),
        "reserved",
        extra_counts=(
            lots_where("lots_sheltered_workshops", "p.reserved_ws"),
            lots_where("lots_public_service_mission", "p.reserved_public_service"),
            lots_where("lots_reserved_execution", "p.reserved_execution"),
        ),
        extra_columns=("lots_sheltered_workshops", "lots_public_service_mission", "lots_reserved_execution"),
        description={
            "en": "Status column: lots.reserved_status; the three kinds are counted from lot_codes (a lot may have "
            "several).",
            "nl": "Statuskolom: lots.reserved_status; de drie soorten worden geteld uit lot_codes (een perceel kan er "
            "meerdere hebben).",
            "fr": "Colonne de statut : lots.reserved_status ; les trois types sont comptés à partir de lot_codes (un "
            "lot peut en avoir plusieurs).",
        },
    ),
    example="Three lots: BT-71 'res-ws'; BT-71 'none' and BT-736 'no'; nothing. Uptake 33.3 %, coverage 66.7 %, "
    "lots_sheltered_workshops 1.",
    exclusion_texts=(
        {
            "en": "Legal anchors (Art. 20 and 77 of Directive 2014/24/EU, Art. 15 of the Belgian law of 17 June 2016) "
            "are [verify] in the field reference; the figures rest only on the eForms codes.",
            "nl": "De juridische grondslagen (art. 20 en 77 van Richtlijn 2014/24/EU, art. 15 van de wet van 17 juni "
            "2016 inzake overheidsopdrachten) zijn in de veldenreferentie nog [na te gaan]; de cijfers steunen enkel "
            "op de eForms-codes.",
            "fr": "Les fondements juridiques (art. 20 et 77 de la directive 2014/24/UE, art. 15 de la loi du 17 juin "
            "2016 relative aux marchés publics) sont encore [à vérifier] dans la référence des champs ; les chiffres "
            "reposent uniquement sur les codes eForms.",
        },
    ),
    breakdowns=ALL_BREAKDOWNS,
)
