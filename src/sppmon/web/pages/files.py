"""Downloads of every registered table (CSV, XLSX) and the app's static files: the style sheet and the
chart script, bundled at run time from the Vega-Embed, Vega-Lite and Vega libraries that the installed
``vl-convert-python`` package ships."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from ..api.common import Limit, LotFilters
from ..context import env_of
from ..errors import WebError
from ..params import described
from ..tables import TABLES, to_csv, to_xlsx

router = APIRouter()

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The page's number-format locale (sppmon.localefmt.d3_format_locale, in #chart-locale) formats axes and tooltips
# as the tables around the chart: 25,3 % and 1.250 in Dutch, 25,3 % and 1 250 in French.
CHART_SNIPPET = """
function sppmonFit(spec, element) {
  // On a wide screen labels are shown whole (up to 300 px). On a narrow one a single chart takes the width of
  // its box, its legend below and its labels shorter; small multiples keep their size and scroll in their box.
  var config = Object.assign({}, spec.config || {});
  if (element.clientWidth >= 640 || spec.hconcat || spec.vconcat || spec.concat) {
    config.axisY = Object.assign({labelLimit: 300}, config.axisY || {});
    return Object.assign({}, spec, {config: config});
  }
  config.legend = Object.assign({}, config.legend || {}, {orient: "bottom", direction: "vertical"});
  config.axisY = Object.assign({}, config.axisY || {}, {labelLimit: 120});
  return Object.assign({}, spec, {width: "container", autosize: {type: "fit-x", contains: "padding"}, config: config});
}
function sppmonCharts() {
  var options = {actions: false, renderer: "svg"};
  var locale = document.getElementById("chart-locale");
  if (locale) { options.formatLocale = JSON.parse(locale.textContent); }
  document.querySelectorAll(".vl-chart").forEach(function (element) {
    var source = document.getElementById(element.dataset.spec);
    if (!source) { return; }
    vegaEmbed(element, sppmonFit(JSON.parse(source.textContent), element), options)
      .catch(function (error) { element.textContent = String(error); });
  });
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", sppmonCharts);
} else {
  sppmonCharts();
}
"""


@functools.cache
def chart_script() -> bytes:
    import vl_convert

    return str(vl_convert.javascript_bundle(CHART_SNIPPET)).encode()


@functools.cache
def style_sheet() -> bytes:
    return resources.files("sppmon.web").joinpath("static", "style.css").read_bytes()


@router.get("/static/style.css", include_in_schema=False)
def static_style() -> Response:
    return Response(style_sheet(), media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


@functools.cache
def page_script() -> bytes:
    return resources.files("sppmon.web").joinpath("static", "page.js").read_bytes()


@router.get("/static/page.js", include_in_schema=False)
def static_page_script() -> Response:
    return Response(page_script(), media_type="text/javascript", headers={"Cache-Control": "public, max-age=3600"})


@router.get("/static/charts.js", include_in_schema=False)
def static_charts() -> Response:
    return Response(chart_script(), media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"})


def table_options(
    code: Annotated[str | None, Query(max_length=50, description=described("param.table_code"))] = None,
    by: Annotated[str | None, Query(max_length=200, description=described("param.by"))] = None,
    variant: Annotated[
        str | None, Query(pattern="^(declared|detected|either)$", description=described("param.variant"))
    ] = None,
    fact: Annotated[str | None, Query(max_length=50, description=described("param.table_fact"))] = None,
    status: Annotated[
        str | None, Query(pattern="^(yes|none|not-reported)$", description=described("param.status"))
    ] = None,
    limit: Limit | None = None,
    period: Annotated[
        str | None, Query(pattern="^(year|quarter|month)$", description=described("param.period"))
    ] = None,
    source: Annotated[str | None, Query(pattern="^(all|app|log)$", description=described("param.source"))] = None,
) -> dict[str, str]:
    """The parameters a table takes besides the filters (each table reads those it needs); declared here so
    that they are validated and documented."""
    given = {"code": code, "by": by, "variant": variant, "fact": fact, "status": status, "period": period}
    given |= {"source": source, "limit": None if limit is None else str(limit)}
    return {key: value for key, value in given.items() if value}


@router.get("/download/{filename}")
def download(
    request: Request,
    filename: Annotated[str, Path(max_length=100, description=described("param.download"))],
    _filters: LotFilters,
    _options: Annotated[dict[str, str], Depends(table_options)],
) -> Response:
    """``/download/NAME.csv`` or ``.xlsx`` with the parameters of the page that shows the table."""
    name, _, extension = filename.rpartition(".")
    builder = TABLES.get(name)
    if builder is None or extension not in ("csv", "xlsx"):
        raise WebError(404, "error.unknown_table", name=filename, known=", ".join(sorted(TABLES)))
    data = builder(env_of(request))
    disposition = {"Content-Disposition": f'attachment; filename="sppmon-{name}.{extension}"'}
    if extension == "csv":
        return Response(to_csv(data), media_type="text/csv; charset=utf-8", headers=disposition)
    return Response(to_xlsx(data), media_type=XLSX, headers=disposition)


FAVICON = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" '
    b'fill="#12355b"/><path d="M4 11c3 0 6-2 8-7-1 5-3 8-8 8z" fill="#7fd19b"/></svg>'
)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return Response(FAVICON, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})


@router.get("/health", include_in_schema=False)
def health() -> dict[str, str]:
    return {"status": "ok"}
