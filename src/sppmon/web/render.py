"""Rendering pages: one Jinja2 environment (autoescaping, templates shipped in the package) and helpers
available in every template."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from .. import labels
from ..localize import chart_locale
from .context import Env, env_of
from .i18n import LANGUAGE_NAMES, LANGUAGES
from .tables import display


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sppmon.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(languages=LANGUAGES, language_names=LANGUAGE_NAMES, display=display)
    return env


NAVIGATION = (
    ("/", "nav.dashboard"),
    ("/indicators", "nav.indicators"),
    ("/buyers", "nav.buyers"),
    ("/product-groups", "nav.product_groups"),
    ("/lots", "nav.lots"),
    ("/guide", "nav.guide"),
    ("/check", "nav.check"),
    ("/plan", "nav.plan"),
    ("/lcc", "nav.lcc"),
    ("/reports", "nav.reports"),
    ("/quality", "nav.quality"),
    ("/usage", "nav.usage"),
    ("/api", "nav.api"),
)


def render(env: Env, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    page = environment().get_template(template)
    html = page.render(
        env=env,
        t=env.t,
        fmt=env.fmt,
        lang=env.lang,
        navigation=NAVIGATION,
        label_of=functools.partial(_label_of, env),
        chart_locale=chart_locale(env.lang),
        colon=env.colon,
        **context,
    )
    return HTMLResponse(html, status_code=status)


def _label_of(env: Env, code_list: str, value: object) -> str:
    if value is None or value == "":
        return "–"
    return labels.label_or_code(code_list, str(value), env.lang, env.sdk_dir)


def render_error(
    request: Request, status: int, message: str, details: Sequence[str] = (), code: str = ""
) -> HTMLResponse:
    env = env_of(request)
    return render(env, "error.html", status=status, status_code=status, message=message, details=details, code=code)
