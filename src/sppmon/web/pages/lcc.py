"""The life-cycle cost page: a form (or an uploaded YAML/JSON input file) with the offers to compare, and the
result per offer with its breakdown, the ranking, each offer's cash flows year by year and a sensitivity view
(discount rate, energy prices, CO2 price) that says when the ranking flips; the same figures download as CSV
or XLSX and the input as a file for ``sppmon lcc``. Nothing is stored."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources
from typing import Annotated, Any

import orjson
import yaml
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from ...errors import CatalogedError
from ...planning.factors import load_factors
from ...planning.lcc import LccInput, compare, results_as_dict, year_table
from ...planning.lcc_files import MAX_INPUT_BYTES, load_input_bytes
from ...planning.lcc_form import (
    BASES,
    GENERAL_FIELDS,
    OFFER_FIELDS,
    OFFER_SLOTS,
    RESOURCE_FIELDS,
    RESOURCE_SLOTS,
    FormSlots,
    form_place,
    form_to_input,
    input_to_form,
)
from ...planning.lcc_input import parse_lcc
from ...planning.lcc_problems import LccProblem
from ...planning.lcc_sensitivity import Sensitivity, sensitivity, sensitivity_as_dict
from ...planning.lcc_sources import factor_sentences
from ..context import Env, env_of
from ..heavy import run_heavy_work
from ..render import render
from ..tables import table_response
from ..uploads import read_limited
from .check import error_of
from .lcc_view import (
    PAGE_OFFERS,
    YEAR_TABLE_OFFERS,
    cost_chart,
    results_table,
    sensitivity_chart,
    sensitivity_view,
    year_tables,
)

router = APIRouter()
EXAMPLES = {"vans": "lcc-example-vans.yaml"}
FORM_FIELDS = (
    *GENERAL_FIELDS,
    *(f"r{slot}_{name}" for slot in range(1, RESOURCE_SLOTS + 1) for name in RESOURCE_FIELDS),
    *(f"o{slot}_{name}" for slot in range(1, OFFER_SLOTS + 1) for name in OFFER_FIELDS),
    *(f"o{offer}_q{resource}" for offer in range(1, OFFER_SLOTS + 1) for resource in range(1, RESOURCE_SLOTS + 1)),
)


def load_example(name: str) -> dict[str, Any]:
    if name not in EXAMPLES:
        raise HTTPException(404, f"no example {name!r}; examples: {', '.join(EXAMPLES)}")
    text = resources.files("sppmon.data").joinpath(EXAMPLES[name]).read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def evaluate(data: Any, with_sensitivity: bool = False, with_years: bool = False) -> dict[str, Any]:
    """The comparison of an input mapping (raises :class:`CatalogedError` for invalid input), optionally with the
    sensitivity view and the year-by-year cash flows of every offer."""
    checked = parse_lcc(data)
    results = compare(checked)
    report = results_as_dict(checked, results)
    if with_sensitivity:
        report["sensitivity"] = sensitivity_as_dict(sensitivity(checked, results))
    if with_years:
        by_name = {offer.name: offer for offer in checked.offers}
        for entry in report["offers"]:
            entry["years"] = [
                {key: round(value, 6 if key == "discount_factor" else 2) for key, value in row.items()}
                for row in year_table(by_name[entry["offer"]], checked)
            ]
    return report


def evaluate_json(data: Any, with_sensitivity: bool = False, with_years: bool = False) -> bytes:
    """:func:`evaluate` as JSON bytes, written where it is computed: a comparison of 20,000 offers with its
    sensitivity view is some 13 MB, which goes back from the worker process and out faster as bytes than as
    objects."""
    return orjson.dumps(evaluate(data, with_sensitivity, with_years))


def _problem(env: Env, exc: CatalogedError, slots: FormSlots | None) -> dict[str, str]:
    """A refused input for the page, its message in the page's language and naming the form field at fault."""
    error = error_of(exc, env.lang)
    if isinstance(exc, LccProblem):
        place = form_place(exc.place, slots, env.t) if slots is not None else None
        error["message"] = exc.message_in(env.lang, place)
    return error


def _page(env: Env, form: dict[str, str], status: int = 200, **context: Any) -> HTMLResponse:
    for key in ("report", "error", "spec", "sensitivity", "sensitivity_spec", "saved"):
        context.setdefault(key, None)
    context.setdefault("warnings", [])
    context.setdefault("years", [])
    context.setdefault("factor_sources", [])
    factors = load_factors()
    return render(
        env,
        "lcc.html",
        status=status,
        form=form,
        resource_slots=range(1, RESOURCE_SLOTS + 1),
        offer_slots=range(1, OFFER_SLOTS + 1),
        examples=EXAMPLES,
        bases=BASES,
        co2_presets=list(factors.co2_prices),
        default_co2=factors.co2_price("default"),
        vehicle_categories=list(factors.vehicles),
        fuels=list(factors.fuels),
        **context,
    )


@router.get("/lcc", response_class=HTMLResponse)
def lcc_form(request: Request, example: Annotated[str, Query(max_length=40)] = "") -> HTMLResponse:
    env = env_of(request)
    return _page(env, input_to_form(load_example(example)) if example else {"currency": "EUR", "co2_mode": "default"})


def _compute_file(raw: bytes, filename: str, output: str) -> tuple[dict[str, str], ComputedPage]:
    """An uploaded file read, computed and turned into form fields in the worker process: the input goes there
    as bytes, not as a parsed mapping."""
    data = load_input_bytes(raw, filename)
    return input_to_form(data), _compute(data, output)


ComputedPage = tuple[LccInput, dict[str, Any], Sensitivity | None, int]


def _compute(data: Any, output: str = "page") -> ComputedPage:
    """What the page or its download needs, computed in the worker process; only that comes back (pickled): a
    download gets every offer and no sensitivity view, the page the offers it lists, the input of those it
    tabulates year by year, and each scenario's cheapest offer (with the number of offers)."""
    checked = parse_lcc(data)
    results = compare(checked)
    report = results_as_dict(checked, results)
    count = len(report["offers"])
    if output in ("csv", "xlsx"):
        return replace(checked, offers=()), report, None, count
    found = sensitivity(checked, results)
    tabulated = {entry["offer"] for entry in report["offers"][:YEAR_TABLE_OFFERS]}
    checked = replace(checked, offers=tuple(offer for offer in checked.offers if offer.name in tabulated))
    report["offers"] = report["offers"][:PAGE_OFFERS]
    scenarios = tuple(replace(scenario, totals=scenario.totals[:1]) for scenario in found.scenarios)
    return checked, report, replace(found, scenarios=scenarios), count


@router.post("/lcc", response_model=None)
async def lcc_page(request: Request) -> Response:
    """The comparison of the submitted form, or of the uploaded input file when one is given."""
    env = env_of(request)
    submitted = await request.form(max_files=1, max_fields=len(FORM_FIELDS) + 10)
    form = {key: value for key in FORM_FIELDS if isinstance(value := submitted.get(key, ""), str)}
    upload = submitted.get("file")
    from_file = isinstance(upload, UploadFile) and bool(upload.filename)
    slots: FormSlots | None = None
    output = str(submitted.get("output") or "page")
    data: Any = None
    try:
        if isinstance(upload, UploadFile) and from_file:
            raw = await read_limited(upload, MAX_INPUT_BYTES)
            work = (_compute_file, raw, upload.filename or "input.yaml", output)
            form, computed = await run_heavy_work(env.config.work_limits, *work)
        else:
            data, slots = form_to_input(form)
            computed = await run_heavy_work(env.config.work_limits, _compute, data, output)
    except CatalogedError as exc:
        return _page(env, {} if from_file else form, 422, error=_problem(env, exc, slots))
    checked, report, found, count = computed
    if output in ("csv", "xlsx") or found is None:
        return table_response(results_table(env, report), output)
    saved = yaml.safe_dump(data, sort_keys=False, allow_unicode=True) if not from_file else None
    return _page(
        env,
        form,
        report=report,
        table=results_table(env, report, PAGE_OFFERS),
        more=max(0, count - PAGE_OFFERS),
        years=year_tables(env, checked, report),
        warnings=[warning.message_in(env.lang) for warning in checked.warnings],
        spec=cost_chart(env, report),
        factor_sources=factor_sentences(report["factor_sources"], env.lang),
        sensitivity=sensitivity_view(env, found),
        sensitivity_spec=sensitivity_chart(env, found, report["currency"]),
        saved=saved,
    )
