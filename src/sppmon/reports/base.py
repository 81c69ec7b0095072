"""What every report shares: the request (language, period, buyer, filters), the registry record, and small
helpers that compute indicators and turn them into blocks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from .. import localefmt
from ..buyers import with_names
from ..indicators import columns as people
from ..indicators import compute
from ..indicators.base import IndicatorResult
from ..rates import SHIPPED_SOURCE, load_rates
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
    settings: Mapping[str, str] = field(default_factory=dict)  # a report's own options as typed (e.g. min_lots)


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
    chosen = "; ".join(_filter_text(key, value, request.lang) for key, value in request.filters.items())
    return t("subtitle", request.lang, filters=t("filters", request.lang, filters=chosen) if chosen else "")


def _filter_text(name: str, value: str, lang: str) -> str:
    """One filter as people read it: the breakdown's title and the labels of the chosen values."""
    from ..indicators.breakdowns import BREAKDOWNS

    if name not in BREAKDOWNS:
        return f"{name}={value}"
    values = ", ".join(str(people.value_label(name, part.strip(), lang)) for part in value.split(","))
    return f"{BREAKDOWNS[name].title(lang)}: {values}"


def _rates_source(lang: str) -> str:
    """The user's rates file by its path, the shipped rates in the report's language."""
    source = load_rates().source
    return t("rates_shipped", lang) if source == SHIPPED_SOURCE else source


def colophon(request: ReportRequest) -> tuple[str, ...]:
    lang = request.lang
    return (t("generated", lang, day=localefmt.day(date.today(), lang)), t("rates", lang, source=_rates_source(lang)))


def methods_paragraphs(
    request: ReportRequest, codes: tuple[str, ...], detected: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """The methods: the rates used and each indicator's definition; for the indicators of ``detected`` (whose
    figures of some years rest on text detection) also the definition of their detected variant, which
    says "examined, nothing found" where the declaration says "explicitly none"."""
    from ..indicators import DETECTED, REGISTRY

    lang = request.lang
    lines = [t("p.methods", lang, rates=_rates_source(lang))]
    for code in codes:
        item = REGISTRY[code]
        lines.append(f"{item.title(lang)}: {item.definition[lang]}")
    for code in detected:
        item = REGISTRY[code]
        method = people.value_label("method", DETECTED, lang)
        lines.append(f"{item.title(lang)} ({method}): {item.definition_for(lang, DETECTED)}")
    return tuple(lines)
