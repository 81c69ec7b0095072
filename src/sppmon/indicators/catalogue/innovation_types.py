"""Types of innovation declared (BT-776 codes)."""

from ..base import Indicator
from ..breakdowns import ALL_BREAKDOWNS
from ..codes import CodeShares
from ..texts import NO_CODE_ROWS, SHARE_OF_LOTS, codes_scope

INDICATOR = Indicator(
    code="innovation-types",
    titles={
        "en": "Types of innovation procured",
        "nl": "Soorten aangekochte innovatie",
        "fr": "Types d'innovation achetée",
    },
    definition={
        "en": "Per BT-776 code (novel on the market, process, product, R&D): lots declaring it, as a share of all "
        "lots and of innovative lots.",
        "nl": "Per code van BT-776 (nieuw op de markt, proces, product, O&O): percelen die de code aangeven, als "
        "aandeel van alle percelen en van de innovatieve percelen.",
        "fr": "Par code du BT-776 (nouveau sur le marché, procédé, produit, R&D) : lots qui le déclarent, en part "
        "de tous les lots et des lots innovants.",
    },
    units=SHARE_OF_LOTS,
    scopes=codes_scope("innovative_acquisition"),
    measure=CodeShares("innovative_acquisition", "innovative_status", "innovative-acquisition", "innovative"),
    example="One innovative lot of four with 'rd-act': row rd-act lots_with_code 1, share_of_lots 25 %, "
    "share_of_parent_yes 100 %.",
    exclusion_texts=(NO_CODE_ROWS,),
    breakdowns=ALL_BREAKDOWNS,
)
