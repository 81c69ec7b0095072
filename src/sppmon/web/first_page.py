"""What a worker does before it answers ``/health``, so that the first dashboard after it is quick: the static
files (the style sheet and the page script are compressed once, the chart script read from the cache folder),
the figures of the unfiltered dashboard and the values of its filter form, and the chart library's first
charts (its first chart loads the Vega-Lite schema; each kind of chart is then built once per language and
filled per page, see :mod:`sppmon.reports.charts`).

Measured in one process on a 255,262-lot store (docs/performance.md): without this the first dashboard after
``/health`` spent about 0.3 s on its queries, 0.2 s compressing the style sheet and 0.4–0.6 s building its
first charts. The rest of the warm-up (the other indicators' trends) still runs while the worker is idle."""

from __future__ import annotations

import dataclasses
import logging

from ..indicators import REGISTRY
from ..indicators.base import DECLARED, DETECTED
from ..reports.charts import uptake_chart
from .db import FigureCache, StoreProvider
from .figures import HEADLINE, cached_compute
from .i18n import LANGUAGES

LOG = logging.getLogger(__name__)
DEFAULT_INDICATOR = "green"  # the dashboard's indicator when the address names none
CHARTED = ("product_group", "cpv_division", "procedure_type")  # breakdowns whose labels need no page context


def default_view_asks() -> list[tuple[str, tuple[str, ...], str]]:
    """(indicator, breakdown, variant) of every figure the unfiltered dashboard shows."""
    asks: list[tuple[str, tuple[str, ...], str]] = [(code, (), DECLARED) for code in HEADLINE]
    trend_variants = [DECLARED, *([DETECTED] if DETECTED in REGISTRY[DEFAULT_INDICATOR].variants else [])]
    asks += [(DEFAULT_INDICATOR, ("year", "format"), variant) for variant in trend_variants]
    asks += [(DEFAULT_INDICATOR, ("buyer",), DECLARED), *((DEFAULT_INDICATOR, (by,), DECLARED) for by in CHARTED)]
    asks += [(code, REGISTRY[code].default_by, DECLARED) for code in ("cvd", "eed") if code in REGISTRY]
    return [ask for ask in asks if ask[0] in REGISTRY]


def prepare(provider: StoreProvider, cache: FigureCache) -> None:
    """Everything the first dashboard needs that does not depend on the visitor (a failure only means that the
    first visitor waits for it)."""
    from .assets import prepare as prepare_assets
    from .facets import FORM_FILTERS
    from .pages.dashboard import TOP_GROUPS

    try:
        prepare_assets()
        for key in FORM_FILTERS:
            _facet(provider, cache, key)
        for code, by, variant in default_view_asks():
            data = cached_compute(cache, provider.get(), code, by, {}, variant)
            if code == DEFAULT_INDICATOR and by and by[0] in CHARTED:
                top = sorted(data.rows, key=lambda row: -int(str(row.get("lots_in_scope") or 0)))[:TOP_GROUPS]
                for lang in LANGUAGES:
                    uptake_chart(dataclasses.replace(data, rows=top), lang)
    except Exception as exc:
        LOG.info("preparing the first dashboard stopped: %s", exc)


def _facet(provider: StoreProvider, cache: FigureCache, key: str) -> object:
    from ..browse.facets import facet_values

    return cache.get(("facet", key), lambda: facet_values(provider.get(), key))
