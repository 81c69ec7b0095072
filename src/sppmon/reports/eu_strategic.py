"""The strategic-procurement chapter of the national monitoring report to the European Commission: green,
social and innovative procurement per year of a reporting period, by number and value, with coverage."""

from __future__ import annotations

from ..errors import ConfigError
from ..store import Store
from .base import Report, ReportRequest, colophon, indicator, methods_paragraphs, subtitle
from .charts import trend_chart
from .document import ChartBlock, Document, Section, TableBlock, result_table, with_reproduction_annex
from .texts import t

COLUMNS = (
    "lots_in_scope",
    "lots_yes",
    "uptake_share",
    "coverage_share",
    "value_eur_in_scope",
    "value_eur_yes",
    "value_uptake_share",
)
CODES = ("strategic", "green", "gpp-criteria", "social", "innovative")
SHARES = ("code", "lots_with_code", "share_of_lots", "share_of_parent_yes")


def build(store: Store, request: ReportRequest) -> Document:
    first, last = request.first_year, request.last_year
    if first is None or last is None or first > last:
        raise ConfigError("the EU strategic-procurement chapter needs a period: --from YEAR --to YEAR (from ≤ to)")
    lang = request.lang
    years = ",".join(str(year) for year in range(first, last + 1))
    sections = []
    for code in CODES:
        result = indicator(store, code, request, ("year",), year=years)
        blocks: list[TableBlock | ChartBlock] = [result_table(result, lang, COLUMNS)]
        if code == "green":
            blocks.append(ChartBlock(result.indicator.title(lang), trend_chart(result, lang)))
        sections.append(Section(result.indicator.title(lang), (), tuple(blocks)))
    details = [
        result_table(indicator(store, code, request, year=years), lang, SHARES)
        for code in ("environmental-impact", "social-objectives", "innovation-types")
    ]
    details.append(result_table(indicator(store, "reserved", request, ("year",), year=years), lang, COLUMNS[:4]))
    sections.append(Section(t("sec.social", lang), (), tuple(details)))
    sections.append(Section(t("sec.methods", lang), methods_paragraphs(request, CODES)))
    doc = Document(
        t("eu.title", lang, first=first, last=last),
        subtitle(request),
        lang,
        (Section(t("sec.headline", lang), (t("p.eu", lang),)), *sections),
        colophon(request),
    )
    return with_reproduction_annex(doc)


REPORT = Report(
    "eu-strategic",
    {
        "en": "EU monitoring report: strategic procurement chapter",
        "nl": "EU-toezichtsverslag: hoofdstuk strategische aankoop",
        "fr": "Rapport de contrôle UE : chapitre achats stratégiques",
    },
    build,
)
