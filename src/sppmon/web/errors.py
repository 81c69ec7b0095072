"""Errors of the web app, in one shape and in the visitor's language.

Every error the API answers has the body ``{"code": ..., "detail": ..., "errors": [...]}``: ``code`` is a
stable code of the catalogue (``sppmon errors``), ``detail`` says what is wrong in the request's language,
and ``errors`` (for problems with parameters or fields) names each field with its own code and detail. A page
shows the same message in an error page. Nothing answers a bare "Internal Server Error".
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..browse import FilterError
from ..errors import CATALOGUE, CatalogedError
from ..indicators import QueryError
from .i18n import LANGUAGES, Formatter, catalogue, choose_language, translate

LOG = logging.getLogger(__name__)

# The code of an HTTP error without a code of its own, by status.
STATUS_CODES = {
    400: "HTTP_BAD_REQUEST",
    403: "HTTP_FORBIDDEN",
    404: "HTTP_NOT_FOUND",
    405: "HTTP_METHOD_NOT_ALLOWED",
    408: "HTTP_REQUEST_TIMEOUT",
    409: "HTTP_CONFLICT",
    413: "HTTP_TOO_LARGE",
    415: "HTTP_UNSUPPORTED_TYPE",
    422: "HTTP_INVALID_PARAMETER",
    500: "HTTP_INTERNAL_ERROR",
}
INVALID_PARAMETER = "HTTP_INVALID_PARAMETER"


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One parameter or field that is not valid: its name, a catalogue key and the values of that message."""

    field: str
    key: str
    values: tuple[tuple[str, object], ...] = ()

    def as_dict(self, lang: str) -> dict[str, str]:
        detail = translate(self.key, lang, **_formatted(dict(self.values), lang))
        return {"field": self.field, "code": INVALID_PARAMETER, "detail": detail}


def _formatted(values: dict[str, object], lang: str) -> dict[str, object]:
    """Numbers of a message in the conventions of ``lang`` (1,000,000 · 1.000.000 · 1 000 000)."""
    fmt = Formatter(lang)
    return {key: fmt.number(value) if isinstance(value, int) else value for key, value in values.items()}


class WebError(StarletteHTTPException):
    """An HTTP error whose message is a catalogue text, so that it reads in the visitor's language."""

    def __init__(
        self,
        status: int,
        key: str,
        *,
        code: str | None = None,
        problems: Sequence[FieldProblem] = (),
        headers: dict[str, str] | None = None,
        **values: object,
    ) -> None:
        super().__init__(status, detail=translate(key, "en", **values), headers=headers)
        self.key = key
        self.values = values
        self.code = code or STATUS_CODES.get(status, "HTTP_ERROR")
        self.problems = tuple(problems)

    def message(self, lang: str) -> str:
        return translate(self.key, lang, **_formatted(self.values, lang))


def invalid_parameters(problems: Sequence[FieldProblem], status: int = 422) -> WebError:
    """The error of parameters that do not have their declared form (listed one by one)."""
    names = ", ".join(problem.field for problem in problems)
    return WebError(status, "error.parameters", code=INVALID_PARAMETER, problems=problems, names=names)


def _lang(request: Request) -> str:
    lang = getattr(request.state, "lang", None)
    if lang in LANGUAGES:
        return str(lang)
    return choose_language(request.query_params.get("lang"), None, request.headers.get("accept-language"))


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api/openapi.json"


def error_body(code: str, detail: str, errors: Sequence[dict[str, str]] = ()) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "detail": detail}
    if errors:
        body["errors"] = list(errors)
    return body


def respond(
    request: Request, status: int, code: str, detail: str, errors: Sequence[dict[str, str]] = (), **extra: Any
) -> Response:
    """The error as JSON under /api, as a page in the visitor's language elsewhere."""
    if _is_api(request):
        return JSONResponse({**error_body(code, detail, errors), **extra}, status_code=status)
    from .render import render_error

    return render_error(request, status, detail, [item["detail"] for item in errors], code)


def _validation_problems(exc: RequestValidationError) -> list[FieldProblem]:
    """The problems FastAPI found, each named by its parameter and told with the catalogue's message."""
    from .params import PARAMS

    found = []
    for error in exc.errors():
        location = [str(part) for part in error.get("loc", ())]
        field = location[-1] if location else ""
        kind = str(error.get("type", ""))
        context = error.get("ctx") or {}
        if field in PARAMS and kind in ("string_pattern_mismatch", "string_too_long"):
            found.append(FieldProblem(field, PARAMS[field].expected_key))
        elif f"error.param.{kind}" in catalogue():
            found.append(FieldProblem(field, f"error.param.{kind}", tuple(sorted(_context(context).items()))))
        else:
            found.append(FieldProblem(field, "error.param.invalid"))
    return found


def _context(context: dict[str, Any]) -> dict[str, object]:
    names = ("max_length", "min_length", "ge", "le", "gt", "lt", "expected")
    return {name: context[name] for name in names if name in context}


def install(app: FastAPI) -> None:
    """The app's error handlers: one body shape, every message from the catalogue."""

    @app.exception_handler(RequestValidationError)
    async def validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        error = invalid_parameters(_validation_problems(exc), 422 if _is_api(request) else 400)
        return _web_error(request, error)

    @app.exception_handler(FilterError)
    @app.exception_handler(QueryError)
    async def bad_filter(request: Request, exc: Exception) -> Response:
        # The library's last word on a filter the declarations let through (English, from the library).
        return respond(request, 400, INVALID_PARAMETER, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if isinstance(exc, WebError):
            response = _web_error(request, exc)
        else:  # a text of the catalogue in the visitor's language stays; anything else gets its status's text
            lang, key = _lang(request), f"error.status.{exc.status_code}"
            detail = str(exc.detail)
            if detail not in _texts_in(lang):
                detail = translate(key, lang) if key in catalogue() else detail
            code = STATUS_CODES.get(exc.status_code, "HTTP_ERROR")
            response = respond(request, exc.status_code, code, detail)
        response.headers.update(getattr(exc, "headers", None) or {})
        return response

    @app.exception_handler(CatalogedError)
    async def cataloged(request: Request, exc: Exception) -> Response:
        """Input that a library function refused (a notice, a plan, LCC figures): 422 with the stable code,
        introduced by the code's title in the visitor's language."""
        assert isinstance(exc, CatalogedError)
        lang = _lang(request)
        message_in = getattr(exc, "message_in", None)  # errors whose message is a catalogue text
        message = message_in(lang) if callable(message_in) else exc.message
        status = 409 if exc.code == "SYNC_ALREADY_RUNNING" else 422
        return respond(request, status, exc.code, f"{code_title(exc.code, lang)} {message}".strip())

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        LOG.error("unexpected error on %s", request.url.path, exc_info=exc)
        return respond(request, 500, "HTTP_INTERNAL_ERROR", translate("error.status.500", _lang(request)))


@functools.cache
def _texts_in(lang: str) -> frozenset[str]:
    return frozenset(texts[lang] for texts in catalogue().values())


def _web_error(request: Request, error: WebError) -> Response:
    lang = _lang(request)
    errors = [problem.as_dict(lang) for problem in error.problems]
    return respond(request, error.status_code, error.code, error.message(lang), errors)


def code_title(code: str, lang: str) -> str:
    """The title of an error code in ``lang`` (the catalogue's ``errorcode.CODE``; English without one)."""
    key = f"errorcode.{code}"
    if key in catalogue():
        return translate(key, lang)
    return CATALOGUE[code].title if code in CATALOGUE else ""
