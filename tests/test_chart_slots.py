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
