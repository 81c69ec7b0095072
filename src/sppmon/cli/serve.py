"""``sppmon serve``: the web app (dashboard, drill-down, API) over a store."""

from __future__ import annotations

import click

from ..errors import ConfigError
from .common import db_option, handle_errors


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes; more than one only on PostgreSQL (a DuckDB file has one owning process).",
)
@click.option("--read-only", is_flag=True, help="Open the store read-only: no uploads, no usage recording.")
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
    workers: int,
    read_only: bool,
    forwarded_allow_ips: str | None,
    log_level: str,
) -> None:
    """Serve the web app: dashboard, indicator, buyer, product-group, report, data-quality and usage pages,
    and the JSON API under /api (settings: SPPMON_ADMIN_TOKEN, SPPMON_UPLOAD_MAX_BYTES, SPPMON_USAGE_*)."""
    import uvicorn

    from .. import settings
    from ..web import WebConfig, create_app

    target = str(settings.get("db", db))
    if workers > 1 and not target.startswith(("postgresql://", "postgres://")):
        raise ConfigError("several workers need a PostgreSQL store; a DuckDB file is owned by one process")
    config = WebConfig.from_settings(db=target, read_only=read_only)
    proxy = {"proxy_headers": True, "forwarded_allow_ips": forwarded_allow_ips} if forwarded_allow_ips else {}
    click.echo(f"sppmon: serving {target} on http://{host}:{port}/ (Ctrl+C stops)", err=True)
    if workers > 1:
        import os

        os.environ["SPPMON_DB"] = target
        os.environ["SPPMON_SERVE_READ_ONLY"] = "1" if read_only else ""
        uvicorn.run(
            "sppmon.web.app:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=log_level,
            **proxy,  # type: ignore[arg-type]
        )
        return
    uvicorn.run(create_app(config), host=host, port=port, log_level=log_level, **proxy)  # type: ignore[arg-type]
