"""Sessions and the usage table per period.

A *session* is a run of page views of one visitor in which each view follows the previous one by at most
30 minutes. A session belongs to the period (year, quarter, month) in which it starts. Per period:

- sessions: the sessions that start in the period;
- users: distinct visitors with a session in the period;
- new users: visitors whose first session (in all recorded data of the same source selection) starts in the
  period; a *new session* is such a first session, so the share of new sessions = new users / sessions;
- average session duration: mean of (last view − first view) over the sessions; a one-page session lasts 0 s;
- pages per session: page views in the period's sessions / sessions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..store import Store

SESSION_GAP = timedelta(minutes=30)
PERIODS = ("year", "quarter", "month")


@dataclass(frozen=True, slots=True)
class Session:
    visitor: str
    started: datetime
    ended: datetime
    views: int
    first_of_visitor: bool

    @property
    def seconds(self) -> float:
        return (self.ended - self.started).total_seconds()


@dataclass(frozen=True, slots=True)
class UsageRow:
    period: str
    sessions: int
    new_sessions: int
    users: int
    new_users: int
    page_views: int
    total_seconds: float

    @property
    def new_session_share(self) -> float | None:
        return self.new_sessions / self.sessions if self.sessions else None

    @property
    def average_seconds(self) -> float | None:
        return self.total_seconds / self.sessions if self.sessions else None

    @property
    def pages_per_session(self) -> float | None:
        return self.page_views / self.sessions if self.sessions else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "sessions": self.sessions,
            "new_session_share": _round(self.new_session_share),
            "users": self.users,
            "new_users": self.new_users,
            "average_session_seconds": _round(self.average_seconds, 1),
            "pages_per_session": _round(self.pages_per_session, 2),
            "page_views": self.page_views,
        }


COLUMNS = (
    "period",
    "sessions",
    "new_session_share",
    "users",
    "new_users",
    "average_session_seconds",
    "pages_per_session",
    "page_views",
)


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def sessionize(views: Iterable[tuple[str, datetime]]) -> list[Session]:
    """Sessions from (visitor, time) pairs in any order."""
    by_visitor: dict[str, list[datetime]] = {}
    for visitor, moment in views:
        by_visitor.setdefault(visitor, []).append(moment)
    sessions: list[Session] = []
    for visitor, moments in by_visitor.items():
        moments.sort()
        start = previous = moments[0]
        count = 1
        first = True
        for moment in moments[1:]:
            if moment - previous > SESSION_GAP:
                sessions.append(Session(visitor, start, previous, count, first))
                first = False
                start, count = moment, 0
            previous = moment
            count += 1
        sessions.append(Session(visitor, start, previous, count, first))
    sessions.sort(key=lambda session: (session.started, session.visitor))
    return sessions


def period_of(moment: datetime, period: str) -> str:
    if period == "year":
        return f"{moment.year}"
    if period == "quarter":
        return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"
    if period == "month":
        return f"{moment.year}-{moment.month:02d}"
    raise ValueError(f"period must be one of {', '.join(PERIODS)}")


def summarize(sessions: Iterable[Session], period: str) -> list[UsageRow]:
    """The usage table: one row per period that has sessions, oldest first."""
    grouped: dict[str, list[Session]] = {}
    for session in sessions:
        grouped.setdefault(period_of(session.started, period), []).append(session)
    rows = []
    for label in sorted(grouped):
        members = grouped[label]
        new = [session for session in members if session.first_of_visitor]
        rows.append(
            UsageRow(
                period=label,
                sessions=len(members),
                new_sessions=len(new),
                users=len({session.visitor for session in members}),
                new_users=len({session.visitor for session in new}),
                page_views=sum(session.views for session in members),
                total_seconds=sum(session.seconds for session in members),
            )
        )
    return rows


SOURCES = ("all", "app", "log")


def usage_table(store: Store, period: str = "year", source: str = "all") -> list[UsageRow]:
    """The usage table of the page views in the store. ``source``: ``app`` (recorded by the web app), ``log``
    (imported access logs) or ``all``."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}")
    conditions = {"all": "", "app": "WHERE source = 'app'", "log": "WHERE source LIKE 'log:%'"}
    if source not in conditions:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}")
    rows = store.query(f"SELECT visitor, viewed_at FROM page_views {conditions[source]}")
    return summarize(sessionize((str(visitor), moment) for visitor, moment in rows), period)


def format_duration(seconds: float | None) -> str:
    """h:mm:ss, as analytics tables show durations."""
    if seconds is None:
        return "–"
    whole = round(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
