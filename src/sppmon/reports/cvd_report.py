"""The Clean Vehicles Directive report: per reference period and vehicle category, vehicles procured, clean
and zero-emission, against the Belgian minimum shares, in total and per contracting authority."""

from __future__ import annotations

from ..store import Store
from .base import Report, ReportRequest, colophon, indicator, subtitle
from .charts import cvd_chart
from .document import ChartBlock, Document, Section, TableBlock, result_table, verify_notes, with_reproduction_annex
from .texts import t

TOTAL_COLUMNS = (
    "vehicle_category_group",
    "reference_period",
    "vehicles",
    "clean",
    "zero_emission",
    "clean_share",
    "zero_emission_share",
    "target_clean_share",
    "target_zero_emission_share",
    "meets_target",
)


def build(store: Store, request: ReportRequest) -> Document:
    lang = request.lang
    total = indicator(store, "cvd", request)
    verify = verify_notes(total, lang)
    total_table = result_table(total, lang, TOTAL_COLUMNS, title=t("sec.totals", lang))
    total_table = TableBlock(
        total_table.title, total_table.columns, total_table.headers, total_table.rows, total_table.calls, verify
    )
    chart = ChartBlock(total.indicator.title(lang), cvd_chart(total, lang))
    per_buyer = indicator(store, "cvd", request, ("buyer",))
    buyer_table = result_table(per_buyer, lang, TOTAL_COLUMNS, title=t("sec.authorities", lang))
    sections = (
        Section(t("sec.totals", lang), (t("p.cvd.structure", lang), t("p.cvd", lang)), (total_table, chart)),
        Section(t("sec.authorities", lang), (), (buyer_table,)),
        Section(t("sec.methods", lang), (total.indicator.definition[lang], total.indicator.method_in(lang), *verify)),
    )
    doc = Document(t("cvd.title", lang), subtitle(request), lang, sections, colophon(request))
    return with_reproduction_annex(doc)


REPORT = Report(
    "cvd",
    {
        "en": "Clean Vehicles Directive report",
        "nl": "Verslag richtlijn schone voertuigen",
        "fr": "Rapport directive véhicules propres",
    },
    build,
)
