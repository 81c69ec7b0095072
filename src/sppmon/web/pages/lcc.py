"""The life-cycle cost page: a form (or an uploaded YAML/JSON input file) with the offers to compare, and the
result per offer with its breakdown, the ranking and a chart; the same figures download as CSV or XLSX and
the input as a file for ``sppmon lcc``. Nothing is stored."""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from ...errors import CatalogedError
from ...planning.lcc import TABLE_COLUMNS, compare, load_lcc_text, parse_lcc, results_as_dict, table_rows
from ...planning.lcc_form import (
    GENERAL_FIELDS,
    OFFER_FIELDS,
    OFFER_SLOTS,
    RESOURCE_FIELDS,
    RESOURCE_SLOTS,
    form_to_input,
    input_to_form,
    name_offer_places,
)
from ...reports.charts import lcc_chart
from ..context import Env, env_of
from ..render import render
from ..tables import Column, DataTable, table_response
from ..uploads import read_limited
from .check import error_of

router = APIRouter()
EXAMPLES = {"vans": "lcc-example-vans.yaml"}
MAX_INPUT_BYTES = 1024 * 1024  # an LCC input file is a few kilobytes
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


def evaluate(data: Any) -> dict[str, Any]:
    """The comparison of an input mapping (raises :class:`CatalogedError` for invalid input)."""
    checked = parse_lcc(data)
    return results_as_dict(checked, compare(checked))


def results_table(env: Env, report: dict[str, Any]) -> DataTable:
    kinds = {"rank": "int", "offer": "text"}  # amounts in the input's currency, so not formatted as euro
    columns = [Column(name, env.t(f"lcc.col.{name}"), kinds.get(name, "float")) for name in TABLE_COLUMNS]
    return DataTable("lcc", env.t("lcc.result"), columns, table_rows(report), caption=report["currency"])


def _page(env: Env, form: dict[str, str], status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("report", None)
    context.setdefault("error", None)
    context.setdefault("spec", None)
    return render(
        env,
        "lcc.html",
        status=status,
        form=form,
        resource_slots=range(1, RESOURCE_SLOTS + 1),
        offer_slots=range(1, OFFER_SLOTS + 1),
        examples=EXAMPLES,
        **context,
    )


@router.get("/lcc", response_class=HTMLResponse)
def lcc_form(request: Request, example: Annotated[str, Query(max_length=40)] = "") -> HTMLResponse:
    env = env_of(request)
    return _page(env, input_to_form(load_example(example)) if example else {"currency": "EUR"})


async def _file_input(upload: UploadFile) -> Any:
    raw = await read_limited(upload, MAX_INPUT_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CatalogedError("LCC_UNREADABLE", f"{upload.filename}: not UTF-8 text") from None
    return load_lcc_text(text, upload.filename or "input.yaml")


@router.post("/lcc", response_model=None)
async def lcc_page(request: Request) -> Response:
    """The comparison of the submitted form, or of the uploaded input file when one is given."""
    env = env_of(request)
    submitted = await request.form(max_files=1, max_fields=len(FORM_FIELDS) + 10)
    form = {key: value for key in FORM_FIELDS if isinstance(value := submitted.get(key, ""), str)}
    upload = submitted.get("file")
    from_file = isinstance(upload, UploadFile) and bool(upload.filename)
    slots: list[int] = []
    try:
        if isinstance(upload, UploadFile) and from_file:
            data = await _file_input(upload)
        else:
            data, slots = form_to_input(form)
        report = evaluate(data)
    except CatalogedError as exc:
        error = error_of(exc)
        if not from_file:  # name the form's offer, not the position in the generated input
            error["message"] = name_offer_places(exc.message, slots)
        return _page(env, {} if from_file else form, 422, error=error)
    if from_file:
        form = input_to_form(data)
    output = str(submitted.get("output") or "page")
    if output in ("csv", "xlsx"):
        return table_response(results_table(env, report), output)
    saved = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    table = results_table(env, report)
    return _page(env, form, report=report, table=table, spec=lcc_chart(report, env.lang), saved=saved)
