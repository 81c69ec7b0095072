"""Environmental impact types declared (BT-774 codes)."""

from ..base import Indicator
from ..breakdowns import ALL_BREAKDOWNS
from ..codes import CodeShares
from ..texts import NO_CODE_ROWS, SHARE_OF_LOTS, codes_scope

INDICATOR = Indicator(
    code="environmental-impact",
    titles={
        "en": "Environmental impact types",
        "nl": "Soorten milieueffecten",
        "fr": "Types d'incidences environnementales",
    },
    definition={
        "en": "Per BT-774 code (climate mitigation, circular economy, ...): lots declaring it, as a share of all "
        "lots and of green lots.",
        "nl": "Per code van BT-774 (klimaatmitigatie, circulaire economie, ...): percelen die de code aangeven, "
        "als aandeel van alle percelen en van de groene percelen.",
        "fr": "Par code du BT-774 (atténuation du changement climatique, économie circulaire, ...) : lots qui le "
        "déclarent, en part de tous les lots et des lots verts.",
    },
    units=SHARE_OF_LOTS,
    scopes=codes_scope("environmental_impact"),
    measure=CodeShares("environmental_impact", "green_status", "environmental-impact", "green"),
    example="Four lots, two green: one with 'clim-mitig' and 'circ-econ', one with 'circ-econ'. Row circ-econ: "
    "lots_with_code 2, share_of_lots 50 %, share_of_parent_yes 100 %; row clim-mitig: 1, 25 %, 50 %.",
    exclusion_texts=(NO_CODE_ROWS,),
    breakdowns=ALL_BREAKDOWNS,
)
