"""``/api``: a readable list of the API routes, generated from the OpenAPI document (no external viewer), with
each summary and parameter description in the visitor's language (the document's texts come from the message
catalogue; the document itself is English)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..context import Env, env_of
from ..openapi import route_key
from ..params import description_in
from ..render import render

router = APIRouter()


def routes(env: Env, openapi: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for path, methods in sorted(openapi.get("paths", {}).items()):
        for method, operation in methods.items():
            parameters = [
                {
                    "name": item["name"],
                    "where": item["in"],
                    "description": description_in(item.get("description", ""), env.lang),
                }
                for item in operation.get("parameters", [])
            ]
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": env.t(route_key(method, path)),
                    "parameters": parameters,
                }
            )
    return found


@router.get("/api", response_class=HTMLResponse, include_in_schema=False)
def api_page(request: Request) -> HTMLResponse:
    env = env_of(request)
    return render(env, "api.html", routes=routes(env, request.app.openapi()))
