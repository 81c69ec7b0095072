"""The urgency list as a table (one row per planned purchase) and its CSV, XLSX and HTML files.

Every file is written atomically (it appears complete or not at all) and every text cell of CSV and XLSX is
formula-safe. The rows are the contract shared by the three formats and by the web app.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .. import localefmt
from ..guide import texts
from ..guide.knowledge import KnowledgeBase
from ..guide.links import publication_url
from ..localnames import cited_name
from ..outputs.atomic import atomic_binary_file
from ..outputs.safe import safe_cell, write_csv
from ..store import Store
from .matching import NoticeMatch, StoreContext
from .plan import Plan, RowProblem
from .urgency import Part, UrgencyItem, Weights, monitoring, recommended_criteria, urgency_list

PART_NAMES = ("spend", "impact", "timing", "criteria", "uptake_gap", "lock_in")
COLUMNS = (
    "rank",
    "id",
    "row",
    "department",
    "description",
    "cpv",
    "estimated_value",
    "planned_launch",
    "months_to_launch",
    "product_group",
    "product_group_name",
    "other_groups",
    "score",
    "ranking_note",
    *(f"{name}_points" for name in PART_NAMES),
    "score_explained",
    "mandatory_criteria",
    "voluntary_criteria",
    "labels",
    "obligations",
    "monitoring",
    "matched_notices",
    "published_green",
)
PROBLEM_COLUMNS = ("row", "column", "code", "message")
WARNING_COLUMNS = ("row", "column", "code", "message")
FORMATS = ("csv", "xlsx", "html")


@dataclass(frozen=True, slots=True)
class UrgencyReport:
    items: tuple[UrgencyItem, ...]
    problems: tuple[RowProblem, ...]
    today: date
    with_store: bool
    warnings: tuple[RowProblem, ...] = ()  # rows kept but to check (padded CPV codes, duplicates)
    encoding: str = ""


def build_report(
    plan: Plan,
    knowledge: KnowledgeBase,
    today: date,
    store: Store | None = None,
    weights: Weights | None = None,
) -> UrgencyReport:
    """Score the plan; with a store, past uptake enters the score and each item gets its matched notices."""
    if store is None:
        scored = urgency_list(plan.items, knowledge, today, None, weights)
        return UrgencyReport(tuple(scored), plan.problems, today, False, plan.warnings, plan.encoding)
    context = StoreContext(store, knowledge)
    scored = urgency_list(plan.items, knowledge, today, context.past_uptake, weights)
    items = tuple(_with_matches(entry, context.matches(entry.item)) for entry in scored)
    return UrgencyReport(items, plan.problems, today, True, plan.warnings, plan.encoding)


def _with_matches(entry: UrgencyItem, matches: tuple[NoticeMatch, ...]) -> UrgencyItem:
    return UrgencyItem(
        entry.item, entry.fiche, entry.other_fiches, entry.parts, entry.obligations, entry.months_to_launch, matches
    )


def _match_text(match: object, lang: str) -> str:
    assert isinstance(match, NoticeMatch)
    day = match.notice_date.isoformat() if match.notice_date else "?"
    url = publication_url(match.publication_number, lang)
    link = f" {url}" if url else ""
    lots = ", ".join(match.lot_ids or (match.lot_id,))
    found = texts.text(
        "plan.match_text",
        lang,
        confidence=texts.number(match.confidence, lang, 2),
        green=texts.text(f"status.{match.green_status}", lang)
        if match.green_status in _STATUSES
        else match.green_status,
        gpp=texts.text(f"status.{match.gpp_status}", lang) if match.gpp_status in _STATUSES else match.gpp_status,
    )
    return f"{day} {match.notice_key} {lots} ({found}){link}"


_STATUSES = ("yes", "none", "not-reported")


def _part_text(part: Part, lang: str) -> str:
    """ "spend 8.3 = 0.25 × 0.33 (why)" with the part's name and numbers in ``lang``."""
    name = texts.text(f"plan.part.{part.name}", lang)
    numbers = f"{texts.number(part.points, lang, 1)} = {texts.number(part.weight, lang, 2)} × " + texts.number(
        part.value, lang, 2
    )
    return f"{name} {numbers} ({part.explain(lang)})"


def rows(report: UrgencyReport, lang: str = "en") -> list[dict[str, Any]]:
    """One row per ranked item, the texts in ``lang``: the contract of the CSV, XLSX and HTML files and of the
    web API."""
    table = []
    for rank, entry in enumerate(report.items, start=1):
        item, fiche = entry.item, entry.fiche
        mandatory, voluntary = recommended_criteria(fiche, lang) if fiche else ([], [])
        best = entry.matches[0] if entry.matches else None
        table.append(
            {
                "rank": rank,
                "id": item.id,
                "row": item.row,
                "department": item.department,
                "description": item.description,
                "cpv": item.cpv,
                "estimated_value": float(item.estimated_value),
                "planned_launch": item.planned_launch.isoformat(),
                "months_to_launch": entry.months_to_launch,
                "product_group": fiche.id if fiche else "",
                "product_group_name": fiche.name(lang) if fiche else "",
                "other_groups": " | ".join(entry.other_fiches),
                "score": entry.score,
                "ranking_note": entry.ranking_note(lang),
                **{f"{part.name}_points": part.points for part in entry.parts},
                "score_explained": " | ".join(_part_text(part, lang) for part in entry.parts),
                "mandatory_criteria": " | ".join(mandatory),
                "voluntary_criteria": " | ".join(voluntary),
                "labels": " | ".join(cited_name(label.name, lang) for label in fiche.labels) if fiche else "",
                "obligations": " | ".join(f"{o.text_in(lang)} ({o.applies_in(lang)})" for o in entry.obligations),
                "monitoring": " | ".join(monitoring(fiche, item, lang)),
                "matched_notices": " | ".join(_match_text(match, lang) for match in entry.matches),
                "published_green": best.green_status if isinstance(best, NoticeMatch) else "",
            }
        )
    return table


def write_report(report: UrgencyReport, path: Path, lang: str = "en") -> str:
    """Write the urgency list in the format named by the file's extension; returns the format."""
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ValueError(f"output must end in .csv, .xlsx or .html, not {path.name}")
    content = report_bytes(report, kind, lang)
    with atomic_binary_file(path) as handle:
        handle.write(content)
    return kind


def report_bytes(report: UrgencyReport, kind: str, lang: str = "en") -> bytes:
    """The urgency list as the content of a .csv, .xlsx or .html file (UTF-8 for the texts)."""
    table = rows(report, lang)
    if kind == "csv":
        text = io.StringIO()
        write_csv(text, COLUMNS, ([row[name] for name in COLUMNS] for row in table))
        return text.getvalue().encode("utf-8")
    if kind == "xlsx":
        return _xlsx_bytes(table, report.problems, report.warnings, lang)
    if kind == "html":
        return render_html(report, table, lang).encode("utf-8")
    raise ValueError(f"unknown format {kind!r}; use one of {', '.join(FORMATS)}")


def _xlsx_bytes(
    table: list[dict[str, Any]], problems: Sequence[RowProblem], warnings: Sequence[RowProblem], lang: str = "en"
) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("urgency")
    sheet.append([safe_cell(name) for name in COLUMNS])
    for row in table:
        sheet.append([safe_cell(row[name]) for name in COLUMNS])
    rejected = workbook.create_sheet("rejected rows")
    rejected.append(list(PROBLEM_COLUMNS))
    for problem in problems:
        rejected.append([problem.row, safe_cell(problem.column), problem.code, safe_cell(problem.message_in(lang))])
    checks = workbook.create_sheet("rows to check")
    checks.append(list(WARNING_COLUMNS))
    for warning in warnings:
        checks.append([warning.row, safe_cell(warning.column), warning.code, safe_cell(warning.message_in(lang))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _html_row(row: dict[str, Any], lang: str) -> str:
    def cell(value: Any) -> str:
        return html.escape(str(value))

    def listing(text: str) -> str:
        items = [part for part in text.split(" | ") if part]
        return "<ul>" + "".join(f"<li>{cell(part)}</li>" for part in items) + "</ul>" if items else ""

    value = texts.number(row["estimated_value"], lang)
    return (
        "<tr>"
        f"<td>{row['rank']}</td><td><strong>{cell(texts.number(row['score'], lang, 1))}</strong>"
        f"{'<br><em>' + cell(row['ranking_note']) + '</em>' if row['ranking_note'] else ''}"
        f"{listing(row['score_explained'])}</td>"
        f"<td>{cell(row['id'])}<br>{cell(row['department'])}</td>"
        f"<td>{cell(row['description'])}<br><small>CPV {cell(row['cpv'])} · €{cell(value)} · "
        f"{cell(texts.text('plan.launch', lang))} {cell(row['planned_launch'])}</small></td>"
        f"<td>{cell(row['product_group_name'])}</td>"
        f"<td><b>{cell(texts.text('plan.mandatory', lang))}</b>{listing(row['mandatory_criteria'])}"
        f"<b>{cell(texts.text('plan.voluntary', lang))}</b>{listing(row['voluntary_criteria'])}</td>"
        f"<td>{listing(row['obligations'])}</td><td>{listing(row['monitoring'])}</td>"
        f"<td>{listing(row['matched_notices'])}</td>"
        "</tr>"
    )


def render_html(report: UrgencyReport, table: list[dict[str, Any]], lang: str = "en") -> str:
    """A self-contained page of the list, its headings in ``lang``."""

    def t(key: str, **values: object) -> str:
        return html.escape(texts.text(key, lang, **values))

    problems = "".join(
        f"<li>{t('plan.row')} {p.row}, {html.escape(p.column)}: <code>{html.escape(p.code)}</code> "
        f"{html.escape(p.message_in(lang))}</li>"
        for p in report.problems
    )
    checks = "".join(
        f"<li>{t('plan.row')} {w.row}: <code>{html.escape(w.code)}</code> {html.escape(w.message_in(lang))}</li>"
        for w in report.warnings
    )
    store = texts.text("plan.html.with_store" if report.with_store else "plan.html.without_store", lang)
    keys = ("plan.score", "plan.html.reference", "plan.item", "col.product_group", "plan.criteria")
    headings = ["#", *(t(key) for key in (*keys, "plan.obligations", "plan.monitoring", "plan.published"))]
    rejected = len({problem.row for problem in report.problems})
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
        f"<title>{t('plan.title')}</title>"
        "<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
        "td,th{border:1px solid #bbb;padding:.4em;vertical-align:top;font-size:.9em}"
        "ul{margin:.2em 0;padding-left:1.2em}"
        "</style></head><body>"
        f"<h1>{t('plan.title')}</h1>"
        f"<p>{t('plan.html.ranked', ranked=len(table), day=localefmt.day(report.today, lang), store=store)}</p>"
        f"<table><thead><tr>{''.join(f'<th>{heading}</th>' for heading in headings)}</tr></thead>"
        f"<tbody>{''.join(_html_row(row, lang) for row in table)}</tbody></table>"
        f"<h2>{t('plan.rejected_rows')} ({rejected})</h2><ul>{problems}</ul>"
        f"<h2>{t('plan.warnings', count=len(report.warnings))}</h2><ul>{checks}</ul></body></html>\n"
    )
