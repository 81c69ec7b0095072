"""The code-share shape: which codes of a multi-valued lot field (BT-774, BT-775, BT-776) are declared, per
group, as shares of all lots in scope and of the lots whose parent status is yes."""

from __future__ import annotations

from dataclasses import dataclass

from ..store import Store
from .base import Query, Table, Texts, in_lang, share
from .engine import Key, grouped, lots, lots_where
from .sources import LOTS, SUMMARY, fact_source

CODE_COLUMNS = [
    "code",
    "lots_in_scope",
    "lots_parent_yes",
    "lots_with_code",
    "share_of_lots",
    "share_of_parent_yes",
]


_METHOD: Texts = {
    "en": "Each procedure lot once. Per group and code of lot field `{field}` (code list `{code_list}`): lots "
    "declaring the code, as a share of all lots in scope and of the lots whose `{parent}` is yes. A lot may declare "
    "several codes, so the shares of one group can add up to more than 100 %.",
    "nl": "Elk perceel van een procedure één keer. Per groep en per code van het perceelveld `{field}` (codelijst "
    "`{code_list}`): de percelen die de code aangeven, als aandeel van alle percelen binnen de afbakening en van de "
    "percelen waarvan `{parent}` ja is. Een perceel kan meerdere codes aangeven, dus de aandelen van één groep "
    "kunnen samen meer dan 100 % bedragen.",
    "fr": "Chaque lot d'une procédure une fois. Par groupe et par code du champ de lot `{field}` (liste de codes "
    "`{code_list}`) : les lots qui déclarent le code, en part de tous les lots du champ et des lots dont "
    "`{parent}` vaut oui. Un lot peut déclarer plusieurs codes : les parts d'un même groupe peuvent donc dépasser "
    "100 % au total.",
}


@dataclass(frozen=True, slots=True)
class CodeShares:
    """``field`` is the lot_codes field; ``parent`` the status column whose yes-lots are the second
    denominator (green lots for environmental impacts, ...)."""

    field: str
    parent: str
    code_list: str
    parent_fact: str  # the summary fact whose key ``parent`` is

    @property
    def method(self) -> str:
        return self.method_in("en")

    def method_in(self, lang: str) -> str:
        return in_lang(_METHOD, lang).format(field=self.field, code_list=self.code_list, parent=self.parent)

    def columns(self, query: Query) -> list[str]:
        return list(CODE_COLUMNS)

    def run(self, store: Store, query: Query) -> Table:
        counts = [lots("lots_in_scope"), lots_where("lots_parent_yes", f"p.{self.parent} = 'yes'")]
        parents = fact_source(store, self.parent_fact, query, [count.sql for count in counts])
        totals = grouped(store, parents.frame, query, counts)
        scope = f"p.field = '{self.field}'"
        coded_source = fact_source(store, "codes", query, ["SUM(p.lots)", "p.code", scope])
        coded = grouped(
            store,
            coded_source.frame,
            query,
            [lots("lots_with_code")],
            extra_keys=[Key("code", "p.code")],
            scope=scope,
        )
        by_group = {tuple(group.keys.get(name) for name in query.by): group for group in totals.groups}
        rows: list[dict[str, object]] = []
        for group in coded.groups:
            total = by_group.get(tuple(group.keys.get(name) for name in query.by))
            in_scope = int(total.counts["lots_in_scope"]) if total else 0
            parent = int(total.counts["lots_parent_yes"]) if total else 0
            with_code = int(group.counts["lots_with_code"])
            row: dict[str, object] = dict(total.keys) if total else {}
            row.update(group.keys)
            row.update(
                lots_in_scope=in_scope,
                lots_parent_yes=parent,
                lots_with_code=with_code,
                share_of_lots=share(with_code, in_scope),
                share_of_parent_yes=share(with_code, parent),
            )
            rows.append(row)
        columns = [*coded.key_columns, *CODE_COLUMNS[1:]]
        origin = SUMMARY if parents.origin == coded_source.origin == SUMMARY else LOTS
        return Table(columns, rows, [], origin)
