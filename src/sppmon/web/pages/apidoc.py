"""``/api``: a readable list of the API routes, generated from the OpenAPI document (no external viewer)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..context import env_of
from ..render import render

router = APIRouter()


def routes(openapi: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for path, methods in sorted(openapi.get("paths", {}).items()):
        for method, operation in methods.items():
            parameters = [
                {"name": item["name"], "where": item["in"], "description": item.get("description", "")}
                for item in operation.get("parameters", [])
            ]
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "parameters": parameters,
                }
            )
    return found


@router.get("/api", response_class=HTMLResponse, include_in_schema=False)
def api_page(request: Request) -> HTMLResponse:
    env = env_of(request)
    return render(env, "api.html", routes=routes(request.app.openapi()))
