"""SMEs: lots suitable for SMEs (BT-726) and lots won by SMEs (BT-165 of the winners)."""

from ..base import Indicator, share
from ..breakdowns import ALL_BREAKDOWNS
from ..engine import Count, Group
from ..tally import count_of, flag_sum
from ..uptake import Status, Uptake


def _derive(group: Group) -> dict[str, object]:
    known, won = count_of(group, "lots_winner_size_known"), count_of(group, "lots_won_by_sme")
    return {"sme_win_share": share(won, known)}


INDICATOR = Indicator(
    code="sme",
    titles={
        "en": "SMEs: suitable lots and lots won",
        "nl": "Kmo's: geschikte percelen en gewonnen percelen",
        "fr": "PME : lots adaptés et lots remportés",
    },
    definition={
        "en": "Share of lots declared suitable for SMEs (BT-726 true; explicit none when false), and share of "
        "awarded lots (winner size known, BT-165) won by at least one micro, small or medium enterprise.",
        "nl": "Aandeel van de percelen die geschikt zijn verklaard voor kmo's (BT-726 true; uitdrukkelijk geen bij "
        "false), en aandeel van de gegunde percelen (grootte van de winnaar gekend, BT-165) die door minstens één "
        "micro-, kleine of middelgrote onderneming zijn gewonnen.",
        "fr": "Part des lots déclarés adaptés aux PME (BT-726 true ; explicitement aucun si false), et part des "
        "lots attribués (taille du lauréat connue, BT-165) remportés par au moins une micro, petite ou moyenne "
        "entreprise.",
    },
    unit="share of lots",
    scope="Each procedure lot once (table procedure_lots); winners from the latest result notices of the same "
    "procedure and lot.",
    measure=Uptake(
        Status("(CASE WHEN p.sme_suitable THEN 'yes' WHEN NOT p.sme_suitable THEN 'none' ELSE 'not-reported' END)"),
        extra_counts=(
            Count("lots_winner_size_known", flag_sum("p.winner_size_known = 1")),
            Count("lots_won_by_sme", flag_sum("p.sme_winner = 1")),
        ),
        extra_columns=("lots_winner_size_known", "lots_won_by_sme", "sme_win_share"),
        derive=_derive,
        joins=("winners",),
        description="The uptake columns are about BT-726 (SME suitability). lots_won_by_sme: a winner of the lot "
        "has size micro, small, medium or sme; sme_win_share = lots_won_by_sme ÷ lots_winner_size_known.",
    ),
    example="Two lots: BT-726 true, won by a 'small' winner; BT-726 absent, won by a 'large' winner. Uptake 50 %, "
    "coverage 50 %, sme_win_share 50 %.",
    exclusions=(
        "Lots without a winner, or whose winners give no size, are left out of sme_win_share.",
        "BT-726 is a competition-notice field: lots known only from result notices are not reported.",
    ),
    breakdowns=ALL_BREAKDOWNS,
)
