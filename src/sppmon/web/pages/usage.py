"""The usage-statistics page: sessions, users and durations per period (definitions in docs/usage.md)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...usage import PERIODS, usage_table
from ...usage.sessions import SOURCES
from ..context import Env, env_of
from ..render import render
from ..tables import Column, DataTable, table

router = APIRouter()


def _choice(value: str | None, choices: tuple[str, ...], default: str) -> str:
    return value if value in choices else default


@table("usage")
def usage_data(env: Env) -> DataTable:
    period = _choice(env.params.get("period"), PERIODS, "year")
    source = _choice(env.params.get("source"), SOURCES, "all")
    recorder = env.request.app.state.recorder
    if recorder is not None:
        recorder.flush()
    rows = [row.as_dict() for row in usage_table(env.store, period, source)]
    t = env.t
    columns = [
        Column("period", t("usage.period")),
        Column("sessions", t("usage.sessions"), "int"),
        Column("new_session_share", t("usage.new_session_share"), "share"),
        Column("users", t("usage.users"), "int"),
        Column("new_users", t("usage.new_users"), "int"),
        Column("average_session_seconds", t("usage.average_duration"), "duration"),
        Column("pages_per_session", t("usage.pages_per_session"), "float"),
    ]
    return DataTable("usage", t("usage.table"), columns, rows, params={"period": period, "source": source})


@router.get("/usage", response_class=HTMLResponse)
def usage_page(request: Request) -> HTMLResponse:
    env = env_of(request)
    return render(
        env,
        "usage.html",
        table=usage_data(env),
        periods=PERIODS,
        sources=SOURCES,
        period=_choice(env.params.get("period"), PERIODS, "year"),
        source=_choice(env.params.get("source"), SOURCES, "all"),
    )
