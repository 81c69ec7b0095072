"""GPP criteria used: BT-805 eu / national / other."""

from ..base import Indicator
from ..breakdowns import ALL_BREAKDOWNS
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
        "nl": "Aandeel van de percelen waarvan BT-805 een reeks GPP-criteria noemt ('eu', 'national' of "
        "'other'); uitdrukkelijk geen wanneer BT-805 'none' is.",
        "fr": "Part des lots dont le BT-805 indique un ensemble de critères MPE (« eu », « national » ou "
        "« other ») ; explicitement aucun lorsque BT-805 vaut « none ».",
    },
    unit="share of lots",
    scope="Each procedure lot once (table procedure_lots).",
    measure=Uptake(Status("p.gpp_status"), description="Status column: lots.gpp_status (BT-805 only)."),
    example="Two lots: BT-805 'eu' and BT-805 absent. Uptake 50 %, coverage 50 %.",
    exclusions=(
        "BT-805 exists from eForms SDK 1.3: earlier notices cannot report it and count as not reported.",
        "No text detection variant: the criteria set used cannot be read from texts reliably.",
    ),
    breakdowns=ALL_BREAKDOWNS,
)
