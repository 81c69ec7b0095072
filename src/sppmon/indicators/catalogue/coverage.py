"""Sustainability-field coverage (data quality): how often buyers fill in the voluntary fields."""

from ...store.summary_facts import STATUS_FIELDS
from ..base import Indicator, share
from ..breakdowns import ALL_BREAKDOWNS
from ..engine import Group, lots, lots_where
from ..tally import Tally, count_of
from ..texts import EACH_LOT, SHARE_OF_LOTS

# (name, status column); the summary fact "statuses" keeps, per lot, whether each field is reported
FIELDS = STATUS_FIELDS


def _derive(group: Group) -> dict[str, object]:
    in_scope = count_of(group, "lots_in_scope")
    row: dict[str, object] = {"lots_in_scope": in_scope}
    for name, _ in FIELDS:
        row[f"{name}_reported"] = count_of(group, f"{name}_reported")
        row[f"{name}_coverage"] = share(count_of(group, f"{name}_reported"), in_scope)
    row["coverage_share"] = row["strategic_coverage"]
    return row


_PER_FIELD = tuple(column for name, _ in FIELDS for column in (f"{name}_reported", f"{name}_coverage"))
_OUTPUT = ("lots_in_scope", "coverage_share", *_PER_FIELD)

INDICATOR = Indicator(
    code="coverage",
    titles={
        "en": "Sustainability-field coverage (data quality)",
        "nl": "Invulgraad van de duurzaamheidsvelden (datakwaliteit)",
        "fr": "Taux de remplissage des champs de durabilité (qualité des données)",
    },
    definition={
        "en": "Per group (by default per buyer): share of lots for which each sustainability status is reported "
        "(yes or explicit none). coverage_share is that of strategic procurement (BT-06 and the fields behind it).",
        "nl": "Per groep (standaard per aankoper): aandeel van de percelen waarvoor elke duurzaamheidsstatus is "
        "ingevuld (ja of uitdrukkelijk geen). coverage_share is die van strategische aankoop (BT-06 en de velden "
        "erachter).",
        "fr": "Par groupe (par défaut par acheteur) : part des lots pour lesquels chaque statut de durabilité est "
        "renseigné (oui ou explicitement aucun). coverage_share est celui des marchés stratégiques (BT-06 et les "
        "champs associés).",
    },
    units=SHARE_OF_LOTS,
    scopes=EACH_LOT,
    measure=Tally(
        fact="statuses",
        counts=(lots("lots_in_scope"), *(lots_where(f"{name}_reported", f"p.{name}_reported") for name, _ in FIELDS)),
        output=_OUTPUT,
        derive=_derive,
        description={
            "en": "<field>_reported: lots whose status is yes or explicit none; <field>_coverage: that ÷ lots in "
            "scope.",
            "nl": "<field>_reported: percelen met status ja of uitdrukkelijk geen; <field>_coverage: dat aantal ÷ "
            "percelen binnen de afbakening.",
            "fr": "<field>_reported : lots dont le statut est oui ou explicitement aucun ; <field>_coverage : ce "
            "nombre ÷ lots du champ.",
        },
    ),
    example="A buyer with four lots, two of which say something in BT-06: strategic_coverage 50 %.",
    exclusion_texts=(
        {
            "en": "Coverage says whether a field was filled in, not whether the answer was yes.",
            "nl": "De dekking zegt of een veld werd ingevuld, niet of het antwoord ja was.",
            "fr": "La couverture indique si un champ a été renseigné, pas si la réponse était oui.",
        },
    ),
    breakdowns=ALL_BREAKDOWNS,
    default_by=("buyer",),
)
