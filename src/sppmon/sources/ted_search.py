"""TED Search API (v3): expert queries, paging in iteration (scroll) mode with strict checks, and counts.

The shapes relied on are written down in ``docs/commands/sync.md``. In iteration mode the token never runs out
by itself, so paging stops when as many notices arrived as the first answer's ``totalNoticeCount``; a total
that changes, a token that comes back, a notice that comes twice or ``timedOut`` stop the run with a stable
error code instead of silently returning an incomplete or looping result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..errors import ConfigError, SourceError
from .http import HttpClient

MAX_PAGE_SIZE = 250  # the API's documented ceiling per page
SEARCH_FIELDS = ("publication-number", "publication-date")
_COUNTRY = re.compile(r"^[A-Z]{3}$")
_CPV = re.compile(r"^\d{2,8}\*?$")
_NOTICE_TYPE = re.compile(r"^[a-z][a-z0-9-]*$")
_OJS_NUMBER = re.compile(r"^(\d{1,3})/(\d{4})$")


@dataclass(frozen=True, slots=True)
class SearchCriteria:
    """What to sync; every part is optional except that some restriction must be given."""

    countries: tuple[str, ...] = ()  # buyer country, ISO 3166-1 alpha-3 (BEL)
    since: date | None = None  # publication date, inclusive
    until: date | None = None
    cpv: tuple[str, ...] = ()  # CPV codes or prefixes with a trailing * (30*)
    notice_types: tuple[str, ...] = ()  # TED notice types (cn-standard, can-standard, …)
    extra: str | None = None  # raw expert-query clause, ANDed in

    @classmethod
    def from_options(
        cls,
        countries: Iterable[str] = (),
        since: str | None = None,
        until: str | None = None,
        cpv: Iterable[str] = (),
        notice_types: Iterable[str] = (),
        extra: str | None = None,
    ) -> SearchCriteria:
        """Criteria from option values as people type them (``sppmon sync ted``, the web app's sync request):
        countries in any case, dates as YYYY-MM-DD. Call :meth:`validate` (or :func:`expert_query`) to check."""
        return cls(
            tuple(country.upper() for country in countries),
            parse_day(since, "--since"),
            parse_day(until, "--until"),
            tuple(cpv),
            tuple(notice_types),
            extra or None,
        )

    def validate(self) -> None:
        for country in self.countries:
            if not _COUNTRY.match(country):
                raise ConfigError(f"--country {country!r}: expected an ISO alpha-3 code such as BEL")
        for code in self.cpv:
            if not _CPV.match(code):
                raise ConfigError(f"--cpv {code!r}: expected a CPV code (45000000) or a prefix with * (30*)")
        for kind in self.notice_types:
            if not _NOTICE_TYPE.match(kind):
                raise ConfigError(f"--notice-type {kind!r}: expected a TED notice type such as cn-standard")
        if self.since and self.until and self.until < self.since:
            raise ConfigError(f"--until {self.until} is before --since {self.since}")


def parse_day(value: str | None, option: str) -> date | None:
    if value is None or value == "":
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise ConfigError(f"{option} {value!r}: expected a date as YYYY-MM-DD") from None


def _day(value: date) -> str:
    return value.strftime("%Y%m%d")


def expert_query(criteria: SearchCriteria) -> str:
    """The expert query for ``criteria``, sorted by publication number so that paging is stable."""
    criteria.validate()
    clauses = []
    if criteria.countries:
        clauses.append(f"buyer-country IN ({' '.join(criteria.countries)})")
    if criteria.since:
        clauses.append(f"publication-date>={_day(criteria.since)}")
    if criteria.until:
        clauses.append(f"publication-date<={_day(criteria.until)}")
    if criteria.cpv:
        clauses.append(f"classification-cpv IN ({' '.join(criteria.cpv)})")
    if criteria.notice_types:
        clauses.append(f"notice-type IN ({' '.join(criteria.notice_types)})")
    if criteria.extra:
        clauses.append(f"({criteria.extra})")
    if not clauses:
        raise ConfigError("give at least one restriction (--since, --country, --cpv, --notice-type or --query)")
    return " AND ".join(clauses) + " SORT BY publication-number ASC"


def day_query(day: date) -> str:
    return f"publication-date={_day(day)}"


def period_query(first: date, last: date) -> str:
    return f"publication-date>={_day(first)} AND publication-date<={_day(last)}"


@dataclass(frozen=True, slots=True)
class SearchHit:
    publication_number: str
    publication_date: str | None
    xml_url: str


class SearchPager:
    """Pages of hits for one query in iteration mode; :attr:`total` is known after the first page."""

    def __init__(
        self, client: HttpClient, url: str, query: str, notice_url: str, page_size: int = MAX_PAGE_SIZE
    ) -> None:
        self.client, self.url, self.query, self.notice_url = client, url, query, notice_url
        self.page_size = min(page_size, MAX_PAGE_SIZE)
        self.total: int | None = None
        self.received = 0

    def pages(self) -> Iterator[list[SearchHit]]:
        seen_ids: set[str] = set()
        seen_tokens: set[str] = set()
        token: str | None = None
        while self.total is None or self.received < self.total:
            body: dict[str, Any] = {
                "query": self.query,
                "fields": list(SEARCH_FIELDS),
                "limit": self.page_size,
                "scope": "ALL",
                "paginationMode": "ITERATION",
                "checkQuerySyntax": False,
            }
            if token is not None:
                body["iterationNextToken"] = token
            answer = _search_answer(self.client.post_json(self.url, body), self.url)
            total = answer["totalNoticeCount"]
            if self.total is None:
                self.total = total
            elif total != self.total:
                raise SourceError(
                    "SYNC_TOTAL_CHANGED", f"the total went from {self.total:,} to {total:,} after {self.received:,}"
                )
            hits = [self._hit(notice) for notice in answer["notices"]]
            for hit in hits:
                if hit.publication_number in seen_ids:
                    raise SourceError("SYNC_DUPLICATE_ID", f"{hit.publication_number} was returned twice")
                seen_ids.add(hit.publication_number)
            self.received += len(hits)
            if self.received > self.total:
                raise SourceError(
                    "SYNC_TOTAL_CHANGED", f"{self.received:,} notices received, more than the total {self.total:,}"
                )
            if hits:
                yield hits
            if self.received >= self.total:
                return
            if not hits:
                raise SourceError(
                    "SYNC_BAD_RESPONSE", f"an empty page after {self.received:,} of {self.total:,} notices"
                )
            token = answer.get("iterationNextToken")
            if not isinstance(token, str) or not token:
                raise SourceError(
                    "SYNC_BAD_RESPONSE", f"no iterationNextToken after {self.received:,} of {self.total:,} notices"
                )
            if token in seen_tokens:
                raise SourceError("SYNC_REPEATED_TOKEN", f"token {token[:24]}… came back after {self.received:,}")
            seen_tokens.add(token)

    def _hit(self, notice: Any) -> SearchHit:
        if not isinstance(notice, dict) or not isinstance(notice.get("publication-number"), str):
            raise SourceError("SYNC_BAD_RESPONSE", f"a result without publication-number: {str(notice)[:120]}")
        number = notice["publication-number"]
        published = notice.get("publication-date")
        return SearchHit(number, published if isinstance(published, str) else None, self._xml_url(notice, number))

    def _xml_url(self, notice: dict[str, Any], number: str) -> str:
        links = notice.get("links")
        xml = links.get("xml") if isinstance(links, dict) else None
        if isinstance(xml, dict) and xml:
            url = xml.get("MUL") or next(iter(xml.values()))
            if isinstance(url, str) and url:
                return url
        return self.notice_url.format(publication_number=number)


@dataclass(frozen=True, slots=True)
class IssueCount:
    """What the Search API says about one publication day (or period): how many notices, and the OJ S issue."""

    total: int
    issue: int | None  # OJ S issue number of the day ("157/2024" → 157), None for a period or an empty day


def count_notices(client: HttpClient, url: str, query: str) -> IssueCount:
    """The total for ``query`` (one small page; the first notice's OJ S number names the issue)."""
    body = {
        "query": query,
        "fields": ["publication-number", "ojs-number"],
        "limit": 1,
        "page": 1,
        "scope": "ALL",
        "paginationMode": "PAGE_NUMBER",
        "checkQuerySyntax": False,
    }
    answer = _search_answer(client.post_json(url, body), url)
    issue = None
    if answer["notices"]:
        issue = _issue_number(
            answer["notices"][0].get("ojs-number") if isinstance(answer["notices"][0], dict) else None
        )
    return IssueCount(answer["totalNoticeCount"], issue)


def _issue_number(value: Any) -> int | None:
    if isinstance(value, list) and value:
        value = value[0]
    match = _OJS_NUMBER.match(value.strip()) if isinstance(value, str) else None
    return int(match.group(1)) if match else None


def _search_answer(answer: Any, url: str) -> dict[str, Any]:
    """The answer, checked against the documented shape (``timedOut`` is a failure, not a partial result)."""
    if not isinstance(answer, dict):
        raise SourceError("SYNC_BAD_RESPONSE", f"{url}: expected a JSON object, got {type(answer).__name__}")
    if answer.get("timedOut") is True:
        raise SourceError("SYNC_TIMED_OUT", f"{url}: the search timed out")
    total = answer.get("totalNoticeCount")
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise SourceError("SYNC_BAD_RESPONSE", f"{url}: totalNoticeCount missing or not a count: {total!r}")
    if not isinstance(answer.get("notices"), list):
        raise SourceError("SYNC_BAD_RESPONSE", f"{url}: 'notices' missing or not a list")
    return answer
