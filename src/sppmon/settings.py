"""The one declared table of settings. Each has an environment variable, a default and a description;
command-line options override the environment. ``docs/settings.md`` lists them (a test checks it)."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError


def _default_db() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "sppmon" / "sppmon.duckdb")


def _default_rates_file() -> str:
    # read for every figure with money: the path is worked out once per environment, not per call
    return _rates_file_in(os.environ.get("XDG_DATA_HOME") or "", os.environ.get("HOME") or "")


@functools.cache
def _rates_file_in(data_home: str, home: str) -> str:
    base = data_home or str(Path.home() / ".local" / "share")
    return str(Path(base) / "sppmon" / "eur_rates.csv")


def _default_sdk_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "sppmon" / "eforms-sdk")


def _default_package_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "sppmon" / "packages")


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    env: str
    default: Callable[[], Any]
    parse: Callable[[str], Any]
    description: str
    secret: bool = False  # never printed (e.g. by 'sppmon settings')


def _memory_size(value: str) -> str:
    """A DuckDB memory size such as 256MB or 2GB (validated here: it is written into a SET statement)."""
    cleaned = value.strip().upper().replace(" ", "")
    if not re.fullmatch(r"\d+(\.\d+)?(KB|MB|GB|TB|KIB|MIB|GIB|TIB)", cleaned):
        raise ValueError("expected a size such as 256MB or 2GB")
    return cleaned


def _positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError("must be positive")
    return number


def _share(value: str) -> float | None:
    """A non-negative number (a decimal comma or point), or ``off``: None."""
    cleaned = value.strip().lower()
    if cleaned in ("off", "none", "never"):
        return None
    problem = "must be a number of 0 or more (0,5 or 0.5), or off"
    try:
        number = float(cleaned.replace(",", "."))
    except ValueError:
        raise ValueError(problem) from None
    if not 0 <= number < float("inf"):  # NaN fails both comparisons
        raise ValueError(problem)
    return number


def _salt_period(value: str) -> str:
    if value not in ("day", "month", "year"):
        raise ValueError("must be day, month or year")
    return value


def _boolean(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError("must be 1/0, true/false, yes/no or on/off")


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "db",
        "SPPMON_DB",
        _default_db,
        str,
        "Store location: a DuckDB file path (default under the user data folder) or a postgresql:// URL.",
    ),
    Setting(
        "sdk_dir",
        "SPPMON_SDK_DIR",
        _default_sdk_dir,
        str,
        "eForms SDK folder for code labels (codelists, translations); 'sppmon sdk download' fills it.",
    ),
    Setting(
        "max_notice_bytes",
        "SPPMON_MAX_NOTICE_BYTES",
        lambda: 64 * 1024 * 1024,
        _positive_int,
        "Largest notice file accepted, in bytes; larger files are rejected with XML_TOO_LARGE.",
    ),
    Setting(
        "max_sdk_minor",
        "SPPMON_MAX_SDK_MINOR",
        lambda: 16,
        _positive_int,
        "Newest eForms SDK minor version accepted (eforms-sdk-1.N); newer notices get NOTICE_UNKNOWN_SDK.",
    ),
    Setting(
        "batch_size",
        "SPPMON_BATCH_SIZE",
        lambda: 3000,
        _positive_int,
        "Notices per store transaction during ingest.",
    ),
    Setting(
        "duckdb_memory",
        "SPPMON_DUCKDB_MEMORY",
        lambda: "2GB",
        _memory_size,
        "Memory DuckDB may use for queries (indicators, reports, web); it spills to disk beyond.",
    ),
    Setting(
        "duckdb_ingest_memory",
        "SPPMON_DUCKDB_INGEST_MEMORY",
        lambda: "144MB",
        _memory_size,
        "Memory DuckDB may use while ingesting: keeps the memory of an ingest flat whatever the store's size.",
    ),
    Setting(
        "duckdb_ingest_threads",
        "SPPMON_DUCKDB_INGEST_THREADS",
        lambda: 1,
        _positive_int,
        "Threads DuckDB may use for an ingest's batch writes. The notices are read at the same time in other "
        "threads, so one thread costs the least CPU; a recount of the whole store uses every core.",
    ),
    Setting(
        "summary",
        "SPPMON_SUMMARY",
        lambda: True,
        _boolean,
        "Whether ingest batches keep the summary tables that indicators read (1/0). Off: ingest skips them, "
        "indicators count the lots, and the next writer that opens the store with it on rebuilds them.",
    ),
    Setting(
        "summary_recount_share",
        "SPPMON_SUMMARY_RECOUNT_SHARE",
        lambda: 0.5,
        _share,
        "An ingest that stores more notices than this share of the notices already stored stops keeping the "
        "summary tables per batch and recounts them once at its end (0,5: half; off: always per batch).",
    ),
    Setting(
        "archive_depth",
        "SPPMON_ARCHIVE_DEPTH",
        lambda: 4,
        _positive_int,
        "Deepest nesting of archives inside archives that is opened.",
    ),
    Setting(
        "sdk_url",
        "SPPMON_SDK_URL",
        lambda: "https://github.com/OP-TED/eForms-SDK/archive/refs/tags/{version}.tar.gz",
        str,
        "URL template of eForms SDK release archives ({version} is replaced).",
    ),
    Setting(
        "rates_file",
        "SPPMON_RATES_FILE",
        _default_rates_file,
        str,
        "Euro exchange-rate file written by 'sppmon rates refresh'; used instead of the shipped rates when present.",
    ),
    Setting(
        "ted_search_url",
        "SPPMON_TED_SEARCH_URL",
        lambda: "https://api.ted.europa.eu/v3/notices/search",
        str,
        "TED Search API (v3) notice search endpoint used by 'sppmon sync'.",
    ),
    Setting(
        "admin_token",
        "SPPMON_ADMIN_TOKEN",
        lambda: "",
        str,
        "Token that unlocks the web app's write actions (upload, sync, reports); empty: write actions are disabled.",
        secret=True,
    ),
    Setting(
        "upload_max_bytes",
        "SPPMON_UPLOAD_MAX_BYTES",
        lambda: 50 * 1024 * 1024,
        _positive_int,
        "Largest upload (notice file or package) the web app accepts, in bytes.",
    ),
    Setting(
        "web_work_seconds",
        "SPPMON_WEB_WORK_SECONDS",
        lambda: 30,
        _positive_int,
        "Time limit, in seconds, of a check, plan ranking or life-cycle cost that the web app computes in a worker "
        "process (504 WEB_WORK_TIMEOUT beyond).",
    ),
    Setting(
        "web_ingest_seconds",
        "SPPMON_WEB_INGEST_SECONDS",
        lambda: 600,
        _positive_int,
        "Time limit, in seconds, of reading and parsing an uploaded notice file or package in the web app's worker "
        "process (504 WEB_WORK_TIMEOUT beyond; nothing of it is stored).",
    ),
    Setting(
        "web_store_seconds",
        "SPPMON_WEB_STORE_SECONDS",
        lambda: 600,
        _positive_int,
        "Time limit, in seconds, of storing a parsed upload (504 WEB_UPLOAD_STORE_TIMEOUT beyond: storing stops "
        "between two batches; the whole batches stored before stay, nothing after them is written).",
    ),
    Setting(
        "web_figure_concurrency",
        "SPPMON_WEB_FIGURE_CONCURRENCY",
        lambda: 2,
        _positive_int,
        "Figure pages and API answers each worker process of the web app computes at once (answers from its "
        "caches are not counted); further requests wait their turn in order of arrival.",
    ),
    Setting(
        "web_duckdb_threads",
        "SPPMON_WEB_DUCKDB_THREADS",
        lambda: 1,
        _positive_int,
        "Threads each DuckDB query of the web app's read connections may use. With many visitors the cores are "
        "busy with other requests, and one thread per query costs the least CPU.",
    ),
    Setting(
        "web_work_memory_bytes",
        "SPPMON_WEB_WORK_MEMORY_BYTES",
        lambda: 1024 * 1024 * 1024,
        _positive_int,
        "Memory, in bytes, a worker process of the web app may take beyond its size at start-up (503 "
        "WEB_WORK_TOO_LARGE beyond).",
    ),
    Setting(
        "usage_salt_period",
        "SPPMON_USAGE_SALT_PERIOD",
        lambda: "month",
        _salt_period,
        "How long one salt of the hashed visitor id lives: day, month or year (see docs/usage.md).",
    ),
    Setting(
        "usage_recording",
        "SPPMON_USAGE_RECORDING",
        lambda: True,
        _boolean,
        "Whether the web app records page views for the usage statistics (1/0, true/false).",
    ),
    Setting(
        "publication_url",
        "SPPMON_PUBLICATION_URL",
        lambda: "https://ted.europa.eu/{lang}/notice/-/detail/{number}",
        str,
        "URL template of a notice's official publication page, linked by the web app, reports, the guide and "
        "the urgency list ({lang}; {number} = OJ S publication number without leading zeros).",
    ),
    Setting(
        "ted_notice_url",
        "SPPMON_TED_NOTICE_URL",
        lambda: "https://ted.europa.eu/en/notice/{publication_number}/xml",
        str,
        "URL template of one notice's XML, used when a search result carries no XML link.",
    ),
    Setting(
        "ted_daily_package_url",
        "SPPMON_TED_DAILY_PACKAGE_URL",
        lambda: "https://ted.europa.eu/packages/daily/{year}{issue:05d}",
        str,
        "URL template of TED daily packages ({year}, {issue} = OJ S issue number, {date} = YYYYMMDD).",
    ),
    Setting(
        "ted_monthly_package_url",
        "SPPMON_TED_MONTHLY_PACKAGE_URL",
        lambda: "https://ted.europa.eu/packages/monthly/{year}-{month}",
        str,
        "URL template of TED monthly packages ({year}, {month} without leading zero, {month:02d} with).",
    ),
    Setting(
        "ted_requests_per_minute",
        "SPPMON_TED_REQUESTS_PER_MINUTE",
        lambda: 300,
        _positive_int,
        "Most requests per minute sent to TED (search, notices and packages together).",
    ),
    Setting(
        "http_retries",
        "SPPMON_HTTP_RETRIES",
        lambda: 6,
        _positive_int,
        "Attempts per request on HTTP 429/5xx and network errors (waits honour Retry-After).",
    ),
    Setting(
        "http_timeout",
        "SPPMON_HTTP_TIMEOUT",
        lambda: 60,
        _positive_int,
        "Seconds to wait for a server response before retrying.",
    ),
    Setting(
        "package_dir",
        "SPPMON_PACKAGE_DIR",
        _default_package_dir,
        str,
        "Folder for downloaded TED packages (kept compressed; partial downloads resume from here).",
    ),
    Setting(
        "ocds_prefix",
        "SPPMON_OCDS_PREFIX",
        lambda: "ocds-sppmon",
        str,
        "OCDS ocid prefix of the publisher (register one for published data) used by 'sppmon export ocds'.",
    ),
)

SETTINGS_BY_NAME = {setting.name: setting for setting in SETTINGS}


def get(name: str, override: Any = None, environ: Mapping[str, str] | None = None) -> Any:
    """The value of a setting: the override if given, else the environment, else the default."""
    setting = SETTINGS_BY_NAME[name]
    if override is not None:
        return override
    raw = (environ if environ is not None else os.environ).get(setting.env)
    if raw is None or raw == "":
        return setting.default()
    try:
        return setting.parse(raw)
    except ValueError as exc:
        raise ConfigError(f"{setting.env}={raw!r} is not valid: {exc}") from None
