"""The JSON API under ``/api``: one module per area; the OpenAPI document is ``/api/openapi.json``."""

from __future__ import annotations

from fastapi import APIRouter

from .admin import router as admin_router
from .data import router as data_router

ROUTERS: tuple[APIRouter, ...] = (data_router, admin_router)
