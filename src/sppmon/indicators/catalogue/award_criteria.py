"""Award criteria: price-only lots and the average weight of quality (and cost) criteria."""

from ..base import Indicator, share
from ..breakdowns import ALL_BREAKDOWNS
from ..engine import Group, lots, lots_where, total
from ..tally import Tally, count_of


def _derive(group: Group) -> dict[str, object]:
    in_scope, with_criteria = count_of(group, "lots_in_scope"), count_of(group, "lots_with_criteria")
    weighted = count_of(group, "lots_weighted")
    average = group.counts["quality_share_sum"] / weighted if weighted else None
    return {
        "lots_in_scope": in_scope,
        "lots_with_criteria": with_criteria,
        "lots_price_only": count_of(group, "lots_price_only"),
        "coverage_share": share(with_criteria, in_scope),
        "price_only_share": share(count_of(group, "lots_price_only"), with_criteria),
        "lots_weighted": weighted,
        "avg_quality_weight": None if average is None else round(average, 6),
    }


INDICATOR = Indicator(
    code="award-criteria",
    titles={
        "en": "Award criteria: price only and quality weight",
        "nl": "Gunningscriteria: enkel prijs en gewicht van kwaliteit",
        "fr": "Critères d'attribution : prix seul et poids de la qualité",
    },
    definition={
        "en": "Share of lots (with award criteria) awarded on price alone (every BT-539 is 'price'), and the "
        "average share of the total weight given to quality and cost criteria, over lots whose criteria all "
        "have numeric weights (BT-5421 not 'ord-imp').",
        "nl": "Aandeel van de percelen (met gunningscriteria) dat enkel op prijs wordt gegund (elke BT-539 is "
        "‘Prijs’), en het gemiddelde aandeel van het totale gewicht voor kwaliteits- en kostencriteria, over de "
        "percelen waarvan alle criteria een numeriek gewicht hebben (BT-5421 niet ‘Volgorde van belang’).",
        "fr": "Part des lots (avec critères d'attribution) attribués sur le seul prix (chaque BT-539 vaut "
        "« Prix »), et part moyenne du poids total donnée aux critères de qualité et de coût, sur les lots dont "
        "tous les critères ont un poids numérique (BT-5421 autre que « Ordre d’importance »).",
    },
    units={
        "en": "share of lots; average weight share",
        "nl": "aandeel van de percelen; gemiddeld aandeel van het gewicht",
        "fr": "part des lots ; part moyenne du poids",
    },
    scopes={
        "en": "Each procedure lot once (table procedure_lots), with its award criteria (BT-539, BT-541, BT-5421).",
        "nl": "Elk perceel van een procedure één keer (tabel procedure_lots), met zijn gunningscriteria (BT-539, "
        "BT-541, BT-5421).",
        "fr": "Chaque lot d'une procédure une fois (table procedure_lots), avec ses critères d'attribution (BT-539, "
        "BT-541, BT-5421).",
    },
    measure=Tally(
        fact="award_criteria",
        counts=(
            lots("lots_in_scope"),
            lots_where("lots_with_criteria", "p.has_criteria"),
            lots_where("lots_price_only", "p.price_only"),
            lots_where("lots_weighted", "p.weighted"),
            total("quality_share_sum", "quality_share"),
        ),
        output=(
            "lots_in_scope",
            "lots_with_criteria",
            "lots_price_only",
            "coverage_share",
            "price_only_share",
            "lots_weighted",
            "avg_quality_weight",
        ),
        derive=_derive,
        description={
            "en": "Per lot: criteria = rows of award_criteria with a type; price only when all are 'price'; quality "
            "weight = Σ weights of 'quality' and 'cost' criteria ÷ Σ all weights, only when every criterion has a "
            "numeric weight (per-/poi-/dec- exact or middle). avg_quality_weight is the mean over such lots.",
            "nl": "Per perceel: criteria = rijen van award_criteria met een type; enkel prijs wanneer ze allemaal "
            "‘Prijs’ zijn; gewicht van kwaliteit = Σ gewichten van de criteria ‘Kwaliteit’ en ‘Kosten’ ÷ Σ alle "
            "gewichten, enkel wanneer elk criterium een numerieke weging heeft (per-/poi-/dec-, exacte waarde of "
            "midden van een vork). avg_quality_weight is het gemiddelde over die percelen.",
            "fr": "Par lot : critères = lignes de award_criteria ayant un type ; prix seul lorsqu'ils valent tous "
            "« Prix » ; poids de la qualité = Σ des pondérations des critères « Qualité » et « Coût » ÷ Σ de toutes "
            "les pondérations, uniquement lorsque chaque critère a une pondération numérique (per-/poi-/dec-, valeur "
            "exacte ou milieu d'une fourchette). avg_quality_weight est la moyenne sur ces lots.",
        },
    ),
    example="Three lots: price 100 (price only); price 60 + quality 40 (quality share 0.4); no criteria. "
    "lots_with_criteria 2, price_only_share 50 %, avg_quality_weight (0 + 0.4) / 2 = 0.2.",
    exclusion_texts=(
        {
            "en": "Criteria weighted by order of importance ('ord-imp') or without weight leave the lot out of the "
            "average.",
            "nl": "Criteria in afnemende volgorde van belangrijkheid (‘Volgorde van belang’) of zonder weging "
            "houden het perceel buiten het gemiddelde.",
            "fr": "Des critères classés par ordre décroissant d'importance (« Ordre d’importance ») ou sans "
            "pondération excluent le lot de la moyenne.",
        },
        {
            "en": "Cost criteria count with quality, following the field reference (Art. 67 of Directive 2014/24/EU).",
            "nl": "Kostencriteria tellen mee met kwaliteit, volgens de veldenreferentie (art. 67 van Richtlijn "
            "2014/24/EU).",
            "fr": "Les critères de coût comptent avec la qualité, conformément à la référence des champs (art. 67 de "
            "la directive 2014/24/UE).",
        },
    ),
    breakdowns=ALL_BREAKDOWNS,
)
