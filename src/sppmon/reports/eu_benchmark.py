"""Belgium beside every EU/EEA country: per headline indicator a table of the buyer countries sorted by uptake
(with coverage, not reported and the share by value, each share with its 95 % Wilson interval) and a chart of
the intervals; then the clean-vehicle shares per category and period against each country's own minimum. A
country too small or too sparsely reported to rank is shown below the ranked ones with the reason."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import localefmt
from ..benchmarking import Benchmark, CountryCvd, CountryShare, CvdRanking, IndicatorRanking, eu_benchmark
from ..benchmarking.compare import SMALL
from ..benchmarking.countries import BELGIUM
from ..benchmarking.settings import focus_country, thresholds
from ..benchmarking.wilson import Interval
from ..indicators import columns as people
from ..localnames import country_name
from ..store import Store
from .base import Report, ReportRequest, colophon, subtitle
from .benchmark_charts import Point, interval_chart
from .charts import text as chart_text
from .document import ChartBlock, Document, Section, TableBlock, with_db, with_reproduction_annex
from .texts import t

FOCUS_MARK = " ◀"
SETTINGS = ("min_lots", "min_coverage", "min_vehicles", "focus")  # ReportRequest.settings this report reads
UPTAKE_COLUMNS = (
    *("rank", "country", "lots_in_scope", "uptake_share", "uptake_low", "uptake_high"),
    *("coverage_share", "coverage_low", "coverage_high", "not_reported_share", "value_uptake_share", "mark"),
)
CVD_COLUMNS = (
    *("rank", "country", "vehicles", "clean_share", "clean_low", "clean_high", "own_target_clean_share"),
    *("zero_emission_share", "zero_emission_low", "zero_emission_high", "own_target_zero_emission_share"),
    *("meets_target", "mark"),
)


def build(store: Store, request: ReportRequest) -> Document:
    lang = request.lang
    filters = dict(request.filters)
    if request.year is not None:
        filters["year"] = str(request.year)
    options = request.settings
    limits = thresholds(options.get("min_lots"), options.get("min_coverage"), options.get("min_vehicles"))
    benchmark = eu_benchmark(store, filters, limits, focus_country(options.get("focus")))
    focus = benchmark.focus
    sections = [_about(benchmark, lang)]
    sections += [_indicator_section(ranking, focus, lang) for ranking in benchmark.indicators]
    sections.append(_cvd_section(benchmark, lang))
    title = _title(focus, request.year, lang)
    shown = ReportRequest(lang, filters={k: v for k, v in filters.items() if k != "eu_institution"})
    doc = Document(title, subtitle(shown), lang, tuple(sections), colophon(request))
    return with_reproduction_annex(doc)


def _title(focus: str, year: int | None, lang: str) -> str:
    """Belgium's own title by default; another focus country's name in the title otherwise."""
    key = "bench.title" if focus == BELGIUM else "bench.title.focus"
    values = {} if focus == BELGIUM else {"country": country_name(focus, lang)}
    return t(f"{key}.year", lang, year=year, **values) if year else t(key, lang, **values)


def _about(benchmark: Benchmark, lang: str) -> Section:
    limits = benchmark.thresholds
    paragraphs = [
        t("p.bench.about", lang),
        t(
            "p.bench.thresholds",
            lang,
            lots=localefmt.number(limits.min_lots, lang),
            coverage=localefmt.share(limits.min_coverage, lang),
            vehicles=localefmt.number(limits.min_vehicles, lang),
        ),
        t("p.bench.wilson", lang),
        t("p.bench.belgium", lang)
        if benchmark.focus == BELGIUM
        else t("p.bench.focus", lang, country=country_name(benchmark.focus, lang)),
    ]
    if not any(ranking.rows for ranking in benchmark.indicators):
        paragraphs.append(t("p.bench.empty", lang))
    return Section(t("sec.bench.about", lang), tuple(paragraphs))


def country_label(code: str, lang: str, focus: str = BELGIUM) -> str:
    """The country's name in ``lang``; the focus country's marked so that it stands out in every format."""
    name = country_name(code, lang)
    return name + FOCUS_MARK if code == focus else name


def _mark(mark: str | None, lang: str, vehicles: bool = False) -> str | None:
    if mark is None:
        return None
    return t(f"bench.mark.{mark}.vehicles" if vehicles and mark == SMALL else f"bench.mark.{mark}", lang)


def _low(interval: Interval | None) -> float | None:
    return interval.low if interval else None


def _high(interval: Interval | None) -> float | None:
    return interval.high if interval else None


def uptake_row(row: CountryShare, lang: str, focus: str = BELGIUM) -> tuple[Any, ...]:
    return (
        row.rank,
        country_label(row.country, lang, focus),
        row.lots_in_scope,
        row.uptake,
        _low(row.uptake_interval),
        _high(row.uptake_interval),
        row.coverage,
        _low(row.coverage_interval),
        _high(row.coverage_interval),
        row.not_reported,  # its interval mirrors the coverage's: 1 − high … 1 − low
        row.value_uptake,
        _mark(row.mark, lang),
    )


def cvd_row(row: CountryCvd, lang: str, focus: str = BELGIUM) -> tuple[Any, ...]:
    return (
        row.rank,
        country_label(row.country, lang, focus),
        row.vehicles,
        row.clean_share,
        _low(row.clean_interval),
        _high(row.clean_interval),
        row.target_clean,
        row.zero_emission_share,
        _low(row.zero_emission_interval),
        _high(row.zero_emission_interval),
        row.target_zero_emission,
        people.value_label("meets_target", row.meets_target, lang) if row.meets_target else None,
        _mark(row.mark, lang, vehicles=True),
    )


def headers(columns: Sequence[str], lang: str) -> tuple[str, ...]:
    return tuple(people.title(column, lang) for column in columns)


def _indicator_section(ranking: IndicatorRanking, focus: str, lang: str) -> Section:
    title = ranking.result.indicator.title(lang)
    call = with_db(ranking.result.call())
    table = TableBlock(
        title,
        UPTAKE_COLUMNS,
        headers(UPTAKE_COLUMNS, lang),
        tuple(uptake_row(row, lang, focus) for row in ranking.rows),
        (call,),
        sheet=_sheet(ranking.result.indicator.code, lang),
        highlight=_focus(ranking.rows, focus),
    )
    blocks: list[TableBlock | ChartBlock] = [table]
    points = [
        Point(
            country_label(row.country, lang, focus),
            row.uptake,
            row.uptake_interval.low,
            row.uptake_interval.high,
            row.country == focus,
            row.rank is not None,
        )
        for row in ranking.rows
        if row.uptake is not None and row.uptake_interval is not None
    ]
    if points:
        chart = interval_chart(points, title, chart_text("uptake", lang), lang, country_name(focus, lang))
        blocks.append(ChartBlock(title, chart))  # its call is printed under the table above
    return Section(title, (), tuple(blocks))


def _focus(rows: Sequence[CountryShare | CountryCvd], focus: str) -> tuple[int, ...]:
    return tuple(index for index, row in enumerate(rows) if row.country == focus)


def _sheet(code: str, lang: str) -> str:
    from .. import messages

    texts = messages.catalogue().get(f"report.sheet.{code}")
    return (texts.get(lang) or texts["en"]) if texts else ""


def _cvd_section(benchmark: Benchmark, lang: str) -> Section:
    paragraphs = [t("p.bench.cvd", lang), t("p.bench.targets", lang, source=benchmark.targets.source_in(lang))]
    if not benchmark.cvd:
        paragraphs.append(t("p.bench.no_cvd", lang))
    call = with_db(benchmark.cvd_result.call()) if benchmark.cvd_result else ""
    blocks: list[TableBlock | ChartBlock] = []
    for number, ranking in enumerate(benchmark.cvd, 1):
        blocks.extend(_cvd_blocks(ranking, number, call, benchmark.focus, lang))
    return Section(t("sec.bench.cvd", lang), tuple(paragraphs), tuple(blocks))


def _cvd_blocks(ranking: CvdRanking, number: int, call: str, focus: str, lang: str) -> list[TableBlock | ChartBlock]:
    category = people.value_label("vehicle_category_group", ranking.vehicle_group, lang)
    title = t("bench.cvd.table", lang, category=category, period=ranking.period)
    table = TableBlock(
        title,
        CVD_COLUMNS,
        headers(CVD_COLUMNS, lang),
        tuple(cvd_row(row, lang, focus) for row in ranking.rows),
        (call,),
        sheet=t("sheet.cvd.bench", lang, number=number),
        highlight=_focus(ranking.rows, focus),
    )
    points = [
        Point(
            country_label(row.country, lang, focus),
            row.clean_share,
            row.clean_interval.low,
            row.clean_interval.high,
            row.country == focus,
            row.rank is not None,
            row.target_clean,
        )
        for row in ranking.rows
        if row.clean_share is not None and row.clean_interval is not None
    ]
    blocks: list[TableBlock | ChartBlock] = [table]
    if points:
        chart = interval_chart(points, title, chart_text("clean", lang), lang, country_name(focus, lang))
        blocks.append(ChartBlock(title, chart))  # its call is printed under the table above
    return blocks


REPORT = Report(
    "eu-benchmark",
    {
        "en": "Belgium beside every EU/EEA country",
        "nl": "België naast elk land van de EU/EER",
        "fr": "La Belgique à côté de chaque pays de l'UE/EEE",
    },
    build,
)
