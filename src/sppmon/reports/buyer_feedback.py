"""The buyer feedback sheet: for one buyer, its field coverage, its uptake, and the lots where the evidence in
the texts and the declaration disagree."""

from __future__ import annotations

from ..buyers import buyer_name, resolve_buyer
from ..errors import ConfigError
from ..indicators import columns as people
from ..store import Store
from .base import Report, ReportRequest, colophon, indicator, subtitle
from .document import Document, Section, TableBlock, result_table, with_reproduction_annex
from .texts import t

UPTAKE = ("lots_in_scope", "uptake_share", "coverage_share", "not_reported_share")
COVERAGE = (
    "lots_in_scope",
    "strategic_coverage",
    "green_coverage",
    "gpp_coverage",
    "social_coverage",
    "innovative_coverage",
    "accessibility_coverage",
)
DIMENSIONS = (("green", "p.green_status", "p.green_detected"), ("social", "p.social_status", "p.social_detected"))
LIMIT = 50


def build(store: Store, request: ReportRequest) -> Document:
    if not request.buyer:
        raise ConfigError("the buyer feedback sheet needs --buyer KEY or NAME (see sppmon indicators coverage)")
    lang = request.lang
    key = resolve_buyer(store, request.buyer, lang)
    scoped = ReportRequest(lang, request.year, filters={**request.filters, "buyer": key})
    coverage = indicator(store, "coverage", scoped, ("year",))
    name = buyer_name(store, key, lang) or key
    uptake = [
        result_table(indicator(store, code, scoped, ("year",)), lang, UPTAKE)
        for code in ("strategic", "green", "gpp-criteria", "social", "innovative")
    ]
    comparison = indicator(store, "declared-vs-detected", scoped)
    sections = (
        Section(t("sec.buyer.coverage", lang), (t("p.buyer", lang),), (result_table(coverage, lang, COVERAGE),)),
        Section(t("sec.buyer.uptake", lang), (), tuple(uptake)),
        _disagreements(store, scoped, comparison.rows == [], comparison),
    )
    doc = Document(t("buyer.title", lang, buyer=name), subtitle(scoped), lang, sections, colophon(request))
    return with_reproduction_annex(doc)


def _disagreements(store: Store, request: ReportRequest, no_data: bool, comparison: object) -> Section:
    lang = request.lang
    title = t("sec.disagree", lang)
    if no_data:
        return Section(title, (t("p.no_detection", lang),))
    from ..indicators.base import IndicatorResult

    assert isinstance(comparison, IndicatorResult)
    summary = result_table(
        comparison,
        lang,
        ("dimension", "lots_text_examined", "lots_declared_only", "lots_detected_only", "agreement_share"),
    )
    rows = disagreeing_lots(store, request)
    names = ("notice", "lot", "title", "dimension", "disagreement", "evidence")
    listing = TableBlock(title, names, tuple(people.title(name, lang) for name in names), tuple(rows))
    paragraphs = () if rows else (t("p.no_disagreement", lang),)
    return Section(title, paragraphs, (summary, listing))


def disagreeing_lots(store: Store, request: ReportRequest) -> list[tuple[object, ...]]:
    """Lots of the buyer where the declaration says yes without text evidence, or the texts show evidence
    the declaration lacks; with the evidence terms found."""
    from ..indicators.breakdowns import where_sql

    lang = request.lang
    conditions, params = where_sql(request.filters)
    found: list[tuple[object, ...]] = []
    for dimension, declared, detected in DIMENSIONS:
        categories = "'environmental', 'label'" if dimension == "green" else "'social'"
        sql = (
            "SELECT n.publication_number, p.lot_id, COALESCE(p.title, n.title), "
            f"CASE WHEN {declared} = 'yes' THEN 'declared_only' ELSE 'detected_only' END, "
            "(SELECT STRING_AGG(DISTINCT e.term, ', ') FROM evidence e WHERE e.notice_key = p.notice_key "
            f"AND e.lot_id = p.lot_id AND e.category IN ({categories})) "
            "FROM procedure_lots p JOIN notices n ON n.notice_key = p.notice_key "
            f"WHERE {detected} IS NOT NULL AND (({declared} = 'yes') <> {detected})"
            + "".join(f" AND {condition}" for condition in conditions)
            + f" ORDER BY n.publication_number, p.lot_id LIMIT {LIMIT}"
        )
        for number, lot_id, title, kind, terms in store.query(sql, params):
            aspect = people.value_label("dimension", dimension, lang)
            found.append((number, lot_id, title, aspect, people.value_label("disagreement", kind, lang), terms))
    return found


REPORT = Report(
    "buyer",
    {"en": "Buyer feedback sheet", "nl": "Feedbackfiche voor de aankoper", "fr": "Fiche de retour pour l'acheteur"},
    build,
)
