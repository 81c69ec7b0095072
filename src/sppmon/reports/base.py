"""What every report shares: the request (language, period, buyer, filters), the registry record, and small
helpers that compute indicators and turn them into blocks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from ..buyers import with_names
from ..indicators import compute
from ..indicators.base import IndicatorResult
from ..rates import load_rates
from ..store import Store
from .document import Document
from .texts import t


@dataclass(frozen=True, slots=True)
class ReportRequest:
    lang: str = "en"
    year: int | None = None
    first_year: int | None = None
    last_year: int | None = None
    buyer: str | None = None
    filters: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Report:
    name: str
    titles: Mapping[str, str]
    build: Callable[[Store, ReportRequest], Document]


def indicator(
    store: Store, code: str, request: ReportRequest, by: tuple[str, ...] = (), **extra: str
) -> IndicatorResult:
    """An indicator with the request's filters plus ``extra`` filters (for example year=2024); buyers under
    their one name in the report's language."""
    result = compute(store, code, by=by, filters={**request.filters, **extra})
    if "buyer" not in result.columns:
        return result
    return replace(result, rows=with_names(store, result.rows, request.lang))


def subtitle(request: ReportRequest) -> str:
    chosen = ", ".join(f"{key}={value}" for key, value in request.filters.items())
    return t("subtitle", request.lang, filters=t("filters", request.lang, filters=chosen) if chosen else "")


def colophon(request: ReportRequest) -> tuple[str, ...]:
    return (t("generated", request.lang, day=date.today().isoformat()), f"rates: {load_rates().source}")


def methods_paragraphs(request: ReportRequest, codes: tuple[str, ...]) -> tuple[str, ...]:
    from ..indicators import REGISTRY

    lines = [t("p.methods", request.lang, rates=load_rates().source)]
    for code in codes:
        item = REGISTRY[code]
        lines.append(f"{item.title(request.lang)} ({code}): {item.definition[request.lang]}")
    return tuple(lines)
