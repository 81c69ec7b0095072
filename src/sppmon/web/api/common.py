"""Shared pieces of the JSON API: the filter, paging and output parameters (from the declarations of
``web.params``, so that the OpenAPI document lists what the routes validate) and table responses in JSON,
CSV or XLSX.

The output format is chosen with ``output``. Its old name ``format`` still works on the routes where no
filter or breakdown has that name (lots, notices, usage, urgency list); on indicators ``format`` is the
notice-format breakdown.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from ...browse.lots import MAX_PAGE
from ..params import INDICATOR_FILTERS, LOT_FILTERS, MAX_OFFSET, OUTPUTS, Param, described, filter_dependency
from ..tables import XLSX, table_response

__all__ = [
    "XLSX",
    "IndicatorFilters",
    "LegacyFormat",
    "Limit",
    "LotFilters",
    "NoticeFilters",
    "Offset",
    "Output",
    "output_of",
    "table_response",
]

NOTICE_FILTER_NAMES = ("year", "country", "buyer", "buyer_legal_type", "form_type", "procedure_type", "nature")
NOTICE_FILTERS: tuple[Param, ...] = tuple(param for param in LOT_FILTERS if param.name in NOTICE_FILTER_NAMES)

LotFilters = Annotated[dict[str, str], Depends(filter_dependency(LOT_FILTERS))]
NoticeFilters = Annotated[dict[str, str], Depends(filter_dependency(NOTICE_FILTERS))]
IndicatorFilters = Annotated[dict[str, str], Depends(filter_dependency(INDICATOR_FILTERS))]

_OUTPUT_PATTERN = "^(" + "|".join(OUTPUTS) + ")$"
Output = Annotated[str | None, Query(pattern=_OUTPUT_PATTERN, description=described("param.output"))]
LegacyFormat = Annotated[
    str | None,
    Query(alias="format", pattern=_OUTPUT_PATTERN, deprecated=True, description=described("param.format_output")),
]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=described("param.limit", most=MAX_PAGE))]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description=described("param.offset"))]


def output_of(output: str | None, legacy: str | None = None) -> str:
    """The output format asked for (``output``, else the old ``format``), JSON by default."""
    return output or legacy or "json"
