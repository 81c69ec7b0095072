"""The page groups of the web app, one module each."""

from __future__ import annotations

from fastapi import APIRouter

from .admin import router as admin_router
from .apidoc import router as apidoc_router
from .benchmark import router as benchmark_router
from .buyers import router as buyers_router
from .check import router as check_router
from .dashboard import router as dashboard_router
from .files import router as files_router
from .groups import router as groups_router
from .guide import router as guide_router
from .indicators import router as indicators_router
from .lcc import router as lcc_router
from .lots import router as lots_router
from .notice import router as notice_router
from .plan import router as plan_router
from .quality import router as quality_router
from .reports import router as reports_router
from .usage import router as usage_router

ROUTERS: tuple[APIRouter, ...] = (
    dashboard_router,
    indicators_router,
    buyers_router,
    groups_router,
    guide_router,
    check_router,
    plan_router,
    lcc_router,
    lots_router,
    notice_router,
    quality_router,
    benchmark_router,
    reports_router,
    usage_router,
    admin_router,
    apidoc_router,
    files_router,
)
