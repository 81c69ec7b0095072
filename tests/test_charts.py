"""Chart specs: pure Vega-Lite dicts from indicator results, rendered to SVG for the reports."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sppmon.indicators import compute
from sppmon.indicators.base import IndicatorResult
from sppmon.reports.charts import (
    MEASURE_COLOURS,
    breakdown_chart,
    cvd_chart,
    text,
    to_svg,
    trend_chart,
    uptake_chart,
)
from sppmon.store import Store

from .indicator_fixture import fill


@pytest.fixture
def golden(store: Store) -> Store:
    return fill(store)


def _values(spec: dict[str, object]) -> list[dict[str, object]]:
    layers = spec.get("layer")
    data = spec["data"] if "data" in spec else layers[0]["data"]  # type: ignore[index]
    return data["values"]  # type: ignore[index,no-any-return]


def test_uptake_chart_shows_not_reported(golden: Store) -> None:
    spec = uptake_chart(compute(golden, "green", by="year"), "nl")
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")  # type: ignore[union-attr]
    values = _values(spec)
    statuses = {row["status"] for row in values}
    assert statuses == {"ja", "uitdrukkelijk geen", "niet ingevuld"}
    by_status = {(row["group"], row["status"]): row["share"] for row in values}
    assert by_status[("2024", "niet ingevuld")] == pytest.approx(3 / 7)
    json.dumps(spec)  # plain JSON: the web app embeds it as is
    svg = to_svg(spec)
    assert svg.startswith("<svg") and "Groene overheidsopdrachten" in svg


def test_trend_breakdown_and_cvd_charts(golden: Store) -> None:
    trend = trend_chart(compute(golden, "green", by="year"), "fr")
    methods = {row["method"] for row in _values(trend)}
    assert methods == {"déclaré"}
    bars = breakdown_chart(compute(golden, "green", by="country"), "en")
    assert {row["group"] for row in _values(bars)} == {"Belgium", "Netherlands", "Sweden"}
    cvd = cvd_chart(compute(golden, "cvd"), "fr")
    targets = {row["category"]: row["target"] for row in _values(cvd)}
    # The category by its name in the chart's language, wrapped onto lines that never cut a word.
    light, trucks = "Véhicules utilitaires légers (M1,\nM2, N1) · 2021-2025", "Camions (N2, N3) · 2021-2025"
    assert targets == {light: 0.385, trucks: 0.1}
    for spec in (trend, bars, cvd):
        assert to_svg(spec).startswith("<svg")


def test_chart_specs_are_valid_vega_lite(golden: Store) -> None:
    """Specs are built without validation (it costs more than building them, on every page with charts): the
    schema is checked here instead, for every kind the web pages and reports draw from indicator results."""
    import altair as alt

    from sppmon.reports.charts import headline_chart, trends_chart

    by_year = compute(golden, "green", by="year")
    specs = [
        uptake_chart(by_year, "nl"),
        trend_chart(by_year, "fr"),
        trends_chart([by_year, compute(golden, "social", by="year")], "en"),
        headline_chart([compute(golden, code) for code in ("green", "social")], "en"),
        breakdown_chart(compute(golden, "green", by="country"), "en"),
        cvd_chart(compute(golden, "cvd"), "en"),
    ]
    for spec in specs:
        alt.Root.from_dict(spec)  # raises on anything the Vega-Lite schema refuses
    broken = dict(specs[0], mark={"type": "no-such-mark"})
    with pytest.raises(Exception, match="no-such-mark"):
        alt.Root.from_dict(broken)


def test_the_dashboard_trend_spec_is_valid_vega_lite() -> None:
    import types
    from typing import Any, cast

    import altair as alt

    from sppmon.web.charts import method_trend_chart

    env = cast(Any, types.SimpleNamespace(t=lambda key, **_: key))
    rows = [
        {"year": 2022, "method": "detected", "uptake_share": 0.1, "coverage_share": None},
        {"year": 2024, "method": "declared", "uptake_share": 0.3, "coverage_share": 0.8},
    ]
    alt.Root.from_dict(method_trend_chart(env, rows, "Green"))


def test_trend_colours_are_the_same_in_every_language(golden: Store) -> None:
    result = compute(golden, "green", by="year")
    scales = {}
    for lang in ("en", "nl", "fr"):
        layer = trend_chart(result, lang)["layer"][0]
        scale = layer["encoding"]["color"]["scale"]
        scales[lang] = scale["range"]
        assert scale["domain"][0].startswith(text("uptake", lang))  # uptake first, whatever its name sorts like
    assert scales["en"] == scales["nl"] == scales["fr"]


def test_charts_built_once_per_kind_carry_each_page_its_own_rows(golden: Store) -> None:
    """The dashboard's charts are built once per kind and language and filled with each page's rows: two
    results of the same shape give two specs that differ only in their rows, and filling one never changes
    the other or the next one built."""
    import types
    from typing import Any, cast

    from sppmon.web.charts import method_trend_chart

    by_year = compute(golden, "green", by="year")
    by_country = compute(golden, "green", by="country")
    first, second = uptake_chart(by_year, "nl"), uptake_chart(by_country, "nl")
    assert {row["group"] for row in _values(first)} == {"2024", "2025"}
    assert {row["group"] for row in _values(second)} == {"België", "Nederland", "Zweden"}
    _values(first).clear()
    assert _values(uptake_chart(by_year, "nl")) and dict(first, data=None) == dict(second, data=None)
    env = cast(Any, types.SimpleNamespace(t=lambda key, **_: key))
    rows = [{"year": 2024, "method": "declared", "uptake_share": 0.3, "coverage_share": 0.8}]
    trend = method_trend_chart(env, rows, "Green")
    assert [point["share"] for point in _values(trend)] == [0.3, 0.8]
    assert _values(method_trend_chart(env, [], "Green")) == []
    assert [point["share"] for point in _values(method_trend_chart(env, rows, "Green"))] == [0.3, 0.8]


def _legend(spec: dict[str, object]) -> dict[str, str]:
    """The colour legend of a trend chart: each line's name → its colour."""
    layer = spec["layer"][0]  # type: ignore[index]
    scale = layer["encoding"]["color"]["scale"]
    return dict(zip(scale["domain"], scale["range"], strict=True))


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("en", ("uptake: declared", "coverage: declared", "uptake: detected in texts", "examined: detected in texts")),
        ("nl", ("aandeel ja: aangegeven", "invulgraad: aangegeven", "onderzocht: gedetecteerd in teksten")),
        ("fr", ("adoption : déclaré", "taux de remplissage : déclaré", "examinés : détecté dans les textes")),
    ],
)
def test_trend_lines_say_what_they_measure_in_the_years_of_each_method(
    golden: Store, lang: str, names: tuple[str, ...]
) -> None:
    """Years of legacy notices rest on text detection, eForms years on declarations: the "coverage" of a
    detected year is the share of lots examined, so one legend entry never spans both methods."""
    import dataclasses

    result = compute(golden, "green", by="year")
    rows = [dict(result.rows[0], method="detected", year=2019), *(dict(row, method="declared") for row in result.rows)]
    spec = trend_chart(dataclasses.replace(result, rows=rows), lang)
    legend = _legend(spec)
    assert set(names) <= set(legend)
    assert {point["measure"] for point in _values(spec)} == set(legend)
    assert legend[names[0]] == MEASURE_COLOURS[0] and legend[names[-1]] == MEASURE_COLOURS[1]
    assert text("coverage", lang) not in {name for name in legend if text("detected", lang) in name}


def test_dashboard_trend_lines_name_the_method_of_their_years() -> None:
    import types
    from typing import Any, cast

    from sppmon.web.charts import method_trend_chart
    from sppmon.web.i18n import translate

    env = cast(Any, types.SimpleNamespace(t=lambda key, **values: translate(key, "nl", **values)))
    rows = [
        {"year": 2022, "method": "detected", "uptake_share": 0.1, "coverage_share": None},
        {"year": 2024, "method": "declared", "uptake_share": 0.3, "coverage_share": 0.8},
    ]
    spec = method_trend_chart(env, rows, "Groen")
    legend = _legend(spec)
    assert list(legend) == [
        "Aandeel ja: gedetecteerd in de teksten",
        "Aandeel ja: aangegeven",
        "Invulgraad: aangegeven",
    ]
    assert {point["measure"] for point in _values(spec)} == set(legend)
    assert legend["Aandeel ja: gedetecteerd in de teksten"] == legend["Aandeel ja: aangegeven"]


def test_the_trends_small_multiples_built_once_give_what_altair_builds_each_time(golden: Store) -> None:
    import altair as alt

    from sppmon.reports.charts import WIDTH, _spec, trends_chart

    for filters in ({}, {"year": "2024"}, {"buyer": "none-such"}):
        results = [compute(golden, code, by="year", filters=filters) for code in ("green", "social", "innovative")]
        for lang in ("nl", "fr"):
            panels = [_trend_built_by_altair(result, lang, WIDTH // 2 - 40) for result in results]
            panels = [panel.properties(height=170) for panel in panels]
            built = _spec(alt.concat(*panels, columns=2).resolve_scale(y="shared"))
            cached = trends_chart(results, lang)
            assert json.dumps(cached) == json.dumps(built)
            assert json.dumps(trend_chart(results[0], lang)) == json.dumps(
                _spec(_trend_built_by_altair(results[0], lang, WIDTH))
            )
            cached["concat"][0]["data"]["values"].clear()  # what a page does with its copy changes no other
            cached["config"].clear()
            assert trends_chart(results, lang) == built


def _trend_built_by_altair(result: IndicatorResult, lang: str, width: int) -> Any:
    """A trend panel as altair builds it with the page's own texts and rows (the reference)."""
    import altair as alt

    from sppmon.reports.charts import _data, _series_names, _trend_layer_over, _trend_rows

    data, series = _trend_rows(result, lang)
    names, colours = _series_names(series, lang)
    words = {key: text(key, lang) for key in ("year", "share", "method")}
    scale = alt.Scale(domain=names, range=colours)
    return _trend_layer_over(_data(data), result.indicator.title(lang), scale, words, width)
