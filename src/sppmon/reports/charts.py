"""Vega-Lite chart specs built with altair from indicator results, and their SVG rendering.

The spec builders are pure functions ``(result, lang) -> dict``: the reports render them to SVG with
vl-convert, and the web app embeds the same dicts with the vega-embed bundle that vl-convert ships
(``vl_convert.javascript_bundle()``). Every chart shows what is not reported, never only the yes share.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import altair as alt

from .. import messages
from ..indicators import columns
from ..indicators.base import IndicatorResult
from ..indicators.breakdowns import BREAKDOWNS
from ..localefmt import d3_format_locale
from .chart_slots import filled, replaced, slot

STATUS_COLOURS = {"yes": "#2e7d32", "none": "#9e9e9e", "not-reported": "#e0e0e0"}
WIDTH = 520
LABEL_WIDTH = 34  # characters per line of a category label; longer names wrap onto more lines
FONT = "DejaVu Sans"  # the reports' font: the chart is measured with the font it is drawn with
# Axis labels and legends are never cut short: long names wrap (see :func:`wrap`), the chart grows instead.
RENDER_CONFIG: dict[str, Any] = {
    "font": FONT,
    "axis": {"labelLimit": 0, "titleLimit": 0},
    "legend": {"labelLimit": 0, "titleLimit": 0},
    "title": {"limit": 0},
}
_LINES = "split(datum.label, '\\n')"  # Vega draws a label given as a list of lines on several lines


@functools.lru_cache(maxsize=4096)
def wrap(label: str, width: int = LABEL_WIDTH) -> str:
    """A category label broken into lines of at most ``width`` characters (words are never cut). Kept for the
    labels seen last: a page wraps each group's name for each part of its bar, and the same names come back."""
    import textwrap

    return "\n".join(textwrap.wrap(label, width, break_long_words=False)) or label


def _category_axis() -> alt.Axis:
    return alt.Axis(labelExpr=_LINES, labelLimit=0)


_STEP = 0.125  # a bar height no chart has: where the slot ``step`` goes once the chart is built


def _slotted_step() -> alt.Step:
    """A band per bar, as high as its label's lines (:func:`_band_step`): the texts' ``step``, filled per page."""
    return alt.Step(_STEP)


def _spec_with_step(chart: alt.TopLevelMixin) -> dict[str, Any]:
    spec: dict[str, Any] = replaced(_spec(chart), {"step": _STEP}, {"step": slot("step")})
    return spec


def _band_step(labels: Sequence[str]) -> int:
    """Room for the most lines any wrapped label has, so that labels of neighbouring bars never overlap."""
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    return max(20, 13 * lines + 6)


def text(key: str, lang: str, variant: str | None = None) -> str:
    """A text of the charts in ``lang``, from the message catalogue (``chart.KEY``, or ``chart.KEY@VARIANT``
    where a variant words it differently: a detected "none" is "examined, nothing found")."""
    texts = messages.catalogue()[columns.in_variant(f"chart.{key}", variant)]
    return texts.get(lang) or texts["en"]


def group_label(result: IndicatorResult, row: dict[str, object], lang: str) -> str:
    """Readable name of a row's group: the breakdown labels joined, or 'all lots' without breakdown."""
    parts = []
    for name in result.by:
        breakdown = BREAKDOWNS[name]
        value = row.get(breakdown.label_column) if breakdown.label_column else None
        parts.append(str(value) if value else str(columns.value_label(name, row.get(name), lang)))
    return " · ".join(parts) or text("all", lang)


_STATUS_COLUMNS = (("yes", "lots_yes"), ("none", "lots_none"), ("not-reported", "lots_not_reported"))


def _status_shares(
    group: str, order: int, row: dict[str, Any], lang: str, with_lots: bool, variant: str | None = None
) -> list[dict[str, Any]]:
    """The three stacked parts of one bar: yes, explicitly none, not reported (in the words of ``variant``), as
    shares of the lots in scope."""
    in_scope = _int(row.get("lots_in_scope"))
    parts = []
    label = wrap(group)
    for rank, (status, column) in enumerate(_STATUS_COLUMNS):
        lots = _int(row.get(column))
        part = {"group": label, "order": order, "status": text(status, lang, variant), "rank": rank}
        part["share"] = lots / in_scope if in_scope else 0.0
        if with_lots:
            part["lots"] = lots
        parts.append(part)
    return parts


def _status_bars(
    data: list[dict[str, Any]], lang: str, title: str | None = None, variant: str | None = None
) -> dict[str, Any]:
    texts = {
        "title": title,
        "share": text("share", lang),
        "status": text("status", lang),
        "statuses": [text(status, lang, variant) for status in STATUS_COLOURS],
        "step": _band_step([str(part["group"]) for part in data]),
    }
    return filled(_status_bars_over_no_rows(bool(data) and "lots" in data[0], bool(title)), data, texts)


@functools.lru_cache(maxsize=4)
def _status_bars_over_no_rows(with_lots: bool, titled: bool) -> dict[str, Any]:
    """The stacked status bars without their rows and texts (see :mod:`.chart_slots`)."""
    colours = alt.Scale(domain=[slot("statuses")], range=list(STATUS_COLOURS.values()))
    tooltip: list[Any] = ["group:N", "status:N", alt.Tooltip("share:Q", format=".1%")]
    if with_lots:
        tooltip.append("lots:Q")
    chart = alt.Chart(_data([]), width=WIDTH, height=_slotted_step())
    if titled:
        chart = chart.properties(title=slot("title"))
    encoded = chart.mark_bar().encode(
        x=alt.X("share:Q", stack="zero", axis=alt.Axis(format="%"), title=slot("share")),
        y=alt.Y("group:N", sort=alt.EncodingSortField("order"), title=None, axis=_category_axis()),
        color=alt.Color("status:N", scale=colours, title=slot("status")),
        order=alt.Order("rank:Q"),
        tooltip=tooltip,
    )
    return _spec_with_step(encoded)


def uptake_chart(result: IndicatorResult, lang: str = "en") -> dict[str, Any]:
    """Stacked bars per group: yes, explicitly none, not reported (shares of lots in scope)."""
    data = []
    for order, row in enumerate(result.rows):
        if _int(row.get("lots_in_scope")):
            data += _status_shares(group_label(result, row, lang), order, row, lang, True, result.variant)
    return _status_bars(data, lang, result.indicator.title(lang), result.variant)


def headline_chart(results: Sequence[IndicatorResult], lang: str = "en") -> dict[str, Any]:
    """Stacked bars, one per indicator (each result without breakdown): yes, explicitly none, not reported."""
    data = []
    for order, result in enumerate(results):
        row = result.rows[0] if result.rows else {}
        data += _status_shares(result.indicator.title(lang), order, row, lang, with_lots=False)
    return _status_bars(data, lang)


def trend_chart(result: IndicatorResult, lang: str = "en") -> dict[str, Any]:
    """Uptake and coverage per year; the point shape says which method each year's figure rests on (a row
    column ``method``, else the result's variant)."""
    data, series = _trend_rows(result, lang)
    return filled(_trend_over_no_rows(), data, _trend_texts([result], [series], lang))


def trends_chart(results: Sequence[IndicatorResult], lang: str = "en") -> dict[str, Any]:
    """Small multiples of :func:`trend_chart`, two per row, one per indicator. The y scale is shared so that
    panels compare at a glance. Built once per number of panels, then filled per page with its rows and texts
    (building it with altair took about 150 ms, most of a buyer's page)."""
    panels = [_trend_rows(result, lang) for result in results]
    texts = _trend_texts(results, [series for _, series in panels], lang)
    spec = _trends_over_no_rows(len(panels))
    whole = filled({**spec, "concat": []}, [], texts)  # the panels are filled each with its own rows
    whole["concat"] = [filled(panel, data, texts) for panel, (data, _) in zip(spec["concat"], panels, strict=True)]
    return whole


@functools.lru_cache(maxsize=16)
def _trends_over_no_rows(count: int) -> dict[str, Any]:
    panels = [_slotted_trend(index, WIDTH // 2 - 40).properties(height=170) for index in range(count)]
    return _spec(alt.concat(*panels, columns=2).resolve_scale(y="shared"))


@functools.cache
def _trend_over_no_rows() -> dict[str, Any]:
    return _spec(_slotted_trend(0, WIDTH))


def _slotted_trend(index: int, width: int) -> alt.LayerChart | alt.FacetChart:
    """Panel ``index`` of a trend, its texts left as slots (:func:`_trend_texts` fills them)."""
    scale = alt.Scale(domain=[slot(f"names{index}")], range=[slot(f"colours{index}")])
    words = {key: slot(key) for key in ("year", "share", "method")}
    return _trend_layer_over(_data([]), slot(f"title{index}"), scale, words, width)


def _trend_texts(
    results: Sequence[IndicatorResult], series: Sequence[Sequence[tuple[str, str]]], lang: str
) -> dict[str, Any]:
    texts: dict[str, Any] = {key: text(key, lang) for key in ("year", "share", "method")}
    for index, (result, lines) in enumerate(zip(results, series, strict=True)):
        names, colours = _series_names(lines, lang)
        texts |= {f"title{index}": result.indicator.title(lang), f"names{index}": names, f"colours{index}": colours}
    return texts


def series_label(measure: str, method: str, lang: str) -> str:
    """A trend line's name: what it measures under the method of its years ("coverage: declared", "examined:
    detected in texts"), so that a line never carries one name across a change of method."""
    return text("series", lang).format(measure=text(measure, lang, method), method=text(method, lang))


def _trend_rows(result: IndicatorResult, lang: str) -> tuple[list[dict[str, Any]], tuple[tuple[str, str], ...]]:
    """The points of a trend and its lines, (measure, method) in order of first appearance: the years' order."""
    data = []
    series: list[tuple[str, str]] = []
    for row in result.rows:
        year = row.get("year")
        method = str(row.get("method") or result.variant)
        for key in ("uptake", "coverage"):
            value = row.get(f"{key}_share")
            if year is not None and value is not None:
                measure = series_label(key, method, lang)
                data.append({"year": str(year), "measure": measure, "share": value, "method": text(method, lang)})
                series += [] if (key, method) in series else [(key, method)]
    return data, tuple(series or [("uptake", result.variant), ("coverage", result.variant)])


def _trend_layer_over(
    data: alt.Data, title: str, colours: alt.Scale, words: dict[str, str], width: int
) -> alt.LayerChart | alt.FacetChart:
    """The lines and points of a trend; ``words``: the axis and legend titles (year, share, method)."""
    base = alt.Chart(data, title=title, width=width)
    line = base.mark_line().encode(
        x=alt.X("year:O", title=words["year"]),
        y=alt.Y("share:Q", axis=alt.Axis(format="%"), title=words["share"]),
        color=alt.Color("measure:N", title=None, scale=colours),
    )
    points = base.mark_point(size=80, filled=True).encode(
        x="year:O",
        y="share:Q",
        color=alt.Color("measure:N", title=None, scale=colours),
        shape=alt.Shape("method:N", title=words["method"]),
        tooltip=["year:O", "measure:N", alt.Tooltip("share:Q", format=".1%"), "method:N"],
    )
    return alt.layer(line, points)


MEASURE_COLOURS = ("#2e7d32", "#1565c0", "#ef6c00")  # first, second, third measure: the same in every language
_TREND_MEASURES = ("uptake", "coverage")


def _series_names(series: Sequence[tuple[str, str]], lang: str) -> tuple[list[str], list[str]]:
    """The lines' names and colours: colours fixed per measure (uptake, coverage) whatever the method and the
    language; each line's name says which method its years rest on."""
    names = [series_label(measure, method, lang) for measure, method in series]
    return names, [MEASURE_COLOURS[_TREND_MEASURES.index(measure)] for measure, _method in series]


def breakdown_chart(result: IndicatorResult, lang: str = "en", measure: str = "uptake_share") -> dict[str, Any]:
    """Horizontal bars of one share column per group, largest first."""
    shown = text("uptake" if measure == "uptake_share" else "coverage", lang, result.variant)
    title = f"{result.indicator.title(lang)} — {shown}"
    return measure_chart(result, measure, title, lang)


def measure_chart(
    result: IndicatorResult,
    measure: str,
    title: str,
    lang: str = "en",
    *,
    name_of: Callable[[dict[str, Any]], str] | None = None,
    percent: bool = True,
) -> dict[str, Any]:
    """Horizontal bars of one column per row, largest first. A row is named by its groups, preceded by
    ``name_of(row)`` for indicators whose rows have a key of their own (a code, a label, a dimension)."""
    data = []
    for row in result.rows:
        if row.get(measure) is None:
            continue
        names = [name_of(row)] if name_of else []
        if result.by or not names:
            names.append(group_label(result, row, lang))
        data.append({"group": wrap(" · ".join(names)), "value": row.get(measure)})
    texts = {"title": title, "share": text("share", lang), "step": _band_step([str(part["group"]) for part in data])}
    return filled(_measure_over_no_rows(percent), data, texts)


@functools.lru_cache(maxsize=2)
def _measure_over_no_rows(percent: bool) -> dict[str, Any]:
    axis = alt.Axis(format="%") if percent else alt.Axis(format=",")
    chart = (
        alt.Chart(_data([]), title=slot("title"), width=WIDTH, height=_slotted_step())
        .mark_bar(color=STATUS_COLOURS["yes"])
        .encode(
            x=alt.X("value:Q", axis=axis, title=slot("share") if percent else None),
            y=alt.Y("group:N", sort="-x", title=None, axis=_category_axis()),
            tooltip=["group:N", alt.Tooltip("value:Q", format=".1%" if percent else ",")],
        )
    )
    return _spec_with_step(chart)


def cvd_chart(result: IndicatorResult, lang: str = "en") -> dict[str, Any]:
    """Share of clean vehicles per category and reference period, with the Belgian minimum as a tick."""
    data = [
        {
            "category": wrap(f"{_vehicles(row, lang)} · {row.get('reference_period')}"),
            "share": row.get("clean_share"),
            "target": row.get("target_clean_share"),
        }
        for row in result.rows
        if row.get("clean_share") is not None
    ]
    texts = {"title": result.indicator.title(lang), "step": _band_step([str(part["category"]) for part in data])}
    texts |= {key: text(key, lang) for key in ("clean", "category")}
    return filled(_cvd_over_no_rows(), data, texts)


@functools.cache
def _cvd_over_no_rows() -> dict[str, Any]:
    base = alt.Chart(_data([]), title=slot("title"), width=WIDTH, height=_slotted_step())
    bars = base.mark_bar(color=STATUS_COLOURS["yes"]).encode(
        x=alt.X("share:Q", axis=alt.Axis(format="%"), title=slot("clean")),
        y=alt.Y("category:N", title=slot("category"), axis=_category_axis()),
        tooltip=["category:N", alt.Tooltip("share:Q", format=".1%"), alt.Tooltip("target:Q", format=".1%")],
    )
    ticks = base.mark_tick(color="#c62828", thickness=3, size=18).encode(x="target:Q", y="category:N")
    return _spec_with_step(alt.layer(bars, ticks))


def _vehicles(row: dict[str, Any], lang: str) -> str:
    return str(columns.value_label("vehicle_category_group", row.get("vehicle_category_group"), lang))


def group_trend_chart(by_year: Sequence[dict[str, Any]], title: str, lang: str = "en") -> dict[str, Any]:
    """Green uptake, its coverage and GPP-criteria uptake per year for one product group (rows of the guide's
    ``figures_as_dict``)."""
    measures = (("green_uptake", "green"), ("green_coverage", "coverage"), ("gpp_uptake", "gpp"))
    data = [
        {"year": str(row["year"]), "measure": text(label, lang), "share": row[key]}
        for row in by_year
        for key, label in measures
        if row.get("year") is not None and row.get(key) is not None
    ]
    labels = [label for _, label in measures]
    texts: dict[str, Any] = {"title": title, "year": text("year", lang), "share": text("share", lang)}
    texts["measures"] = [text(label, lang) for label in labels]
    return filled(_group_trend_over_no_rows(len(labels)), data, texts)


@functools.lru_cache(maxsize=4)
def _group_trend_over_no_rows(measures: int) -> dict[str, Any]:
    """Colours fixed per measure, not per translated name (whose alphabetical order differs by language)."""
    scale = alt.Scale(domain=[slot("measures")], range=list(MEASURE_COLOURS[:measures]))
    chart = (
        alt.Chart(_data([]), title=slot("title"), width=WIDTH)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=slot("year")),
            y=alt.Y("share:Q", axis=alt.Axis(format="%"), title=slot("share")),
            color=alt.Color("measure:N", title=None, scale=scale),
            tooltip=["year:O", "measure:N", alt.Tooltip("share:Q", format=".1%")],
        )
    )
    return _spec(chart)


def lcc_chart(report: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """Stacked bars of each offer's life-cycle cost by part (present values; a residual value larger than the
    disposal cost stacks below zero), best offer first (rows of ``results_as_dict``)."""
    data = []
    for offer in report["offers"]:
        parts = [(text("acquisition", lang), offer["acquisition"])]
        parts += list(offer["consumption"].items())
        parts += [(text(key, lang), offer[key]) for key in ("maintenance", "one_off", "end_of_life", "co2_cost")]
        data += [
            {"offer": f"{offer['rank']}. {offer['offer']}", "part": name, "value": value}
            for name, value in parts
            if value
        ]
    texts = {"cost": f"{text('cost', lang)} ({report['currency']})", "offer": text("offer", lang)}
    texts["part"] = text("part", lang)
    return filled(_lcc_over_no_rows(), data, texts)


@functools.cache
def _lcc_over_no_rows() -> dict[str, Any]:
    chart = (
        alt.Chart(_data([]), width=WIDTH)
        .mark_bar()
        .encode(
            x=alt.X("sum(value):Q", title=slot("cost"), axis=alt.Axis(format=",.0f")),
            y=alt.Y("offer:N", sort=None, title=slot("offer")),
            color=alt.Color("part:N", title=slot("part")),
            tooltip=["offer:N", "part:N", alt.Tooltip("value:Q", format=",.2f")],
        )
    )
    return _spec(chart)


def _data(values: list[dict[str, Any]]) -> alt.Data:
    return alt.Data(values=values)  # type: ignore[no-untyped-call]


def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    # Not validated against the Vega-Lite schema here: that takes longer than building the chart, on every web
    # page with charts; the tests validate every kind of spec (tests/test_charts.py).
    spec: dict[str, Any] = chart.to_dict(validate=False)
    return spec


def _int(value: object) -> int:
    return int(value) if isinstance(value, int | float) else 0


def to_svg(spec: dict[str, Any], lang: str = "en") -> str:
    """Render a Vega-Lite spec to SVG text (no network, no browser), numbers in the language's format."""
    import vl_convert

    svg: str = vl_convert.vegalite_to_svg(spec, config=RENDER_CONFIG, format_locale=d3_format_locale(lang))
    return svg


def to_png(spec: dict[str, Any], lang: str = "en", scale: float = 2.0) -> bytes:
    """Render a Vega-Lite spec to PNG: what the PDF shows is exactly what was measured, whatever fonts the
    PDF renderer would substitute in an SVG."""
    import vl_convert

    png: bytes = vl_convert.vegalite_to_png(
        spec, scale=scale, config=RENDER_CONFIG, format_locale=d3_format_locale(lang)
    )
    return png


def specs_to_svg(specs: Sequence[dict[str, Any]], lang: str = "en") -> list[str]:
    return [to_svg(spec, lang) for spec in specs]
