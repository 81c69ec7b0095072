"""Guide records as JSON-ready data in one language: the contract of ``sppmon guide ... --format json`` and of
the guide's web pages and API."""

from __future__ import annotations

from typing import Any

from ..localnames import cited_name
from .fiche import Criterion, Fiche
from .links import publication_url
from .uptake import GroupFigures


def _named(name: str | None, lang: str) -> str | None:
    return cited_name(name, lang) if name else name


def _criterion_source(fiche: Fiche, criterion: Criterion, lang: str) -> dict[str, Any] | None:
    cited = criterion.source
    if cited is None:
        return None
    document = next((source for source in fiche.sources if source.id == cited.document), None)
    return {
        "document": cited.document,
        "title": _named(document.title, lang) if document else None,
        "publisher": _named(document.publisher, lang) if document else None,
        "year": document.year if document else None,
        "reference": _named(document.reference, lang) if document else None,
        "url": document.url if document else None,
        "criterion": cited.criterion,
        "verify": cited.verify or bool(document and document.verify),
        "checked": cited.checked or None,
    }


def fiche_as_dict(fiche: Fiche, lang: str = "en") -> dict[str, Any]:
    return {
        "id": fiche.id,
        "name": fiche.name(lang),
        "summary": fiche.summary[lang],
        "gpp_group": fiche.gpp_group,
        "cpv": list(fiche.cpv),
        "keywords": list(fiche.keywords[lang]),
        "eu_gpp": {
            "title": fiche.gpp.title[lang],
            "year": fiche.gpp.year,
            "status": fiche.gpp.status,
            "verify": fiche.gpp.verify,
        },
        "impact": {"environmental": fiche.impact_environmental, "social": fiche.impact_social},
        "energy_related": fiche.energy_related,
        "ambition_levels": list(fiche.levels),
        "criteria": {
            level: [
                {
                    "id": criterion.id,
                    "stage": criterion.stage,
                    "dimension": criterion.dimension,
                    "text": criterion.text[lang],
                    "proof": list(criterion.proof),
                    "source": _criterion_source(fiche, criterion, lang),
                }
                for criterion in fiche.criteria_at(level)
            ]
            for level in fiche.levels
        },
        "labels": [
            {
                "id": label.id,
                "name": cited_name(label.name, lang),
                "owner": _named(label.owner, lang),
                "kind": label.kind,
                "certifies": label.certifies[lang],
                "url": label.url,
            }
            for label in fiche.labels
        ],
        "declare": [{"field": d.field, "codes": list(d.codes), "when": d.when[lang]} for d in fiche.declare],
        "obligations": [
            {"id": o.id, "title": o.title[lang], "summary": o.summary[lang], "fields": list(o.fields)}
            for o in fiche.obligations
        ],
        "sources": [
            {
                "id": s.id,
                "title": cited_name(s.title, lang),
                "publisher": _named(s.publisher, lang),
                "year": s.year,
                "reference": _named(s.reference, lang),
                "url": s.url,
                "verify": s.verify,
                "checked": s.checked or None,
            }
            for s in fiche.sources
        ],
        "review": {
            "status": fiche.review.status,
            "reviewed_by": fiche.review.reviewed_by,
            "reviewed_on": fiche.review.reviewed_on.isoformat() if fiche.review.reviewed_on else None,
            "notes": fiche.review.notes,
        },
    }


def figures_as_dict(figures: GroupFigures, lang: str = "en") -> dict[str, Any]:
    """The figures of a group; good-practice links point to the notice's official page in ``lang``, with the
    configured template (setting ``publication_url``)."""
    peers = figures.peers
    return {
        "fiche": figures.fiche_id,
        "by_year": [
            {
                "year": year.year,
                "lots": year.lots,
                "green_yes": year.green_yes,
                "green_none": year.green_none,
                "green_not_reported": year.lots - year.green_yes - year.green_none,
                "green_uptake": year.green_uptake,
                "green_coverage": year.green_coverage,
                "gpp_yes": year.gpp_yes,
                "gpp_none": year.gpp_none,
                "gpp_uptake": year.gpp_uptake,
            }
            for year in figures.by_year
        ],
        "peers": {
            "buyers": peers.buyers,
            "buyers_green": peers.buyers_green,
            "share": peers.share,
            "buyer": peers.buyer,
            "buyer_lots": peers.buyer_lots,
            "buyer_green_lots": peers.buyer_green_lots,
        },
        "good_practice": [
            {
                "notice_key": g.notice_key,
                "lot_id": g.lot_id,
                "title": g.title,
                "buyer": g.buyer_name,
                "date": g.notice_date,
                "publication_number": g.publication_number,
                "link": publication_url(g.publication_number, lang),
                "environmental_codes": g.environmental_codes,
                "quality_award": g.quality_award,
                "social": g.social,
            }
            for g in figures.good_practice
        ],
    }
