"""Clean Vehicles Directive: vehicles procured, clean and zero-emission, per vehicle category and reference
period, against the Belgian minimum targets."""

from ..base import Indicator, Note, share
from ..breakdowns import ALL_BREAKDOWNS
from ..engine import Count, Group, Key, lots
from ..tally import Tally, count_of

LIGHT_DUTY, TRUCKS, BUSES = "light-duty", "trucks", "buses"
FIRST_PERIOD, SECOND_PERIOD = "2021-2025", "2026-2030"

# Belgian minimum shares of clean vehicles (and, for buses, of zero-emission buses) in all vehicles procured
# under in-scope contracts, per reference period (Directive (EU) 2019/1161, Annex tables as reported by the
# Belgian federal climate portal). Light-duty from 2026: only zero-emission vehicles count as clean.
TARGETS: dict[tuple[str, str], tuple[float, float | None]] = {
    (LIGHT_DUTY, FIRST_PERIOD): (0.385, None),
    (LIGHT_DUTY, SECOND_PERIOD): (0.385, None),
    (TRUCKS, FIRST_PERIOD): (0.10, None),
    (TRUCKS, SECOND_PERIOD): (0.15, None),
    (BUSES, FIRST_PERIOD): (0.45, 0.225),
    (BUSES, SECOND_PERIOD): (0.65, 0.325),
}

# The English text keeps its "[verify]" prefix: the reports find these notes by it.
VERIFY_NOTES = (
    Note(
        {
            "en": "[verify] reference period assigned by contract conclusion date (BT-145), else the result "
            "notice's publication date; whether the Directive counts by award or conclusion date is unconfirmed.",
            "nl": "[na te gaan] referentieperiode bepaald door de datum van sluiting van de opdracht (BT-145), anders "
            "door de publicatiedatum van de aankondiging van gunning; of de richtlijn telt volgens de datum van "
            "gunning of van sluiting, is niet bevestigd.",
            "fr": "[à vérifier] période de référence déterminée par la date de conclusion du marché (BT-145), à "
            "défaut par la date de publication de l'avis d'attribution ; reste à confirmer si la directive compte "
            "selon la date d'attribution ou celle de conclusion.",
        }
    ),
    Note(
        {
            "en": "[verify] clean vehicles = OPT-155 'vehicles-clean' as published; whether it includes the "
            "zero-emission count is unconfirmed. Light-duty vehicles from 2026 count as clean only when "
            "zero-emission.",
            "nl": "[na te gaan] schone voertuigen = OPT-155 ‘Het aantal schone voertuigen’ zoals gepubliceerd; of "
            "dit het aantal emissievrije voertuigen omvat, is niet bevestigd. Lichte voertuigen tellen vanaf 2026 "
            "enkel als schoon wanneer ze emissievrij zijn.",
            "fr": "[à vérifier] véhicules propres = OPT-155 « Le nombre de véhicules propres » tel que publié ; "
            "reste à confirmer s'il inclut le nombre de véhicules à émissions nulles. À partir de 2026, les "
            "véhicules légers ne comptent comme propres que s'ils sont à émissions nulles.",
        }
    ),
)


def _derive(group: Group) -> dict[str, object]:
    category, period = group.keys.get("vehicle_category_group"), group.keys.get("reference_period")
    vehicles, clean, zero = (count_of(group, name) for name in ("vehicles", "clean", "zero_emission"))
    counted = zero if (category, period) == (LIGHT_DUTY, SECOND_PERIOD) else clean
    target = TARGETS.get((str(category), str(period)))
    clean_share, zero_share = share(counted, vehicles), share(zero, vehicles)
    meets: str | None = None
    if target and clean_share is not None and zero_share is not None:
        ok = clean_share >= target[0] and (target[1] is None or zero_share >= target[1])
        meets = "yes" if ok else "no"
    return {
        "lots": count_of(group, "lots"),
        "vehicles": vehicles,
        "clean": clean,
        "zero_emission": zero,
        "clean_counted": counted,
        "clean_share": clean_share,
        "zero_emission_share": zero_share,
        "target_clean_share": target[0] if target else None,
        "target_zero_emission_share": target[1] if target else None,
        "meets_target": meets,
    }


INDICATOR = Indicator(
    code="cvd",
    titles={
        "en": "Clean Vehicles Directive: clean and zero-emission vehicles",
        "nl": "Richtlijn schone voertuigen: schone en emissievrije voertuigen",
        "fr": "Directive véhicules propres : véhicules propres et à émissions nulles",
    },
    definition={
        "en": "Per vehicle category (light-duty M1/M2/N1, trucks N2/N3, buses M3) and reference period (2 Aug "
        "2021 – 31 Dec 2025, 2026–2030): vehicles procured, clean and zero-emission vehicles (OPT-155/OPT-156 "
        "of result notices), shares, and the Belgian minimum targets.",
        "nl": "Per voertuigcategorie (lichte voertuigen M1/M2/N1, vrachtwagens N2/N3, bussen M3) en "
        "referentieperiode (2 aug. 2021 – 31 dec. 2025, 2026–2030): aangekochte voertuigen, schone en "
        "emissievrije voertuigen (OPT-155/OPT-156 van gunningsberichten), aandelen en de Belgische "
        "minimumstreefcijfers.",
        "fr": "Par catégorie de véhicules (utilitaires légers M1/M2/N1, camions N2/N3, bus M3) et période de "
        "référence (2 août 2021 – 31 déc. 2025, 2026–2030) : véhicules achetés, propres et à émissions nulles "
        "(OPT-155/OPT-156 des avis d'attribution), parts, et objectifs minimaux belges.",
    },
    units={
        "en": "vehicles; share of vehicles",
        "nl": "voertuigen; aandeel van de voertuigen",
        "fr": "véhicules ; part des véhicules",
    },
    scopes={
        "en": "Vehicle counts (table vehicle_counts) of the latest version of result notices.",
        "nl": "Aantallen voertuigen (tabel vehicle_counts) uit de laatste versie van de aankondigingen van gunning.",
        "fr": "Nombres de véhicules (table vehicle_counts) de la dernière version des avis d'attribution.",
    },
    measure=Tally(  # summarised: one row per lot, category group and period (store/vehicle_frame.py)
        fact="vehicles",
        counts=(
            lots("lots"),
            Count("vehicles", "SUM(p.vehicles)"),
            Count("clean", "SUM(p.clean)"),
            Count("zero_emission", "SUM(p.zero_emission)"),
        ),
        output=(
            "lots",
            "vehicles",
            "clean",
            "zero_emission",
            "clean_counted",
            "clean_share",
            "zero_emission_share",
            "target_clean_share",
            "target_zero_emission_share",
            "meets_target",
        ),
        derive=_derive,
        extra_keys=(
            Key("vehicle_category_group", "p.vehicle_category_group"),
            Key("reference_period", "p.reference_period"),
        ),
        description={
            "en": "Sums of OPT-156 per OPT-155 type (vehicles, vehicles-clean, vehicles-zero-emission), grouped by "
            "BT-723 category group and reference period. clean_share = clean_counted ÷ vehicles; meets_target "
            "compares it (and, for buses, the zero-emission share) with the Belgian minimum for the period. 'lots' "
            "counts lots with vehicle counts in the group (exact without breakdown by a lot-independent key).",
            "nl": "Sommen van OPT-156 per soort aantal van OPT-155 (alle voertuigen, schone voertuigen, "
            "emissievrije voertuigen), gegroepeerd per categoriegroep van BT-723 en per referentieperiode. Aandeel "
            "schoon = meegetelde schone voertuigen ÷ alle voertuigen; het streefcijfer is gehaald wanneer dat aandeel "
            "(en, voor bussen, het aandeel emissievrije bussen) het Belgische minimum voor de periode bereikt. Het "
            "aantal percelen telt de percelen met aantallen voertuigen in de groep (exact zolang niet wordt "
            "uitgesplitst naar een sleutel die los van het perceel staat).",
            "fr": "Sommes d'OPT-156 par type de nombre d'OPT-155 (tous les véhicules, véhicules propres, véhicules "
            "à émissions nulles), regroupées par groupe de catégories du BT-723 et par période de référence. Part "
            "propre = véhicules propres comptés ÷ tous les véhicules ; l'objectif est atteint lorsque cette part "
            "(et, pour les bus, la part de bus à émissions nulles) atteint le minimum belge de la période. Le nombre "
            "de lots compte les lots ayant des nombres de véhicules dans le groupe (exact tant qu'il n'y a pas de "
            "ventilation par une clé indépendante du lot).",
        },
        notes=VERIFY_NOTES,
    ),
    example="A result notice (2024) with m1 vehicles 10, vehicles-clean 5, vehicles-zero-emission 2: row "
    "light-duty / 2021-2025 with vehicles 10, clean_share 50 %, target 38.5 %, meets_target yes.",
    exclusion_texts=(
        {
            "en": "Competition notices (they carry no vehicle counts), legacy TED notices (no CVD fields), "
            "modification notices (their counts would double the award).",
            "nl": "Aankondigingen van opdracht (zij vermelden geen aantallen voertuigen), oude TED-aankondigingen "
            "(zonder velden voor de richtlijn schone voertuigen), aankondigingen van wijziging (hun aantallen zouden "
            "de gunning dubbel tellen).",
            "fr": "Avis de marché (ils ne contiennent pas de nombres de véhicules), anciens avis TED (sans champs "
            "relatifs à la directive véhicules propres), avis de modification (leurs nombres compteraient "
            "l'attribution deux fois).",
        },
        {
            "en": "Rows outside the reference periods ('before-2021-08-02', 'after-2030', 'unknown') have no target.",
            "nl": "Rijen buiten de referentieperiodes (vóór 2 augustus 2021, na 2030 of zonder gekende datum) "
            "hebben geen streefcijfer.",
            "fr": "Les lignes hors des périodes de référence (avant le 2 août 2021, après 2030 ou sans date connue) "
            "n'ont pas d'objectif.",
        },
    ),
    breakdowns=ALL_BREAKDOWNS,
    rests_on_verify=True,
)
