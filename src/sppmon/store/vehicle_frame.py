"""The vehicles of the Clean Vehicles Directive as a row set the summary tables count: one row per lot (or
result, for counts not tied to a lot) of the latest version of a result notice, per vehicle category group and
reference period, with the vehicles, clean and zero-emission vehicles it counts and the lot's dimensions.

One row per lot and group makes the number of lots in a group a plain sum (a lot's dimensions are its own, so a
lot is in one row of each group): the CVD indicator then counts from the summary like any uptake indicator.
With a scope (:class:`~.lot_frame.Scope`) only the notices of the scope's procedures are read, which is how an
ingest batch recounts what it touches.
"""

from __future__ import annotations

from .lot_frame import Scope, Source

NOTICE_COLUMNS = """
    n.procedure_key, n.year, COALESCE(n.publication_date, n.issue_date) AS notice_date, n.buyer_key, n.buyer_name,
    n.buyer_country, n.buyer_legal_type, n.is_eu_institution, l.cpv_division, l.product_group,
    n.procedure_type, l.nature, n.nature AS procedure_nature, n.form_type, n.format, n.stage"""

CATEGORY_SQL = (
    "CASE WHEN v.vehicle_category IN ('m1', 'm2', 'n1', 'm1-m2-n1') THEN 'light-duty' "
    "WHEN v.vehicle_category IN ('n2', 'n3', 'n2-n3') THEN 'trucks' "
    "WHEN v.vehicle_category = 'm3' THEN 'buses' ELSE 'other' END"
)
PERIOD_SQL = (
    "CASE WHEN v.reference_date IS NULL THEN 'unknown' "
    "WHEN v.reference_date < DATE '2021-08-02' THEN 'before-2021-08-02' "
    "WHEN v.reference_date <= DATE '2025-12-31' THEN '2021-2025' "
    "WHEN v.reference_date <= DATE '2030-12-31' THEN '2026-2030' ELSE 'after-2030' END"
)
# per-lot sums (the summary fact names them without the prefix)
_TYPES = {"n_vehicles": "vehicles", "n_clean": "vehicles-clean", "n_zero_emission": "vehicles-zero-emission"}
_DIMENSIONS = (
    "procedure_key, year, notice_date, buyer_key, buyer_name, buyer_country, buyer_legal_type, is_eu_institution, "
    "cpv_division, product_group, procedure_type, nature, procedure_nature, form_type, format, stage"
)


def _whole(name: str) -> str:
    return name


def vehicle_rows(source: Source = _whole) -> str:
    """Each vehicle count of the latest version of result notices, with the notice's and lot's columns and the
    reference date: the contract conclusion date (BT-145, the earliest of the lot's contracts), else the
    notice's publication date. The conclusion dates are read for the notices with vehicle counts only."""
    counts = source("vehicle_counts")
    return (
        f"SELECT t.*, {NOTICE_COLUMNS}, "
        "COALESCE(cd.conclusion_date, n.publication_date, n.issue_date) AS reference_date "
        f"FROM {counts} t JOIN {source('notices')} n ON n.notice_key = t.notice_key "
        f"LEFT JOIN {source('lots')} l ON l.notice_key = t.notice_key AND l.lot_id = t.lot_id "
        "LEFT JOIN ("
        "SELECT td.notice_key, td.lot_id, MIN(c.conclusion_date) AS conclusion_date "
        f"FROM {source('tenders')} td JOIN {source('contracts')} c "
        "ON c.notice_key = td.notice_key AND c.contract_id = td.contract_id "
        f"WHERE td.notice_key IN (SELECT vc.notice_key FROM {counts} vc) "
        "GROUP BY td.notice_key, td.lot_id"
        ") cd ON cd.notice_key = t.notice_key AND cd.lot_id = t.lot_id "
        "WHERE n.is_latest AND n.stage = 'result'"
    )


def vehicle_frame(scope: Scope | None = None) -> str:
    """One row per lot, vehicle category group and reference period (see the module's description)."""
    source = scope.table if scope else _whole
    sums = ", ".join(
        f"SUM(CASE WHEN v.vehicle_type = '{kind}' THEN v.count ELSE 0 END) AS {name}" for name, kind in _TYPES.items()
    )
    dimensions = ", ".join(f"v.{name}" for name in _DIMENSIONS.split(", "))
    lot = "v.notice_key, COALESCE(v.lot_id, v.result_id)"
    return (
        f"SELECT {_DIMENSIONS}, vehicle_category_group, reference_period, n_vehicles, n_clean, n_zero_emission, "
        "CAST(NULL AS DECIMAL(38,4)) AS value_amount, CAST(NULL AS TEXT) AS value_currency FROM ("
        f"SELECT {dimensions}, {CATEGORY_SQL} AS vehicle_category_group, {PERIOD_SQL} AS reference_period, {sums} "
        f"FROM ({vehicle_rows(source)}) v "
        f"GROUP BY {lot}, {dimensions}, {CATEGORY_SQL}, {PERIOD_SQL}"
        ") g"
    )
