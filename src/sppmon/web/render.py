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
from ..indicators.columns import in_variant
from ..localefmt import d3_format_locale
from ..localnames import country_name, language_name
from ..planning.factors import localized
from .assets import asset_url
from .context import Env, env_of
from .errors import code_title
from .facets import options_html
from .i18n import LANGUAGE_NAMES, LANGUAGES, catalogue
from .naming import buyer_label
from .tables import display, rows_html


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sppmon.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the templates ship with the package: no check of their files at every page
    )
    env.globals.update(
        languages=LANGUAGES,
        language_names=LANGUAGE_NAMES,
        display=display,
        rows_html=rows_html,
        options_html=options_html,
        asset_url=asset_url,
    )
    return env


def prepare() -> None:
    """Compile every page template and load the message catalogue (about a second, once per worker before it
    serves), so that the first visitor of a page does not pay for it."""
    from .i18n import catalogue

    env = environment()
    for name in env.list_templates():
        if name.endswith(".html"):
            env.get_template(name)
    catalogue()


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
    ("/eu-benchmark", "nav.eu_benchmark"),
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
        named=functools.partial(_named, env),
        buyer_label=buyer_label,
        code_title=functools.partial(code_title, lang=env.lang),
        country=lambda code: country_name(str(code), env.lang, env.sdk_dir) if code else "–",
        language=lambda code: language_name(str(code), env.lang) if code else "–",
        chart_locale=d3_format_locale(env.lang),
        colon=env.colon,
        source_name=lambda source, field: localized(source, field, env.lang),
        # a page of the detected (either) variant words its footer for text detection: no "explicitly none"
        footer_key=in_variant("footer.method", env.params.get("variant")),
        **context,
    )
    return HTMLResponse(html, status_code=status)


def _named(env: Env, value: object, *prefixes: str) -> str:
    """The catalogue's name of ``value`` under the first prefix that has one (``named(field, "text.",
    "field.")``); a flag ``true``/``false`` is yes/no; else the value as it is."""
    if value is None or value == "":
        return "–"
    texts = catalogue()
    for prefix in prefixes:
        if f"{prefix}{value}" in texts:
            return env.t(f"{prefix}{value}")
    if str(value).lower() in ("true", "false"):
        return env.t(f"bool.{str(value).lower() == 'true'}")
    return str(value)


def _label_of(env: Env, code_list: str, value: object) -> str:
    if value is None or value == "":
        return "–"
    return labels.label_or_code(code_list, str(value), env.lang, env.sdk_dir)


def render_error(
    request: Request, status: int, message: str, details: Sequence[str] = (), code: str = ""
) -> HTMLResponse:
    env = env_of(request)
    return render(env, "error.html", status=status, status_code=status, message=message, details=details, code=code)
