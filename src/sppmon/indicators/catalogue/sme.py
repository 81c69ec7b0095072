"""SMEs: lots suitable for SMEs (BT-726) and lots won by SMEs (BT-165 of the winners)."""

from ..base import Indicator, share
from ..breakdowns import ALL_BREAKDOWNS
from ..engine import Group, lots_where
from ..tally import count_of
from ..texts import SHARE_OF_LOTS
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
    units=SHARE_OF_LOTS,
    scopes={
        "en": "Each procedure lot once (table procedure_lots); winners from the latest result notices of the same "
        "procedure and lot.",
        "nl": "Elk perceel van een procedure één keer (tabel procedure_lots); opdrachtnemers volgens de laatste "
        "aankondigingen van gunning van dezelfde procedure en hetzelfde perceel.",
        "fr": "Chaque lot d'une procédure une fois (table procedure_lots) ; adjudicataires selon les derniers avis "
        "d'attribution de la même procédure et du même lot.",
    },
    measure=Uptake(
        Status.three_way("p.sme_suitable", "NOT p.sme_suitable"),
        "sme",
        extra_counts=(
            lots_where("lots_winner_size_known", "p.winner_size_known"),
            lots_where("lots_won_by_sme", "p.sme_winner"),
        ),
        extra_columns=("lots_winner_size_known", "lots_won_by_sme", "sme_win_share"),
        derive=_derive,
        description={
            "en": "The uptake columns are about BT-726 (SME suitability). lots_won_by_sme: a winner of the lot has "
            "size micro, small, medium or sme; sme_win_share = lots_won_by_sme ÷ lots_winner_size_known.",
            "nl": "De toepassingskolommen gaan over BT-726 (geschikt voor kmo's). lots_won_by_sme: een opdrachtnemer "
            "van het perceel heeft de grootte micro, small, medium of sme; sme_win_share = lots_won_by_sme ÷ "
            "lots_winner_size_known.",
            "fr": "Les colonnes d'adoption portent sur le BT-726 (lot adapté aux PME). lots_won_by_sme : un "
            "adjudicataire du lot est de taille micro, small, medium ou sme ; sme_win_share = lots_won_by_sme ÷ "
            "lots_winner_size_known.",
        },
    ),
    example="Two lots: BT-726 true, won by a 'small' winner; BT-726 absent, won by a 'large' winner. Uptake 50 %, "
    "coverage 50 %, sme_win_share 50 %.",
    exclusion_texts=(
        {
            "en": "Lots without a winner, or whose winners give no size, are left out of sme_win_share.",
            "nl": "Percelen zonder opdrachtnemer, of waarvan de opdrachtnemers geen grootte vermelden, blijven buiten "
            "sme_win_share.",
            "fr": "Les lots sans adjudicataire, ou dont les adjudicataires n'indiquent pas leur taille, sont exclus de "
            "sme_win_share.",
        },
        {
            "en": "BT-726 is a competition-notice field: lots known only from result notices are not reported.",
            "nl": "BT-726 is een veld van de aankondiging van opdracht: percelen die enkel uit aankondigingen van "
            "gunning gekend zijn, zijn niet gerapporteerd.",
            "fr": "Le BT-726 est un champ de l'avis de marché : les lots connus uniquement par des avis d'attribution "
            "sont non renseignés.",
        },
    ),
    breakdowns=ALL_BREAKDOWNS,
)
