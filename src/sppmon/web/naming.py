"""Buyers on the web: one name per buyer and language everywhere (``sppmon.buyers``, chosen once per store
version and cached), and a buyer given by key or by (part of) a name in a filter resolved to its key, so that
``buyer=Stad Gent`` shows Stad Gent's lots and an unknown buyer is an error, never an empty page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..buyers import BuyerNaming, naming, resolve_filters

if TYPE_CHECKING:
    from .context import Env
    from .db import FigureCache, StoreProvider


def naming_of(cache: FigureCache, provider: StoreProvider) -> BuyerNaming:
    """The names of every buyer of the store (one pass over the notices per store version)."""
    return cache.get(("buyer-naming",), lambda: naming(provider.get()))


def buyer_label(env: Env, key: str | None) -> str:
    """The buyer's one name in the page's language (its key when the store has no name for it)."""
    return naming_of(env.cache, env.provider).label(key, env.lang)


def renamed(
    env: Env, rows: Sequence[Mapping[str, Any]], key: str = "buyer", name: str = "buyer_name"
) -> list[dict[str, Any]]:
    """``rows`` with ``name`` set to the one name, in the page's language, of the buyer in ``key``."""
    chosen = naming_of(env.cache, env.provider)
    return [{**row, name: chosen.label(row[key], env.lang)} if row.get(key) else dict(row) for row in rows]


def resolved(cache: FigureCache, provider: StoreProvider, filters: Mapping[str, str], lang: str) -> dict[str, str]:
    """``filters`` with a ``buyer`` given by name resolved to its key (``BUYER_UNKNOWN`` or ``BUYER_AMBIGUOUS``
    when no buyer or several match); keys are kept as they are."""
    value = filters.get("buyer")
    if not value:
        return dict(filters)
    key = cache.get(("buyer-resolved", value), lambda: resolve_filters(provider.get(), {"buyer": value}, lang)["buyer"])
    return {**filters, "buyer": key}
