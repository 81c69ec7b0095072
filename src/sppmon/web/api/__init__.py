"""The JSON API under ``/api``: one module per area; the OpenAPI document is ``/api/openapi.json``."""

from __future__ import annotations

from fastapi import APIRouter

from .admin import router as admin_router
from .data import router as data_router
from .indicators import router as indicators_router
from .outcomes import router as outcomes_router
from .tools import router as tools_router

ROUTERS: tuple[APIRouter, ...] = (indicators_router, outcomes_router, data_router, tools_router, admin_router)
