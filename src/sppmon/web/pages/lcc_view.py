"""What the life-cycle cost page shows besides the form: the result table, the year-by-year table of each offer,
the sensitivity table with its break-even points, and their charts — all labelled in the page's language
(``data/messages/lcc.tsv``)."""

from __future__ import annotations

from typing import Any

import altair as alt

from ...planning.lcc import TABLE_COLUMNS, YEAR_COLUMNS, LccInput, table_rows, year_table
from ...planning.lcc_sensitivity import Sensitivity
from ..context import Env
from ..tables import Column, DataTable

PAGE_OFFERS = 100  # a page lists at most this many offers (the downloads have all of them)
YEAR_TABLE_OFFERS = 4  # year-by-year tables shown for the cheapest offers
CHART_WIDTH = 520
PART_KEYS = ("acquisition", "replacements", "maintenance", "one_off", "end_of_life", "co2_cost", "pollutant_cost")


def results_table(env: Env, report: dict[str, Any], limit: int | None = None) -> DataTable:
    kinds = {"rank": "int", "offer": "text", "co2_tonnes": "float"}  # amounts in the input's currency
    columns = [Column(name, env.t(f"lcc.col.{name}"), kinds.get(name, "float")) for name in TABLE_COLUMNS]
    rows = table_rows(report)
    return DataTable("lcc", env.t("lcc.result"), columns, rows[:limit] if limit else rows, caption=report["currency"])


def year_tables(env: Env, data: LccInput, report: dict[str, Any]) -> list[DataTable]:
    """One table per offer (the cheapest first), its cash flows year by year."""
    by_name = {offer.name: offer for offer in data.offers}
    columns = [Column(name, env.t(f"lcc.year.{name}"), "int" if name == "year" else "float") for name in YEAR_COLUMNS]
    tables = []
    for entry in report["offers"][:YEAR_TABLE_OFFERS]:
        rows = year_table(by_name[entry["offer"]], data)
        title = env.t("lcc.years_of", offer=entry["offer"])
        tables.append(DataTable(f"lcc-years-{entry['rank']}", title, columns, rows, caption=report["currency"]))
    return tables


def sensitivity_view(env: Env, found: Sensitivity) -> dict[str, Any]:
    """The scenarios (one row each: parameter, value, cheapest offer, whether the ranking changes) and the
    break-even sentences."""
    rows = []
    for scenario in found.scenarios:
        rows.append(
            {
                "parameter": env.t(f"lcc.sens.{scenario.parameter}"),
                "value": _value_text(env, scenario.parameter, scenario.value, found.co2_counted),
                "best": scenario.best,
                "total": scenario.totals[0][1],
                "changed": env.t("lcc.sens.best_changed")
                if scenario.best_changed
                else env.t("lcc.sens.order_changed")
                if scenario.order_changed
                else env.t("lcc.sens.unchanged"),
                "flag": scenario.best_changed,
            }
        )
    sentences = []
    for even in found.break_evens:
        if even.value is None:
            sentences.append(env.t(f"lcc.even.none.{even.parameter}.{even.direction}"))
        else:
            value = _value_text(env, even.parameter, even.value, found.co2_counted)
            sentences.append(env.t(f"lcc.even.{even.parameter}.{even.direction}", value=value, offer=even.new_best))
    return {"rows": rows, "sentences": sentences, "co2_counted": found.co2_counted}


def _value_text(env: Env, parameter: str, value: float, co2_counted: bool) -> str:
    if parameter == "base":
        return "–"
    if parameter == "discount_rate":
        return env.fmt.share(value, 2)
    if parameter == "co2_price" and not co2_counted:
        return env.t("lcc.sens.co2_default_times", factor=env.fmt.number(value, 2))
    return env.t("lcc.sens.times", factor=env.fmt.number(value, 2))


def cost_chart(env: Env, report: dict[str, Any]) -> dict[str, Any]:
    """Stacked bars of each offer's present value by part (a residual value larger than the disposal cost
    stacks below zero), the cheapest offer first."""
    data = []
    for offer in report["offers"][:20]:
        parts = [(env.t(f"lcc.col.{key}"), offer[key]) for key in PART_KEYS]
        parts += list(offer["consumption"].items())
        data += [
            {"offer": f"{offer['rank']}. {offer['offer']}", "part": name, "value": value}
            for name, value in parts
            if value
        ]
    chart = (
        alt.Chart(alt.Data(values=data), width=CHART_WIDTH)  # type: ignore[no-untyped-call]
        .mark_bar()
        .encode(
            x=alt.X(
                "sum(value):Q", title=f"{env.t('lcc.col.total')} ({report['currency']})", axis=alt.Axis(format=",.0f")
            ),
            y=alt.Y("offer:N", sort=None, title=env.t("lcc.col.offer")),
            color=alt.Color("part:N", title=env.t("lcc.part")),
            tooltip=["offer:N", "part:N", alt.Tooltip("value:Q", format=",.2f")],
        )
    )
    spec: dict[str, Any] = chart.to_dict()
    return spec


def sensitivity_chart(env: Env, found: Sensitivity, currency: str) -> dict[str, Any]:
    """One panel per parameter: each of the cheapest offers' totals as the parameter moves; where the lines
    cross, the ranking flips."""
    data = [
        {**point, "parameter": env.t(f"lcc.sens.axis.{parameter}")}
        for parameter, points in found.curves.items()
        for point in points
    ]
    chart = (
        alt.Chart(alt.Data(values=data), width=CHART_WIDTH // 3, height=220)  # type: ignore[no-untyped-call]
        .mark_line()
        .encode(
            x=alt.X("value:Q", title=None),
            y=alt.Y("total:Q", title=f"{env.t('lcc.col.total')} ({currency})", axis=alt.Axis(format=",.0f")),
            color=alt.Color("offer:N", title=env.t("lcc.col.offer")),
            tooltip=[
                "parameter:N",
                "offer:N",
                alt.Tooltip("value:Q", format=",.3f"),
                alt.Tooltip("total:Q", format=",.2f"),
            ],
        )
        .facet(column=alt.Column("parameter:N", title=None))
        .resolve_scale(x="independent")
    )
    spec: dict[str, Any] = chart.to_dict()
    return spec
