"""Charts built once with their texts left open, filled in per page.

Building a chart with altair costs tens of milliseconds (every encoding is checked against the Vega-Lite
schema); filling a built spec costs a few microseconds per node. A chart kind is therefore built once over no
rows, each text that changes with the page (the language's words, a title, a colour scale's names, a bar's
height) stood in for by a *slot*, and each page copies it with its rows and texts put in. Before, each kind was
built once per title, language and set of names: a worker's first dashboards in each language paid 30-100 ms of
chart building each (10 of its first 100 new filter combinations).

A slot is a string that never occurs in a real chart. Where a slot stands alone in a list (a scale's domain or
range: ``[slot("names")]``), the list is replaced by the slot's list.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_PREFIX = "\x00slot:"
_NO_ROWS: dict[str, list[Any]] = {"values": []}


def slot(name: str) -> str:
    """The stand-in for the text (or list) ``name`` of a chart built once."""
    return _PREFIX + name


def filled(
    spec: dict[str, Any], values: list[dict[str, Any]], texts: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A copy of ``spec`` (built over no rows: ``{"values": []}``) with ``values`` as its rows and every slot
    replaced by its entry in ``texts``; a slot without an entry is an error (a KeyError names it)."""
    copy: dict[str, Any] = _filled(spec, values, texts or {})
    return copy


def _filled(node: Any, values: list[dict[str, Any]], texts: Mapping[str, Any]) -> Any:
    if isinstance(node, dict):
        return {
            key: {"values": values} if key == "data" and item == _NO_ROWS else _filled(item, values, texts)
            for key, item in node.items()
        }
    if isinstance(node, list):
        if len(node) == 1 and _is_slot(node[0]) and isinstance(texts[_name(node[0])], list | tuple):
            return list(texts[_name(node[0])])
        return [_filled(item, values, texts) for item in node]
    if _is_slot(node):
        return texts[_name(node)]
    return node


def replaced(spec: Any, old: Any, new: Any) -> Any:
    """A copy of ``spec`` with every node equal to ``old`` replaced by ``new``: puts a slot where altair accepts
    only a number (a bar's height is validated as one when the chart is built)."""
    if spec == old:
        return new
    if isinstance(spec, dict):
        return {key: replaced(item, old, new) for key, item in spec.items()}
    if isinstance(spec, list):
        return [replaced(item, old, new) for item in spec]
    return spec


def _is_slot(node: Any) -> bool:
    return isinstance(node, str) and node.startswith(_PREFIX)


def _name(node: str) -> str:
    return node[len(_PREFIX) :]
