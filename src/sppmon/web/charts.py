"""Vega-Lite chart specifications for the pages (pure functions of rows and language). The tables beside
each chart hold the same numbers, so the charts add no information that is not also readable as text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"  # an identifier; never fetched
# Number formatting per language (d3-format locale): decimal mark, thousands separator, grouping, currency.
NUMBER_LOCALES: dict[str, dict[str, Any]] = {
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
    "nl": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]},
    "fr": {"decimal": ",", "thousands": "\u202f", "grouping": [3], "currency": ["", " €"], "percent": "\u202f%"},
}
PALETTE = ["#1f6f43", "#12355b", "#8a4b00", "#6b2d7b", "#4a4a4a"]


def _base(description: str, lang: str) -> dict[str, Any]:
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": description,
        "width": "container",
        "height": 220,
        "config": {
            "locale": {"number": NUMBER_LOCALES.get(lang, NUMBER_LOCALES["en"])},
            "font": "system-ui, sans-serif",
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#1b1b1b", "titleColor": "#1b1b1b"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "range": {"category": PALETTE},
        },
    }


def trend_chart(
    series: Mapping[str, Sequence[Mapping[str, Any]]], titles: Mapping[str, str], lang: str, description: str
) -> dict[str, Any]:
    """Uptake share per year, one line per indicator; points carry coverage and method in the tooltip."""
    values = [
        {
            "indicator": name,
            "year": str(row.get("year")),
            "method": str(row.get("method", "")),
            "uptake": row.get("uptake_share"),
            "coverage": row.get("coverage_share"),
        }
        for name, rows in series.items()
        for row in rows
        if row.get("uptake_share") is not None
    ]
    spec = _base(description, lang)
    spec.update(
        {
            "data": {"values": values},
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {"field": "year", "type": "ordinal", "title": titles["year"]},
                "y": {"field": "uptake", "type": "quantitative", "axis": {"format": ".0%"}, "title": titles["uptake"]},
                "color": {"field": "indicator", "type": "nominal", "title": titles["indicator"]},
                "strokeDash": {"field": "method", "type": "nominal", "title": titles["method"]},
                "tooltip": [
                    {"field": "indicator", "title": titles["indicator"]},
                    {"field": "year", "title": titles["year"]},
                    {"field": "method", "title": titles["method"]},
                    {"field": "uptake", "format": ".1%", "title": titles["uptake"]},
                    {"field": "coverage", "format": ".1%", "title": titles["coverage"]},
                ],
            },
        }
    )
    return spec


def breakdown_chart(
    rows: Sequence[Mapping[str, Any]], key: str, titles: Mapping[str, str], lang: str, description: str
) -> dict[str, Any]:
    """Per group: the coverage share as a light bar with the uptake share over it."""
    values = [
        {
            "group": str(row.get(key) if row.get(key) is not None else "–"),
            "uptake": row.get("uptake_share") or 0,
            "coverage": row.get("coverage_share") or 0,
            "lots": row.get("lots_in_scope"),
        }
        for row in rows
    ]
    y = {"field": "group", "type": "nominal", "sort": None, "title": titles["group"]}
    tooltip = [
        {"field": "group", "title": titles["group"]},
        {"field": "uptake", "format": ".1%", "title": titles["uptake"]},
        {"field": "coverage", "format": ".1%", "title": titles["coverage"]},
        {"field": "lots", "format": ",", "title": titles["lots"]},
    ]
    spec = _base(description, lang)
    spec["height"] = {"step": 18}
    spec.update(
        {
            "data": {"values": values},
            "layer": [
                {
                    "mark": {"type": "bar", "color": "#c9d8cf"},
                    "encoding": {
                        "y": y,
                        "x": {
                            "field": "coverage",
                            "type": "quantitative",
                            "axis": {"format": ".0%"},
                            "scale": {"domain": [0, 1]},
                            "title": titles["axis"],
                        },
                        "tooltip": tooltip,
                    },
                },
                {
                    "mark": {"type": "bar", "color": PALETTE[0], "height": {"band": 0.5}},
                    "encoding": {"y": y, "x": {"field": "uptake", "type": "quantitative"}, "tooltip": tooltip},
                },
            ],
        }
    )
    return spec
