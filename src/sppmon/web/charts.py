"""The dashboard's trend chart: uptake and coverage per year, one line per measure and method, so that the
years before eForms (legacy TED notices, uptake found in their texts) and the eForms years (declared) are
never joined by one line across the change of method, and a text-detected year draws no coverage (a text
examined without a hit is not a declaration of "none"). Colours are fixed per measure and dashes and shapes
per method, the same in every language; every text comes from the message catalogue."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

from ..indicators.base import DECLARED, DETECTED
from ..reports.chart_slots import filled, slot
from .context import Env

WIDTH = 520
MEASURES = {
    "uptake": ("uptake_share", "col.uptake", "#2e7d32"),
    "coverage": ("coverage_share", "col.coverage", "#1565c0"),
}
METHODS = {  # in the order of time: legacy notices first
    DETECTED: ([6, 3], "square"),
    "legacy-form": ([2, 2], "triangle-up"),
    DECLARED: ([1, 0], "circle"),
}


def method_trend_chart(env: Env, rows: Sequence[Mapping[str, Any]], title: str) -> dict[str, Any]:
    """The trend rows (``figures.trend``: one per year and method) as a Vega-Lite spec."""
    method_name = {key: env.t(f"value.method.{key}") for key in METHODS}
    measure_name = {key: env.t(label) for key, (_column, label, _colour) in MEASURES.items()}

    def series_name(measure: str, method: str) -> str:  # what a line measures in its years: "Coverage: declared"
        return env.t("chart.series", measure=measure_name[measure], method=method_name[method])

    data = []
    for row in rows:
        method = str(row.get("method"))
        for key, (column, _label, _colour) in MEASURES.items():
            value = row.get(column)
            if row.get("year") is not None and value is not None and method in METHODS:
                data.append(
                    {
                        "year": str(row["year"]),
                        "measure": series_name(key, method),
                        "method": method_name[method],
                        "share": value,
                        "series": f"{key}|{method}",
                    }
                )
    used = tuple(key for key in METHODS if any(point["method"] == method_name[key] for point in data))
    drawn = {point["series"] for point in data}
    shown = [(key, method) for method in used for key in MEASURES if f"{key}|{method}" in drawn]
    texts = {
        "title": title,
        "method": env.t("col.method"),
        "year": env.t("filter.year"),
        "axis": env.t("dashboard.axis"),
        "series": [series_name(key, method) for key, method in shown],
        "colours": [MEASURES[key][2] for key, _method in shown],
        "methods": [method_name[key] for key in used],
        "dashes": [METHODS[key][0] for key in used],
        "shapes": [METHODS[key][1] for key in used],
    }
    return filled(_trend_over_no_rows(), data, texts)


@functools.cache
def _trend_over_no_rows() -> dict[str, Any]:
    """The chart without its rows and texts, built once (building it with altair costs more than the page's
    queries; filling it in costs nothing: see :mod:`sppmon.reports.chart_slots`). Each line is named by its
    measure and its method, coloured by its measure."""
    colours = alt.Scale(domain=[slot("series")], range=[slot("colours")])
    dashes = alt.Scale(domain=[slot("methods")], range=[slot("dashes")])
    shapes = alt.Scale(domain=[slot("methods")], range=[slot("shapes")])
    base = alt.Chart(alt.Data(values=[]), title=slot("title"), width=WIDTH)  # type: ignore[no-untyped-call]
    line = base.mark_line().encode(
        x=alt.X("year:O", title=slot("year"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("share:Q", axis=alt.Axis(format="%"), title=slot("axis")),
        color=alt.Color("measure:N", title=None, scale=colours),
        strokeDash=alt.StrokeDash("method:N", title=slot("method"), scale=dashes),
        detail="series:N",
    )
    points = base.mark_point(size=70, filled=True).encode(
        x="year:O",
        y="share:Q",
        color=alt.Color("measure:N", title=None, scale=colours),
        shape=alt.Shape("method:N", title=slot("method"), scale=shapes),
        tooltip=["year:O", "measure:N", alt.Tooltip("share:Q", format=".1%"), "method:N"],
    )
    spec: dict[str, Any] = alt.layer(line, points).to_dict(validate=False)  # validated by the tests, not per page
    return spec
