"""Social objectives declared (BT-775 codes)."""

from ..base import Indicator
from ..breakdowns import ALL_BREAKDOWNS
from ..codes import CodeShares
from ..texts import NO_CODE_ROWS, SHARE_OF_LOTS, codes_scope

INDICATOR = Indicator(
    code="social-objectives",
    titles={
        "en": "Social objectives",
        "nl": "Sociale doelstellingen",
        "fr": "Objectifs sociaux",
    },
    definition={
        "en": "Per BT-775 code (employment opportunities, fair working conditions, ...): lots declaring it, as a "
        "share of all lots and of social lots.",
        "nl": "Per code van BT-775 (werkgelegenheidskansen, billijke arbeidsvoorwaarden, ...): percelen die de "
        "code aangeven, als aandeel van alle percelen en van de sociale percelen.",
        "fr": "Par code du BT-775 (possibilités d'emploi, conditions de travail équitables, ...) : lots qui le "
        "déclarent, en part de tous les lots et des lots sociaux.",
    },
    units=SHARE_OF_LOTS,
    scopes=codes_scope("social_objective"),
    measure=CodeShares("social_objective", "social_status", "social-objective", "social"),
    example="Two social lots of five, both 'work-cond': row work-cond lots_with_code 2, share_of_lots 40 %, "
    "share_of_parent_yes 100 %.",
    exclusion_texts=(NO_CODE_ROWS,),
    breakdowns=ALL_BREAKDOWNS,
)
