"""What a worker does before it answers ``/health``, so that the first dashboard after it is quick: the static
files (the style sheet and the page script are compressed once, the chart script read from the cache folder),
the figures of the unfiltered dashboard and the values of its filter form, then the page itself in each
language, answered to nobody: that builds its charts (the chart library's first chart loads the Vega-Lite
schema; each kind of chart is then built once per language and filled per page, see
:mod:`sppmon.reports.charts`) and loads the number formats and country names it shows.

Timed in one process on a 255,262-lot store (docs/performance.md): without this the first dashboard after
``/health`` spent about 0.3 s on its queries, 0.2 s compressing the style sheet, 0.3–0.6 s building its first
charts and the rest loading locale data. The rest of the warm-up (the other indicators' trends) still runs
while the worker is idle."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request

from .i18n import LANGUAGES
from .pages.dashboard import dashboard

LOG = logging.getLogger(__name__)


def prepare(app: FastAPI) -> None:
    """Everything the first dashboard needs that does not depend on the visitor (a failure only means that the
    first visitor waits for it)."""
    from .assets import prepare as prepare_assets

    try:
        prepare_assets()
        for lang in LANGUAGES:  # the page answered to nobody: its figures, charts, number formats, country names
            dashboard(_request(app, lang))
    except Exception as exc:
        LOG.info("preparing the first dashboard stopped: %s", exc)


def _request(app: FastAPI, lang: str) -> Request:
    """A request for the unfiltered dashboard in ``lang``, as the language middleware passes it on."""
    scope = {
        "type": "http",
        "app": app,
        "method": "GET",
        "path": "/",
        "root_path": "",
        "scheme": "http",
        "server": ("127.0.0.1", 80),
        "query_string": b"",
        "headers": [],
        "state": {"lang": lang},
    }
    return Request(scope)
