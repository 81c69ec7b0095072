"""Browsing the store: filters on procedure lots, lot lists behind a figure, notice details, facets. Framework
free; the web app and the API are thin shells over these functions."""

from __future__ import annotations

from .filters import FACTS, FILTERS, FilterError, LotQuery, parse_filters
from .lots import LotPage, list_lots
from .notice import NoticeDetail, notice_detail

__all__ = [
    "FACTS",
    "FILTERS",
    "FilterError",
    "LotPage",
    "LotQuery",
    "NoticeDetail",
    "list_lots",
    "notice_detail",
    "parse_filters",
]
