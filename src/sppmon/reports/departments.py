"""The annual report's section on federal departments: buyers whose legal type (BT-11) is central government
authority (``cga``), one row per buyer with its lots and green, social and innovative uptake and coverage.

Each figure comes from ``sppmon indicators CODE --by buyer --filter buyer_legal_type=cga`` (plus the report's
filters and year), so the table stays reproducible. The filter is on the legal type rather than a list of
names: it follows the buyers' own declarations and works unchanged for any country.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..indicators import columns as people
from ..indicators.base import IndicatorResult
from ..indicators.breakdowns import BREAKDOWNS
from ..store import Store
from .base import ReportRequest, indicator
from .document import Section, TableBlock, with_db
from .texts import t

CENTRAL = "cga"
CODES = ("green", "social", "innovative")
SHARES = tuple(f"{code}_{kind}_share" for code in CODES for kind in ("uptake", "coverage"))
LIMIT = 100  # a store without country filter holds the central authorities of every EU country


def departments(store: Store, request: ReportRequest, year: str) -> Section:
    lang = request.lang
    title = t("sec.departments.federal" if request.filters.get("country") == "BEL" else "sec.departments", lang)
    if not _admits(request.filters.get("buyer_legal_type")):
        # The report's own filter excludes central authorities: extending it here would break "every figure is
        # restricted by --filter".
        return Section(title, (t("p.departments.none", lang, year=year),))
    by = _keys(request.filters)
    results = [indicator(store, code, request, by, year=year, buyer_legal_type=CENTRAL) for code in CODES]
    rows = _rows(results, lang)
    if not rows:
        return Section(title, (t("p.departments.none", lang, year=year),))
    shown = rows[:LIMIT]
    columns = (*by, "lots_in_scope", *SHARES)
    headers = (*(BREAKDOWNS[name].title(lang) for name in by), *(people.title(c, lang) for c in columns[len(by) :]))
    calls = tuple(with_db(result.call()) for result in results)
    table = TableBlock(title, columns, headers, tuple(shown), calls)
    paragraph = t("p.departments", lang, year=year, n=len(shown), total=len(rows))
    return Section(title, (paragraph,), (table,))


def _keys(filters: Mapping[str, str]) -> tuple[str, ...]:
    """The buyer, preceded by its country unless the report is about one country: central authorities of
    several countries side by side need telling apart."""
    country = filters.get("country")
    return ("buyer",) if country and "," not in country else ("country", "buyer")


def _admits(legal_types: str | None) -> bool:
    return legal_types is None or CENTRAL in (part.strip() for part in legal_types.split(","))


def _rows(results: Sequence[IndicatorResult], lang: str) -> list[tuple[object, ...]]:
    """One row per buyer: the indicators share their scope (every lot), so the first gives the lots and all
    give the same buyers. Most lots first, then by name."""
    by = results[0].by
    lookups = [{tuple(row.get(name) for name in by): row for row in result.rows} for result in results]
    rows = []
    for key, first in lookups[0].items():
        cells: list[object] = [*(_label(name, first, lang) for name in by), first.get("lots_in_scope")]
        for lookup in lookups:
            row = lookup.get(key, {})
            cells += [row.get("uptake_share"), row.get("coverage_share")]
        rows.append(tuple(cells))
    lots = len(by)  # position of the lots column
    return sorted(rows, key=lambda cells: (-_count(cells[lots]), [str(cell) for cell in cells[:lots]]))


def _label(name: str, row: Mapping[str, object], lang: str) -> object:
    breakdown = BREAKDOWNS[name]
    label = row.get(breakdown.label_column) if breakdown.label_column else None
    return label or people.value_label(name, row.get(name), lang)


def _count(value: object) -> int:
    return value if isinstance(value, int) else 0
