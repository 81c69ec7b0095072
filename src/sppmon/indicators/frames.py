"""The row sets indicators count, as portable SQL sub-queries aliased ``p`` by the engine.

Every frame exposes the columns the breakdowns use (year, notice_date, buyer_*, is_eu_institution,
cpv_division, product_group, procedure_type, nature, procedure_nature, form_type, format) and, where values are
counted, ``value_amount`` / ``value_currency``.

* :func:`lot_frame`: each procedure lot once (view ``procedure_lots``), with its value: the estimated value
  (BT-27) when the lot is counted from a competition notice, the awarded value (sum of the winning tenders,
  BT-720) when it is counted from a result notice. Optional joins bring what later notices of the same
  procedure say about the lot (tenders received, winners) and the lot's award criteria.
* :func:`result_frame`: rows of a result-level table (vehicle counts, energy-efficiency items) in the latest
  version of result notices, with the notice's and lot's columns.
"""

from __future__ import annotations

from .base import Note

SME_SIZES = "'micro', 'small', 'medium', 'sme'"
# Weight kinds that are numbers (BT-5421); 'ord-imp' (order of importance) is not a weight.
NUMERIC_WEIGHTS = "'per-exa', 'per-mid', 'poi-exa', 'poi-mid', 'dec-exa', 'dec-mid'"

VALUE_NOTE = Note(
    {
        "en": "value_eur_*: estimated value (BT-27) of lots counted from a competition notice, awarded value (sum "
        "of the winning tenders, BT-720) of lots counted from a result notice; converted to EUR at the reference "
        "rate of the notice's publication date.",
        "nl": "value_eur_*: geraamde waarde (BT-27) van de percelen die uit een aankondiging van opdracht worden "
        "geteld, gegunde waarde (som van de gekozen offertes, BT-720) van de percelen die uit een aankondiging van "
        "gunning worden geteld; omgerekend naar EUR tegen de referentiekoers van de publicatiedatum van de "
        "aankondiging.",
        "fr": "value_eur_* : valeur estimée (BT-27) des lots comptés à partir d'un avis de marché, valeur attribuée "
        "(somme des offres retenues, BT-720) des lots comptés à partir d'un avis d'attribution ; convertie en EUR "
        "au taux de référence de la date de publication de l'avis.",
    }
)

_AWARDED = """
LEFT JOIN (
    SELECT notice_key, lot_id, SUM(awarded_value) AS awarded_value, MIN(awarded_currency) AS awarded_currency
    FROM lot_results
    WHERE awarded_value IS NOT NULL
    GROUP BY notice_key, lot_id
    HAVING COUNT(DISTINCT awarded_currency) = 1
) aw ON aw.notice_key = pl.notice_key AND aw.lot_id = pl.lot_id"""

# What the latest result notices of the procedure say about the lot.
_RESULTS = """
LEFT JOIN (
    SELECT n.procedure_key, r.lot_id,
           MAX(r.tenders_received) AS tenders_received,
           MAX(CASE WHEN r.winner_status = 'selec-w' THEN 1 ELSE 0 END) AS winner_selected
    FROM lot_results r JOIN notices n ON n.notice_key = r.notice_key
    WHERE n.is_latest AND n.stage = 'result' AND r.lot_id IS NOT NULL
    GROUP BY n.procedure_key, r.lot_id
) res ON res.procedure_key = pl.procedure_key AND res.lot_id = pl.lot_id"""

_WINNERS = f"""
LEFT JOIN (
    SELECT n.procedure_key, w.lot_id,
           MAX(CASE WHEN w.size IN ({SME_SIZES}) THEN 1 ELSE 0 END) AS sme_winner,
           MAX(CASE WHEN w.size IS NOT NULL THEN 1 ELSE 0 END) AS winner_size_known,
           COUNT(*) AS winners
    FROM winners w JOIN notices n ON n.notice_key = w.notice_key
    WHERE n.is_latest AND n.stage = 'result'
    GROUP BY n.procedure_key, w.lot_id
) win ON win.procedure_key = pl.procedure_key AND win.lot_id = pl.lot_id"""

_CRITERIA = f"""
LEFT JOIN (
    SELECT notice_key, lot_id,
           COUNT(*) AS criteria,
           SUM(CASE WHEN type = 'price' THEN 1 ELSE 0 END) AS price_criteria,
           SUM(CASE WHEN weight_kind IN ({NUMERIC_WEIGHTS}) AND weight IS NOT NULL THEN 1 ELSE 0 END)
               AS weighted_criteria,
           SUM(CASE WHEN weight_kind IN ({NUMERIC_WEIGHTS}) THEN weight ELSE 0 END) AS total_weight,
           SUM(CASE WHEN weight_kind IN ({NUMERIC_WEIGHTS}) AND type IN ('quality', 'cost') THEN weight ELSE 0 END)
               AS quality_weight
    FROM award_criteria
    WHERE type IS NOT NULL
    GROUP BY notice_key, lot_id
) ac ON ac.notice_key = pl.notice_key AND ac.lot_id = pl.lot_id"""

_JOINS = {
    "results": (_RESULTS, "res.tenders_received, res.winner_selected"),
    "winners": (_WINNERS, "win.sme_winner, win.winner_size_known, win.winners"),
    "criteria": (
        _CRITERIA,
        "ac.criteria, ac.price_criteria, ac.weighted_criteria, ac.total_weight, ac.quality_weight",
    ),
}


def lot_frame(*joins: str) -> str:
    """Each procedure lot once with its value; ``joins`` ⊆ {"results", "winners", "criteria"}."""
    unknown = set(joins) - set(_JOINS)
    if unknown:
        raise ValueError(f"unknown frame joins {sorted(unknown)}")
    columns = ["pl.*"]
    columns.append(
        "CASE WHEN pl.stage = 'competition' THEN pl.estimated_value ELSE aw.awarded_value END AS value_amount"
    )
    columns.append(
        "CASE WHEN pl.stage = 'competition' THEN pl.estimated_currency ELSE aw.awarded_currency END AS value_currency"
    )
    sql = [_AWARDED]
    for name in joins:
        join, selected = _JOINS[name]
        sql.append(join)
        columns.append(selected)
    return f"SELECT {', '.join(columns)} FROM procedure_lots pl" + "".join(sql)


_NOTICE_COLUMNS = """
    n.procedure_key, n.year, COALESCE(n.publication_date, n.issue_date) AS notice_date, n.buyer_key, n.buyer_name,
    n.buyer_country, n.buyer_legal_type, n.is_eu_institution, l.cpv_division, l.product_group,
    n.procedure_type, l.nature, n.nature AS procedure_nature, n.form_type, n.format, n.stage"""


def result_frame(table: str, extra: str = "") -> str:
    """Rows of ``table`` (which has notice_key and lot_id) in the latest version of result notices."""
    selected = f"t.*, {_NOTICE_COLUMNS}" + (f", {extra}" if extra else "")
    return (
        f"SELECT {selected} FROM {table} t JOIN notices n ON n.notice_key = t.notice_key "
        "LEFT JOIN lots l ON l.notice_key = t.notice_key AND l.lot_id = t.lot_id "
        "WHERE n.is_latest AND n.stage = 'result'"
    )


# Contract conclusion date (BT-145) of a lot in a result notice: the earliest contract of its tenders.
CONCLUSION_JOIN = """
LEFT JOIN (
    SELECT td.notice_key, td.lot_id, MIN(c.conclusion_date) AS conclusion_date
    FROM tenders td JOIN contracts c ON c.notice_key = td.notice_key AND c.contract_id = td.contract_id
    GROUP BY td.notice_key, td.lot_id
) cd ON cd.notice_key = t.notice_key AND cd.lot_id = t.lot_id"""


def vehicle_frame() -> str:
    """Vehicle counts of result notices with their reference date: the contract conclusion date, else the
    notice's publication date."""
    return (
        f"SELECT t.*, {_NOTICE_COLUMNS}, "
        "COALESCE(cd.conclusion_date, n.publication_date, n.issue_date) AS reference_date "
        "FROM vehicle_counts t JOIN notices n ON n.notice_key = t.notice_key "
        "LEFT JOIN lots l ON l.notice_key = t.notice_key AND l.lot_id = t.lot_id"
        f"{CONCLUSION_JOIN} "
        "WHERE n.is_latest AND n.stage = 'result'"
    )
