"""Reports for the web app: the registry of the report generators (``sppmon.reports``), and building one
report in one format on request. Builds run one at a time (a report reads much of the store) and their files
are cached per store version, so a report is built once per ingest whoever asks for it first.

The generators are looked up at run time: an installation without them shows the reports page with that
message instead of failing.
"""

from __future__ import annotations

import importlib
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import SppmonError
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


def registry() -> dict[str, Any]:
    """Report name → report record (``name``, ``titles``, ``build``); empty when no generator is installed."""
    try:
        module = importlib.import_module("sppmon.reports.registry")
    except ImportError:
        return {}
    return dict(module.REPORTS)


def build_report(store: Store, ask: ReportAsk) -> bytes:
    """The report's file in the asked format."""
    reports = registry()
    if ask.name not in reports:
        raise SppmonError(f"no report {ask.name!r}")
    base = importlib.import_module("sppmon.reports.base")
    render = importlib.import_module("sppmon.reports.render")
    request = base.ReportRequest(lang=ask.lang, year=ask.year, buyer=ask.buyer)
    document = reports[ask.name].build(store, request)
    with tempfile.TemporaryDirectory(prefix="sppmon-report-") as folder:
        target = Path(folder) / f"report.{ask.fmt}"
        render.write_report(document, target)
        return target.read_bytes()


def cached_report(cache: FigureCache, store: Store, ask: ReportAsk, fresh: bool = False) -> bytes:
    key = ("report", ask)
    if fresh:
        cache.forget(key)
    with _BUILD_LOCK:
        return cache.get(key, lambda: build_report(store, ask))
