"""Shared pieces of the JSON API: the filter parameters (declared so that the OpenAPI document lists them)
and table responses in JSON, CSV or XLSX."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from ..tables import XLSX, table_response

__all__ = ["XLSX", "Output", "filter_params", "table_response"]

Text = Annotated[str | None, Query(max_length=200)]


def filter_params(
    year: Annotated[str | None, Query(max_length=4, description="Publication year, e.g. 2025")] = None,
    country: Annotated[str | None, Query(max_length=3, description="Buyer country, ISO alpha-3 (BEL)")] = None,
    buyer: Annotated[str | None, Query(max_length=200, description="Buyer key (see /api/facets/buyer)")] = None,
    buyer_legal_type: Annotated[str | None, Query(max_length=50, description="Buyer legal type (BT-11)")] = None,
    product_group: Annotated[str | None, Query(max_length=50, description="EU GPP product group id")] = None,
    form_type: Annotated[str | None, Query(max_length=50, description="Notice form type (BT-03)")] = None,
    cpv_division: Annotated[str | None, Query(max_length=2, description="CPV division (two digits)")] = None,
    procedure_type: Annotated[str | None, Query(max_length=50, description="Procedure type (BT-105)")] = None,
    nature: Annotated[str | None, Query(max_length=20, description="Contract nature (BT-23 code)")] = None,
) -> dict[str, str]:
    given = {
        "year": year,
        "country": country,
        "buyer": buyer,
        "buyer_legal_type": buyer_legal_type,
        "product_group": product_group,
        "form_type": form_type,
        "cpv_division": cpv_division,
        "procedure_type": procedure_type,
        "nature": nature,
    }
    return {key: value for key, value in given.items() if value}


Output = Annotated[str, Query(pattern="^(json|csv|xlsx)$", description="json, csv or xlsx")]
