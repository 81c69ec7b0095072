"""Accessibility criteria for persons with disabilities (BT-754)."""

from ..base import Indicator
from ..breakdowns import ALL_BREAKDOWNS
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
        "personen met een handicap bevatten (BT-754 'inc'); uitdrukkelijk geen bij 'n-inc' en 'n-inc-just'.",
        "fr": "Part des lots dont les spécifications techniques comprennent des critères d'accessibilité pour "
        "les personnes handicapées (BT-754 « inc ») ; explicitement aucun pour « n-inc » et « n-inc-just ».",
    },
    unit="share of lots",
    scope="Each procedure lot once (table procedure_lots).",
    measure=Uptake(Status("p.accessibility_status"), description="Status column: lots.accessibility_status."),
    example="Two lots: BT-754 'inc' and 'n-inc'. Uptake 50 %, coverage 100 %.",
    exclusions=("'n-inc' (not intended for natural persons) counts as explicit none, not as not reported.",),
    breakdowns=ALL_BREAKDOWNS,
)
