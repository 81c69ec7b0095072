"""The guide's pages: search by CPV code or words, the list of fiches, and per fiche its criteria by ambition
level, labels, codes to declare and obligations, with the uptake of its product group in the store, the share
of peers with green criteria and good-practice notices."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from ...guide.fiche import Fiche
from ...guide.knowledge import KnowledgeBase, load_knowledge_base
from ...guide.present import fiche_as_dict, figures_as_dict
from ...guide.uptake import group_figures
from ...reports.charts import group_trend_chart
from ..context import Env, env_of
from ..links import official_url
from ..render import render
from ..tables import Column, DataTable, table

router = APIRouter()
Text = Annotated[str, Query(max_length=200)]
FIRST_YEAR, LAST_YEAR = 1990, 2100


def knowledge() -> KnowledgeBase:
    return load_knowledge_base()


def fiche_or_404(env: Env, fiche_id: str) -> Fiche:
    fiche = knowledge().get(fiche_id)
    if fiche is None:
        raise HTTPException(404, env.t("guide.unknown"))
    return fiche


def since_year(value: str) -> int | None:
    """The ``since`` parameter: empty (a form left blank) or a year."""
    if not value.strip():
        return None
    if not value.strip().isdigit() or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        raise HTTPException(400, f"since: {value!r} is not a year")
    return int(value)


def store_figures(env: Env, fiche: Fiche, buyer: str, since: int | None) -> dict[str, Any]:
    """The group's figures in the store (cached per store version), links to the notices' pages added."""
    key = ("guide", fiche.id, buyer, since)
    figures = env.cache.get(key, lambda: figures_as_dict(group_figures(env.store, fiche, buyer or None, since)))
    practice = [
        {
            **item,
            "page": f"/notices/{item['notice_key']}",
            "official": official_url(env.config.publication_url, item["publication_number"], env.lang),
        }
        for item in figures["good_practice"]
    ]
    return {**figures, "good_practice": practice}


@table("guide-fiches")
def fiches_table(env: Env) -> DataTable:
    """Every fiche of the guide: product group, EU GPP criteria set and year, CPV codes, review status."""
    t = env.t
    rows, links = [], {}
    for index, fiche in enumerate(sorted(knowledge().fiches, key=lambda fiche: fiche.name(env.lang))):
        rows.append(
            {
                "name": fiche.name(env.lang),
                "criteria": fiche.gpp.title[env.lang],
                "year": fiche.gpp.year,
                "cpv": ", ".join(knowledge().covered_codes(fiche)),
                "review": t(f"guide.review.{fiche.review.status}"),
            }
        )
        links[index] = {"name": f"/guide/{fiche.id}"}
    columns = [
        Column("name", t("col.product_group")),
        Column("criteria", t("guide.criteria_set")),
        Column("year", t("col.criteria_year")),
        Column("cpv", t("guide.cpv")),
        Column("review", t("guide.review")),
    ]
    return DataTable("guide-fiches", t("guide.fiches"), columns, rows, links=links)


@table("guide-uptake")
def uptake_table(env: Env) -> DataTable:
    """Per year, the product group's procedure lots and the declared green and GPP-criteria uptake."""
    fiche = fiche_or_404(env, env.params.get("fiche", ""))
    figures = store_figures(env, fiche, env.params.get("buyer", ""), since_year(env.params.get("since", "")))
    t = env.t
    columns = [
        Column("year", t("filter.year")),
        Column("lots", t("col.lots"), "int"),
        Column("green_yes", t("guide.green_yes"), "int"),
        Column("green_none", t("guide.green_none"), "int"),
        Column("green_not_reported", t("guide.green_not_reported"), "int"),
        Column("green_uptake", t("fact.green"), "share"),
        Column("green_coverage", t("col.coverage"), "share"),
        Column("gpp_uptake", t("fact.gpp-criteria"), "share"),
    ]
    params = {key: env.params[key] for key in ("fiche", "buyer", "since") if env.params.get(key)}
    return DataTable("guide-uptake", t("guide.uptake"), columns, list(figures["by_year"]), params=params)


@router.get("/guide", response_class=HTMLResponse)
def guide_page(request: Request, q: Text = "") -> HTMLResponse:
    env = env_of(request)
    hits = knowledge().search(q) if q.strip() else []
    results = [
        {"fiche": fiche_as_dict(hit.fiche, env.lang), "matched": ", ".join(hit.matched), "score": hit.score}
        for hit in hits
    ]
    return render(env, "guide.html", query=q, results=results, fiches=fiches_table(env))


@router.get("/guide/{fiche_id}", response_class=HTMLResponse)
def fiche_page(request: Request, fiche_id: str, buyer: Text = "", since: Text = "") -> HTMLResponse:
    env = env_of(request)
    fiche = fiche_or_404(env, fiche_id)
    env.params["fiche"] = fiche_id
    figures = store_figures(env, fiche, buyer, since_year(since))
    title = f"{fiche.name(env.lang)} — {env.t('guide.uptake')}"
    return render(
        env,
        "fiche.html",
        fiche=fiche_as_dict(fiche, env.lang),
        cpv_codes=knowledge().covered_codes(fiche),
        figures=figures,
        uptake=uptake_table(env),
        spec=group_trend_chart(figures["by_year"], title, env.lang) if figures["by_year"] else None,
        buyer=buyer,
        since=since,
    )
