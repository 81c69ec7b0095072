"""Downloads of every registered table (CSV, XLSX) and the app's static files: the style sheet and the
chart script, bundled at run time from the Vega-Embed, Vega-Lite and Vega libraries that the installed
``vl-convert-python`` package ships."""

from __future__ import annotations

import functools
from importlib import resources

from fastapi import APIRouter, HTTPException, Request, Response

from ..context import env_of
from ..tables import TABLES, to_csv, to_xlsx

router = APIRouter()

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The page's number-format locale (sppmon.localize.chart_locale, in #chart-locale) formats axes and tooltips
# as the tables around the chart: 25,3 % and 1.250 in Dutch, 25,3 % and 1 250 in French.
CHART_SNIPPET = """
function sppmonCharts() {
  var options = {actions: false, renderer: "svg"};
  var locale = document.getElementById("chart-locale");
  if (locale) { options.formatLocale = JSON.parse(locale.textContent); }
  document.querySelectorAll(".vl-chart").forEach(function (element) {
    var source = document.getElementById(element.dataset.spec);
    if (!source) { return; }
    vegaEmbed(element, JSON.parse(source.textContent), options)
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


@router.get("/static/charts.js", include_in_schema=False)
def static_charts() -> Response:
    return Response(chart_script(), media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"})


@router.get("/download/{filename}", summary="Download a table as CSV or XLSX")
def download(request: Request, filename: str) -> Response:
    """``/download/NAME.csv`` or ``.xlsx`` with the parameters of the page that shows the table."""
    name, _, extension = filename.rpartition(".")
    builder = TABLES.get(name)
    if builder is None or extension not in ("csv", "xlsx"):
        raise HTTPException(404, f"no table {filename!r}")
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
