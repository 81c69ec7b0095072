"""Configuration of the web app (from the settings table and the ``sppmon serve`` options)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import settings


@dataclass(frozen=True, slots=True)
class WebConfig:
    db: str | None = None
    admin_token: str = ""
    upload_max_bytes: int = 50 * 1024 * 1024
    usage_recording: bool = True
    usage_salt_period: str = "month"
    publication_url: str = "https://ted.europa.eu/{lang}/notice/-/detail/{number}"
    read_only: bool = False
    warm_up: bool = True  # compute the unfiltered dashboard's figures in the background at start-up
    shared: bool = False  # one worker process among several (sppmon serve --workers N > 1)
    serve_run: str = ""  # the id of that serve run: its workers share their answers under it (beside the store)
    pool_size: int = 4  # PostgreSQL read connections per worker process when shared
    work_seconds: float = 30.0  # time limit of a check, plan or life-cycle cost computed in a worker process
    ingest_seconds: float = 600.0  # time limit of parsing an uploaded package in a worker process
    store_seconds: float = 600.0  # time limit of storing a parsed upload (checked between batches)
    work_memory_bytes: int = 1024 * 1024 * 1024  # memory a worker process may take beyond its own start-up size
    body_seconds: float | None = None  # time a request body may take to arrive (None: the limit at 64 KiB/s, ≥ 60 s)
    log_details: bool = False  # the request log names client addresses and query strings (sppmon serve --log-details)
    figure_concurrency: int = 2  # figure answers a worker computes at once (the rest wait in order of arrival)

    @classmethod
    def from_settings(cls, db: str | None = None, **overrides: object) -> WebConfig:
        values: dict[str, object] = {
            "db": db,
            "admin_token": str(settings.get("admin_token")),
            "upload_max_bytes": int(settings.get("upload_max_bytes")),
            "usage_recording": bool(settings.get("usage_recording")),
            "usage_salt_period": str(settings.get("usage_salt_period")),
            "publication_url": str(settings.get("publication_url")),
            "work_seconds": float(settings.get("web_work_seconds")),
            "ingest_seconds": float(settings.get("web_ingest_seconds")),
            "store_seconds": float(settings.get("web_store_seconds")),
            "work_memory_bytes": int(settings.get("web_work_memory_bytes")),
            "figure_concurrency": int(settings.get("web_figure_concurrency")),
        }
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)  # type: ignore[arg-type]

    @property
    def work_limits(self) -> tuple[float, int]:
        """Time (seconds) and memory (bytes) of a check, plan or life-cycle cost in a worker process."""
        return (self.work_seconds, self.work_memory_bytes)

    @property
    def writable(self) -> bool:
        """Write actions exist only with an administrator token and a store opened for writing."""
        return bool(self.admin_token) and not self.read_only
