"""Chart specs: pure Vega-Lite dicts from indicator results, rendered to SVG for the reports."""

from __future__ import annotations

import json

import pytest

from sppmon.indicators import compute
from sppmon.reports.charts import breakdown_chart, cvd_chart, text, to_svg, trend_chart, uptake_chart
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
        assert scale["domain"][0] == text("uptake", lang)  # uptake first, whatever its name sorts like
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
