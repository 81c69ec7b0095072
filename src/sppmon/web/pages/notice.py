"""The notice page: declared facts, detected evidence with the matched text highlighted, values, winners,
versions and the link to the official publication."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...browse import notice_detail
from ...enrich.product_groups import product_groups
from ..context import env_of
from ..errors import WebError
from ..links import official_url
from ..render import render

router = APIRouter()

# Lot code fields shown as declared facts, with their eForms code list and business term.
DECLARED_FIELDS = (
    ("strategic_procurement", "strategic-procurement", "BT-06"),
    ("environmental_impact", "environmental-impact", "BT-774"),
    ("social_objective", "social-objective", "BT-775"),
    ("innovative_acquisition", "innovative-acquisition", "BT-776"),
    ("gpp_criteria", "gpp-criteria", "BT-805"),
    ("accessibility", "accessibility", "BT-754"),
    ("reserved_procurement", "reserved-procurement", "BT-71"),
    ("reserved_execution", "reserved-execution", "BT-736"),
    ("cvd_applicable", None, "BT-717"),
    ("cvd_contract_types", "cvd-contract-type", "BT-735"),
    ("eed_applicable", None, "BT-810"),
)
STATUS_FIELDS = ("strategic", "green", "gpp", "social", "innovative", "reserved", "accessibility")
TEXT_FIELDS = ("strategic_descriptions", "descriptions", "performance_terms")


@router.get("/notices/{notice_key}", response_class=HTMLResponse)
def notice_page(request: Request, notice_key: str) -> HTMLResponse:
    env = env_of(request)
    if len(notice_key) > 200:
        raise WebError(404, "notice.missing")
    detail = notice_detail(env.store, notice_key)
    if detail is None:
        raise WebError(404, "notice.missing")
    notice = detail.notice
    return render(
        env,
        "notice.html",
        detail=detail,
        notice=notice,
        official=official_url(env.config.publication_url, notice.get("publication_number"), env.lang),
        declared_fields=DECLARED_FIELDS,
        status_fields=STATUS_FIELDS,
        text_fields=TEXT_FIELDS,
        groups=product_groups(),
        sdk=env.sdk_dir,
    )
