"""Usage statistics of the web app and the guide, without third-party trackers.

Page views are recorded with a hashed visitor id (salted, the salt rotating per period, no raw address kept)
or imported from web-server access logs; :func:`usage_table` turns them into sessions, users and durations per
period. Definitions: ``docs/usage.md``.
"""

from __future__ import annotations

from .logs import LogImport, import_log, parse_combined
from .record import PageView, UsageRecorder, declines_tracking, is_bot, visitor_hash
from .sessions import PERIODS, Session, UsageRow, sessionize, summarize, usage_table

__all__ = [
    "PERIODS",
    "LogImport",
    "PageView",
    "Session",
    "UsageRecorder",
    "UsageRow",
    "declines_tracking",
    "import_log",
    "is_bot",
    "parse_combined",
    "sessionize",
    "summarize",
    "usage_table",
    "visitor_hash",
]
