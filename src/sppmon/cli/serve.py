"""``sppmon serve``: the web app (dashboard, drill-down, API) over a store."""

from __future__ import annotations

import click

from .common import db_option, handle_errors


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(1, 64),
    help="Worker processes serving requests [default: the number of CPU cores]. Over DuckDB each opens the file "
    "read-only and writes go through one writer path; over PostgreSQL each has a pool of read connections.",
)
@click.option(
    "--pool-size",
    default=4,
    show_default=True,
    type=click.IntRange(1, 100),
    help="PostgreSQL read connections per worker process (several workers only).",
)
@click.option("--read-only", is_flag=True, help="Open the store read-only: no uploads, no usage recording.")
@click.option(
    "--own-writes",
    is_flag=True,
    help="DuckDB: the server owns the file's writes (uploads, syncs, usage statistics); without it a DuckDB file "
    "is served read-only. Other commands cannot write to the file while the server has it open.",
)
@click.option(
    "--log-details", is_flag=True, help="Log client addresses and query strings with each request (off: neither)."
)
@click.option(
    "--proxy",
    "forwarded_allow_ips",
    default=None,
    metavar="ADDRESSES",
    help="Reverse proxies whose X-Forwarded-For header is trusted (comma-separated addresses).",
)
@click.option("--log-level", default="info", show_default=True, type=click.Choice(["debug", "info", "warning"]))
@handle_errors
def serve_command(
    db: str | None,
    host: str,
    port: int,
    workers: int | None,
    pool_size: int,
    read_only: bool,
    own_writes: bool,
    log_details: bool,
    forwarded_allow_ips: str | None,
    log_level: str,
) -> None:
    """Serve the web app: dashboard, indicator, buyer, product-group, report, data-quality and usage pages,
    and the JSON API under /api (settings: SPPMON_ADMIN_TOKEN, SPPMON_UPLOAD_MAX_BYTES, SPPMON_USAGE_*)."""
    import os

    import uvicorn

    from .. import settings
    from ..web import WebConfig, balanced, create_app
    from ..web.delivery import start_serve_run
    from ..web.guard import configure_access_log
    from ..web.transport import PROTOCOL

    target = str(settings.get("db", db))
    if not target.startswith(("postgresql://", "postgres://")) and not own_writes and not read_only:
        read_only = True
        click.echo("sppmon: DuckDB store served read-only (--own-writes lets the server upload and sync)", err=True)
    configure_access_log()
    count = workers or os.cpu_count() or 1
    proxy = {"proxy_headers": True, "forwarded_allow_ips": forwarded_allow_ips} if forwarded_allow_ips else {}
    click.echo(f"sppmon: serving {target} on http://{host}:{port}/ with {count} worker(s) (Ctrl+C stops)", err=True)
    if count > 1:
        prepare_store(target, read_only)
        os.environ["SPPMON_DB"] = target
        os.environ["SPPMON_SERVE_READ_ONLY"] = "1" if read_only else ""
        os.environ["SPPMON_SERVE_POOL_SIZE"] = str(pool_size)
        os.environ["SPPMON_SERVE_LOG_DETAILS"] = "1" if log_details else ""
        if not target.startswith(("postgresql://", "postgres://")):
            os.environ["SPPMON_SERVE_RUN"] = start_serve_run(target.removeprefix("duckdb://"))  # shared answers
        code = balanced.run(  # a listening socket per worker: connections spread evenly (web/balanced.py)
            "sppmon.web.app:app_from_environment",
            workers=count,
            factory=True,
            host=host,
            port=port,
            log_level=log_level,
            access_log=False,  # the app's own request log (sppmon.web.guard) leaves addresses out
            http=PROTOCOL,
            **proxy,
        )
        if code:
            raise SystemExit(code)
        return
    config = WebConfig.from_settings(db=target, read_only=read_only, log_details=log_details)
    app = create_app(config)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        http=PROTOCOL,
        **proxy,  # type: ignore[arg-type]
    )


def prepare_store(target: str, read_only: bool) -> None:
    """Before the workers start: migrate the store and bring its summary tables up to date (once, here, rather
    than in every worker), and build the static assets into the cache folder."""
    from ..store import open_store
    from ..web.assets import prepare

    if not read_only:
        open_store(target).close()
    else:
        open_store(target, read_only=True).close()  # fails now, with one message, when there is no store
    prepare()
