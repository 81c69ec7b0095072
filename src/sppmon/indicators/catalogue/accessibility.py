"""Accessibility criteria for persons with disabilities (BT-754)."""

from ..base import Indicator
from ..breakdowns import ALL_BREAKDOWNS
from ..texts import EACH_LOT, SHARE_OF_LOTS, status_column
from ..uptake import Status, Uptake

INDICATOR = Indicator(
    code="accessibility",
    titles={
        "en": "Accessibility criteria",
        "nl": "Toegankelijkheidscriteria",
        "fr": "Critères d'accessibilité",
    },
    definition={
        "en": "Share of lots whose technical specifications include accessibility criteria for persons with "
        "disabilities (BT-754 'inc'); explicit none for 'n-inc' and 'n-inc-just'.",
        "nl": "Aandeel van de percelen waarvan de technische specificaties toegankelijkheidscriteria voor "
        "personen met een handicap bevatten (BT-754); uitdrukkelijk geen wanneer BT-754 vermeldt dat er geen "
        "zijn opgenomen (de opdracht is niet bestemd voor natuurlijke personen, of om een opgegeven reden).",
        "fr": "Part des lots dont les spécifications techniques comprennent des critères d'accessibilité pour "
        "les personnes handicapées (BT-754) ; explicitement aucun lorsque BT-754 indique qu’ils ne sont pas "
        "appliqués (le marché n’est pas destiné aux personnes physiques, ou pour une raison donnée).",
    },
    units=SHARE_OF_LOTS,
    scopes=EACH_LOT,
    measure=Uptake(
        Status("p.accessibility_status"), "accessibility", description=status_column("accessibility_status")
    ),
    example="Two lots: BT-754 'inc' and 'n-inc'. Uptake 50 %, coverage 100 %.",
    exclusion_texts=(
        {
            "en": "'n-inc' (not intended for natural persons) counts as explicit none, not as not reported.",
            "nl": "Geen criteria omdat de opdracht niet bestemd is voor natuurlijke personen telt als "
            "uitdrukkelijk geen, niet als niet gerapporteerd.",
            "fr": "L’absence de critères parce que le marché n’est pas destiné aux personnes physiques compte comme "
            "explicitement aucun, et non comme non renseigné.",
        },
    ),
    breakdowns=ALL_BREAKDOWNS,
)
