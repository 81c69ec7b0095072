"""Filters on procedure lots, declared once, named as the indicator engine's breakdowns. User input only
ever becomes a bound parameter: the column of each filter and of each fact is taken from the fixed tables
below, never from the request."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import SppmonError

MAX_VALUE_LENGTH = 200


class FilterError(SppmonError, ValueError):
    """A filter or status that is not known, or a value that is not valid."""


@dataclass(frozen=True, slots=True)
class Filter:
    key: str
    column: str  # column (or expression over columns) of the view procedure_lots
    code_list: str | None  # eForms code list of the values (for labels), if any
    integer: bool = False


FILTERS: dict[str, Filter] = {
    spec.key: spec
    for spec in (
        Filter("year", "year", None, integer=True),
        Filter("country", "buyer_country", None),
        Filter("buyer", "buyer_key", None),
        Filter("buyer_legal_type", "buyer_legal_type", "buyer-legal-type"),
        Filter("product_group", "product_group", None),
        Filter("form_type", "form_type", "form-type"),
        Filter("cpv_division", "cpv_division", None),
        Filter("procedure_type", "procedure_type", "procurement-procedure-type"),
        Filter("nature", "COALESCE(nature, procedure_nature)", "contract-nature"),
        # eforms or legacy TED (the trend rows are split by it); not "format", which names output formats
        Filter("notice_format", "format", None),
    )
}

# Facts of a lot that a figure can drill down on: fact → (declared status column, detected flag column).
FACTS: dict[str, tuple[str, str | None]] = {
    "strategic": ("strategic_status", None),
    "green": ("green_status", "green_detected"),
    "gpp-criteria": ("gpp_status", None),
    "social": ("social_status", "social_detected"),
    "innovative": ("innovative_status", "innovative_detected"),
    "reserved": ("reserved_status", None),
    "accessibility": ("accessibility_status", None),
}
STATUSES = ("yes", "none", "not-reported")
VARIANTS = ("declared", "detected")


def parse_filters(params: Mapping[str, str]) -> dict[str, str]:
    """The known filters among ``params`` (empty values ignored); unknown keys are left to the caller. A value
    may list alternatives separated by commas (``year=2024,2025``), as the indicators' filters do."""
    found: dict[str, str] = {}
    for key in FILTERS:
        value = (params.get(key) or "").strip()
        if not value:
            continue
        if len(value) > MAX_VALUE_LENGTH:
            raise FilterError(f"filter {key}: value too long")
        filter_values(key, value)
        found[key] = value
    return found


def filter_values(key: str, value: str) -> list[object]:
    """The values of one filter, typed for its column (whole numbers are ASCII digits only: "²" is not 2)."""
    parts = [part.strip() for part in value.split(",")]
    if any(not part for part in parts):
        raise FilterError(f"filter {key}: {value!r} has an empty value between commas")
    if FILTERS[key].integer:
        if not all(part.isascii() and part.isdigit() and len(part) <= 9 for part in parts):
            raise FilterError(f"filter {key}: {value!r} is not a whole number (or several separated by commas)")
        return [int(part) for part in parts]
    return list(parts)


@dataclass(frozen=True, slots=True)
class LotQuery:
    """Which procedure lots: filters plus, optionally, one fact with its status (the lots behind a figure)."""

    filters: dict[str, str] = field(default_factory=dict)
    fact: str | None = None
    status: str | None = None
    variant: str = "declared"

    def __post_init__(self) -> None:
        for key in self.filters:
            if key not in FILTERS:
                raise FilterError(f"unknown filter {key!r}; known: {', '.join(FILTERS)}")
        if self.fact is not None and self.fact not in FACTS:
            raise FilterError(f"unknown fact {self.fact!r}; known: {', '.join(FACTS)}")
        if self.status is not None and self.status not in STATUSES:
            raise FilterError(f"status must be one of {', '.join(STATUSES)}")
        if self.variant not in VARIANTS:
            raise FilterError(f"variant must be one of {', '.join(VARIANTS)}")
        if self.status is not None and self.fact is None:
            raise FilterError("a status needs a fact")
        if self.variant == "detected" and self.fact is not None and FACTS[self.fact][1] is None:
            raise FilterError(f"fact {self.fact!r} has no detected variant")

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> LotQuery:
        return cls(
            parse_filters(params),
            params.get("fact") or None,
            params.get("status") or None,
            params.get("variant") or "declared",
        )

    def where(self, alias: str = "") -> tuple[str, list[object]]:
        """SQL condition (``TRUE`` when empty) and its parameters."""
        prefix = f"{alias}." if alias else ""
        conditions: list[str] = []
        params: list[object] = []
        for key, value in self.filters.items():
            column, values = prefix + FILTERS[key].column, filter_values(key, value)
            if len(values) == 1:
                conditions.append(f"{column} = ?")
            else:
                conditions.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
        if self.fact is not None and self.status is not None:
            declared, detected = FACTS[self.fact]
            if self.variant == "detected" and detected is not None:
                conditions.append(_detected_condition(prefix + detected, self.status))
            else:
                conditions.append(f"{prefix}{declared} = ?")
                params.append(self.status)
        return (" AND ".join(conditions) or "TRUE"), params

    def params(self) -> dict[str, str]:
        """The query as URL parameters."""
        found = dict(self.filters)
        if self.fact:
            found["fact"] = self.fact
        if self.status:
            found["status"] = self.status
        if self.variant != "declared":
            found["variant"] = self.variant
        return found


def _detected_condition(column: str, status: str) -> str:
    # Detection is two-valued once it has run: evidence found (yes) or not (none); never run: not reported.
    return {"yes": f"{column} = TRUE", "none": f"{column} = FALSE", "not-reported": f"{column} IS NULL"}[status]
