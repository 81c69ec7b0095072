"""Green procurement among lots of GPP product groups (relevance-aware denominator)."""

from ..base import DECLARED, DETECTED, EITHER, Indicator, Texts
from ..breakdowns import ALL_BREAKDOWNS
from ..texts import GREEN_SHOWN, SHARE_OF_LOTS, detected_definition
from ..uptake import Status, Uptake

_AMONG_GROUPS: Texts = {
    "en": "Counted among lots whose CPV falls in an EU GPP product group.",
    "nl": "Geteld onder de percelen waarvan de CPV-code tot een EU-GPP-productgroep behoort.",
    "fr": "Compté parmi les lots dont le code CPV relève d'un groupe de produits MPE de l'UE.",
}
_DETECTED = detected_definition(GREEN_SHOWN)

INDICATOR = Indicator(
    code="gpp-relevant",
    titles={
        "en": "Green procurement where EU GPP criteria exist",
        "nl": "Groene aankoop waar EU-GPP-criteria bestaan",
        "fr": "Achats verts là où des critères MPE de l'UE existent",
    },
    definition={
        "en": "The green indicator restricted to lots whose CPV falls in an EU GPP product group (CPV → product "
        "group crosswalk): uptake among lots for which green criteria exist.",
        "nl": "De indicator groene aankoop, beperkt tot percelen waarvan de CPV-code tot een EU-GPP-productgroep "
        "behoort: aandeel onder de percelen waarvoor groene criteria bestaan.",
        "fr": "L'indicateur achats verts limité aux lots dont le code CPV relève d'un groupe de produits MPE de "
        "l'UE : part parmi les lots pour lesquels des critères verts existent.",
    },
    units=SHARE_OF_LOTS,
    scopes={
        "en": "Procedure lots with a product group (lots.product_group not empty).",
        "nl": "Percelen van procedures met een productgroep (lots.product_group niet leeg).",
        "fr": "Lots de procédures rattachés à un groupe de produits (lots.product_group non vide).",
    },
    measure=Uptake(
        Status("p.green_status", "p.green_detected"),
        "green",
        scope="p.product_group IS NOT NULL",
        description={
            "en": "Status column: lots.green_status, among lots with lots.product_group. The crosswalk is a "
            "heuristic starter mapping (docs/semantics.md, Product groups).",
            "nl": "Statuskolom: lots.green_status, onder de percelen met lots.product_group. De koppeling CPV → "
            "productgroep is een heuristische eerste versie (docs/semantics.md, Product groups).",
            "fr": "Colonne de statut : lots.green_status, parmi les lots ayant un lots.product_group. La table de "
            "correspondance CPV → groupe de produits est une première version heuristique (docs/semantics.md, "
            "Product groups).",
        },
    ),
    example="Four lots, two with product group 'computers' (one green, one BT-805 'none') and two IT services "
    "without group: lots_in_scope 2, uptake 50 %, coverage 100 %.",
    exclusion_texts=(
        {
            "en": "Lots whose CPV matches no product group.",
            "nl": "Percelen waarvan de CPV-code bij geen enkele productgroep hoort.",
            "fr": "Lots dont le code CPV ne correspond à aucun groupe de produits.",
        },
    ),
    breakdowns=ALL_BREAKDOWNS,
    variants=(DECLARED, DETECTED, EITHER),
    detected_definition={lang: f"{_DETECTED[lang]} {_AMONG_GROUPS[lang]}" for lang in _DETECTED},
)
