"""The EU benchmark's chart: one row per country, its share as a point and its 95 % Wilson interval as a bar,
in the table's order; the focus country (Belgium unless chosen otherwise) in its own colour, countries not
ranked in grey; for vehicles the country's own minimum as a tick."""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt

from .chart_slots import filled
from .charts import STATUS_COLOURS, WIDTH, _data, _spec, text

ROW_STEP = 20  # pixels per country row
TITLE_WIDTH = 40  # characters per line of the title
FOCUS_COLOUR, OTHER_COLOUR, UNRANKED_COLOUR = "#c62828", STATUS_COLOURS["yes"], "#9e9e9e"


@dataclass(frozen=True, slots=True)
class Point:
    """One country of the chart: its name, share, interval, whether it is the focus country or ranked, its
    target."""

    country: str
    share: float
    low: float
    high: float
    focus: bool
    ranked: bool
    target: float | None = None


def interval_chart(
    points: Sequence[Point], title: str, measure: str, lang: str, focus_name: str | None = None
) -> dict[str, Any]:
    """Points with interval bars per country, top to bottom in the order given; the focus country's entry of
    the legend is ``focus_name`` (Belgium's name by default)."""
    focus = focus_name or text("bench.belgium", lang)
    values = [
        {
            "country": point.country,
            "order": order,
            "share": point.share,
            "low": point.low,
            "high": point.high,
            "kind": focus if point.focus else text(_kind(point), lang),
            **({"target": point.target} if point.target is not None else {}),
        }
        for order, point in enumerate(points)
    ]
    with_target = any(point.target is not None for point in points)
    return filled(_empty(title, measure, lang, with_target, ROW_STEP, focus), values)


def _kind(point: Point) -> str:
    return "bench.ranked" if point.ranked else "bench.unranked"


@functools.lru_cache(maxsize=64)
def _empty(title: str, measure: str, lang: str, with_target: bool, step: int, focus: str) -> dict[str, Any]:
    kinds = [focus, *(text(key, lang) for key in ("bench.ranked", "bench.unranked"))]
    colours = alt.Scale(domain=kinds, range=[FOCUS_COLOUR, OTHER_COLOUR, UNRANKED_COLOUR])
    base = alt.Chart(_data([]))
    y = alt.Y("country:N", sort=alt.EncodingSortField("order"), title=None, axis=alt.Axis(labelLimit=0))
    tooltip: list[Any] = [
        alt.Tooltip("country:N", title=text("bench.country", lang)),
        alt.Tooltip("share:Q", format=".1%", title=measure),
        alt.Tooltip("low:Q", format=".1%", title=text("bench.interval", lang)),
        alt.Tooltip("high:Q", format=".1%", title=text("bench.interval", lang)),
    ]
    bars = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("low:Q", axis=alt.Axis(format="%"), title=f"{measure} — {text('bench.interval', lang)}"),
        x2="high:Q",
        y=y,
        color=alt.Color("kind:N", scale=colours, title=None),
    )
    points = base.mark_point(filled=True, size=60).encode(
        x="share:Q", y=y, color=alt.Color("kind:N", scale=colours, title=None), tooltip=tooltip
    )
    layers = [bars, points]
    if with_target:
        layers.append(
            base.mark_tick(color="#1565c0", thickness=2, size=14).encode(
                x="target:Q", y=y, tooltip=[alt.Tooltip("target:Q", format=".1%", title=text("bench.own_target", lang))]
            )
        )
    # the title on lines of at most TITLE_WIDTH characters, so that it fits a phone's width as the chart does
    lines = textwrap.wrap(title, TITLE_WIDTH, break_long_words=False) or [title]
    return _spec(alt.layer(*layers, title=alt.Title(lines), width=WIDTH, height=alt.Step(step)))
