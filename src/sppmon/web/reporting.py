"""Reports for the web app: the registry of the report generators (``sppmon.reports``), and building one
report in one format on request. Builds run one at a time (a report reads much of the store) and their files
are cached per store version, so a report is built once per ingest whoever asks for it first.

Reports take the year chosen on the page; the EU chapter covers a period (from, to: the chosen year for both
unless given), the buyer feedback sheet one buyer.
"""

from __future__ import annotations

import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import SppmonError
from ..reports.base import Report, ReportRequest
from ..reports.registry import REPORTS
from ..reports.render import write_report
from ..store import Store
from .db import FigureCache

FORMATS = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}
FORMATS["xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_BUILD_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class ReportAsk:
    name: str
    fmt: str
    lang: str
    year: int | None
    buyer: str | None
    first_year: int | None = None
    last_year: int | None = None
    settings: tuple[tuple[str, str], ...] = ()  # a report's own options as given (the EU benchmark's)


def registry() -> dict[str, Report]:
    """Report name → report (``name``, ``titles``, ``build``)."""
    return dict(REPORTS)


def build_report(store: Store, ask: ReportAsk) -> bytes:
    """The report's file in the asked format."""
    reports = registry()
    if ask.name not in reports:
        raise SppmonError(f"no report {ask.name!r}")
    request = ReportRequest(
        lang=ask.lang,
        year=ask.year,
        first_year=ask.first_year or ask.year,
        last_year=ask.last_year or ask.year,
        buyer=ask.buyer,
        settings=dict(ask.settings),
    )
    document = reports[ask.name].build(store, request)
    with tempfile.TemporaryDirectory(prefix="sppmon-report-") as folder:
        target = Path(folder) / f"report.{ask.fmt}"
        write_report(document, target)
        return target.read_bytes()


def cached_report(cache: FigureCache, store: Store, ask: ReportAsk, fresh: bool = False) -> bytes:
    key = ("report", ask)
    if fresh:
        cache.forget(key)
    with _BUILD_LOCK:
        return cache.get(key, lambda: build_report(store, ask))
