"""The annual SPP monitoring report: headline uptake with coverage, trends, buyers, federal departments,
product groups, social and innovative procurement, reserved contracts, CVD, EED, outcome estimates (energy and
CO2 saved), data coverage, notable notices, methods."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import ConfigError
from ..indicators import columns as people
from ..indicators import compute
from ..indicators.base import DECLARED, DETECTED, EITHER, IndicatorResult
from ..indicators.breakdowns import BREAKDOWNS
from ..store import Store
from .base import Report, ReportRequest, colophon, indicator, methods_paragraphs, subtitle
from .charts import breakdown_chart, cvd_chart, headline_chart, trends_chart
from .departments import departments
from .document import (
    ChartBlock,
    Document,
    Section,
    TableBlock,
    result_table,
    verify_notes,
    with_db,
    with_reproduction_annex,
)
from .notable import notable_lots
from .outcomes_chapter import outcomes_section
from .texts import t

HEADLINE = ("strategic", "green", "gpp-criteria", "social", "innovative")
UPTAKE = ("lots_in_scope", "uptake_share", "coverage_share", "not_reported_share", "value_uptake_share")
TREND_CODES = ("strategic", "green", "social", "innovative")
TOP_BUYERS = 25


def build(store: Store, request: ReportRequest) -> Document:
    if request.year is None:
        raise ConfigError("the annual report needs a year (--year)")
    year, lang = str(request.year), request.lang
    sections = (
        _headline(store, request, year),
        _trends(store, request),
        _buyers(store, request, year),
        departments(store, request, year),
        _groups(store, request, year),
        _social(store, request, year),
        _reserved(store, request, year),
        _cvd(store, request, year),
        _eed(store, request, year),
        outcomes_section(store, request, year),
        _coverage(store, request, year),
        _notable(store, request, year),
        _methods(request),
    )
    doc = Document(t("annual.title", lang, year=year), subtitle(request), lang, sections, colophon(request))
    return with_reproduction_annex(doc)


def _methods(request: ReportRequest) -> Section:
    """The definitions, and those of the detected variant of the trends' indicators: years before eForms rest
    on text detection, which is never "explicitly none"."""
    paragraphs = methods_paragraphs(request, (*HEADLINE, "gpp-relevant", "reserved", "cvd"), TREND_CODES)
    return Section(t("sec.methods", request.lang), paragraphs)


def _headline(store: Store, request: ReportRequest, year: str) -> Section:
    lang = request.lang
    results = [indicator(store, code, request, year=year) for code in HEADLINE]
    rows = tuple(
        (result.indicator.title(lang), *(result.rows[0].get(column) for column in UPTAKE)) for result in results
    )
    table = TableBlock(
        t("sec.headline", lang),
        ("indicator", *UPTAKE),
        (people.title("indicator", lang), *(people.title(column, lang) for column in UPTAKE)),
        rows,
        tuple(with_db(result.call()) for result in results),
    )
    chart = ChartBlock(t("sec.headline", lang), headline_chart(results, lang))
    return Section(t("sec.headline", lang), (t("p.headline", lang, year=year),), (table, chart))


def _trends(store: Store, request: ReportRequest) -> Section:
    """Per indicator and year the declared figure where eForms lots exist, else the detected one (legacy
    years carry no sustainability fields). One method per year, decided once, for every indicator."""
    lang = request.lang
    formats = indicator(store, "strategic", request, ("year", "format"))
    eforms_years = {row["year"] for row in formats.rows if row.get("format") == "eforms"}
    results, calls = [], [with_db(formats.call())]  # the formats call says which method each year uses
    for code in TREND_CODES:
        merged, used = _per_year(store, request, code, eforms_years)
        results.append(merged)
        calls.extend(used)
    rows = tuple(
        (
            result.indicator.title(lang),
            row["year"],
            people.value_label("method", row["method"], lang),
            *(row.get(c) for c in UPTAKE),
        )
        for result in results
        for row in result.rows
    )
    table = TableBlock(
        t("sec.trends", lang),
        ("indicator", "year", "method", *UPTAKE),
        (
            people.title("indicator", lang),
            BREAKDOWNS["year"].title(lang),
            people.title("method", lang),
            *(people.title(c, lang, variant=_wording(results)) for c in UPTAKE),
        ),
        rows,
        tuple(calls),
    )
    chart = ChartBlock(t("sec.trends", lang), trends_chart(results, lang))
    return Section(t("sec.trends", lang), (t("p.trends", lang),), (table, chart))


def _per_year(
    store: Store, request: ReportRequest, code: str, eforms_years: set[object]
) -> tuple[IndicatorResult, list[str]]:
    """One indicator per year with the method chosen per year, and the calls whose rows were used."""
    declared = indicator(store, code, request, ("year",))
    detected = compute(store, code, by=("year",), filters=dict(request.filters), variant=DETECTED)
    detected_by_year = {row["year"]: row for row in detected.rows}
    rows = []
    for row in declared.rows:
        method = DECLARED if row["year"] in eforms_years else DETECTED
        chosen = row if method == DECLARED else detected_by_year.get(row["year"], row)
        rows.append({**chosen, "method": method})
    merged = IndicatorResult(
        declared.indicator, ("year",), dict(request.filters), DECLARED, ["method", *UPTAKE], rows, []
    )
    return merged, [with_db(result.call()) for result in (declared, detected) if _used(result, rows)]


def _wording(results: Sequence[IndicatorResult]) -> str:
    """The variant whose words title a table of years of both methods: a year by text detection counts lots
    examined without a hit in the "none" column, so such a table says "explicitly none or nothing found"."""
    mixed = any(row.get("method") == DETECTED for result in results for row in result.rows)
    return EITHER if mixed else DECLARED


def _used(result: IndicatorResult, rows: list[dict[str, object]]) -> bool:
    return any(row["method"] == result.variant for row in rows)


def _buyers(store: Store, request: ReportRequest, year: str) -> Section:
    lang = request.lang
    result = indicator(store, "strategic", request, ("buyer",), year=year)
    ranked = sorted(result.rows, key=lambda row: -int(row["lots_in_scope"]))[:TOP_BUYERS]  # type: ignore[call-overload]
    top = IndicatorResult(
        result.indicator, result.by, result.filters, result.variant, result.columns, ranked, result.notes
    )
    table = result_table(top, lang, UPTAKE)
    return Section(t("sec.buyers", lang), (t("p.buyers", lang, n=len(ranked), year=year),), (table,))


def _groups(store: Store, request: ReportRequest, year: str) -> Section:
    lang = request.lang
    groups = indicator(store, "green", request, ("product_group",), year=year)
    relevant = indicator(store, "gpp-relevant", request, year=year)
    chart = ChartBlock(groups.indicator.title(lang), breakdown_chart(groups, lang))
    return Section(
        t("sec.groups", lang),
        (t("p.groups", lang),),
        (result_table(groups, lang, UPTAKE), chart, result_table(relevant, lang, UPTAKE)),
    )


def _social(store: Store, request: ReportRequest, year: str) -> Section:
    lang = request.lang
    blocks = [
        result_table(indicator(store, "social", request, year=year), lang, UPTAKE),
        result_table(
            indicator(store, "social-objectives", request, year=year),
            lang,
            ("code", "lots_with_code", "share_of_lots", "share_of_parent_yes"),
        ),
        result_table(indicator(store, "innovative", request, year=year), lang, UPTAKE),
        result_table(
            indicator(store, "innovation-types", request, year=year),
            lang,
            ("code", "lots_with_code", "share_of_lots", "share_of_parent_yes"),
        ),
    ]
    return Section(t("sec.social", lang), (), tuple(blocks))


def _reserved(store: Store, request: ReportRequest, year: str) -> Section:
    lang = request.lang
    columns = (*UPTAKE[:3], "lots_sheltered_workshops", "lots_public_service_mission", "lots_reserved_execution")
    return Section(
        t("sec.reserved", lang), (), (result_table(indicator(store, "reserved", request, year=year), lang, columns),)
    )


CVD_COLUMNS = (
    "vehicle_category_group",
    "reference_period",
    "vehicles",
    "clean",
    "zero_emission",
    "clean_share",
    "target_clean_share",
    "meets_target",
)


def _cvd(store: Store, request: ReportRequest, year: str) -> Section:
    lang = request.lang
    result = indicator(store, "cvd", request, year=year)
    chart = ChartBlock(result.indicator.title(lang), cvd_chart(result, lang))
    table = result_table(result, lang, CVD_COLUMNS)
    notes = verify_notes(result, lang)
    table = TableBlock(table.title, table.columns, table.headers, table.rows, table.calls, notes)
    return Section(t("sec.cvd", lang), (t("p.cvd", lang),), (table, chart))


def _eed(store: Store, request: ReportRequest, year: str) -> Section:
    lang = request.lang
    scope = result_table(indicator(store, "eed", request, year=year), lang, (*UPTAKE[:3], "lots_with_items"))
    labels = result_table(indicator(store, "eed-labels", request, year=year), lang, ("label", "items", "quantity"))
    return Section(t("sec.eed", lang), (t("p.eed", lang),), (scope, labels))


def _coverage(store: Store, request: ReportRequest, year: str) -> Section:
    lang = request.lang
    result = indicator(store, "coverage", request, ("buyer",), year=year)
    ranked = sorted(result.rows, key=_least_covered)[:TOP_BUYERS]
    low = IndicatorResult(
        result.indicator, result.by, result.filters, result.variant, result.columns, ranked, result.notes
    )
    columns = (
        "lots_in_scope",
        "strategic_coverage",
        "green_coverage",
        "gpp_coverage",
        "social_coverage",
        "accessibility_coverage",
    )
    return Section(t("sec.coverage", lang), (t("p.coverage", lang),), (result_table(low, lang, columns),))


def _least_covered(row: dict[str, object]) -> tuple[float, float]:
    share, lots = row.get("coverage_share"), row.get("lots_in_scope")
    return (share if isinstance(share, float) else 0.0, -lots if isinstance(lots, int) else 0.0)


def _notable(store: Store, request: ReportRequest, year: str) -> Section:
    lang = request.lang
    return Section(
        t("sec.notable", lang), (t("p.notable", lang, year=year),), (notable_lots(store, request, int(year)),)
    )


REPORT = Report(
    "annual",
    {"en": "Annual SPP monitoring report", "nl": "Jaarlijks monitoringrapport", "fr": "Rapport de suivi annuel"},
    build,
)
