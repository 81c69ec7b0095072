"""The web app: FastAPI with Jinja2 templates. ``create_app`` wires the store, the figure cache, the usage
recorder, language choice, security headers and the routers of the page groups and the JSON API."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable

from fastapi import Depends, FastAPI, Request, Response
from starlette.concurrency import run_in_threadpool

from .. import __version__
from ..usage import UsageRecorder
from .config import WebConfig
from .db import FigureCache, StoreProvider
from .errors import install as install_error_handlers
from .i18n import COOKIE, choose_language
from .openapi import install as install_openapi
from .sync import SyncJobs

LOG = logging.getLogger(__name__)

# Pages load nothing from any other host: scripts, styles, images and data come from this app only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)
UNTRACKED_PREFIXES = ("/api", "/static", "/download", "/admin", "/health")
FLUSH_SECONDS = 10.0
SYNC_STOP_SECONDS = 30.0


def create_app(config: WebConfig | None = None) -> FastAPI:
    config = config or WebConfig.from_settings()
    provider = StoreProvider(config.db, read_only=config.read_only)
    recorder = (
        UsageRecorder(provider.get, config.usage_salt_period)
        if config.usage_recording and not config.read_only
        else None
    )
    stop = threading.Event()
    cache = FigureCache(provider)
    sync_jobs = SyncJobs(provider, cache.clear)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        flusher = None
        warming = threading.Thread(target=_warm_up, args=(app,), daemon=True)
        if config.warm_up:
            warming.start()
        if recorder is not None:
            flusher = threading.Thread(target=_flush_periodically, args=(recorder, stop), daemon=True)
            flusher.start()
        try:
            yield
        finally:
            stop.set()
            if flusher is not None:
                flusher.join(timeout=5)
            if recorder is not None:
                recorder.flush()
            # A sync stops at its next step; one still busy after that has its queries interrupted.
            synced = sync_jobs.stop(SYNC_STOP_SECONDS)
            if warming.is_alive() or not synced:
                provider.interrupt()
                warming.join(timeout=30)
            provider.close()

    app = FastAPI(
        title="sppmon",
        version=__version__,
        description="Sustainable public procurement monitoring: indicators, lots and notices.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # the stock documentation pages load scripts from other hosts
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.provider = provider
    app.state.cache = cache
    app.state.sync_jobs = sync_jobs
    app.state.recorder = recorder
    _middleware(app, recorder)
    _routes(app)
    return app


def _warm_up(app: FastAPI) -> None:
    from .facets import FORM_FILTERS
    from .figures import warm_up

    try:
        from ..browse.facets import facet_values

        provider, cache = app.state.provider, app.state.cache
        for key in FORM_FILTERS:
            cache.get(("facet", key), lambda key=key: facet_values(provider.get(), key))
        warm_up(provider, cache)
    except Exception as exc:  # a failed or interrupted warm-up only means the first visitor waits
        LOG.info("warming up the figure cache stopped: %s", exc)


def _flush_periodically(recorder: UsageRecorder, stop: threading.Event) -> None:
    while not stop.wait(FLUSH_SECONDS):
        with contextlib.suppress(Exception):  # a failed flush keeps nothing; the next one tries again
            recorder.flush()


def _middleware(app: FastAPI, recorder: UsageRecorder | None) -> None:
    @app.middleware("http")
    async def language_headers_usage(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        query_lang = request.query_params.get("lang")
        lang = choose_language(query_lang, request.cookies.get(COOKIE), request.headers.get("accept-language"))
        request.state.lang = lang
        response = await call_next(request)
        if query_lang and query_lang == lang and request.cookies.get(COOKIE) != lang:
            response.set_cookie(COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers.setdefault("Content-Language", lang)
        if recorder is not None and _is_page_view(request, response):
            client = request.client.host if request.client else ""
            try:
                await run_in_threadpool(recorder.record, request.url.path, lang, client, request.headers)
            except Exception:  # statistics never break a page
                LOG.exception("could not record a page view")
        return response


def _is_page_view(request: Request, response: Response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and response.headers.get("content-type", "").startswith("text/html")
        and not request.url.path.startswith(UNTRACKED_PREFIXES)
    )


def _routes(app: FastAPI) -> None:
    from .api import ROUTERS as API_ROUTERS
    from .pages import ROUTERS as PAGE_ROUTERS
    from .params import check_page_params, refuse_unknown_params

    # Pages check the parameters they read before they are built; their HTML routes stay out of the API document.
    checked = [Depends(check_page_params)]
    for router in PAGE_ROUTERS:
        app.include_router(router, dependencies=checked)
    for router in API_ROUTERS:
        app.include_router(router, dependencies=[Depends(refuse_unknown_params)])

    install_error_handlers(app)
    install_openapi(app)


def app_from_environment() -> FastAPI:
    """The app of one worker process when ``sppmon serve`` runs several (server backends only)."""
    import os

    return create_app(WebConfig.from_settings(read_only=bool(os.environ.get("SPPMON_SERVE_READ_ONLY"))))
