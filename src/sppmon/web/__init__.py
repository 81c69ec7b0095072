"""The web app (``sppmon serve``): dashboard, drill-down to lots and notices, buyer, product-group, indicator,
report, data-quality and usage pages, and the JSON API; English, Dutch and French."""

from __future__ import annotations

from .app import create_app
from .config import WebConfig

__all__ = ["WebConfig", "create_app"]
