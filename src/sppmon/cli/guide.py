"""``sppmon guide``: the guide's knowledge base — search, show, list and validate fiches; with a store, the
uptake of each product group, the share of peers with green criteria and good-practice notices."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .. import settings
from ..guide import texts
from ..guide.fiche import LANGUAGES
from ..guide.knowledge import KnowledgeBase, fiche_files, load_knowledge_base, read_fiches
from ..guide.present import fiche_as_dict, figures_as_dict
from ..guide.uptake import group_figures
from .common import EXIT_OK, EXIT_REJECTED, db_option, handle_errors

_GUIDE_DIR = click.option(
    "--guide-dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Use the fiches in this folder instead of the packaged guide.",
)
_LANG = click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
_FORMAT = click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")


def _document_facts(document: dict[str, Any]) -> str:
    """Publisher, year and reference of a cited document, as far as they are known."""
    facts = [document.get("publisher"), document.get("year"), document.get("reference")]
    return ", ".join(str(fact) for fact in facts if fact)


def _citation(cited: dict[str, Any], lang: str) -> list[str]:
    """Where a criterion comes from: the document, the criterion's number there and the link to the document."""

    def t(key: str, **values: object) -> str:
        return texts.text(key, lang, **values)

    colon = texts.colon(lang)
    number = cited["criterion"]
    where = t("guide.criterion_number", number=number) if number else t("guide.criterion_number_unknown")
    verify = f" [{t('guide.verify')}]" if cited["verify"] else ""
    document = f"{cited['title']} ({_document_facts(cited) or '–'})"
    lines = [f"      {t('guide.criterion_source')}{colon} {document} — {where}{verify}"]
    if cited.get("url"):
        lines.append(f"        {cited['url']}")
    if cited.get("checked") and lang == "en":  # reviewers' notes are kept in English only
        lines.append(f"        {t('guide.checked')}{colon} {cited['checked']}")
    return lines


def render_fiche(fiche: dict[str, Any], lang: str = "en") -> list[str]:
    """A fiche (``fiche_as_dict`` in ``lang``) as text, its headings, levels and stages in ``lang`` too."""

    def t(key: str, **values: object) -> str:
        return texts.text(key, lang, **values)

    colon = texts.colon(lang)
    gpp = fiche["eu_gpp"]
    verify = f", {t('guide.verify')}" if gpp["verify"] else ""
    year = f" ({gpp['year']}{verify})" if gpp["year"] else ""
    lines = [
        f"{fiche['name']} [{fiche['id']}]",
        f"  {fiche['summary']}",
        f"  {t('guide.criteria_set')}{colon} {gpp['title']}{year}",
    ]
    for level, criteria in fiche["criteria"].items():
        lines.append(f"  {t(f'guide.level.{level}')}{colon}")
        for criterion in criteria:
            stage, dimension = t(f"guide.stage.{criterion['stage']}"), t(f"guide.dimension.{criterion['dimension']}")
            lines.append(f"    - {stage} ({dimension}){colon} {criterion['text']}")
            if criterion.get("source"):
                lines += _citation(criterion["source"], lang)
    if fiche["labels"]:
        lines.append(f"  {t('guide.labels')}{colon}")
        lines += [f"    - {label['name']} ({label['owner']}): {label['certifies']}" for label in fiche["labels"]]
    lines.append(f"  {t('guide.declare')}{colon}")
    lines += [f"    - {d['field']} {', '.join(d['codes'])}: {d['when']}" for d in fiche["declare"]]
    for obligation in fiche["obligations"]:
        lines.append(f"  {t('guide.cli.obligation')} — {obligation['title']}{colon} {obligation['summary']}")
    lines.append(f"  {t('guide.sources')}{colon}")
    for s in fiche["sources"]:
        verify = f" [{t('guide.verify')}]" if s["verify"] else ""
        lines.append(f"    - {s['title']} ({_document_facts(s)}) {s['url']}{verify}")
        if s.get("checked") and lang == "en":
            lines.append(f"      {t('guide.checked')}{colon} {s['checked']}")
    review = fiche["review"]
    reviewer = review["reviewed_by"] or t("guide.no_reviewer")
    day = f", {review['reviewed_on']}" if review["reviewed_on"] else ""
    lines.append(f"  {t('guide.review')}{colon} {t('guide.review.' + review['status'])} — {reviewer}{day}")
    return lines


def render_figures(figures: dict[str, Any], lang: str = "en") -> list[str]:
    """A group's figures (``figures_as_dict``) as text in ``lang``."""

    def t(key: str, **values: object) -> str:
        return texts.text(key, lang, **values)

    colon = texts.colon(lang)
    lines = [f"  {t('guide.uptake')} ({t('guide.cli.uptake_note')}){colon}"]
    for year in figures["by_year"]:
        shares = {name: texts.share(year[f"{name}_uptake"], lang) for name in ("green", "gpp")}
        coverage = texts.share(year["green_coverage"], lang)
        lots = texts.number(year["lots"], lang)
        lines.append(f"    {t('guide.cli.year', year=year['year'], lots=lots, coverage=coverage, **shares)}")
    if not figures["by_year"]:
        lines.append(f"    {t('guide.cli.no_lots')}")
    peers = figures["peers"]
    green, buyers = texts.number(peers["buyers_green"], lang), texts.number(peers["buyers"], lang)
    lines.append(f"  {t('guide.peers', green=green, buyers=buyers, share=texts.share(peers['share'], lang))}")
    if peers["buyer"]:
        own = {"green": texts.number(peers["buyer_green_lots"], lang), "lots": texts.number(peers["buyer_lots"], lang)}
        lines.append(f"  {t('guide.buyer_lots', buyer=peers['buyer'], **own)}")
    if figures["good_practice"]:
        lines.append(f"  {t('guide.good_practice')}{colon}")
        for item in figures["good_practice"]:
            link = f" {item['link']}" if item["link"] else ""
            lines.append(f"    - {item['date']} {item['buyer']}: {item['title']} ({item['lot_id']}){link}")
    return lines


def _store_figures(
    knowledge: KnowledgeBase, fiche_id: str, db: str | None, buyer: str | None, since: int | None, lang: str
) -> dict[str, Any] | None:
    """Figures from the store; without --db, only when the default store exists."""
    if db is None and not Path(str(settings.get("db"))).exists():
        return None
    fiche = knowledge.get(fiche_id)
    assert fiche is not None
    from ..store import open_store

    with open_store(db, read_only=True) as store:
        return figures_as_dict(group_figures(store, fiche, buyer, since), lang)


@click.group("guide")
def guide_group() -> None:
    """The guide for sustainable procurement: criteria, labels and eForms codes per product group."""


@guide_group.command("search")
@click.argument("query", nargs=-1, required=True)
@db_option
@click.option("--buyer", default=None, help="Compare this buyer (name fragment or buyer key) with its peers.")
@click.option("--since", type=int, default=None, metavar="YEAR", help="Count peers from this year on.")
@click.option("--all", "show_all", is_flag=True, help="Show every matching fiche, not only the best one.")
@_LANG
@_FORMAT
@_GUIDE_DIR
@handle_errors
def search_command(
    query: tuple[str, ...],
    db: str | None,
    buyer: str | None,
    since: int | None,
    show_all: bool,
    lang: str,
    output_format: str,
    guide_dir: Path | None,
) -> None:
    """Find the product group for a CPV code (30213100 or 30213100-6) or for words in NL, FR or EN; show its
    fiche and, with a store, its uptake per year, the share of peers with green criteria and good practice."""
    knowledge = load_knowledge_base(guide_dir)
    hits = knowledge.search(" ".join(query))
    if not hits:
        click.echo(texts.text("guide.cli.not_found", lang, query=repr(" ".join(query))), err=True)
        sys.exit(EXIT_REJECTED)
    shown = hits if show_all else hits[:1]
    results = []
    for hit in shown:
        entry: dict[str, Any] = {
            "score": hit.score,
            "matched": list(hit.matched),
            "fiche": fiche_as_dict(hit.fiche, lang),
        }
        entry["figures"] = _store_figures(knowledge, hit.fiche.id, db, buyer, since, lang)
        results.append(entry)
    if output_format == "json":
        click.echo(json.dumps({"query": " ".join(query), "results": results}, ensure_ascii=False, indent=2))
        return
    for entry in results:
        click.echo("\n".join(render_fiche(entry["fiche"], lang)))
        if entry["figures"] is not None:
            click.echo("\n".join(render_figures(entry["figures"], lang)))
    if len(hits) > len(shown):
        others = ", ".join(hit.fiche.id for hit in hits[len(shown) :])
        click.echo(texts.text("guide.cli.also_matching", lang, fiches=others))


@guide_group.command("show")
@click.argument("fiche_id")
@_LANG
@_FORMAT
@_GUIDE_DIR
@handle_errors
def show_command(fiche_id: str, lang: str, output_format: str, guide_dir: Path | None) -> None:
    """Show one fiche by its id."""
    fiche = load_knowledge_base(guide_dir).get(fiche_id)
    if fiche is None:
        click.echo(texts.text("guide.cli.no_fiche", lang, fiche=repr(fiche_id)), err=True)
        sys.exit(EXIT_REJECTED)
    data = fiche_as_dict(fiche, lang)
    click.echo(
        json.dumps(data, ensure_ascii=False, indent=2)
        if output_format == "json"
        else "\n".join(render_fiche(data, lang))
    )


@guide_group.command("list")
@_LANG
@_GUIDE_DIR
@handle_errors
def list_command(lang: str, guide_dir: Path | None) -> None:
    """List the fiches: id, EU GPP criteria year and status, review status, reviewer and name."""
    for fiche in load_knowledge_base(guide_dir).fiches:
        year = fiche.gpp.year or "—"
        reviewer = fiche.review.reviewed_by or "—"
        click.echo(f"{fiche.id}\t{year}\t{fiche.gpp.status}\t{fiche.review.status}\t{reviewer}\t{fiche.name(lang)}")


@guide_group.command("validate")
@click.argument("folder", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path))
@_LANG
@handle_errors
def validate_command(folder: Path | None, lang: str) -> None:
    """Check every fiche of FOLDER (default: the packaged guide) and list all problems with their place."""
    fiches, problems = read_fiches(fiche_files(folder))
    colon = texts.colon(lang)
    for problem in problems:
        click.echo(f"GUIDE_FICHE_INVALID{colon} {problem.where}{colon} {problem.message_in(lang)}", err=True)
    fiche_count, problem_count = texts.number(len(fiches), lang), texts.number(len(problems), lang)
    click.echo(texts.text("guide.cli.validated", lang, fiches=fiche_count, problems=problem_count))
    sys.exit(EXIT_REJECTED if problems else EXIT_OK)
