"""The row sets indicators count, as portable SQL sub-queries aliased ``p`` by the engine.

Every frame exposes the columns the breakdowns use (year, notice_date, buyer_*, is_eu_institution,
cpv_division, product_group, procedure_type, nature, procedure_nature, form_type, format) and, where values are
counted, ``value_amount`` / ``value_currency``.

* :func:`lot_frame` (defined with the store, whose summary tables count it): each procedure lot once (table
  ``procedure_lots``), with its value: the estimated value (BT-27) when the lot is counted from a competition
  notice, the awarded value (sum of the winning tenders, BT-720) when it is counted from a result notice.
  Optional joins bring what later notices of the same procedure say about the lot (tenders received, winners),
  the lot's award criteria and flags. Measures over lots count it through a fact frame (:mod:`.sources`).
* :func:`result_frame`: rows of a result-level table (vehicle counts, energy-efficiency items) in the latest
  version of result notices, with the notice's and lot's columns.
"""

from __future__ import annotations

from ..store.lot_frame import NUMERIC_WEIGHTS, SME_SIZES, lot_frame
from .base import Note

__all__ = [
    "NUMERIC_WEIGHTS",
    "SME_SIZES",
    "VALUE_NOTE",
    "lot_frame",
    "result_frame",
]

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
