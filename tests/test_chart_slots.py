"""Charts built once with slots for their texts and filled per page (sppmon.reports.chart_slots)."""

from __future__ import annotations

import copy
import json
import types
from typing import Any, cast

import altair as alt
import pytest

from sppmon.indicators import compute
from sppmon.reports import charts
from sppmon.reports.chart_slots import filled, slot
from sppmon.store import Store
from sppmon.web import charts as web_charts
from sppmon.web.i18n import translate

from .indicator_fixture import fill


@pytest.fixture
def golden(store: Store) -> Store:
    return fill(store)


def test_slots_take_their_texts_and_lists_and_the_rows_their_place() -> None:
    spec = {
        "data": {"values": []},
        "title": slot("title"),
        "height": {"step": slot("step")},
        "encoding": {"color": {"scale": {"domain": [slot("names")], "range": ["#111", "#222"]}}},
        "layer": [{"data": {"values": []}, "mark": "bar"}, {"mark": slot("mark")}],
    }
    kept = copy.deepcopy(spec)
    rows = [{"group": "a", "share": 0.5}]
    texts = {"title": "Groen", "step": 32, "names": ["ja", "neen"], "mark": "tick"}
    result = filled(spec, rows, texts)
    assert result == {
        "data": {"values": rows},
        "title": "Groen",
        "height": {"step": 32},
        "encoding": {"color": {"scale": {"domain": ["ja", "neen"], "range": ["#111", "#222"]}}},
        "layer": [{"data": {"values": rows}, "mark": "bar"}, {"mark": "tick"}],
    }
    assert spec == kept  # the chart built once is never changed by a page
    result["encoding"]["color"]["scale"]["domain"].append("x")
    assert texts["names"] == ["ja", "neen"]


def test_a_slot_without_its_text_is_an_error_not_a_stray_placeholder() -> None:
    with pytest.raises(KeyError, match="title"):
        filled({"title": slot("title")}, [], {})


def _bars_built_by_altair(data: list[dict[str, Any]], lang: str, title: str | None, variant: str | None) -> Any:
    """The stacked status bars as altair builds them with the page's own texts (the reference)."""
    domain = [charts.text(status, lang, variant) for status in charts.STATUS_COLOURS]
    colours = alt.Scale(domain=domain, range=list(charts.STATUS_COLOURS.values()))
    tooltip: list[Any] = ["group:N", "status:N", alt.Tooltip("share:Q", format=".1%")]
    if data and "lots" in data[0]:
        tooltip.append("lots:Q")
    step = charts._band_step([str(part["group"]) for part in data])
    chart = alt.Chart(charts._data(data), width=charts.WIDTH, height=alt.Step(step))
    if title:
        chart = chart.properties(title=title)
    return (
        chart.mark_bar()
        .encode(
            x=alt.X("share:Q", stack="zero", axis=alt.Axis(format="%"), title=charts.text("share", lang)),
            y=alt.Y("group:N", sort=alt.EncodingSortField("order"), title=None, axis=charts._category_axis()),
            color=alt.Color("status:N", scale=colours, title=charts.text("status", lang)),
            order=alt.Order("rank:Q"),
            tooltip=tooltip,
        )
        .to_dict(validate=False)
    )


@pytest.mark.parametrize("lang", ["en", "nl", "fr"])
def test_status_bars_filled_from_one_build_are_what_altair_builds_with_the_page_s_texts(
    golden: Store, lang: str
) -> None:
    for by, variant in ((("year",), "declared"), (("country",), "detected"), ((), "declared")):
        result = compute(golden, "green", by=by, variant=variant)
        spec = charts.uptake_chart(result, lang)
        expected = _bars_built_by_altair(spec["data"]["values"], lang, result.indicator.title(lang), result.variant)
        assert json.dumps(spec) == json.dumps(expected)
    headline = charts.headline_chart([compute(golden, code) for code in ("green", "social")], lang)
    assert json.dumps(headline) == json.dumps(_bars_built_by_altair(headline["data"]["values"], lang, None, None))


def test_each_kind_of_chart_is_built_once_whatever_the_language_title_or_lines(golden: Store) -> None:
    results = [
        compute(golden, "green", by=by, variant=variant)
        for by in ("year", "country")
        for variant in ("declared", "detected")
    ]
    env = {
        lang: cast(
            Any, types.SimpleNamespace(lang=lang, t=lambda key, lang=lang, **values: translate(key, lang, **values))
        )
        for lang in ("en", "nl", "fr")
    }
    rows = [
        {"year": 2022, "method": "detected", "uptake_share": 0.1, "coverage_share": None},
        {"year": 2024, "method": "declared", "uptake_share": 0.3, "coverage_share": 0.8},
    ]
    for lang in ("en", "nl", "fr"):
        for result in results:
            charts.uptake_chart(result, lang)
        charts.trends_chart(results[:2], lang)
        charts.trends_chart(results[:3], lang)
        for shown in (rows, rows[1:], []):
            web_charts.method_trend_chart(env[lang], shown, f"title {lang}")
    assert charts._status_bars_over_no_rows.cache_info().currsize <= 4  # with or without lots, with or without title
    assert charts._trends_over_no_rows.cache_info().currsize <= 16  # by number of panels only
    assert web_charts._trend_over_no_rows.cache_info().currsize == 1


@pytest.mark.parametrize("lang", ["en", "nl", "fr"])
def test_measure_and_vehicle_charts_filled_from_one_build_are_what_altair_builds(golden: Store, lang: str) -> None:
    for percent in (True, False):
        result = compute(golden, "green", by="country")
        spec = charts.measure_chart(result, "uptake_share", f"Titel {lang}", lang, percent=percent)
        data = spec["data"]["values"]
        step = charts._band_step([str(part["group"]) for part in data])
        axis = alt.Axis(format="%") if percent else alt.Axis(format=",")
        expected = (
            alt.Chart(charts._data(data), title=f"Titel {lang}", width=charts.WIDTH, height=alt.Step(step))
            .mark_bar(color=charts.STATUS_COLOURS["yes"])
            .encode(
                x=alt.X("value:Q", axis=axis, title=charts.text("share", lang) if percent else None),
                y=alt.Y("group:N", sort="-x", title=None, axis=charts._category_axis()),
                tooltip=["group:N", alt.Tooltip("value:Q", format=".1%" if percent else ",")],
            )
        )
        assert json.dumps(spec) == json.dumps(expected.to_dict(validate=False))
    cvd = compute(golden, "cvd")
    spec = charts.cvd_chart(cvd, lang)
    data = spec["data"]["values"]
    assert data, "the fixture has vehicles"
    step = charts._band_step([str(part["category"]) for part in data])
    base = alt.Chart(charts._data(data), title=cvd.indicator.title(lang), width=charts.WIDTH, height=alt.Step(step))
    bars = base.mark_bar(color=charts.STATUS_COLOURS["yes"]).encode(
        x=alt.X("share:Q", axis=alt.Axis(format="%"), title=charts.text("clean", lang)),
        y=alt.Y("category:N", title=charts.text("category", lang), axis=charts._category_axis()),
        tooltip=["category:N", alt.Tooltip("share:Q", format=".1%"), alt.Tooltip("target:Q", format=".1%")],
    )
    ticks = base.mark_tick(color="#c62828", thickness=3, size=18).encode(x="target:Q", y="category:N")
    assert json.dumps(spec) == json.dumps(alt.layer(bars, ticks).to_dict(validate=False))


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_a_product_group_s_trend_filled_from_one_build_is_what_altair_builds(lang: str) -> None:
    by_year = [
        {"year": 2023, "green_uptake": 0.2, "green_coverage": 0.5, "gpp_uptake": None},
        {"year": 2024, "green_uptake": 0.3, "green_coverage": 0.6, "gpp_uptake": 0.1},
    ]
    spec = charts.group_trend_chart(by_year, f"Wegen {lang}", lang)
    names = [charts.text(label, lang) for label in ("green", "coverage", "gpp")]
    expected = (
        alt.Chart(charts._data(spec["data"]["values"]), title=f"Wegen {lang}", width=charts.WIDTH)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=charts.text("year", lang)),
            y=alt.Y("share:Q", axis=alt.Axis(format="%"), title=charts.text("share", lang)),
            color=alt.Color("measure:N", title=None, scale=alt.Scale(domain=names, range=list(charts.MEASURE_COLOURS))),
            tooltip=["year:O", "measure:N", alt.Tooltip("share:Q", format=".1%")],
        )
    )
    assert len(spec["data"]["values"]) == 5
    assert json.dumps(spec) == json.dumps(expected.to_dict(validate=False))
    report = {"currency": "EUR", "offers": []}
    assert charts.lcc_chart(report, lang)["encoding"]["x"]["title"] == f"{charts.text('cost', lang)} (EUR)"
    assert charts._group_trend_over_no_rows.cache_info().currsize == 1
    assert charts._lcc_over_no_rows.cache_info().currsize == 1
