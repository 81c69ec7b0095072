"""The web app: FastAPI with Jinja2 templates. ``create_app`` wires the store, the figure cache, the usage
recorder, language choice, security headers and the routers of the page groups and the JSON API."""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable

from fastapi import Depends, FastAPI, Request, Response
from starlette.concurrency import run_in_threadpool

from .. import __version__
from ..usage import UsageRecorder
from .activity import Activity, lower_priority
from .config import WebConfig
from .db import FigureCache, StoreProvider
from .delivery import FigureGate, ResponseCache, Version, VersionWatch, deliver, shared_responses, version_reader
from .errors import install as install_error_handlers
from .guard import RequestGuard
from .i18n import COOKIE, choose_language
from .openapi import install as install_openapi
from .sync import SyncJobs
from .workers import close_pools, start_fork_server

LOG = logging.getLogger(__name__)

# Pages load nothing from any other host: scripts, styles, images and data come from this app only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)
UNTRACKED_PREFIXES = ("/api", "/static", "/download", "/admin", "/health")
FLUSH_SECONDS = 10.0
SHARED_FLUSH_SECONDS = 300.0
SYNC_STOP_SECONDS = 30.0


def create_app(config: WebConfig | None = None) -> FastAPI:
    config = config or WebConfig.from_settings()
    caches: list[Callable[[], None]] = []  # emptied when a worker reopens a DuckDB file after a write
    provider = StoreProvider(
        config.db,
        read_only=config.read_only,
        shared=config.shared,
        pool_size=config.pool_size,
        on_reopen=lambda: _clear_all(caches),
    )
    recorder = (
        UsageRecorder(provider.writer, config.usage_salt_period)
        if config.usage_recording and not config.read_only
        else None
    )
    stop = threading.Event()
    activity = Activity()
    cache = FigureCache(provider)
    responses = ResponseCache(
        folder=shared_responses(provider.shared.path, config.serve_run) if provider.shared else None
    )
    caches += [cache.clear, responses.clear]
    sync_jobs = SyncJobs(provider, lambda: _clear_all([cache.clear, responses.clear]))

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await _before_first_request(app, config)
        flusher = None
        warming = threading.Thread(target=_warm_up, args=(app, activity, stop), name="sppmon-warm-up", daemon=True)
        if config.warm_up:
            warming.start()
        if recorder is not None:
            # several workers on one DuckDB file: each flush is a write window that closes the file in every
            # worker, so page views are written less often
            every = SHARED_FLUSH_SECONDS if config.shared and provider.mode == "gate" else FLUSH_SECONDS
            flusher = threading.Thread(target=_flush_periodically, args=(recorder, stop, every), daemon=True)
            flusher.start()
        try:
            yield
        finally:
            stop.set()
            close_pools()  # worker processes end with the server (an upload still parsing is dropped, unstored)
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
    app.state.responses = responses
    _delivery(app, cache, responses)
    _middleware(app, recorder, activity)
    _routes(app)
    app.add_middleware(RequestGuard, config=config)  # outermost: refuses before any body is read
    return app


async def _before_first_request(app: FastAPI, config: WebConfig) -> None:
    """What a worker does before /health answers: cheap preparations, not a warm-up."""
    from .render import prepare as prepare_pages

    await run_in_threadpool(prepare_pages)
    await run_in_threadpool(start_fork_server)  # uploads, checks and plans parse in worker processes
    if config.warm_up:  # the unfiltered dashboard's figures, before /health answers (about half a second)
        from .first_page import prepare as prepare_first_page

        await run_in_threadpool(prepare_first_page, app)
    _freeze_start_up_heap()


_HEAP_FROZEN: list[bool] = []


def _freeze_start_up_heap() -> None:
    """Move what starting made (modules, templates, the first figures: most of the heap, and alive as long as the
    server) out of the garbage collector's reach, once per process. A full collection — which the many objects of
    an upload being stored set off — then walks only what came since, instead of stopping every thread, the event
    loop's included, for 100–450 ms (measured on a loaded two-core machine; docs/performance.md)."""
    if not _HEAP_FROZEN:
        gc.collect()
        gc.freeze()
        _HEAP_FROZEN.append(True)


def _clear_all(clears: list[Callable[[], None]]) -> None:
    for clear in clears:
        clear()


def _warm_up(app: FastAPI, activity: Activity, stop: threading.Event) -> None:
    """Compute the static assets, the filter values and the unfiltered dashboard's figures in the background:
    at a lower priority, one figure at a time and only while no request runs, so that a visitor never waits
    behind it (a figure a visitor asks for meanwhile is computed once, by whichever thread asks first)."""
    from .facets import FORM_FILTERS
    from .figures import warm_up_asks
    from .outcomes_view import outcome_frames

    lower_priority()
    try:
        from .assets import prepare

        provider, cache = app.state.provider, app.state.cache
        steps: list[Callable[[], object]] = [prepare]  # the chart script: built once and kept in the cache folder
        steps += [functools.partial(_warm_facet, provider, cache, key) for key in FORM_FILTERS]
        steps += warm_up_asks(provider, cache)
        steps.append(lambda: outcome_frames(cache, provider.get()))
        for step in steps:
            if not activity.wait_idle(stop):
                return
            step()
    except Exception as exc:  # a failed or interrupted warm-up only means the first visitor waits
        LOG.info("warming up the figure cache stopped: %s", exc)


def _warm_facet(provider: StoreProvider, cache: FigureCache, key: str) -> object:
    from ..browse.facets import facet_values

    return cache.get(("facet", key), lambda: facet_values(provider.get(), key))


def _flush_periodically(recorder: UsageRecorder, stop: threading.Event, every: float) -> None:
    while not stop.wait(every):
        with contextlib.suppress(Exception):  # a failed flush keeps nothing; the next one tries again
            recorder.flush()


def _delivery(app: FastAPI, cache: FigureCache, responses: ResponseCache) -> None:
    """Compression, validators and whole-response caching (inside the language middleware, which has chosen
    the language by then and still sees every page view)."""
    read_version = version_reader(lambda sql: app.state.provider.get().query(sql))

    def version() -> Version:
        found = read_version()
        cache.observe(found.batch)  # a batch from any process empties the figure cache before this answer
        return found

    versions = VersionWatch(version, app.state.provider.change_marker())
    gate = FigureGate(app.state.config.figure_concurrency)

    @app.middleware("http")
    async def cheap_responses(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        return await deliver(request, call_next, versions, responses, gate)


def _middleware(app: FastAPI, recorder: UsageRecorder | None, activity: Activity) -> None:
    @app.middleware("http")
    async def language_headers_usage(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        query_lang = request.query_params.get("lang")
        lang = choose_language(query_lang, request.cookies.get(COOKIE), request.headers.get("accept-language"))
        request.state.lang = lang
        activity.started()
        try:
            response = await call_next(request)
        finally:
            activity.ended()
        if query_lang and query_lang == lang and request.cookies.get(COOKIE) != lang:
            response.set_cookie(COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
        security_headers(response, lang)
        if recorder is not None and _is_page_view(request, response):
            client = request.client.host if request.client else ""
            try:
                await run_in_threadpool(recorder.record, request.url.path, lang, client, request.headers)
            except Exception:  # statistics never break a page
                LOG.exception("could not record a page view")
        return response


def security_headers(response: Response, lang: str) -> None:
    """The headers every answer carries (the request guard's early answers too)."""
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers.setdefault("Content-Language", lang)


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
    """The app of one worker process when ``sppmon serve`` runs several (the parent sets the environment)."""
    import os

    from .guard import configure_access_log

    configure_access_log()
    return create_app(
        WebConfig.from_settings(
            read_only=bool(os.environ.get("SPPMON_SERVE_READ_ONLY")),
            shared=True,
            pool_size=int(os.environ.get("SPPMON_SERVE_POOL_SIZE") or 4),
            log_details=bool(os.environ.get("SPPMON_SERVE_LOG_DETAILS")),
            serve_run=os.environ.get("SPPMON_SERVE_RUN", ""),
        )
    )
