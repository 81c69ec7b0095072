"""Choices of the filter form, with labels in the user's language (cached per store version)."""

from __future__ import annotations

from markupsafe import Markup, escape

from .. import labels
from ..browse.facets import facet_values
from ..browse.filters import FILTERS
from ..enrich.product_groups import product_groups
from ..localnames import country_name
from .context import Env
from .naming import buyer_label

FORM_FILTERS = ("year", "country", "buyer", "buyer_legal_type", "product_group", "form_type")


def facets(env: Env) -> dict[str, list[tuple[str, str]]]:
    """Filter key → (value, label) choices, for the filters of the form."""
    return {key: _labelled_facet(env, key) for key in FORM_FILTERS}


def options_html(chosen: object, options: list[tuple[str, str]]) -> Markup:
    """The ``<option>`` elements of a filter's choices, ``chosen`` selected, each value and name escaped. Built
    here rather than by a template loop: the form of a page has hundreds of choices (every buyer among them)."""
    parts = []
    for value, name in options:
        selected = " selected" if value == chosen else ""
        parts.append(f'      <option value="{escape(value)}"{selected}>{escape(name)}</option>\n')
    return Markup("".join(parts))  # noqa: S704 - every value and name went through escape()


def _labelled_facet(env: Env, key: str) -> list[tuple[str, str]]:
    # labelled once per language and batch: a buyer facet has hundreds of values, each label a lookup
    def label() -> list[tuple[str, str]]:
        return [(value, facet_label(env, key, value, name)) for value, name, _count in cached_facet(env, key)]

    return env.cache.get(("facet-labels", key, env.lang), label)


def cached_facet(env: Env, key: str) -> list[tuple[str, str, int]]:
    return env.cache.get(("facet", key), lambda: facet_values(env.store, key))


def facet_label(env: Env, key: str, value: str, name: str | None = None) -> str:
    if key == "product_group":
        group = product_groups().get(value)
        return group.names.get(env.lang, value) if group else value
    spec = FILTERS[key]
    if spec.code_list:
        return labels.label_or_code(spec.code_list, value, env.lang, env.sdk_dir)
    if key == "cpv_division":
        return labels.label_or_code("cpv", value.ljust(8, "0"), env.lang, env.sdk_dir)
    if key == "country":
        return country_name(value, env.lang, env.sdk_dir)
    if key == "notice_format":
        return ", ".join(env.t(f"value.format.{part}") for part in value.split(","))
    if key == "buyer":
        return ", ".join(buyer_label(env, part) for part in value.split(","))
    return name or value


def hidden_filters(env: Env) -> dict[str, str]:
    """Active filters that the form does not show (kept when the form is submitted)."""
    return {key: value for key, value in env.filters().items() if key not in FORM_FILTERS}


def active_filters(env: Env) -> list[tuple[str, str]]:
    """(filter name, value label) of the active filters, for the page's summary line."""
    return [(env.t("filter." + key), facet_label(env, key, value)) for key, value in env.filters().items()]
