"""Competition: tenders received and single-tender lots."""

from ..base import Indicator, share
from ..breakdowns import ALL_BREAKDOWNS
from ..engine import Group, lots, lots_where, total
from ..tally import Tally, count_of


def _derive(group: Group) -> dict[str, object]:
    counted = count_of(group, "lots_with_tender_count")
    average = group.counts["tenders_sum"] / counted if counted else None
    return {
        "lots_in_scope": count_of(group, "lots_in_scope"),
        "lots_with_tender_count": counted,
        "lots_single_tender": count_of(group, "lots_single_tender"),
        "single_tender_share": share(count_of(group, "lots_single_tender"), counted),
        "avg_tenders": None if average is None else round(average, 6),
    }


INDICATOR = Indicator(
    code="competition",
    titles={
        "en": "Competition: tenders received",
        "nl": "Mededinging: ontvangen offertes",
        "fr": "Concurrence : offres reçues",
    },
    definition={
        "en": "Over lots whose result gives the number of tenders received (BT-759): the share with a single "
        "tender and the average number of tenders.",
        "nl": "Over de percelen waarvan het resultaat het aantal ontvangen offertes vermeldt (BT-759): het aandeel "
        "met één enkele offerte en het gemiddelde aantal offertes.",
        "fr": "Sur les lots dont le résultat indique le nombre d'offres reçues (BT-759) : la part avec une seule "
        "offre et le nombre moyen d'offres.",
    },
    units={
        "en": "share of lots; tenders per lot",
        "nl": "aandeel van de percelen; offertes per perceel",
        "fr": "part des lots ; offres par lot",
    },
    scopes={
        "en": "Each procedure lot once (table procedure_lots); tenders received from the latest result notices of "
        "the same procedure and lot (the highest count if several results).",
        "nl": "Elk perceel van een procedure één keer (tabel procedure_lots); ontvangen offertes volgens de laatste "
        "aankondigingen van gunning van dezelfde procedure en hetzelfde perceel (het hoogste aantal bij meerdere "
        "resultaten).",
        "fr": "Chaque lot d'une procédure une fois (table procedure_lots) ; offres reçues selon les derniers avis "
        "d'attribution de la même procédure et du même lot (le nombre le plus élevé s'il y a plusieurs résultats).",
    },
    measure=Tally(
        fact="competition",
        counts=(
            lots("lots_in_scope"),
            lots_where("lots_with_tender_count", "p.tenders_known"),
            lots_where("lots_single_tender", "p.single_tender"),
            total("tenders_sum", "tenders"),
        ),
        output=(
            "lots_in_scope",
            "lots_with_tender_count",
            "lots_single_tender",
            "single_tender_share",
            "avg_tenders",
        ),
        derive=_derive,
        description={
            "en": "lots_in_scope counts every procedure lot; the shares are over lots with a tender count (BT-759 "
            "of type 'tenders', or without type).",
            "nl": "lots_in_scope telt elk perceel van een procedure; de aandelen gelden voor de percelen met een "
            "aantal offertes (BT-759 van het type ‘Inschrijvingen’, of zonder type).",
            "fr": "lots_in_scope compte chaque lot d'une procédure ; les parts portent sur les lots dont le nombre "
            "d'offres est connu (BT-759 de type « Offres », ou sans type).",
        },
    ),
    example="Three lots with results: 1, 4 and 7 tenders; one lot without result. lots_with_tender_count 3, "
    "single_tender_share 33.3 %, avg_tenders 4.",
    exclusion_texts=(
        {
            "en": "Lots without a result notice, or whose result gives no tender count.",
            "nl": "Percelen zonder aankondiging van gunning, of waarvan het resultaat geen aantal offertes vermeldt.",
            "fr": "Lots sans avis d'attribution, ou dont le résultat n'indique pas le nombre d'offres.",
        },
    ),
    breakdowns=ALL_BREAKDOWNS,
)
