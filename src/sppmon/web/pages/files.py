"""Downloads of every registered table (CSV, XLSX) and the app's static files (the style sheet and the chart
script, see :mod:`..assets`), compressed and versioned."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from ..api.common import Limit, LotFilters
from ..assets import ASSETS, Asset
from ..context import env_of
from ..downloads import people_csv, people_xlsx
from ..errors import WebError
from ..params import described
from ..tables import TABLES

router = APIRouter()

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMMUTABLE = "public, max-age=31536000, immutable"


def serve_asset(asset: Asset, request: Request, versioned: bool) -> Response:
    """The asset in the best encoding the client accepts; a versioned URL is cached for a year."""
    body, encoding = asset.best(request.headers.get("accept-encoding", ""))
    headers = {
        "Cache-Control": IMMUTABLE if versioned else "public, max-age=300",
        "ETag": f'"{asset.digest}"',
        "Vary": "Accept-Encoding",
    }
    if encoding:
        headers["Content-Encoding"] = encoding
    if request.headers.get("if-none-match") == headers["ETag"]:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=asset.media_type, headers=headers)


@router.get("/static/{filename}", include_in_schema=False)
def static_file(request: Request, filename: str) -> Response:
    """``/static/NAME.DIGEST.EXT`` (the URLs pages use) or ``/static/NAME.EXT`` (always the current version)."""
    stem, _, extension = filename.rpartition(".")
    name, _, digest = stem.rpartition(".")
    if digest and f"{name}.{extension}" in ASSETS:
        asset = ASSETS[f"{name}.{extension}"]()
        if digest != asset.digest:  # an old page asking for an old version: answer with the current one
            return serve_asset(asset, request, versioned=False)
        return serve_asset(asset, request, versioned=True)
    if filename in ASSETS:
        return serve_asset(ASSETS[filename](), request, versioned=False)
    raise WebError(404, "error.unknown_static", name=filename)


def table_options(
    code: Annotated[str | None, Query(max_length=50, description=described("param.table_code"))] = None,
    by: Annotated[str | None, Query(max_length=200, description=described("param.by"))] = None,
    variant: Annotated[
        str | None, Query(pattern="^(declared|detected|either)$", description=described("param.variant"))
    ] = None,
    fact: Annotated[str | None, Query(max_length=50, description=described("param.table_fact"))] = None,
    status: Annotated[
        str | None, Query(pattern="^(yes|none|not-reported)$", description=described("param.status"))
    ] = None,
    limit: Limit | None = None,
    period: Annotated[
        str | None, Query(pattern="^(year|quarter|month)$", description=described("param.period"))
    ] = None,
    source: Annotated[str | None, Query(pattern="^(all|app|log)$", description=described("param.source"))] = None,
) -> dict[str, str]:
    """The parameters a table takes besides the filters (each table reads those it needs); declared here so
    that they are validated and documented."""
    given = {"code": code, "by": by, "variant": variant, "fact": fact, "status": status, "period": period}
    given |= {"source": source, "limit": None if limit is None else str(limit)}
    return {key: value for key, value in given.items() if value}


@router.get("/download/{filename}")
def download(
    request: Request,
    filename: Annotated[str, Path(max_length=100, description=described("param.download"))],
    _filters: LotFilters,
    _options: Annotated[dict[str, str], Depends(table_options)],
) -> Response:
    """``/download/NAME.csv`` or ``.xlsx`` with the parameters of the page that shows the table, in the page's
    language: column titles, code labels, numbers in the language's format."""
    name, _, extension = filename.rpartition(".")
    builder = TABLES.get(name)
    if builder is None or extension not in ("csv", "xlsx"):
        raise WebError(404, "error.unknown_table", name=filename, known=", ".join(sorted(TABLES)))
    env = env_of(request)
    data = builder(env)
    disposition = {"Content-Disposition": f'attachment; filename="sppmon-{name}.{extension}"'}
    if extension == "csv":  # for people, in the page's language; /api/... keeps codes
        return Response(people_csv(env, data), media_type="text/csv; charset=utf-8", headers=disposition)
    return Response(people_xlsx(env, data), media_type=XLSX, headers=disposition)


FAVICON = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" '
    b'fill="#12355b"/><path d="M4 11c3 0 6-2 8-7-1 5-3 8-8 8z" fill="#7fd19b"/></svg>'
)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return Response(FAVICON, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})


@router.get("/health", include_in_schema=False)
def health() -> dict[str, str]:
    return {"status": "ok"}
