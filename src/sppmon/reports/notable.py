"""Notable notices for the annual report: lots that combine several strategic aims, largest first, with a
link to their publication on TED."""

from __future__ import annotations

from ..buyers import naming
from ..guide.links import publication_url
from ..indicators import columns as people
from ..indicators.breakdowns import where_sql
from ..store import Store
from .base import ReportRequest
from .document import TableBlock
from .texts import t

LIMIT = 15

_AIMS = (
    ("green", "p.green_status = 'yes'"),
    ("social", "p.social_status = 'yes'"),
    ("innovative", "p.innovative_status = 'yes'"),
    ("gpp", "p.gpp_status = 'yes'"),
)


def notable_lots(store: Store, request: ReportRequest, year: int) -> TableBlock:
    score = " + ".join(f"CASE WHEN {condition} THEN 1 ELSE 0 END" for _, condition in _AIMS)
    flags = ", ".join(f"CASE WHEN {condition} THEN 1 ELSE 0 END" for _, condition in _AIMS)
    conditions, params = where_sql(request.filters)
    where = " AND ".join(["p.year = ?", "p.strategic_status = 'yes'", *conditions])
    sql = (
        f"SELECT n.publication_number, p.lot_id, COALESCE(p.title, n.title), p.buyer_key, {flags}, "
        "p.estimated_value, p.estimated_currency "
        f"FROM procedure_lots p JOIN notices n ON n.notice_key = p.notice_key WHERE {where} "
        f"ORDER BY {score} DESC, p.estimated_value DESC, n.publication_number, p.lot_id LIMIT {LIMIT}"
    )
    found = store.query(sql, [year, *params])
    names = naming(store, [row[3] for row in found])
    rows = []
    for number, lot_id, title, buyer_key, *rest in found:
        buyer = names.label(buyer_key, request.lang)
        aims = ", ".join(
            str(people.value_label("dimension", name, request.lang))
            for (name, _), flag in zip(_AIMS, rest[: len(_AIMS)], strict=True)
            if flag
        )
        link = publication_url(str(number), request.lang) if number else None
        rows.append((number, lot_id, title, buyer, aims, link))
    lang = request.lang
    shown = ("notice", "lot", "title", "buyer", "aims", "link")
    return TableBlock(t("sec.notable", lang), shown, tuple(people.title(name, lang) for name in shown), tuple(rows))
