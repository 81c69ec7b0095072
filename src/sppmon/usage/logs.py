"""Import of web-server access logs in the combined log format (Apache, nginx).

A line counts as a page view when it is a ``GET`` answered with 2xx or 304, its path is not a static asset
(style sheets, scripts, images, fonts, feeds) and its user agent is not a bot. Client addresses are hashed
with the user agent under one random salt per import run, which is discarded afterwards: visitors are linked
across all files of one run, never across runs and never back to an address. Importing the same files again
adds nothing (the run is identified by a hash of the files' contents).
"""

from __future__ import annotations

import gzip
import hashlib
import re
import secrets
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..store import Store
from .record import PageView, is_bot, visitor_hash, write_views

_LINE = re.compile(
    r'^(?P<host>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] "(?P<request>(?:[^"\\]|\\.)*)" (?P<status>\d{3}) \S+'
    r'(?: "(?P<referer>(?:[^"\\]|\\.)*)" "(?P<agent>(?:[^"\\]|\\.)*)")?'
)
_TIME_FORMAT = "%d/%b/%Y:%H:%M:%S %z"
STATIC_SUFFIXES = (
    ".css", ".js", ".mjs", ".map", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".webp", ".avif",
    ".woff", ".woff2", ".ttf", ".otf", ".eot", ".xml", ".txt", ".json", ".rss", ".atom", ".webmanifest",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class LogHit:
    address: str
    moment: datetime  # UTC, naive
    method: str
    path: str
    status: int
    user_agent: str


@dataclass
class LogImport:
    source: str = ""
    lines: int = 0
    page_views: int = 0
    malformed: int = 0
    not_pages: int = 0
    bots: int = 0
    already_imported: bool = False
    views: list[PageView] = field(default_factory=list, repr=False)


def parse_combined(line: str) -> LogHit | None:
    """One access-log line, or ``None`` when it is not in the combined (or common) log format."""
    match = _LINE.match(line)
    if not match:
        return None
    parts = match["request"].split(" ")
    if len(parts) < 2:
        return None
    try:
        moment = datetime.strptime(match["time"], _TIME_FORMAT).astimezone(UTC).replace(tzinfo=None)
    except ValueError:
        return None
    path = unquote(urlsplit(parts[1]).path) or "/"
    return LogHit(match["host"], moment, parts[0], path, int(match["status"]), match["agent"] or "")


def is_page_view(hit: LogHit) -> bool:
    ok = 200 <= hit.status < 300 or hit.status == 304
    return hit.method == "GET" and ok and not hit.path.lower().endswith(STATIC_SUFFIXES)


def _lines(path: Path, digest: hashlib._Hash) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        for raw in handle:
            digest.update(raw)
            yield raw.decode("utf-8", errors="replace").rstrip("\r\n")


def read_logs(paths: Sequence[Path]) -> LogImport:
    """Parse access logs into page views (not yet stored)."""
    digest = hashlib.sha256()
    salt = secrets.token_hex(32)
    result = LogImport()
    for path in paths:
        _collect(_lines(path, digest), salt, result)
    result.source = "log:" + digest.hexdigest()[:16]
    result.views = [PageView(view.viewed_at, view.visitor, view.path, None, result.source) for view in result.views]
    return result


def _collect(lines: Iterable[str], salt: str, result: LogImport) -> None:
    for line in lines:
        if not line.strip():
            continue
        result.lines += 1
        hit = parse_combined(line)
        if hit is None:
            result.malformed += 1
        elif not is_page_view(hit):
            result.not_pages += 1
        elif hit.user_agent and is_bot(hit.user_agent):  # no user agent (common log format): not a bot
            result.bots += 1
        else:
            visitor = visitor_hash(salt, hit.address, hit.user_agent)
            result.views.append(PageView(hit.moment, visitor, hit.path[:300], None))
            result.page_views += 1


def import_log(store: Store, paths: Sequence[Path]) -> LogImport:
    """Read access logs and store their page views (once: a repeated import adds nothing)."""
    result = read_logs(paths)
    known = store.query("SELECT COUNT(*) FROM page_views WHERE source = ?", (result.source,))
    if int(known[0][0]):
        result.already_imported = True
        return result
    write_views(store, result.views)
    return result
