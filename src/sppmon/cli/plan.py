"""``sppmon plan``: the urgency list of planned purchases, and the plan template."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from ..guide import texts
from ..guide.fiche import LANGUAGES
from ..outputs.atomic import atomic_binary_file, atomic_text_file
from ..planning.cpv import STRUCTURE_ONLY
from ..planning.plan import read_plan
from ..planning.template import template_text, template_xlsx
from .common import EXIT_OK, EXIT_REJECTED, handle_errors


def _out_path(value: str | None) -> Path | None:
    if value is None:
        return None
    path = Path(value)
    if path.suffix.lower() not in (".csv", ".xlsx", ".html"):
        raise click.BadParameter("the output file must end in .csv, .xlsx or .html", param_hint="--out")
    return path


@click.group("plan")
def plan_group() -> None:
    """Planning: rank the planned purchases of a multi-year plan by sustainability urgency."""


@plan_group.command("urgency")
@click.argument("plan", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--out", "out", default=None, metavar="FILE", help="Write the list to FILE.csv, FILE.xlsx or FILE.html.")
@click.option(
    "--db",
    "db",
    default=None,
    metavar="PATH|URL",
    help="Store whose past uptake enters the score and whose notices are matched to the plan.",
)
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Reference date (default: today).")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="en",
    show_default=True,
    help="Language of the criteria, explanations and obligations.",
)
@handle_errors
def urgency_command(plan: Path, out: str | None, db: str | None, today: object, lang: str) -> None:
    """Rank the planned purchases of PLAN (.csv or .xlsx; see 'sppmon plan template') by a transparent score,
    with recommended criteria, legal obligations and the fields to declare; bad rows are reported, the rest
    ranked."""
    from ..guide.knowledge import load_knowledge_base
    from ..planning.report import build_report, rows, write_report
    from ..store import open_store

    target = _out_path(out)
    reference = today.date() if hasattr(today, "date") else date.today()
    parsed = read_plan(plan)
    knowledge = load_knowledge_base()
    if db is not None:
        with open_store(db, read_only=True) as store:
            report = build_report(parsed, knowledge, reference, store)
    else:
        report = build_report(parsed, knowledge, reference)
    rejected_word, check_word = texts.text("plan.cli.rejected", lang), texts.text("plan.cli.check", lang)
    for problem in report.problems:  # every problem of a row, each naming its column
        where = texts.text("plan.cli.where", lang, row=problem.row, column=problem.column)
        click.echo(f"{rejected_word}: {plan}: {where}: {problem.code}: {problem.message_in(lang)}", err=True)
    for warning in report.warnings:  # rows kept but to check: padded CPV codes, duplicates
        where = texts.text("plan.cli.row", lang, row=warning.row)
        click.echo(f"{check_word}: {plan}: {where}: {warning.code}: {warning.message_in(lang)}", err=True)
    if target is None:
        no_group, launch = texts.text("plan.cli.no_group", lang), texts.text("plan.launch", lang)
        for row in rows(report, lang):
            note = f" · {row['ranking_note']}" if row["ranking_note"] else ""
            click.echo(
                f"{row['rank']:>3}. {texts.number(row['score'], lang, 1):>5}  {row['id']}  {row['department']} · "
                f"{row['description']} · {row['product_group'] or no_group} · {launch} {row['planned_launch']}{note}"
            )
    else:
        write_report(report, target, lang)
        click.echo(texts.text("plan.cli.written", lang, count=texts.number(len(report.items), lang), target=target))
    rejected = len({problem.row for problem in report.problems})
    summary = texts.text(
        "plan.cli.summary", lang, ranked=len(report.items), rejected=rejected, checks=len(report.warnings)
    )
    click.echo(summary, err=True)
    if parsed.encoding:
        click.echo(texts.text("plan.encoding", lang, encoding=parsed.encoding), err=True)
    click.echo(_cpv_checked(parsed.cpv_checked_against, lang), err=True)
    sys.exit(EXIT_REJECTED if report.problems else EXIT_OK)


def _cpv_checked(source: str, lang: str) -> str:
    """What the plan's CPV codes were checked against, in ``lang`` (the SDK's folder named as it is)."""
    if source == STRUCTURE_ONLY.source:
        return texts.text("plan.cli.cpv_structure", lang)
    return texts.text("plan.cli.cpv_list", lang, source=source)


@plan_group.command("template")
@click.option("--out", "out", default=None, metavar="FILE", help="Write the template to FILE.csv or FILE.xlsx.")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="en",
    show_default=True,
    help="Language of the column names, the example rows and the messages.",
)
@handle_errors
def template_command(out: str | None, lang: str) -> None:
    """Print or write the plan template: the documented columns with three example rows."""
    text = template_text(lang)
    if out is None:
        click.echo(text, nl=False)
        return
    path = Path(out)
    if path.suffix.lower() == ".csv":
        with atomic_text_file(path) as handle:
            handle.write(text)
    elif path.suffix.lower() == ".xlsx":
        with atomic_binary_file(path) as handle:
            handle.write(template_xlsx(lang))
    else:
        raise click.BadParameter(texts.text("plan.cli.template_suffix", lang), param_hint="--out")
    click.echo(texts.text("plan.cli.template_written", lang, path=path))
