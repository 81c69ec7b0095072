"""Clean Vehicles Directive: vehicles procured, clean and zero-emission, per vehicle category and reference
period, against the Belgian minimum targets."""

from ..base import Indicator, share
from ..breakdowns import ALL_BREAKDOWNS
from ..engine import Count, Group, Key
from ..frames import vehicle_frame
from ..tally import Tally, count_of

LIGHT_DUTY, TRUCKS, BUSES = "light-duty", "trucks", "buses"
FIRST_PERIOD, SECOND_PERIOD = "2021-2025", "2026-2030"

CATEGORY_SQL = (
    "CASE WHEN p.vehicle_category IN ('m1', 'm2', 'n1', 'm1-m2-n1') THEN 'light-duty' "
    "WHEN p.vehicle_category IN ('n2', 'n3', 'n2-n3') THEN 'trucks' "
    "WHEN p.vehicle_category = 'm3' THEN 'buses' ELSE 'other' END"
)
PERIOD_SQL = (
    "CASE WHEN p.reference_date IS NULL THEN 'unknown' "
    "WHEN p.reference_date < DATE '2021-08-02' THEN 'before-2021-08-02' "
    "WHEN p.reference_date <= DATE '2025-12-31' THEN '2021-2025' "
    "WHEN p.reference_date <= DATE '2030-12-31' THEN '2026-2030' ELSE 'after-2030' END"
)

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

VERIFY_NOTES = (
    "[verify] reference period assigned by contract conclusion date (BT-145), else the result notice's "
    "publication date; whether the Directive counts by award or conclusion date is unconfirmed.",
    "[verify] clean vehicles = OPT-155 'vehicles-clean' as published; whether it includes the zero-emission "
    "count is unconfirmed. Light-duty vehicles from 2026 count as clean only when zero-emission.",
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


_LOT = "p.notice_key || '|' || COALESCE(p.lot_id, p.result_id)"

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
    unit="vehicles; share of vehicles",
    scope="Vehicle counts (table vehicle_counts) of the latest version of result notices.",
    measure=Tally(
        frame=vehicle_frame,
        counts=(
            Count("lots", f"COUNT(DISTINCT {_LOT})"),
            Count("vehicles", "SUM(CASE WHEN p.vehicle_type = 'vehicles' THEN p.count ELSE 0 END)"),
            Count("clean", "SUM(CASE WHEN p.vehicle_type = 'vehicles-clean' THEN p.count ELSE 0 END)"),
            Count("zero_emission", "SUM(CASE WHEN p.vehicle_type = 'vehicles-zero-emission' THEN p.count ELSE 0 END)"),
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
        extra_keys=(Key("vehicle_category_group", CATEGORY_SQL), Key("reference_period", PERIOD_SQL)),
        description="Sums of OPT-156 per OPT-155 type (vehicles, vehicles-clean, vehicles-zero-emission), grouped "
        "by BT-723 category group and reference period. clean_share = clean_counted ÷ vehicles; meets_target "
        "compares it (and, for buses, the zero-emission share) with the Belgian minimum for the period. 'lots' "
        "counts lots with vehicle counts in the group (exact without breakdown by a lot-independent key).",
        notes=VERIFY_NOTES,
    ),
    example="A result notice (2024) with m1 vehicles 10, vehicles-clean 5, vehicles-zero-emission 2: row "
    "light-duty / 2021-2025 with vehicles 10, clean_share 50 %, target 38.5 %, meets_target yes.",
    exclusions=(
        "Competition notices (they carry no vehicle counts), legacy TED notices (no CVD fields), modification "
        "notices (their counts would double the award).",
        "Rows outside the reference periods ('before-2021-08-02', 'after-2030', 'unknown') have no target.",
    ),
    breakdowns=ALL_BREAKDOWNS,
    rests_on_verify=True,
)
