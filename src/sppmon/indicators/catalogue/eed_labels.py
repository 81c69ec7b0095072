"""Energy Efficiency Directive: energy label classes of the items procured (BT-812 of results)."""

from ..base import Indicator
from ..breakdowns import ALL_BREAKDOWNS
from ..engine import Count, Group, Key
from ..frames import result_frame
from ..tally import Tally, count_of, flag_sum


def _derive(group: Group) -> dict[str, object]:
    return {
        "items": count_of(group, "items"),
        "quantity": group.counts["quantity"],
        "consumption_kwh": group.counts["consumption_kwh"],
        "savings_kwh": group.counts["savings_kwh"],
        "items_with_quantity": count_of(group, "items_with_quantity"),
    }


INDICATOR = Indicator(
    code="eed-labels",
    titles={
        "en": "Energy Efficiency Directive: energy labels of items procured",
        "nl": "Richtlijn energie-efficiëntie: energielabels van aangekochte items",
        "fr": "Directive efficacité énergétique : étiquettes énergétiques des éléments achetés",
    },
    definition={
        "en": "Per energy label class (BT-812) of the items reported in result notices: number of items, "
        "quantity (BT-815), annual consumption (BT-813) and savings (BT-814) in kWh.",
        "nl": "Per energielabelklasse (BT-812) van de items in gunningsberichten: aantal items, hoeveelheid "
        "(BT-815), jaarlijks verbruik (BT-813) en besparing (BT-814) in kWh.",
        "fr": "Par classe d'étiquette énergétique (BT-812) des éléments déclarés dans les avis d'attribution : "
        "nombre d'éléments, quantité (BT-815), consommation (BT-813) et économies (BT-814) annuelles en kWh.",
    },
    units={"en": "items; kWh per year", "nl": "items; kWh per jaar", "fr": "éléments ; kWh par an"},
    scopes={
        "en": "Energy-efficiency items of lot results (eed_items with a result) in the latest version of result "
        "notices.",
        "nl": "Energie-efficiëntie-items van perceelresultaten (eed_items met een resultaat) in de laatste versie van "
        "de aankondigingen van gunning.",
        "fr": "Éléments d'efficacité énergétique des résultats de lots (eed_items avec un résultat) dans la dernière "
        "version des avis d'attribution.",
    },
    measure=Tally(  # result-level rows: counted directly, not summarised
        frame=lambda: result_frame("eed_items"),
        scope="p.result_id <> ''",
        counts=(
            Count("items", "COUNT(*)"),
            Count("quantity", "SUM(COALESCE(p.quantity, 0))"),
            Count("consumption_kwh", "SUM(COALESCE(p.consumption_kwh, 0))"),
            Count("savings_kwh", "SUM(COALESCE(p.savings_kwh, 0))"),
            Count("items_with_quantity", flag_sum("p.quantity IS NOT NULL")),
        ),
        output=("items", "quantity", "consumption_kwh", "savings_kwh", "items_with_quantity"),
        derive=_derive,
        extra_keys=(Key("label", "p.label"),),
        description={
            "en": "One row per label class (empty label = items without a label, e.g. works or services). The unit "
            "of quantity depends on the item (number of products, m² for buildings).",
            "nl": "Eén rij per labelklasse (leeg label = items zonder label, bv. werken of diensten). De eenheid van "
            "de hoeveelheid hangt af van het item (aantal producten, m² voor gebouwen).",
            "fr": "Une ligne par classe d'étiquette (étiquette vide = éléments sans étiquette, p. ex. travaux ou "
            "services). L'unité de la quantité dépend de l'élément (nombre de produits, m² pour les bâtiments).",
        },
    ),
    example="Items 'computer' ENERA quantity 20 and 'tyres' without label quantity 8: rows ENERA (items 1, "
    "quantity 20) and an empty label (items 1, quantity 8).",
    exclusion_texts=(
        {
            "en": "Items listed only in competition notices (no label there).",
            "nl": "Items die enkel in aankondigingen van opdracht voorkomen (daar staat geen label).",
            "fr": "Éléments énumérés uniquement dans des avis de marché (sans étiquette).",
        },
    ),
    breakdowns=ALL_BREAKDOWNS,
)
