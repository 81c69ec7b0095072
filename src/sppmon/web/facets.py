"""Choices of the filter form, with labels in the user's language (cached per store version)."""

from __future__ import annotations

import collections
import threading

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
    here rather than by a template loop: the form of a page has hundreds of choices (every buyer among them). A
    list of choices is escaped once (the lists come from the store's cached facets, the same object on every page
    until a batch lands); a page only marks its chosen value."""
    html, positions = _escaped(options)
    marks = positions.get(chosen, []) if isinstance(chosen, str) else []  # a value is a text: nothing else equals it
    parts, start = [], 0
    for position in marks:
        parts += [html[start:position], " selected"]
        start = position
    parts.append(html[start:])
    return Markup("".join(parts))  # noqa: S704 - every value and name went through escape()


_ESCAPED: collections.OrderedDict[int, tuple[list[tuple[str, str]], str, dict[str, list[int]]]]
_ESCAPED = collections.OrderedDict()
_ESCAPED_KEPT = 32  # lists of choices: the form's six filters × three languages, and a store version before
_ESCAPED_LOCK = threading.Lock()


def _escaped(options: list[tuple[str, str]]) -> tuple[str, dict[str, list[int]]]:
    """The options without a selection, and where " selected" goes for each value. Kept by the list's identity:
    the entry holds the list, so its id cannot be another list's while the entry lives."""
    with _ESCAPED_LOCK:
        kept = _ESCAPED.get(id(options))
        if kept is not None and kept[0] is options:
            _ESCAPED.move_to_end(id(options))
            return kept[1], kept[2]
    parts: list[str] = []
    positions: dict[str, list[int]] = {}
    length = 0
    for value, name in options:
        head = f'      <option value="{escape(value)}"'
        positions.setdefault(value, []).append(length + len(head))
        line = f"{head}>{escape(name)}</option>\n"
        parts.append(line)
        length += len(line)
    html = "".join(parts)
    with _ESCAPED_LOCK:
        _ESCAPED[id(options)] = (options, html, positions)
        _ESCAPED.move_to_end(id(options))
        while len(_ESCAPED) > _ESCAPED_KEPT:
            _ESCAPED.popitem(last=False)
    return html, positions


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
